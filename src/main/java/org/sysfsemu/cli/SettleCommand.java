package org.sysfsemu.cli;

import java.io.IOException;
import java.io.PrintWriter;
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
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin EmulatorOptions emulator;

  @Option(names = {"-t", "--timeout"}, defaultValue = "120", paramLabel = "SECONDS",
      description = "Give up after this long, with exit status 1 (default: ${DEFAULT-VALUE}, as udevadm).")
  double timeout;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (!(timeout >= 0) || Double.isInfinite(timeout)) {
      err.println("sysfs-emu settle: --timeout must be a number of seconds >= 0");
      return ExitCode.USAGE;
    }
    ControlClient client = new ControlClient(emulator.dev());
    String notRunning = client.notRunning();
    if (notRunning != null) {
      err.println("sysfs-emu settle: " + notRunning);
      return ExitCode.FAILURE;
    }
    ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "settle");
      t.setDaemon(true);
      return t;
    });
    try {
      Future<String> answer = reader.submit(() -> client.read("settle"));
      answer.get((long) (timeout * 1000), TimeUnit.MILLISECONDS);
      return ExitCode.OK;
    } catch (TimeoutException e) {
      err.println("sysfs-emu settle: timeout after " + timeout + " s: helpers are still running");
      return ExitCode.FAILURE;
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
