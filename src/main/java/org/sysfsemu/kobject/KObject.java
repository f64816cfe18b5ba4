package org.sysfsemu.kobject;

import org.sysfsemu.kernfs.KernfsDir;

/**
 * A kernel object: a named node of the device model with a sysfs directory, a parent and
 * possibly a kset. Mirrors {@code struct kobject}, including the two flags that drive the
 * automatic {@code remove} event.
 */
public class KObject {
  private volatile KObject parent;
  private volatile KSet kset;
  private volatile KernfsDir sd;
  private volatile boolean addUeventSent;
  private volatile boolean removeUeventSent;
  private volatile boolean ueventSuppress;

  public KObject() {}

  /** The kobject's name: the last component of its directory. */
  public String name() {
    return sd.name();
  }

  public KObject parent() {
    return parent;
  }

  public KSet kset() {
    return kset;
  }

  /** The sysfs directory; null before {@code kobject_add}. */
  public KernfsDir sd() {
    return sd;
  }

  /** The path below /sys, as {@code kobject_get_path()}: {@code /devices/virtual/mem/null}. */
  public String devpath() {
    return sd.path();
  }

  public void setParent(KObject parent) {
    this.parent = parent;
  }

  public void setKset(KSet kset) {
    this.kset = kset;
  }

  /** Sets the directory and makes this object its owner ({@code kn->priv}). */
  public void setSd(KernfsDir sd) {
    this.sd = sd;
    sd.setOwner(this);
  }

  public boolean addUeventSent() {
    return addUeventSent;
  }

  public void markAddUeventSent() {
    addUeventSent = true;
  }

  public boolean removeUeventSent() {
    return removeUeventSent;
  }

  public void markRemoveUeventSent() {
    removeUeventSent = true;
  }

  public boolean ueventSuppress() {
    return ueventSuppress;
  }

  /** Drops every event of this object silently, as drivers do around setup. */
  public void setUeventSuppress(boolean suppress) {
    ueventSuppress = suppress;
  }

  /** The first kset found walking up from this object, as step 2 of kobject_uevent_env. */
  public KSet findKset() {
    for (KObject k = this; k != null; k = k.parent()) {
      if (k.kset() != null) {
        return k.kset();
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + (sd == null ? "?" : sd.path()) + ")";
  }
}
