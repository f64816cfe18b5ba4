package org.sysfsemu.kobject;

/** A set of kobjects sharing uevent hooks: {@code struct kset}. */
public class KSet extends KObject {
  private final String ksetName;
  private final KSetUEventOps ueventOps;

  public KSet(String ksetName, KSetUEventOps ueventOps) {
    this.ksetName = ksetName;
    this.ueventOps = ueventOps;
  }

  /** The kset's own name, used as SUBSYSTEM when the ops have no name hook. */
  public String ksetName() {
    return ksetName;
  }

  /** The uevent hooks, or null. */
  public KSetUEventOps ueventOps() {
    return ueventOps;
  }
}
