package org.sysfsemu.driver;

import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kobject.KObject;
import org.sysfsemu.kobject.KSetUEventOps;
import org.sysfsemu.kobject.UEventEnv;

/**
 * The devices kset's uevent hooks ({@code device_uevent_ops} in drivers/base/core.c): only
 * devices with a bus or a class send events; SUBSYSTEM is the bus name, else the class name; the
 * keys are those of {@code dev_uevent()}, in its order.
 */
final class DeviceUEventOps implements KSetUEventOps {

  @Override
  public boolean filter(KObject kobj) {
    return kobj instanceof Device dev && dev.hasSubsystem();
  }

  @Override
  public boolean hasName() {
    return true;
  }

  @Override
  public String name(KObject kobj) {
    Device dev = (Device) kobj;
    return dev.bus() != null ? dev.bus().busName() : dev.devClass().className();
  }

  /**
   * MAJOR, MINOR, DEVNAME, DEVMODE, DEVUID, DEVGID, DEVTYPE, DRIVER (whose append failures the
   * core ignores), then the bus, class and type keys (whose failure cancels the event).
   */
  @Override
  public void uevent(KObject kobj, UEventEnv env) throws SysfsException {
    Device dev = (Device) kobj;
    for (String key : dev.devKeys()) {
      env.addEntryIgnoringFull(key);
    }
    Driver drv = dev.driver();
    if (drv != null) {
      env.addIgnoringFull("DRIVER", drv.driverName());
    }
    for (String var : dev.ueventVars()) {
      env.addEntry(var);
    }
  }
}
