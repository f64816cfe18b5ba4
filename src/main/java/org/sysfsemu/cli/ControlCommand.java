package org.sysfsemu.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The base of the commands that drive a running emulator through its control files: the
 * {@code --dev} option, the "not running" check, and how a result is printed.
 */
abstract class ControlCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin EmulatorOptions emulator;

  @Option(names = {"-q", "--quiet"}, description = "Print nothing on success.")
  boolean quiet;

  /** The control file and the command text to write to it; null after printing a usage error. */
  abstract String[] command();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    String[] fileAndText = command();
    if (fileAndText == null) {
      return ExitCode.USAGE;
    }
    ControlClient client = new ControlClient(emulator.dev());
    String notRunning = client.notRunning();
    if (notRunning != null) {
      err.println(name() + ": " + notRunning);
      return ExitCode.FAILURE;
    }
    try (AutoCloseableProgress watch = progress()) {
      ControlClient.Reply reply = client.send(fileAndText[0], fileAndText[1]);
      watch.close(); // the line is erased before the result
      if (!reply.ok()) {
        err.println(name() + ": " + reply.message());
        return ExitCode.FAILURE;
      }
      if (!quiet) {
        spec.commandLine().getOut().println(reply.message());
      }
      return ExitCode.OK;
    } catch (IOException e) {
      err.println(name() + ": " + e.getMessage());
      return ExitCode.FAILURE;
    }
  }

  /** A progress line shown while the command runs, erased when it ends. */
  interface AutoCloseableProgress extends AutoCloseable {
    @Override
    void close();
  }

  /** This command's progress line; none by default. */
  AutoCloseableProgress progress() {
    return () -> {};
  }

  /** Prints a usage error naming the command. */
  final String[] usage(String message) {
    spec.commandLine().getErr().println(name() + ": " + message);
    return null;
  }

  /**
   * The devpath a user means: a devpath as it is; a path in /sys ({@code /sys/...} stands for the
   * emulator's /sys) or in the mount, resolved to its device. Anything else is passed on unchanged
   * (the emulator refuses what is no device).
   */
  final String devpath(String arg) {
    if (arg.startsWith("/devices/")) {
      return arg;
    }
    try {
      Path root = emulator.sys().toRealPath();
      Path real = (arg.startsWith("/sys/") ? emulator.sys().resolve(arg.substring(5)) : Path.of(arg)).toRealPath();
      if (real.startsWith(root) && !real.equals(root)) {
        return "/" + root.relativize(real);
      }
      int at = real.toString().indexOf("/devices/");
      return at >= 0 ? real.toString().substring(at) : arg;
    } catch (IOException | RuntimeException e) {
      return arg;
    }
  }

  final String name() {
    return "sysfs-emu " + spec.name();
  }
}
