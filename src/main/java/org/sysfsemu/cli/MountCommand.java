package org.sysfsemu.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.sysfsemu.SysfsEmu;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.loader.TreeFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sysfs-emu mount}: loads a tree, mounts the emulated /sys (and /dev), prints one {@code
 * ready} line and serves in the foreground until SIGINT or SIGTERM, then unmounts; stops too
 * (exit status 0, one line on stderr) when either mount is unmounted from outside.
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

  @CommandLine.Mixin StartOptions start;

  @Option(names = "--helper-log", paramLabel = "FILE",
      description = "Append the helpers' standard output and error to FILE (default: sysfs-emu-helpers.log next to the /dev mount point, e.g. /tmp/sysfs-emu-helpers.log).")
  Path helperLog;

  @Option(names = "--no-sandbox",
      description = "Do not start the sandbox (no real netlink delivery, no 'enter'; the uevent helper is refused).")
  boolean noSandbox;

  @Option(names = "--udev-db", paramLabel = "DIR",
      description = "With --no-sandbox: write the udev database (what udevd keeps in /run/udev) into DIR, empty or missing;"
          + " emptied at exit. The sandbox has its own in its /run/udev.")
  Path udevDb;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    String bad = validate();
    if (bad != null) {
      err.println("sysfs-emu mount: " + bad);
      return ExitCode.USAGE;
    }
    SysfsEmu.Builder builder;
    try {
      builder = start.builder(sys, dev).sandbox(!noSandbox).udevDb(udevDb).helperLog(helperLog());
    } catch (TreeFormatException | IOException e) {
      start.progress.done();
      err.println("sysfs-emu mount: " + e.getMessage());
      return ExitCode.USAGE;
    }
    SysfsEmu emu;
    try {
      emu = builder.start();
      if (emu.sandbox().isPresent()) {
        SandboxEnv.install(emu.sandbox().get().run()); // sysfs-emu for 'enter'
      }
    } catch (TreeFormatException | SysfsException e) {
      start.progress.done();
      err.println("sysfs-emu mount: " + e.getMessage());
      return ExitCode.USAGE;
    } catch (IOException e) {
      start.progress.done();
      err.println("sysfs-emu mount: " + e.getMessage());
      return ExitCode.FAILURE;
    }
    start.progress.done();
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
    String bad = start.validate();
    if (bad != null) {
      return bad;
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
    PrintWriter err = spec.commandLine().getErr();
    out.println("ready: sys=" + sysPoint + " dev=" + devPoint + " devices="
        + emu.kernel().core().deviceCount() + " records=" + emu.initialDevices()
        + " seqnum=" + emu.kernel().engine().seqnum()
        + emu.sandbox().map(s -> " sandbox=" + s.pid()).orElse(""));
    out.flush();
    UdevdReport.ruleProblems("mount", emu, err);
    // until a signal runs the hook (which ends the process), a mount is unmounted from outside
    // (status 0), or udevd ends unexpectedly (status 1)
    CompletableFuture<String> udevdEnded = UdevdReport.unexpectedExit(emu);
    CompletableFuture<Object> either = CompletableFuture.anyOf(emu.unmounted(), udevdEnded);
    try {
      Object why = either.get();
      try {
        Runtime.getRuntime().removeShutdownHook(hook); // the hook would end with status 0
      } catch (IllegalStateException stopping) {
        new java.util.concurrent.CountDownLatch(1).await(); // a signal came first: the hook ends the process
      }
      if (udevdEnded.isDone()) {
        err.println("sysfs-emu mount: " + udevdEnded.join());
        emu.close();
        return ExitCode.FAILURE;
      }
      err.println("sysfs-emu mount: " + why + " was unmounted; stopping");
      emu.close();
      return ExitCode.OK;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.FAILURE;
    } catch (ExecutionException e) {
      emu.close();
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
