package org.sysfsemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.sysfsemu.driver.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.sysfsemu.control.ControlFiles;
import org.sysfsemu.control.Hotplug;
import org.sysfsemu.control.ProcHotplugFile;
import org.sysfsemu.control.TextFile;
import org.sysfsemu.driver.DeviceSpec;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.fuse.FuseMount;
import org.sysfsemu.fuse.MountOptions;
import org.sysfsemu.fuse.MountableFs;
import org.sysfsemu.kernfs.KernfsFile;
import org.sysfsemu.kernfs.KernfsNode;
import org.sysfsemu.loader.TreeFormatException;
import org.sysfsemu.loader.TreeLoader;
import org.sysfsemu.loader.TreeSource;
import org.sysfsemu.nio.DevFileSystem;
import org.sysfsemu.sandbox.NetlinkBridge;
import org.sysfsemu.sandbox.RunDirectory;
import org.sysfsemu.sandbox.Sandbox;
import org.sysfsemu.uevent.SeqnumSource;
import org.sysfsemu.driver.DeviceNotifier;
import org.sysfsemu.udevd.Coldplug;
import org.sysfsemu.udevd.Udevd;
import org.sysfsemu.udevdb.files.UdevDbDirectory;
import org.sysfsemu.uevent.EventQueue;

/**
 * The embedding API: one emulator, started with a tree, optionally mounted (the /sys and /dev
 * FUSE mounts), driven with {@link #plug}, {@link #unplug} and the other hotplug calls, observed
 * with {@link #subscribe()}, {@link #attribute} and {@link #devView()}, closed after. Without
 * mounts it is pure in-process: the same kernel, events and /dev tree, no FUSE needed; the
 * calls are the same in both modes. The API speaks JDK types only.
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
  private static final Logger LOG = Logger.getLogger(SysfsEmu.class.getName());
  /** Devices added per step of a start (one tree write section each), for its progress. */
  private static final int COLDPLUG_BATCH = 1000;
  private final EmulatedKernel kernel;
  private final Hotplug hotplug;
  private int devices;
  private FuseMount sysMount;
  private FuseMount devMount;
  private UdevDbDirectory udevDb;
  private Udevd udevd;
  private Sandbox sandbox;
  private NetlinkBridge bridge;
  private Path ownedRunDir;
  private boolean closed;
  private ControlFiles controlFiles;
  private DevFileSystem devFileSystem;

  private SysfsEmu(EmulatedKernel kernel) {
    this.kernel = kernel;
    this.hotplug = new Hotplug(kernel);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts, on background threads, what a start with mounts does first and returns at once:
   * binding libfuse, checking FUSE's prerequisites and reading the default tree. A start soon after finds them done (or waits
   * for them) instead of spending its first few hundred milliseconds there; the command line
   * calls this before it reads its arguments. Optional: a missing libfuse is still reported by
   * {@link Builder#start()}, a default tree read ahead and not used is dropped.
   */
  public static void prepareStart() {
    StartAhead.prepare();
  }

  /** How to start an emulator. */
  public static final class Builder {
    /**
     * The default of {@link #cacheTimeout}, in seconds: a day. Every change of the tree tells the
     * kernel what it changed before it returns (waiting up to 100 ms for that), so the timeout only
     * bounds how long the kernel keeps what nobody changed (as sysfs's dentries, kept until memory
     * runs short).
     */
    public static final int DEFAULT_CACHE_TIMEOUT_SECONDS = 86_400;

    private List<DeviceSpec> specs = List.of();
    /** A tree file read and parsed by {@link #start()} (instead of {@link #specs}). */
    private Path treeFile;
    private EmulatedKernel.Config config = EmulatedKernel.Config.defaults();
    private Path sys;
    private Path dev;
    private Path helperLog;
    private MountOptions sysOptions =
        MountOptions.of("sysfs-emu", "sysfs").withCacheTimeout(DEFAULT_CACHE_TIMEOUT_SECONDS);
    private MountOptions devOptions = MountOptions.of("sysfs-emu", "devtmpfs");
    private Path udevDbDir;
    private boolean realUdevd;
    private Path udevRules;
    private boolean sandbox = true;
    private Path runDir;
    private StartProgress progress = StartProgress.NONE;

    private Builder() {}

    /**
     * Where to report how far a long start has got (reading the tree, adding devices, mounting,
     * the udev database, the sandbox).
     */
    public Builder progress(StartProgress listener) {
      progress = Objects.requireNonNull(listener);
      return this;
    }

    /** The embedded default tree (docs/default-tree.md). */
    public Builder defaultTree() throws IOException, TreeFormatException {
      specs = StartAhead.defaultTree();
      treeFile = null;
      return this;
    }

    /**
     * A {@code .umockdev} file: it must exist and be readable now (else an {@link IOException});
     * each {@link #start()} reads it and checks its records while it adds them, so that a large
     * file's first devices are added while the rest is parsed (a format error then fails the
     * start).
     */
    public Builder tree(Path file) throws IOException {
      TreeSource.check(file);
      treeFile = file;
      specs = List.of();
      return this;
    }

    /** Records given as text ({@code source} names them in errors). */
    public Builder records(String source, String text) throws TreeFormatException {
      specs = TreeLoader.parse(source, text);
      treeFile = null;
      return this;
    }

    /** The initial {@code uevent_helper}. */
    public Builder helper(String path) {
      config = config.withHelperPath(path);
      return this;
    }

    /** Append the helpers' standard output and error to {@code file} (default: discarded, as by the kernel). */
    public Builder helperLog(Path file) {
      helperLog = file;
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

    /**
     * Write the udev database (udevd's {@code /run/udev}: {@code data/}, {@code tags/}, {@code
     * control}) into {@code dir}, which must be empty or missing; it is emptied at close
     * (docs/udev.md). Only without the sandbox: the sandbox's database is in its run directory.
     */
    public Builder udevDb(Path dir) {
      udevDbDir = dir;
      return this;
    }

    /**
     * Run the system's systemd-udevd inside the sandbox (docs/udev.md), with the rules in {@code
     * rules} (may be null) above the system's: the emulator then writes no udev database, makes
     * no links and sends no group-2 messages of its own; udevd does. Needs the sandbox.
     */
    public Builder udevd(boolean on, Path rules) {
      realUdevd = on;
      udevRules = rules;
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

    /**
     * Whether mounting also starts the sandbox (default: yes): the namespaces where tools see the
     * mounts at /sys and /dev, events arrive on real netlink, and the uevent helper runs. Without
     * it the uevent helper is refused, since it would see the host's /sys and /dev.
     */
    public Builder sandbox(boolean on) {
      sandbox = on;
      return this;
    }

    /** The host directory the sandbox has as /run (default: a new temporary directory). */
    public Builder runDirectory(Path dir) {
      runDir = dir;
      return this;
    }

    /**
     * How long the kernel may cache names, attributes and link texts of /sys (default {@value
     * #DEFAULT_CACHE_TIMEOUT_SECONDS} s; 0: never). Every change of the tree drops what it touched
     * before it returns, so caching never shows a removed device (docs/semantics.md).
     */
    public Builder cacheTimeout(double seconds) {
      sysOptions = sysOptions.withCacheTimeout(seconds);
      return this;
    }

    /**
     * How long the kernel may cache names and attributes of /dev (default 0: always fresh). The
     * kernel is not told of changes there: a removed node may show in {@code stat} for that long.
     */
    public Builder devCacheTimeout(double seconds) {
      devOptions = devOptions.withCacheTimeout(seconds);
      return this;
    }

    /**
     * Creates the kernel, adds the tree as at boot (no events), and mounts when asked. Nothing is
     * left behind on failure.
     *
     * @throws TreeFormatException when the {@link #tree} file does not parse (what was added of
     *     it is discarded with the kernel)
     * @throws SysfsException when the tree cannot be added (nothing half-added)
     * @throws IOException when FUSE is missing, a mount fails or the tree file cannot be read
     */
    public SysfsEmu start() throws TreeFormatException, SysfsException, IOException {
      if (sys != null) {
        if (!sandbox && !config.helperPath().isEmpty()) {
          throw new IOException("a uevent helper needs the sandbox (it would see the host's /sys and /dev)");
        }
        if (realUdevd && !sandbox) {
          throw new IOException("--udevd needs the sandbox (udevd must see the emulated /sys and /dev as its own)");
        }
        if (sandbox && udevDbDir != null) {
          throw new IOException("--udev-db: the sandbox keeps the udev database in its own /run/udev"
              + " (its run directory); give --udev-db only without the sandbox");
        }
      }
      if (realUdevd && sys == null) {
        throw new IOException("--udevd needs the mounts and the sandbox");
      }
      if (realUdevd) {
        Udevd.prepareHelper(); // found or built meanwhile
      }
      EmulatedKernel kernel = EmulatedKernel.create(config);
      kernel.helper().logTo(helperLog);
      SysfsEmu emu = new SysfsEmu(kernel);
      if (realUdevd) { // udevd keeps the database, makes the links and sends group 2 itself
        kernel.core().setNotifier(DeviceNotifier.NONE);
        kernel.udevGroup().setOn(false);
      }
      try {
        emu.controlFiles = ControlFiles.install(kernel.devfs(), emu.hotplug);
        kernel.devfs().addControlNode(ControlFiles.DIR + "/hotplug", 0644,
            new ProcHotplugFile(kernel.engine().helperPath()));
        Future<MountableFs[]> filesystems = sys != null ? StartAhead.filesystems(kernel) : null;
        emu.devices = coldplug(kernel);
        if (sys != null) { // after the tree, whose errors come first (as when tree() parsed it)
          StartAhead.checkFuse();
        }
        if (udevDbDir != null) { // after the tree: the store's first write is one bulk write
          emu.udevDb = UdevDbDirectory.open(udevDbDir);
          kernel.udev().setStore(emu.udevDb);
        }
        if (sys != null) {
          progress.progress("mounting", 0, 0);
          MountableFs[] fs = StartAhead.await(filesystems, "binding libfuse", IOException.class);
          emu.sysMount = FuseMount.mount(fs[0], sys, sysOptions);
          emu.devMount = FuseMount.mount(fs[1], dev, devOptions);
          emu.sysMount.awaitServing("kernel/uevent_seqnum");
          emu.devMount.awaitServing(EmulatedKernel.UEVENT_NODE.substring(1));
          if (sandbox) {
            emu.startSandbox(runDir, realUdevd, udevRules, progress);
          } else {
            kernel.engine().helperPath().refuse("no sandbox: the helper would see the host's /sys and /dev");
          }
        }
        return emu;
      } catch (TreeFormatException | SysfsException | IOException | RuntimeException e) {
        emu.close();
        throw e;
      }
    }

    /**
     * Adds the tree as at boot, a tree file's devices while the rest of it is parsed, in batches
     * so that progress can be told; a failing batch or a file that does not parse fails the start,
     * which then discards the whole kernel. Returns the number of devices the tree has.
     */
    private int coldplug(EmulatedKernel kernel) throws TreeFormatException, SysfsException, IOException {
      if (treeFile == null) {
        add(kernel, specs, 0, specs.size());
        return specs.size();
      }
      progress.progress("reading " + treeFile.getFileName(), 0, 0);
      int[] added = {0};
      return TreeSource.load(treeFile, (batch, total) -> added[0] = add(kernel, batch, added[0], total));
    }

    /**
     * Adds {@code batch} in steps of {@link #COLDPLUG_BATCH} (one write section each), after
     * {@code done} of {@code total} devices; returns how many are added then.
     */
    private int add(EmulatedKernel kernel, List<DeviceSpec> batch, int done, int total) throws SysfsException {
      for (int from = 0; from < batch.size(); from += COLDPLUG_BATCH) {
        int to = Math.min(batch.size(), from + COLDPLUG_BATCH);
        kernel.coldplug(batch.subList(from, to));
        progress.progress("adding devices", done + to, total);
      }
      return done + batch.size();
    }
  }

  private void startSandbox(Path runDir, boolean realUdevd, Path udevRules, StartProgress progress)
      throws IOException, SysfsException {
    Path run = runDir;
    if (run == null) {
      run = ownedRunDir = RunDirectory.createTemporary();
    }
    if (!realUdevd) {
      udevDb = UdevDbDirectory.open(run.resolve("udev"));
      int total = kernel.udev().size();
      kernel.udev().setStore(udevDb, written -> {
        if (written % 100 == 0 || written == total) {
          progress.progress("writing the udev database", written, total);
        }
      });
    }
    progress.progress("starting the sandbox", 0, 0);
    sandbox = Sandbox.start(kernel.devfs(), sysMount.mountpoint(), devMount.mountpoint(), run);
    if (realUdevd) {
      udevd = Udevd.launch(sandbox, udevRules); // loads its rules while the rest is set up
    }
    try {
      bridge = NetlinkBridge.open(sandbox.netns(), kernel.udevGroup());
      kernel.engine().setSeqnumSource(bridge);
      kernel.engine().addSink(bridge);
    } catch (IOException e) {
      // as a user outside a user namespace of its own, setns into the sandbox is refused
      LOG.warning("no real netlink delivery in the sandbox (" + e.getMessage()
          + "; it needs root, or root of a user namespace of the emulator's own, as the launcher"
          + " gives 'run' and 'shell' without --sys/--dev): tools inside see /sys and /dev, but hear no events");
    }
    kernel.helper().setCommandPrefix(sandbox.enter(List.of()));
    long pid = sandbox.pid();
    kernel.devfs().addControlNode(ControlFiles.DIR + "/sandbox", 0444, TextFile.of(() -> pid + "\n"));
    if (realUdevd) {
      udevd.coldplug(() -> Coldplug.addAll(kernel.core(), kernel.engine()));
    }
  }

  /** The real systemd-udevd in the sandbox, when started with {@link Builder#udevd}. */
  public Optional<Udevd> udevd() {
    return Optional.ofNullable(udevd);
  }

  /** The sandbox, when the mounts have one. */
  public Optional<Sandbox> sandbox() {
    return Optional.ofNullable(sandbox);
  }

  /** The netlink delivery into the sandbox, when there is one. */
  public Optional<NetlinkBridge> netlinkBridge() {
    return Optional.ofNullable(bridge);
  }

  /** The kernel: tree, driver core, events, /dev tree, helper (the internals, not a stable API). */
  public EmulatedKernel kernel() {
    return kernel;
  }

  /** Plug, unplug, change, rename, bind, settle, with the internal types (see the calls below). */
  public Hotplug hotplug() {
    return hotplug;
  }

  /**
   * Plugs a built-in scenario ({@code usb-stick}, {@code usb-keyboard}, {@code net-interface}) or
   * a record file (a path with a '/'), with its events in the kernel's order.
   *
   * @return the devpaths added, parents first
   * @throws SysfsException when the scenario is unknown or does not fit (nothing is added)
   */
  public List<String> plug(String scenarioOrFile) throws SysfsException {
    return devpaths(hotplug.plug(scenarioOrFile, Duration.ZERO));
  }

  /** Unplugs a scenario or file plugged before, or the device at a devpath, children first. */
  public void unplug(String scenarioOrDevpath) throws SysfsException {
    hotplug.unplug(scenarioOrDevpath);
  }

  /** Adds the devices of {@code records} ({@code .umockdev} text) with their events; returns their devpaths. */
  public List<String> add(String records) throws SysfsException {
    return devpaths(hotplug.add("add", records, Duration.ZERO));
  }

  /** Removes the device at {@code devpath} and everything below it. */
  public void remove(String devpath) throws SysfsException {
    hotplug.remove(devpath);
  }

  /** Sends a {@code change} event for {@code devpath} with extra {@code KEY=VALUE} entries. */
  public void change(String devpath, String... env) throws SysfsException {
    hotplug.change(devpath, List.of(env));
  }

  /** Sets attribute {@code name} of {@code devpath} as its driver would (a newline is added). */
  public void set(String devpath, String name, String value) throws SysfsException {
    hotplug.set(devpath, name, (value + "\n").getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Renames a device ({@code move} event with DEVPATH_OLD). */
  public void rename(String devpath, String newName) throws SysfsException {
    hotplug.rename(devpath, newName);
  }

  /** Waits up to {@code timeout} until every helper started so far has exited; false on timeout. */
  public boolean settle(Duration timeout) throws InterruptedException {
    return hotplug.settle(timeout);
  }

  /**
   * What reading {@code /sys<devpath>/<name>} gives (e.g. {@code attribute("/devices/.../sdb",
   * "size")} is {@code "30031872\n"}), read as the kernel would show it; empty when there is no
   * such attribute file.
   *
   * @throws SysfsException when the attribute cannot be read (write-only: EACCES-like errors)
   */
  public Optional<String> attribute(String devpath, String name) throws SysfsException {
    KernfsNode node;
    try {
      node = kernel.kernfs().lookup(devpath + "/" + name);
    } catch (SysfsException e) {
      return Optional.empty();
    }
    if (!(node instanceof KernfsFile file)) {
      return Optional.empty();
    }
    return Optional.of(new String(file.show(), StandardCharsets.ISO_8859_1));
  }

  /** The devpaths of every device, parents first. */
  public List<String> devices() {
    return devpaths(kernel.core().devices());
  }

  /**
   * The emulated /dev tree, mounted or not, read from the tree itself: nodes (with their device
   * numbers), links and directories as {@code stat}, {@code ls} and {@code readlink} show them.
   */
  public DevView devView() {
    return new DevView(kernel.devfs());
  }

  private static List<String> devpaths(List<Device> devices) {
    return devices.stream().map(Device::devpath).toList();
  }

  /** A Java subscriber of every event from now on (up to 100,000 queued); close it when done. */
  public EventQueue subscribe() {
    return kernel.engine().subscribe(100_000);
  }

  /**
   * The /sys mount point.
   *
   * @throws IllegalStateException in-process ({@link #mounted()} is false): there is no mount;
   *     {@link #attribute} reads attributes in both modes
   */
  public Path sys() {
    if (sysMount == null) {
      throw new IllegalStateException("in-process emulator: no /sys mount (read attributes with attribute(devpath, name))");
    }
    return sysMount.mountpoint();
  }

  /**
   * The emulated /dev as a {@link Path}: mounted, the mount point; in-process, the root of a
   * read-only view of the same tree in a file system of its own ({@link DevFileSystem}), where
   * {@code Files.exists}, {@code isDirectory}, {@code readSymbolicLink}, {@code list}, {@code
   * readAttributes} and reads of regular files work as on the mount, but device nodes cannot be
   * opened and nothing can be changed. An in-process path is no host path: give it to {@code
   * Files}, never to another process.
   */
  public Path dev() {
    if (devMount == null) {
      synchronized (this) {
        if (devFileSystem == null) {
          devFileSystem = DevFileSystem.of(kernel.devfs());
        }
        return devFileSystem.root();
      }
    }
    return devMount.mountpoint();
  }

  /**
   * Completes with the mount point of the first mount that went away from outside (for example
   * {@code fusermount -u}); never completes without mounts or after {@link #close()}.
   */
  public CompletableFuture<Path> unmounted() {
    if (devMount == null) {
      return new CompletableFuture<>();
    }
    return devMount.lost().applyToEither(sysMount.lost(), p -> p);
  }

  /** The directory holding the udev database files, if one was asked for. */
  public java.util.Optional<Path> udevDb() {
    return java.util.Optional.ofNullable(udevDb).map(UdevDbDirectory::dir);
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
    if (udevd != null) {
      udevd.close();
    }
    if (sandbox != null) {
      sandbox.close(); // first: its mount namespace holds the FUSE mounts too
    }
    if (bridge != null) {
      kernel.engine().removeSink(bridge);
      kernel.engine().setSeqnumSource(SeqnumSource.COUNTER);
      bridge.close();
    }
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
    if (udevDb != null) {
      udevDb.close();
    }
    if (ownedRunDir != null) {
      deleteTree(ownedRunDir);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
