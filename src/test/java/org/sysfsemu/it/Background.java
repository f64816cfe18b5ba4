package org.sysfsemu.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real process running in the background (a reader such as {@code cat /dev/uevent}), whose
 * standard output is collected as it comes, so a test can wait for what it prints.
 */
public final class Background implements AutoCloseable {
  private final Process process;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Thread pump;

  private Background(Process process) {
    this.process = process;
    this.pump = new Thread(this::pump, "background-output");
    pump.setDaemon(true);
    pump.start();
  }

  /** Starts {@code command} (argv, no shell unless you ask for one). */
  public static Background start(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    return new Background(p);
  }

  /** Starts {@code sh -c script}. */
  public static Background sh(String script) throws IOException {
    return start(List.of("sh", "-c", script));
  }

  public Process process() {
    return process;
  }

  /** Everything printed so far. */
  public synchronized byte[] bytes() {
    return out.toByteArray();
  }

  /** Everything printed so far, as text (one byte per char). */
  public String text() {
    return new String(bytes(), StandardCharsets.ISO_8859_1);
  }

  /** Waits up to {@code seconds} for the output to satisfy {@code done}; returns the output. */
  public String await(Predicate<String> done, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      String t = text();
      if (done.test(t)) {
        return t;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("timed out; output so far:\n" + text());
  }

  /** Sends {@code signal} (e.g. INT) to the process. */
  public void kill(String signal) throws Exception {
    new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
  }

  private void pump() {
    byte[] buf = new byte[8192];
    try (InputStream in = process.getInputStream()) {
      for (int n; (n = in.read(buf)) > 0; ) {
        synchronized (this) {
          out.write(buf, 0, n);
        }
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
    pump.join(1000);
  }
}
