package org.sysfsemu.driver;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.sysfsemu.kobject.KObject;

/**
 * A driver ({@code struct device_driver}): {@code /sys/bus/<bus>/drivers/<name>} with its {@code
 * bind}, {@code unbind} and {@code uevent} files and a link per bound device.
 */
public final class Driver extends KObject {
  private final String driverName;
  private final BusType bus;
  private final Set<Device> devices = ConcurrentHashMap.newKeySet();

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

  /** The devices bound to this driver now. */
  public Set<Device> devices() {
    return Set.copyOf(devices);
  }

  void attach(Device d) {
    devices.add(d);
  }

  void detach(Device d) {
    devices.remove(d);
  }
}
