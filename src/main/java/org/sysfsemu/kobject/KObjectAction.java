package org.sysfsemu.kobject;

import java.util.Optional;

/** The uevent actions, in the order of {@code enum kobject_action} in include/linux/kobject.h. */
public enum KObjectAction {
  ADD("add"),
  REMOVE("remove"),
  CHANGE("change"),
  MOVE("move"),
  ONLINE("online"),
  OFFLINE("offline"),
  BIND("bind"),
  UNBIND("unbind");

  private final String wireName;

  KObjectAction(String wireName) {
    this.wireName = wireName;
  }

  /** The string used in {@code ACTION=} and in the datagram header. */
  public String wireName() {
    return wireName;
  }

  /** The action with exactly this name (case-sensitive), if any. */
  public static Optional<KObjectAction> fromWireName(String name) {
    for (KObjectAction a : values()) {
      if (a.wireName.equals(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
