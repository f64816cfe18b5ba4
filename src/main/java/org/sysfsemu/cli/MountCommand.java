package org.sysfsemu.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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
      builder = start.builder(sys, dev).sandbox(!noSandbox).udevDb(udevDb);
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
    CompletableFuture<Path> stopped = new CompletableFuture<>();
    Thread hook = new Thread(() -> {
      emu.close(); // in the hook itself: the JVM halts once hooks end, whatever other threads do
      stopped.complete(null);
    }, "sysfs-emu-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try (emu) {
      PrintWriter out = spec.commandLine().getOut();
      out.println("ready: sys=" + emu.sys() + " dev=" + emu.dev() + " devices="
          + emu.kernel().core().devices().size() + " records=" + emu.initialDevices()
          + " seqnum=" + emu.kernel().engine().seqnum()
          + emu.sandbox().map(s -> " sandbox=" + s.pid()).orElse(""));
      out.flush();
      UdevdReport.ruleProblems("mount", emu, spec.commandLine().getErr());
      var udevdEnded = UdevdReport.unexpectedExit(emu);
      udevdEnded.thenRun(() -> stopped.complete(null));
      Path gone = emu.unmounted().applyToEither(stopped, p -> p).get();
      if (udevdEnded.isDone()) {
        spec.commandLine().getErr().println("sysfs-emu mount: " + udevdEnded.join());
        return ExitCode.FAILURE;
      }
      if (gone != null) {
        spec.commandLine().getErr().println("sysfs-emu mount: " + gone + " was unmounted; stopping");
      }
      return ExitCode.OK;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.FAILURE;
    } catch (ExecutionException e) {
      return ExitCode.FAILURE;
    }
  }
}
