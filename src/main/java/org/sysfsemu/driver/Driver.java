package org.sysfsemu.driver;

import org.sysfsemu.kobject.KObject;

/**
 * A driver ({@code struct device_driver}): {@code /sys/bus/<bus>/drivers/<name>} with its {@code
 * bind}, {@code unbind} and {@code uevent} files and a link per bound device (the links are the
 * record of what is bound: each device knows its driver).
 */
public final class Driver extends KObject {
  private final String driverName;
  private final BusType bus;

  Driver(String driverName, BusType bus) {
    this.driverName = driverName;
    this.bus = bus;
  }

  public String driverName() {
    return driverName;
  }

  public BusType bus() {
    return bus;
  }
}
