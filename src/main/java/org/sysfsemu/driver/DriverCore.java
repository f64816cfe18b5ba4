package org.sysfsemu.driver;

import static org.sysfsemu.kobject.KObjectAction.ADD;
import static org.sysfsemu.kobject.KObjectAction.BIND;
import static org.sysfsemu.kobject.KObjectAction.REMOVE;
import static org.sysfsemu.kobject.KObjectAction.UNBIND;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.Kernfs;
import org.sysfsemu.kernfs.KernfsDir;
import org.sysfsemu.kernfs.KernfsFile;
import org.sysfsemu.kernfs.KernfsNode;
import org.sysfsemu.kobject.KObject;
import org.sysfsemu.kobject.KObjectAction;
import org.sysfsemu.uevent.UEventEngine;

/**
 * The driver core: {@code device_add()}, {@code device_del()}, {@code driver_bound()} and {@code
 * device_release_driver()} of drivers/base, in the kernel's order. Every change of the tree runs
 * under the tree's write lock and is undone whole if it fails; events are sent after the lock is
 * released. One hotplug lock serialises whole operations, as {@code device_hotplug_lock} does.
 */
public final class DriverCore {
  private static final Logger LOG = Logger.getLogger(DriverCore.class.getName());

  private final Kernfs kernfs;
  private final UEventEngine engine;
  private final SysfsTopology top;
  private final DeviceBuilder builder;
  private final ReentrantLock hotplugLock = new ReentrantLock();
  private final DriverModels models = new DriverModels();
  private final ModuleRegistry modules;
  private volatile Devtmpfs devtmpfs = Devtmpfs.NONE;
  private volatile DeviceNotifier notifier = DeviceNotifier.NONE;

  public DriverCore(Kernfs kernfs, UEventEngine engine) throws SysfsException {
    this.kernfs = kernfs;
    this.engine = engine;
    this.top = new SysfsTopology(kernfs, engine);
    this.builder = new DeviceBuilder(kernfs, engine, top);
    this.modules = new ModuleRegistry(kernfs, engine, SystemDirs.create(kernfs));
  }

  /** {@code /sys/module}: the modules of the tree's drivers. */
  ModuleRegistry modules() {
    return modules;
  }

  public Kernfs kernfs() {
    return kernfs;
  }

  public UEventEngine engine() {
    return engine;
  }

  /** {@code /sys/kernel}, where the kernel's own attributes live. */
  public KernfsDir kernelDir() {
    return top.kernel;
  }

  /** Connects the /dev mount; until then devtmpfs calls go nowhere. */
  public void setDevtmpfs(Devtmpfs devtmpfs) {
    this.devtmpfs = devtmpfs;
  }

  /** Connects the device notifier chain (the emulated udev database); until then nobody is told. */
  public void setNotifier(DeviceNotifier notifier) {
    this.notifier = notifier;
  }

  /**
   * The device at {@code devpath} ({@code /devices/...}), or null: the owner of the directory
   * there. A device looked up this way may be removed by the time it is used; every operation
   * on it checks under the hotplug lock that it is still in the tree (ENODEV otherwise).
   */
  public Device device(String devpath) {
    if (!devpath.startsWith("/devices/")) {
      return null;
    }
    return kernfs.read(() -> kernfs.find(devpath) instanceof KernfsDir d && d.owner() instanceof Device dev ? dev : null);
  }

  /** Every device (implicit parents included), parents before children. */
  public ImmutableList<Device> devices() {
    List<Sorted> all = new ArrayList<>();
    kernfs.read(() -> {
      collect(top.devices, top.devices.path(), top.devices.depth() + 1, all);
      return null;
    });
    all.sort(Comparator.comparingInt(Sorted::depth).thenComparing(Sorted::devpath));
    ImmutableList.Builder<Device> out = ImmutableList.builderWithExpectedSize(all.size());
    all.forEach(e -> out.add(e.device()));
    return out.build();
  }

  /** How many devices there are (implicit parents included): {@code devices().size()}, without sorting. */
  public int deviceCount() {
    return kernfs.read(() -> count(top.devices));
  }

  /** A device with its sort keys, computed once while collecting. */
  private record Sorted(int depth, String devpath, Device device) {}

  /** Adds the devices owning directories below {@code dir}; under the tree lock. */
  private static void collect(KernfsDir dir, List<Device> out) {
    for (KernfsNode n : dir.children()) {
      if (n instanceof KernfsDir d && d.owner() != null) {
        if (d.owner() instanceof Device dev) {
          out.add(dev);
        }
        collect(d, out);
      }
    }
  }

  /**
   * The number of devices owning directories below {@code dir}; under the tree lock. A directory
   * without subdirectories (a partition's) has no device below it: its files are not visited.
   */
  private static int count(KernfsDir dir) {
    int[] n = {0};
    dir.forEachChild(c -> { // no copy of each directory's children
      if (c instanceof KernfsDir d && d.owner() != null) {
        if (d.owner() instanceof Device) {
          n[0]++;
        }
        if (d.nlink() > 2) {
          n[0] += count(d);
        }
      }
    });
    return n[0];
  }

  /**
   * Adds the devices owning directories below {@code dir} (at {@code path}, whose children are
   * {@code depth} deep), each with its depth and devpath; under the tree lock.
   */
  private static void collect(KernfsDir dir, String path, int depth, List<Sorted> out) {
    for (KernfsNode n : dir.children()) {
      if (n instanceof KernfsDir d && d.owner() != null) {
        String p = path + "/" + d.name();
        if (d.owner() instanceof Device dev) {
          out.add(new Sorted(depth, p, dev));
        }
        collect(d, p, depth + 1, out);
      }
    }
  }

  /**
   * Runs {@code body} under the hotplug lock, so that the devices it looks up cannot go away or
   * move before it acts on them (for example {@code unplug}: look up, then remove).
   */
  public <T> T hotplugLocked(Kernfs.CheckedSupplier<T> body) throws SysfsException {
    hotplugLock.lock();
    try {
      return body.get();
    } finally {
      hotplugLock.unlock();
    }
  }

  /** {@link #hotplugLocked} for a body that returns nothing. */
  public void hotplugLockedRun(Kernfs.CheckedRunnable body) throws SysfsException {
    hotplugLocked(() -> {
      body.run();
      return null;
    });
  }

  /** ENODEV when {@code dev} has been removed; callers hold the hotplug lock. */
  private static void checkLive(Device dev) throws SysfsException {
    if (dev.sd() == null || dev.sd().isRemoved()) {
      throw new SysfsException(Errno.ENODEV, "the device was removed");
    }
  }

  /** The device called {@code name} on {@code bus} ({@code bus_find_device_by_name}), or null. */
  public Device busDevice(BusType bus, String name) {
    KernfsNode n = kernfs.read(() -> bus.devicesDir().child(name));
    if (n instanceof org.sysfsemu.kernfs.KernfsLink l && l.target() != null) {
      return device(l.target().path());
    }
    return null;
  }

  /** The bus called {@code name}, or null. */
  public BusType bus(String name) {
    return top.bus(name);
  }

  /**
   * {@code device_add()}: directory, {@code uevent}, class links, attributes, bus links, {@code
   * dev} and {@code /sys/dev} link, the devtmpfs node, then the {@code add} event; then, if the
   * spec names a driver, the binding and its {@code bind} event. With {@code sendEvents} false
   * the device is added as if at boot: no event, but flagged as announced.
   */
  public Device deviceAdd(DeviceSpec spec, boolean sendEvents) throws SysfsException {
    hotplugLock.lock();
    try {
      Device dev =
          kernfs.writeChecked(
              () -> {
                UndoLog undo = new UndoLog(kernfs);
                try {
                  Device d = builder.add(spec, undo);
                  if (spec.driver() != null) {
                    builder.checkCanBind(d, spec.driver(), true);
                    builder.getOrCreateDriver(d.bus(), spec.driver(), this, undo);
                  }
                  return d;
                } catch (SysfsException | RuntimeException e) {
                  undo.undo();
                  throw e;
                }
              });
      DevNode node = dev.devNode();
      if (node != null) {
        devtmpfs.create(node);
      }
      notifier.added(dev);
      announce(dev, ADD, sendEvents);
      if (spec.driver() != null) {
        bindLocked(dev, spec.driver(), sendEvents);
      }
      return dev;
    } finally {
      hotplugLock.unlock();
    }
  }

  /**
   * Adds several devices, parents first, all or nothing. Without events (coldplug) they are built
   * under one write lock and one undo log. With events, a dry run first proves that every one
   * fits; then each is added in turn with {@link #deviceAdd}, so events interleave as in the
   * kernel (a device's {@code add} and {@code bind} before its children exist).
   */
  public List<Device> deviceAddAll(List<DeviceSpec> specs, boolean sendEvents) throws SysfsException {
    return deviceAddAll(specs, sendEvents, java.time.Duration.ZERO);
  }

  /** {@link #deviceAddAll(List, boolean)}, pausing {@code delay} between devices (with events). */
  public List<Device> deviceAddAll(List<DeviceSpec> specs, boolean sendEvents, java.time.Duration delay)
      throws SysfsException {
    hotplugLock.lock();
    try {
      List<Device> built =
          kernfs.writeChecked(
              () -> {
                UndoLog undo = new UndoLog(kernfs);
                try {
                  List<Device> devs = new ArrayList<>(specs.size());
                  Device previous = null;
                  for (DeviceSpec spec : specs) {
                    Device d = builder.add(spec, undo, previous);
                    previous = d;
                    if (spec.driver() != null) {
                      builder.checkCanBind(d, spec.driver(), true);
                      Driver drv = builder.getOrCreateDriver(d.bus(), spec.driver(), this, undo);
                      if (!sendEvents) {
                        builder.linkDriver(d, drv, undo);
                      }
                    }
                    devs.add(d);
                  }
                  if (sendEvents) {
                    undo.undo(); // only a dry run
                  }
                  return devs;
                } catch (SysfsException | RuntimeException e) {
                  undo.undo();
                  throw e;
                }
              });
      if (!sendEvents) {
        for (Device d : built) {
          DevNode node = d.devNode();
          if (node != null) {
            devtmpfs.create(node);
          }
          notifier.added(d);
          d.markAddUeventSent();
        }
        return built;
      }
      return addWithEvents(specs, delay, null, null);
    } finally {
      hotplugLock.unlock();
    }
  }

  /**
   * Adds devices one by one with events. A device's {@code bind} comes after the descendants its
   * driver's probe creates, as {@code driver_bound()} runs after probe: class devices and bus
   * devices reached without crossing a driverless bus device (usb-storage makes the SCSI host and
   * its scsi_host, sd the disk and its partitions). A bus device below a driverless one comes from
   * a later scan (the SCSI target), so pending binds are sent before it.
   */
  private List<Device> addWithEvents(List<DeviceSpec> specs, java.time.Duration delay, Device probing,
      String probingDriver) throws SysfsException {
    List<Device> added = new ArrayList<>(specs.size());
    java.util.Deque<Device> pendingBinds = new java.util.ArrayDeque<>();
    java.util.Map<Device, String> drivers = new java.util.HashMap<>();
    if (probing != null) { // a probe making these devices: its bind comes as in a plug
      pendingBinds.push(probing);
      drivers.put(probing, probingDriver);
    }
    java.util.Map<String, DeviceSpec> batch = new java.util.HashMap<>();
    specs.forEach(sp -> batch.put(sp.devpath(), sp));
    for (DeviceSpec spec : specs) {
      while (!pendingBinds.isEmpty() && !createdByProbe(pendingBinds.peek(), spec, batch)) {
        Device d = pendingBinds.pop();
        bindLocked(d, drivers.get(d), true);
      }
      if (!added.isEmpty() && !delay.isZero()) {
        pause(delay);
      }
      Device d = deviceAdd(spec.withoutDriver(), true);
      added.add(d);
      if (spec.driver() != null) {
        kernfs.writeRun(() -> builder.getOrCreateDriver(d.bus(), spec.driver(), this, new UndoLog(kernfs)));
        drivers.put(d, spec.driver());
        pendingBinds.push(d);
      }
    }
    while (!pendingBinds.isEmpty()) {
      Device d = pendingBinds.pop();
      bindLocked(d, drivers.get(d), true);
    }
    return added;
  }

  /** Whether the probe of {@code dev}'s driver creates {@code spec} (see {@link #addWithEvents}). */
  private static boolean createdByProbe(Device dev, DeviceSpec spec, java.util.Map<String, DeviceSpec> batch) {
    if (!spec.devpath().startsWith(dev.devpath() + "/")) {
      return false;
    }
    if (spec.isClass() || spec.subsystem() == null) {
      return true;
    }
    for (String p = spec.parentPath(); p.length() > dev.devpath().length(); p = p.substring(0, p.lastIndexOf('/'))) {
      DeviceSpec a = batch.get(p);
      if (a != null && a.subsystem() != null && !a.isClass() && a.driver() == null) {
        return false;
      }
    }
    return true;
  }

  private static void pause(java.time.Duration delay) throws SysfsException {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SysfsException(Errno.EINTR, "interrupted while plugging");
    }
  }

  /**
   * {@code device_del()} of a device and every device below it, children first: devtmpfs node
   * and {@code dev} links, class links and attributes, driver release ({@code unbind}), bus
   * link, the {@code remove} event, then the directory.
   */
  public void deviceDel(Device dev, boolean sendEvents) throws SysfsException {
    hotplugLock.lock();
    try {
      checkLive(dev);
      for (Device d : models.removalOrder(dev, subtreeChildrenFirst(dev))) {
        delOne(d, sendEvents);
      }
    } finally {
      hotplugLock.unlock();
    }
  }

  /** Binds {@code dev} to its bus's driver {@code driverName} (which must exist), then {@code bind}. */
  public void bind(Device dev, String driverName, boolean sendEvents) throws SysfsException {
    hotplugLock.lock();
    try {
      checkLive(dev);
      kernfs.readChecked(
          () -> {
            builder.checkCanBind(dev, driverName, false);
            return null;
          });
      List<DeviceSpec> probed = sendEvents ? models.probeEffects(dev, driverName) : List.of();
      if (probed.isEmpty()) {
        bindLocked(dev, driverName, sendEvents);
      } else {
        checkFits(dev, driverName, probed);
        addWithEvents(probed, java.time.Duration.ZERO, dev, driverName);
      }
    } finally {
      hotplugLock.unlock();
    }
  }

  /** Proves that a probe of {@code dev} can make {@code specs} again, leaving the tree as it is. */
  private void checkFits(Device dev, String driverName, List<DeviceSpec> specs) throws SysfsException {
    try {
      kernfs.writeChecked(
          () -> {
            UndoLog undo = new UndoLog(kernfs);
            try {
              for (DeviceSpec spec : specs) {
                builder.add(spec, undo);
              }
            } finally {
              undo.undo();
            }
            return null;
          });
    } catch (SysfsException e) {
      models.keepForProbe(dev, driverName, specs); // a later bind may fit
      throw new SysfsException(e.errno(), "the probe of " + dev.devpath() + " cannot add its devices again: "
          + e.getMessage());
    }
  }

  /**
   * Releases the driver of {@code dev}: the devices a modelled driver's remove() takes away go
   * first ({@link DriverModels}), then the links, then {@code unbind} (no DRIVER, no MODALIAS).
   */
  public void unbind(Device dev, boolean sendEvents) throws SysfsException {
    hotplugLock.lock();
    try {
      checkLive(dev);
      if (dev.driver() == null) {
        throw new SysfsException(Errno.ENODEV, dev.devpath() + " is not bound to a driver");
      }
      for (Device d : models.unbindEffects(dev, subtreeChildrenFirst(dev))) {
        delOne(d, sendEvents);
      }
      kernfs.writeRun(() -> builder.unlinkDriver(dev));
      send(dev, UNBIND, sendEvents);
    } finally {
      hotplugLock.unlock();
    }
  }

  /**
   * {@code device_rename()}: renames the device (its directory and links) and sends {@code move}
   * with {@code DEVPATH_OLD}; only where Linux renames devices ({@link RenameRules}).
   */
  public void rename(Device dev, String newName) throws SysfsException {
    hotplugLock.lock();
    try {
      checkLive(dev);
      RenameRules.check(dev, newName);
      String oldPath = dev.devpath();
      kernfs.writeRun(() -> builder.rename(dev, newName));
      notifier.renamed(dev, oldPath);
      engine.emit(dev, KObjectAction.MOVE, List.of("DEVPATH_OLD=" + oldPath));
    } finally {
      hotplugLock.unlock();
    }
  }

  /** A driver's {@code kobject_uevent_env(KOBJ_CHANGE, envp)}: e.g. {@code DISK_MEDIA_CHANGE=1}. */
  public void change(Device dev, List<String> envp) throws SysfsException {
    for (String e : envp) {
      int eq = e.indexOf('=');
      if (eq <= 0) {
        throw new SysfsException(Errno.EINVAL, "not KEY=VALUE: '" + e + "'");
      }
    }
    notifier.changing(dev);
    engine.emit(dev, KObjectAction.CHANGE, envp);
  }

  /** Sets an attribute's value as its driver would; readers see it on their next open. */
  public void setAttribute(Device dev, String name, byte[] value) throws SysfsException {
    KernfsFile file = dev.hasRecordedAttribute(name)
        ? kernfs.read(() -> kernfs.find(dev.sd(), name) instanceof KernfsFile f ? f : null) : null;
    if (file == null) {
      throw new SysfsException(Errno.ENOENT, dev.devpath() + " has no attribute '" + name + "'");
    }
    DeviceAttribute.set(file, value);
  }

  private void bindLocked(Device dev, String driverName, boolean sendEvents) throws SysfsException {
    kernfs.writeRun(() -> builder.linkDriver(dev, dev.bus().driver(driverName), new UndoLog(kernfs)));
    send(dev, BIND, sendEvents);
  }

  private void delOne(Device dev, boolean sendEvents) throws SysfsException {
    models.forget(dev);
    DevNode node = dev.devNode();
    if (node != null) {
      devtmpfs.delete(node);
    }
    notifier.removing(dev);
    boolean bound = dev.driver() != null;
    kernfs.writeRun(() -> {
      builder.removeDevtAndClassLinks(dev);
      builder.unlinkDriver(dev); // nothing when unbound
    });
    if (bound) {
      send(dev, UNBIND, sendEvents);
    }
    kernfs.writeRun(() -> builder.removeBusLinks(dev));
    send(dev, REMOVE, sendEvents);
    kernfs.writeRun(() -> builder.removeDirectory(dev));
    notifier.removed(dev);
  }

  /** {@code dev} and the devices below it, in the reverse of the order their directories were made. */
  private List<Device> subtreeChildrenFirst(Device dev) {
    List<Device> list = new ArrayList<>();
    kernfs.read(() -> {
      collect(dev.sd(), list);
      return null;
    });
    list.sort(Comparator.comparingLong(Device::created).reversed()); // children were created after parents
    list.add(dev);
    return list;
  }

  private void announce(Device dev, KObjectAction action, boolean sendEvents) {
    if (sendEvents) {
      send(dev, action, true);
    } else {
      dev.markAddUeventSent();
    }
  }

  /** Sends an event for a state change; like the kernel, a failed event does not undo it. */
  private void send(KObject kobj, KObjectAction action, boolean sendEvents) {
    if (!sendEvents) {
      return;
    }
    try {
      engine.emit(kobj, action);
    } catch (SysfsException e) {
      LOG.warning(() -> action.wireName() + " event for " + kobj.devpath() + " failed: " + e);
    }
  }

  /** The sysfs node at {@code path} ({@code /sys}-relative), or null; for tests and tools. */
  public KernfsNode node(String path) {
    return kernfs.read(() -> kernfs.find(path));
  }
}
