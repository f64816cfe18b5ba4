package org.sysfsemu.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sysfsemu.SysfsEmu;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.loader.TreeFormatException;
import org.sysfsemu.uevent.UEventHelperPath;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sysfs-emu mount}: loads a tree, mounts the emulated /sys (and /dev), prints one {@code
 * ready} line and serves in the foreground until SIGINT or SIGTERM, then unmounts.
 */
@Command(name = "mount", mixinStandardHelpOptions = true,
    description = "Mount the emulated /sys and /dev and serve them until interrupted.")
final class MountCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--sys", defaultValue = "/tmp/sys", paramLabel = "DIR",
      description = "Where to mount the emulated /sys (default: ${DEFAULT-VALUE}).")
  Path sys;

  @Option(names = "--dev", defaultValue = "/tmp/dev", paramLabel = "DIR",
      description = "Where to mount the emulated /dev (default: ${DEFAULT-VALUE}).")
  Path dev;

  @ArgGroup(exclusive = true)
  TreeChoice tree = new TreeChoice();

  static final class TreeChoice {
    @Option(names = "--tree", paramLabel = "FILE", description = "Load this .umockdev tree instead of the default one.")
    Path file;

    @Option(names = "--empty", description = "Start with no devices.")
    boolean empty;
  }

  @Option(names = "--helper", paramLabel = "PATH", defaultValue = "",
      description = "Set /sys/kernel/uevent_helper at start (a program run for every event, like mdev).")
  String helper;

  @Option(names = "--helper-log", paramLabel = "FILE",
      description = "Append the helpers' standard output and error to FILE (default: sysfs-emu-helpers.log next to the /dev mount point, e.g. /tmp/sysfs-emu-helpers.log).")
  Path helperLog;

  @Option(names = "--max-helpers", paramLabel = "N", defaultValue = "8",
      description = "How many helper processes may run at once; the rest wait in SEQNUM order (default: ${DEFAULT-VALUE}).")
  int maxHelpers;

  @Option(names = "--rcvbuf", paramLabel = "BYTES", defaultValue = "212992",
      description = "Receive budget of each /dev/uevent reader, like SO_RCVBUF (default: ${DEFAULT-VALUE}, the kernel's).")
  int rcvbuf;

  @Option(names = "--allow-other", description = "Let other users use the mounts (needs user_allow_other in /etc/fuse.conf unless root).")
  boolean allowOther;

  @Option(names = "--cache-timeout", paramLabel = "SECONDS", defaultValue = "0",
      description = "How long the kernel may cache names and attributes (default: ${DEFAULT-VALUE}, always fresh).")
  double cacheTimeout;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    String bad = validate();
    if (bad != null) {
      err.println("sysfs-emu mount: " + bad);
      return ExitCode.USAGE;
    }
    SysfsEmu.Builder builder = SysfsEmu.builder().helper(helper).maxHelpers(maxHelpers).rcvbuf(rcvbuf)
        .mount(sys, dev).allowOther(allowOther).cacheTimeout(cacheTimeout).helperLog(helperLog());
    try {
      if (tree.file != null) {
        builder.tree(tree.file);
      } else if (!tree.empty) {
        builder.defaultTree();
      }
    } catch (TreeFormatException | IOException e) {
      err.println("sysfs-emu mount: " + e.getMessage());
      return ExitCode.USAGE;
    }
    SysfsEmu emu;
    try {
      emu = builder.start();
    } catch (SysfsException e) {
      err.println("sysfs-emu mount: " + e.getMessage());
      return ExitCode.USAGE;
    } catch (IOException e) {
      err.println("sysfs-emu mount: " + e.getMessage());
      return ExitCode.FAILURE;
    }
    return serve(emu);
  }

  /** The helper log: --helper-log, else sysfs-emu-helpers.log in the directory holding the /dev mount point. */
  Path helperLog() {
    if (helperLog != null) {
      return helperLog;
    }
    Path parent = dev.toAbsolutePath().normalize().getParent();
    return (parent != null ? parent : Path.of("/tmp")).resolve("sysfs-emu-helpers.log");
  }

  private String validate() {
    if (helper.getBytes(StandardCharsets.ISO_8859_1).length + 1 > UEventHelperPath.PATH_LEN) {
      return "--helper: longer than 255 bytes (the kernel's limit)";
    }
    if (rcvbuf < 4096 || rcvbuf > (1 << 30)) {
      return "--rcvbuf must be between 4096 and 1073741824 bytes";
    }
    if (maxHelpers < 1) {
      return "--max-helpers must be at least 1";
    }
    if (!(cacheTimeout >= 0) || Double.isInfinite(cacheTimeout)) {
      return "--cache-timeout must be a number of seconds >= 0";
    }
    if (sys.toAbsolutePath().normalize().equals(dev.toAbsolutePath().normalize())) {
      return "--sys and --dev must be different directories";
    }
    return null;
  }

  private int serve(SysfsEmu emu) {
    Path sysPoint = emu.sys();
    Path devPoint = emu.dev();
    Thread hook = new Thread(() -> {
      // SIGINT or SIGTERM: a clean stop. Unmount, wait until both mounts are gone, then end with
      // status 0 (a JVM ended by a signal would report 128+signal).
      emu.close();
      awaitUnmounted(sysPoint, devPoint);
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(ExitCode.OK);
    }, "sysfs-emu-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    PrintWriter out = spec.commandLine().getOut();
    out.println("ready: sys=" + sysPoint + " dev=" + devPoint + " devices="
        + emu.kernel().core().devices().size() + " records=" + emu.initialDevices()
        + " seqnum=" + emu.kernel().engine().seqnum());
    out.flush();
    try {
      new CountDownLatch(1).await(); // until a signal runs the hook
      return ExitCode.OK;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.FAILURE;
    }
  }

  /** Waits (up to 10 s) until neither mount point is in this process's mount table. */
  private static void awaitUnmounted(Path... points) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      List<Path> mounted = EmulatorOptions.mountPoints(null);
      if (Arrays.stream(points).noneMatch(mounted::contains)) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
