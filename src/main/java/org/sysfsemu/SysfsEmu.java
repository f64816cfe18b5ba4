package org.sysfsemu;

import static com.google.common.base.Preconditions.checkState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.sysfsemu.control.ControlFiles;
import org.sysfsemu.control.Hotplug;
import org.sysfsemu.driver.DeviceSpec;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.fuse.DevfsFs;
import org.sysfsemu.fuse.FuseMount;
import org.sysfsemu.fuse.MountOptions;
import org.sysfsemu.fuse.SysfsFs;
import org.sysfsemu.loader.TreeFormatException;
import org.sysfsemu.loader.TreeLoader;
import org.sysfsemu.loader.TreeSource;
import org.sysfsemu.uevent.EventQueue;

/**
 * The embedding API: one emulator, started with a tree, optionally mounted (the /sys and /dev
 * FUSE mounts), driven with {@link #hotplug()}, observed with {@link #subscribe()}, closed after.
 * Without mounts it is pure in-process: the same kernel, events and /dev tree, no FUSE needed.
 *
 * <pre>{@code
 * try (SysfsEmu emu = SysfsEmu.builder().defaultTree().mount(dir.resolve("sys"), dir.resolve("dev")).start();
 *     EventQueue events = emu.subscribe()) {
 *   emu.hotplug().plug("usb-stick", Duration.ZERO);
 *   UEvent add = events.await(e -> e.devpath().endsWith("/sdb1"), Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class SysfsEmu implements AutoCloseable {
  private final EmulatedKernel kernel;
  private final Hotplug hotplug;
  private final int devices;
  private FuseMount sysMount;
  private FuseMount devMount;
  private boolean closed;
  private ControlFiles controlFiles;

  private SysfsEmu(EmulatedKernel kernel, int devices) {
    this.kernel = kernel;
    this.hotplug = new Hotplug(kernel);
    this.devices = devices;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** How to start an emulator. */
  public static final class Builder {
    private List<DeviceSpec> specs = List.of();
    private EmulatedKernel.Config config = EmulatedKernel.Config.defaults();
    private Path sys;
    private Path dev;
    private MountOptions sysOptions = MountOptions.of("sysfs-emu", "sysfs");
    private MountOptions devOptions = MountOptions.of("sysfs-emu", "devtmpfs");

    private Builder() {}

    /** The embedded default tree (docs/default-tree.md). */
    public Builder defaultTree() throws IOException, TreeFormatException {
      specs = TreeSource.defaultTree();
      return this;
    }

    /** A {@code .umockdev} file. */
    public Builder tree(Path file) throws IOException, TreeFormatException {
      specs = TreeSource.load(file);
      return this;
    }

    /** Records given as text ({@code source} names them in errors). */
    public Builder records(String source, String text) throws TreeFormatException {
      specs = TreeLoader.parse(source, text);
      return this;
    }

    /** Devices already parsed. */
    public Builder specs(List<DeviceSpec> devices) {
      specs = List.copyOf(devices);
      return this;
    }

    /** The initial {@code uevent_helper}. */
    public Builder helper(String path) {
      config = config.withHelperPath(path);
      return this;
    }

    /** How many helper processes may run at once. */
    public Builder maxHelpers(int n) {
      config = config.withMaxHelpers(n);
      return this;
    }

    /**
     * The receive budget of each /dev/uevent reader, in bytes (default 212992, the kernel's
     * default SO_RCVBUF; udevd asks for 128 MiB).
     */
    public Builder rcvbuf(int bytes) {
      config = config.withRcvbuf(bytes);
      return this;
    }

    /** Mount /sys at {@code sysDir} and /dev at {@code devDir} (created if missing). */
    public Builder mount(Path sysDir, Path devDir) {
      sys = sysDir;
      dev = devDir;
      return this;
    }

    /** Let other users use the mounts (the kernel enforces the modes: default_permissions). */
    public Builder allowOther(boolean allow) {
      sysOptions = sysOptions.withAllowOther(allow);
      devOptions = devOptions.withAllowOther(allow);
      return this;
    }

    /** How long the kernel may cache names and attributes (0: always fresh). */
    public Builder cacheTimeout(double seconds) {
      sysOptions = sysOptions.withCacheTimeout(seconds);
      devOptions = devOptions.withCacheTimeout(seconds);
      return this;
    }

    /**
     * Creates the kernel, adds the tree as at boot (no events), and mounts when asked. Nothing is
     * left behind on failure.
     *
     * @throws SysfsException when the tree cannot be added (nothing half-added)
     * @throws IOException when FUSE is missing or a mount fails
     */
    public SysfsEmu start() throws SysfsException, IOException {
      if (sys != null) {
        FuseMount.checkPrerequisites();
      }
      EmulatedKernel kernel = EmulatedKernel.create(config);
      SysfsEmu emu = new SysfsEmu(kernel, specs.size());
      try {
        emu.controlFiles = ControlFiles.install(kernel.devfs(), emu.hotplug);
        kernel.coldplug(specs);
        if (sys != null) {
          emu.sysMount = FuseMount.mount(new SysfsFs(kernel.kernfs()), sys, sysOptions);
          emu.devMount = FuseMount.mount(new DevfsFs(kernel.devfs()), dev, devOptions);
        }
        return emu;
      } catch (SysfsException | IOException | RuntimeException e) {
        emu.close();
        throw e;
      }
    }
  }

  /** The kernel: tree, driver core, events, /dev tree, helper. */
  public EmulatedKernel kernel() {
    return kernel;
  }

  /** Plug, unplug, change, rename, bind, settle. */
  public Hotplug hotplug() {
    return hotplug;
  }

  /** A Java subscriber of every event from now on (up to 100,000 queued); close it when done. */
  public EventQueue subscribe() {
    return kernel.engine().subscribe(100_000);
  }

  /** The /sys mount point. */
  public Path sys() {
    checkState(sysMount != null, "not mounted");
    return sysMount.mountpoint();
  }

  /** The /dev mount point. */
  public Path dev() {
    checkState(devMount != null, "not mounted");
    return devMount.mountpoint();
  }

  /**
   * Completes with the mount point of the first mount that went away from outside (for example
   * {@code fusermount -u}); never completes without mounts or after {@link #close()}.
   */
  public java.util.concurrent.CompletableFuture<Path> unmounted() {
    if (devMount == null) {
      return new java.util.concurrent.CompletableFuture<>();
    }
    return devMount.lost().applyToEither(sysMount.lost(), p -> p);
  }

  /** Whether this emulator has FUSE mounts. */
  public boolean mounted() {
    return sysMount != null;
  }

  /** How many devices the tree at start had. */
  public int initialDevices() {
    return devices;
  }

  /** Unmounts (readers of the control node get EOF), stops helpers; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (devMount != null) {
      devMount.close();
    }
    if (sysMount != null) {
      sysMount.close();
    }
    if (controlFiles != null) {
      controlFiles.close();
    }
    kernel.close();
  }
}
