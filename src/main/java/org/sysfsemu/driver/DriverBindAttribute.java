package org.sysfsemu.driver;

import java.nio.charset.StandardCharsets;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.AttributeOps;

/**
 * {@code /sys/bus/<b>/drivers/<d>/bind} and {@code unbind} ({@code bind_store}/{@code
 * unbind_store} in drivers/base/bus.c): a device name written here is bound to or released from
 * the driver. An unknown device, or one not bound to this driver on unbind, is ENODEV; a device
 * already bound is EBUSY.
 */
final class DriverBindAttribute implements AttributeOps.WriteOnly {
  private final DriverCore core;
  private final Driver driver;
  private final boolean bind;

  DriverBindAttribute(DriverCore core, Driver driver, boolean bind) {
    this.core = core;
    this.driver = driver;
    this.bind = bind;
  }

  @Override
  public int store(byte[] data) throws SysfsException {
    String name = new String(data, StandardCharsets.ISO_8859_1);
    if (name.endsWith("\n")) {
      name = name.substring(0, name.length() - 1); // sysfs_streq ignores one trailing newline
    }
    Device dev = core.busDevice(driver.bus(), name);
    if (dev == null) {
      throw new SysfsException(Errno.ENODEV, "no device '" + name + "' on bus " + driver.bus().busName());
    }
    if (bind) {
      core.bind(dev, driver.driverName(), true);
    } else {
      if (dev.driver() != driver) {
        throw new SysfsException(Errno.ENODEV, name + " is not bound to " + driver.driverName());
      }
      core.unbind(dev, true);
    }
    return data.length;
  }
}
