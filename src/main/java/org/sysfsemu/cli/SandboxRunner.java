package org.sysfsemu.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.sysfsemu.SysfsEmu;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.loader.TreeFormatException;
import org.sysfsemu.sandbox.Sandbox;

/**
 * The body of {@code run} and {@code shell}: starts an emulator with its sandbox on temporary
 * mount points, runs one command inside once everything is ready, and stops everything when the
 * command ends (or the JVM is told to stop). Returns the command's exit status.
 */
final class SandboxRunner {
  private SandboxRunner() {}

  /** {@code sys} and {@code dev} may be null: mount points in a temporary directory then. */
  static int run(String name, StartOptions start, Path sys, Path dev, List<String> command, PrintWriter err) {
    String bad = start.validate();
    if (bad != null) {
      err.println("sysfs-emu " + name + ": " + bad);
      return ExitCode.USAGE;
    }
    Path dir;
    try {
      dir = Files.createTempDirectory("sysfs-emu.");
    } catch (IOException e) {
      err.println("sysfs-emu " + name + ": cannot create a temporary directory: " + e.getMessage());
      return ExitCode.FAILURE;
    }
    try {
      SysfsEmu.Builder builder;
      try {
        builder = start.builder(sys != null ? sys : dir.resolve("sys"), dev != null ? dev : dir.resolve("dev")).sandbox(true);
      } catch (TreeFormatException | IOException e) {
        start.progress.done();
        err.println("sysfs-emu " + name + ": " + e.getMessage());
        return ExitCode.USAGE;
      }
      SysfsEmu emu;
      try {
        emu = builder.start();
      } catch (TreeFormatException | SysfsException e) {
        start.progress.done();
        err.println("sysfs-emu " + name + ": " + e.getMessage());
        return ExitCode.USAGE;
      } catch (IOException e) {
        start.progress.done();
        err.println("sysfs-emu " + name + ": " + e.getMessage());
        return ExitCode.FAILURE;
      }
      start.progress.done();
      Thread hook = new Thread(emu::close, "sysfs-emu-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try (emu) {
        Sandbox sandbox = emu.sandbox().orElseThrow();
        SandboxEnv.install(sandbox.run());
        ProcessBuilder pb = new ProcessBuilder(sandbox.enter(command)).inheritIO();
        SandboxEnv.apply(pb.environment());
        UdevdReport.ruleProblems(name, emu, err);
        var udevdEnded = UdevdReport.unexpectedExit(emu);
        Process p = pb.start();
        try {
          // whichever comes first: the command's end, or the end of a udevd that should run
          CompletableFuture.anyOf(p.onExit(), udevdEnded).get();
          if (p.isAlive()) {
            err.println("sysfs-emu " + name + ": " + udevdEnded.join() + "; stopping");
            err.flush();
            p.destroy();
            return ExitCode.FAILURE; // closing the emulator ends the sandbox and everything in it
          }
          return p.exitValue();
        } catch (ExecutionException e) {
          throw new IllegalStateException("waiting for the command", e.getCause()); // neither fails
        } catch (InterruptedException e) {
          p.destroy();
          Thread.currentThread().interrupt();
          return ExitCode.FAILURE;
        }
      } catch (IOException e) {
        err.println("sysfs-emu " + name + ": " + e.getMessage());
        return ExitCode.FAILURE;
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // the JVM is stopping: the hook closes the emulator
        }
      }
    } finally {
      // the emptied mount points; the emulator removes its own /run directory
      for (Path p : List.of(dir.resolve("sys"), dir.resolve("dev"), dir)) {
        p.toFile().delete();
      }
    }
  }
}
