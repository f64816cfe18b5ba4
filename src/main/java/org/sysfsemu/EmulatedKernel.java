package org.sysfsemu;

import java.time.Clock;
import java.util.List;
import org.sysfsemu.devfs.DevfsTree;
import org.sysfsemu.devfs.DevlinkDir;
import org.sysfsemu.driver.Device;
import org.sysfsemu.driver.DeviceSpec;
import org.sysfsemu.driver.DriverCore;
import org.sysfsemu.driver.KernelAttributes;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.helper.ProcessHelperLauncher;
import org.sysfsemu.kernfs.Kernfs;
import org.sysfsemu.netlink.UEventMulticaster;
import org.sysfsemu.netlink.UdevGroup;
import org.sysfsemu.netlink.UdevRecord;
import org.sysfsemu.netlink.UeventControlFile;
import org.sysfsemu.netlink.Subscription;
import org.sysfsemu.udevdb.DevlinkTree;
import org.sysfsemu.udevdb.UdevDatabase;
import org.sysfsemu.uevent.UEventEngine;

/**
 * One emulated kernel: the sysfs tree, the driver core, the uevent engine (SEQNUM, helper path,
 * listeners) and the helper launcher. Owns everything the real kernel keeps global, so several
 * can live in one JVM. No FUSE here: mounts are views of it.
 */
public final class EmulatedKernel implements AutoCloseable {
  private final Kernfs kernfs;
  private final UEventEngine engine;
  private final DriverCore core;
  private final ProcessHelperLauncher helper;
  private final DevfsTree devfs;
  private final UEventMulticaster netlink;
  private final UdevGroup udevGroup;
  private final UdevDatabase udev;

  private EmulatedKernel(Config config) throws SysfsException {
    this.kernfs = new Kernfs(Clock.systemUTC());
    this.devfs = new DevfsTree(Clock.systemUTC());
    this.helper = new ProcessHelperLauncher(config.maxHelpers(), config.maxQueuedHelpers());
    this.engine = new UEventEngine(helper);
    this.core = new DriverCore(kernfs, engine);
    core.setDevtmpfs(devfs);
    DevlinkDir links = new DevlinkDir(devfs);
    // System.nanoTime() is CLOCK_MONOTONIC on Linux, the clock of udev's USEC_INITIALIZED
    this.udev = new UdevDatabase(() -> System.nanoTime() / 1000, new DevlinkTree() {
      @Override
      public void link(String link, String target) {
        links.link(link, target);
      }

      @Override
      public void unlink(String link) {
        links.unlink(link);
      }
    });
    core.setNotifier(udev);
    this.udevGroup = new UdevGroup(this::udevRecord);
    this.netlink = new UEventMulticaster(udevGroup, config.rcvbuf(),
        UEventMulticaster.DEFAULT_MAX_SUBSCRIBERS);
    engine.addSink(netlink);
    devfs.addControlNode(UEVENT_NODE, 0666, new UeventControlFile(netlink));
    KernelAttributes.create(core);
    if (!config.helperPath().isEmpty()) {
      engine.helperPath().set(config.helperPath());
    }
  }

  /** The control node in /dev: each open is a netlink subscriber (docs/netlink.md). */
  public static final String UEVENT_NODE = "/uevent";

  /**
   * Settings fixed at creation.
   *
   * @param rcvbuf each control-node reader's receive budget in bytes, as SO_RCVBUF
   */
  public record Config(String helperPath, int maxHelpers, int maxQueuedHelpers, int rcvbuf) {
    /** No helper; up to 8 helpers at once, 10,000 queued; the kernel's default rcvbuf. */
    public static Config defaults() {
      return new Config("", 8, 10_000, Subscription.DEFAULT_RCVBUF);
    }

    public Config withHelperPath(String path) {
      return new Config(path, maxHelpers, maxQueuedHelpers, rcvbuf);
    }

    public Config withMaxHelpers(int n) {
      return new Config(helperPath, n, maxQueuedHelpers, rcvbuf);
    }

    public Config withRcvbuf(int bytes) {
      return new Config(helperPath, maxHelpers, maxQueuedHelpers, bytes);
    }
  }

  /** Creates an empty kernel: the top-level directories and /sys/kernel only. */
  public static EmulatedKernel create(Config config) throws SysfsException {
    return new EmulatedKernel(config);
  }

  /** Adds devices as if present at boot: no events, SEQNUM unchanged. */
  public List<Device> coldplug(List<DeviceSpec> specs) throws SysfsException {
    return core.deviceAddAll(specs, false);
  }

  public Kernfs kernfs() {
    return kernfs;
  }

  public UEventEngine engine() {
    return engine;
  }

  public DriverCore core() {
    return core;
  }

  /** The /dev tree that devtmpfs fills (mounted or not). */
  public DevfsTree devfs() {
    return devfs;
  }

  /** The NETLINK_KOBJECT_UEVENT table: groups 1 and 2, every control-node reader. */
  public UEventMulticaster netlink() {
    return netlink;
  }

  /** The emulated udev database: what udevd recorded for each device (docs/udev.md). */
  public UdevDatabase udev() {
    return udev;
  }

  /**
   * Group 2 as the emulator sends it, wherever it is sent (the control node, real netlink in the
   * sandbox): the devices' udev records, and the one switch that turns it off while a real udevd
   * sends its own.
   */
  public UdevGroup udevGroup() {
    return udevGroup;
  }

  /** What udev knows of a device (its database entry), for group 2. */
  private UdevRecord udevRecord(String devpath) {
    return udev.record(core.device(devpath));
  }

  public ProcessHelperLauncher helper() {
    return helper;
  }

  @Override
  public void close() {
    netlink.shutdown();
    helper.close();
  }
}
