package org.sysfsemu.driver;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import org.sysfsemu.kobject.KObject;

/**
 * A device ({@code struct device}). Its uevent keys are state: the devnum, node name and mode,
 * type, bound driver, plus the bus/class/type keys ({@link #ueventVars()}) kept in the kernel's
 * order. The udev-only properties of a recording are kept apart and never shown in {@code
 * uevent}. Mutable state is changed by {@link DriverCore} under the tree's write lock and read
 * without a lock.
 */
public final class Device extends KObject {
  private final String subsystem;
  private final BusType bus;
  private final DeviceClass devClass;
  private final DevNum devt;
  private final String devnodeName;
  private final int devmode;
  private final int devuid;
  private final int devgid;
  private final String devtype;
  private volatile Device parentDevice;
  private volatile Driver driver;
  private volatile ImmutableList<String> ueventVars;
  private final ImmutableMap<String, String> udevProperties;
  private final ImmutableList<String> devlinks;
  private final DevNode devNode;
  private final DeviceSpec spec;

  Device(DeviceSpec spec, BusType bus, DeviceClass devClass) {
    this.spec = spec;
    this.subsystem = spec.subsystem();
    this.bus = bus;
    this.devClass = devClass;
    this.devt = spec.devt();
    this.devnodeName = spec.devnodeName();
    this.devmode = spec.devmode();
    this.devuid = spec.devuid();
    this.devgid = spec.devgid();
    this.devtype = spec.devtype();
    this.ueventVars = spec.ueventVars();
    this.udevProperties = spec.udevProperties();
    this.devlinks = spec.devlinks();
    this.devNode = makeDevNode();
  }

  private DevNode makeDevNode() {
    if (devt == null || devt.major() == 0) {
      return null;
    }
    boolean block = devClass != null && devClass.isBlock();
    return new DevNode(devnodeName, block, devt, devmode != 0 ? devmode : 0600, devuid, devgid);
  }

  /**
   * The {@code KEY=VALUE} entries dev_uevent adds before DRIVER: MAJOR, MINOR, DEVNAME, DEVMODE,
   * DEVUID, DEVGID, DEVTYPE; fixed for the device's life, made when asked (a device loaded at boot
   * may never send an event nor have its {@code uevent} read).
   */
  ImmutableList<String> devKeys() {
    ImmutableList.Builder<String> keys = ImmutableList.builder();
    if (devNode != null) {
      keys.add("MAJOR=" + devt.major(), "MINOR=" + devt.minor(), "DEVNAME=" + devnodeName);
      int mode = devmode & 0777;
      if (mode != 0) {
        keys.add("DEVMODE=0" + Integer.toOctalString(mode));
      }
      if (devuid != 0) {
        keys.add("DEVUID=" + devuid);
      }
      if (devgid != 0) {
        keys.add("DEVGID=" + devgid);
      }
    }
    if (devtype != null) {
      keys.add("DEVTYPE=" + devtype);
    }
    return keys.build();
  }

  /** The bus or class name; null for a device with neither (its events are filtered). */
  public String subsystem() {
    return subsystem;
  }

  public BusType bus() {
    return bus;
  }

  public DeviceClass devClass() {
    return devClass;
  }

  /** The device number, or null. */
  public DevNum devt() {
    return devt;
  }

  /** DEVNAME: the node path relative to /dev, or null without a devnum. */
  public String devnodeName() {
    return devnodeName;
  }

  /** DEVMODE bits, 0 when none were given. */
  public int devmode() {
    return devmode;
  }

  public int devuid() {
    return devuid;
  }

  public int devgid() {
    return devgid;
  }

  /** DEVTYPE, or null. */
  public String devtype() {
    return devtype;
  }

  public Device parentDevice() {
    return parentDevice;
  }

  public Driver driver() {
    return driver;
  }

  /** The bus, class and type uevent keys as {@code KEY=VALUE}, in the kernel's order. */
  public ImmutableList<String> ueventVars() {
    return ueventVars;
  }

  /** What the device was made from (a driver's next probe makes it again from this). */
  DeviceSpec spec() {
    return spec;
  }

  /** When this device was created, relative to others: its directory's number (larger is later). */
  long created() {
    return sd().id();
  }

  /** udev database properties from the recording (ID_*, TAGS, DEVLINKS, ...). */
  public ImmutableMap<String, String> udevProperties() {
    return udevProperties;
  }

  /** The recording's {@code S:} lines: udev's links to the node, relative to /dev. */
  public ImmutableList<String> devlinks() {
    return devlinks;
  }

  /** Whether the device was recorded with the attribute {@code name} (a path relative to the device). */
  boolean hasRecordedAttribute(String name) {
    for (DeviceSpec.AttributeSpec a : spec.attributes()) {
      if (a.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** Whether events of this device pass the devices kset's filter: it has a bus or a class. */
  public boolean hasSubsystem() {
    return bus != null || devClass != null;
  }

  /** Whether this is a block partition (no {@code device} link, no {@code /sys/block} entry). */
  public boolean isPartition() {
    return "partition".equals(devtype);
  }

  /** The node devtmpfs keeps for this device, or null without a devnum. */
  public DevNode devNode() {
    return devNode;
  }

  void setParentDevice(Device parent) {
    this.parentDevice = parent;
  }

  void setDriver(Driver driver) {
    this.driver = driver;
  }

  /** Replaces the uevent variable {@code from} (a whole {@code KEY=VALUE}) by {@code to}. */
  void replaceUeventVar(String from, String to) {
    ImmutableList.Builder<String> b = ImmutableList.builder();
    for (String v : ueventVars) {
      b.add(v.equals(from) ? to : v);
    }
    ueventVars = b.build();
  }
}
