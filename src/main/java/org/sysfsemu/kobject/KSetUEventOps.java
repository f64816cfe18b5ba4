package org.sysfsemu.kobject;

import org.sysfsemu.error.SysfsException;

/** A kset's uevent hooks: {@code struct kset_uevent_ops}. */
public interface KSetUEventOps {

  /** False to drop the event silently (step 4 of kobject_uevent_env). */
  default boolean filter(KObject kobj) {
    return true;
  }

  /** The SUBSYSTEM value, or null to use the kset's own name; see {@link #hasName()}. */
  default String name(KObject kobj) {
    return null;
  }

  /** Whether {@link #name} is implemented; a null result then drops the event. */
  default boolean hasName() {
    return false;
  }

  /** Adds the subsystem's keys; an exception cancels the event. */
  default void uevent(KObject kobj, UEventEnv env) throws SysfsException {}
}
