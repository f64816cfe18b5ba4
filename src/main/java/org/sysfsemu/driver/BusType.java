package org.sysfsemu.driver;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sysfsemu.kernfs.KernfsDir;
import org.sysfsemu.kobject.KObject;
import org.sysfsemu.kobject.KSet;

/**
 * A bus ({@code struct bus_type}): {@code /sys/bus/<name>} with its {@code devices/} and {@code
 * drivers/} directories. The bus directory is a kobject of the {@code bus} kset, so writing its
 * {@code uevent} file sends {@code SUBSYSTEM=bus}.
 */
public final class BusType extends KObject {
  private final String busName;
  private final KSet driversKset;
  private final Map<String, Driver> drivers = new ConcurrentHashMap<>();
  private KernfsDir devicesDir;
  private KernfsDir driversDir;

  BusType(String busName) {
    this.busName = busName;
    this.driversKset = new KSet("drivers", null);
  }

  public String busName() {
    return busName;
  }

  /** The kset whose name ({@code drivers}) is the SUBSYSTEM of driver events. */
  public KSet driversKset() {
    return driversKset;
  }

  public KernfsDir devicesDir() {
    return devicesDir;
  }

  public KernfsDir driversDir() {
    return driversDir;
  }

  /** The driver called {@code name}, or null. */
  public Driver driver(String name) {
    return drivers.get(name);
  }

  void setDirs(KernfsDir devicesDir, KernfsDir driversDir) {
    this.devicesDir = devicesDir;
    this.driversDir = driversDir;
  }

  void removeDriver(String name) {
    drivers.remove(name);
  }

  void putDriver(Driver d) {
    drivers.put(d.driverName(), d);
  }
}
