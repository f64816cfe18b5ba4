package org.sysfsemu.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sysfs-emu settle}: like {@code udevadm settle}, returns once every event sent so far has
 * been delivered to every reader's queue and every helper process it started has exited.
 */
@Command(name = "settle", mixinStandardHelpOptions = true,
    description = "Wait until every event so far is delivered and every helper it started has exited.")
final class SettleCommand implements Callable<Integer> {
  /** How long {@code -t 0} waits for the emulator's answer: enough for a round trip, not for a helper. */
  static final long CHECK_MILLIS = 250;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin EmulatorOptions emulator;

  @Option(names = {"-t", "--timeout"}, defaultValue = "120", paramLabel = "SECONDS",
      description = "Give up after this long, with exit status 1; 0 checks once and returns at once "
          + "(default: ${DEFAULT-VALUE}, as udevadm).")
  double timeout;

  @Option(names = {"-E", "--exit-if-exists"}, paramLabel = "FILE",
      description = "Stop waiting (exit status 0) once FILE exists.")
  Path exitIfExists;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (!(timeout >= 0) || Double.isInfinite(timeout)) {
      err.println("sysfs-emu settle: --timeout must be a number of seconds >= 0");
      return ExitCode.USAGE;
    }
    return settle(new ControlClient(emulator.dev()), timeout, exitIfExists, err);
  }

  /**
   * Waits for the emulator to settle: 0 when it did (or {@code exitIfExists} appeared), 1 on
   * timeout or when no emulator runs, each with a line on {@code err}.
   */
  static int settle(ControlClient client, double timeout, Path exitIfExists, PrintWriter err) {
    String notRunning = client.notRunning();
    if (notRunning != null) {
      err.println("sysfs-emu settle: " + notRunning);
      return ExitCode.FAILURE;
    }
    if (exitIfExists != null && Files.exists(exitIfExists)) {
      return ExitCode.OK;
    }
    ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "settle");
      t.setDaemon(true);
      return t;
    });
    try {
      Future<String> answer = reader.submit(() -> client.read("settle"));
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout == 0 ? CHECK_MILLIS : (long) (timeout * 1000));
      while (true) {
        long left = deadline - System.nanoTime();
        try {
          answer.get(Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100))), TimeUnit.NANOSECONDS);
          return ExitCode.OK;
        } catch (TimeoutException e) {
          if (exitIfExists != null && Files.exists(exitIfExists)) {
            return ExitCode.OK;
          }
          if (System.nanoTime() - deadline >= 0) {
            err.println(timeout == 0 ? "sysfs-emu settle: not settled: helpers are still running"
                : "sysfs-emu settle: timeout after " + timeout + " s: helpers are still running");
            return ExitCode.FAILURE;
          }
        }
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      err.println("sysfs-emu settle: " + (cause instanceof IOException ? cause.getMessage() : cause));
      return ExitCode.FAILURE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.FAILURE;
    } finally {
      reader.shutdownNow();
    }
  }
}
