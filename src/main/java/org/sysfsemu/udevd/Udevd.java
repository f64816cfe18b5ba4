package org.sysfsemu.udevd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.sandbox.Sandbox;

/**
 * The system's own systemd-udevd, running inside a sandbox against the emulated devices
 * (docs/udev.md): the system rules plus the user's rules directory (bound over {@code
 * /etc/udev/rules.d}, udev's highest-priority directory), kernel modules out of reach (an empty
 * {@code /lib/modules}), node opens failing with ENXIO ({@code node-open}), its log in the
 * sandbox's {@code /run/sysfs-emu/udevd.log}.
 *
 * <p>{@link #launch} starts it and returns at once, so that it loads its rules while the emulator
 * finishes its own start; {@link #coldplug} waits until it is ready (its {@code READY=1}, relayed
 * by node-open), sends the {@code add} events and returns when udevd has processed them all
 * ({@code udevadm settle}).
 */
public final class Udevd implements AutoCloseable {
  /** The daemon, as Debian installs it. */
  public static final Path UDEVD = Paths.get("/lib/systemd/systemd-udevd");
  /** udevd's log inside the sandbox. */
  public static final String LOG = "/run/sysfs-emu/udevd.log";
  /** Where the user's rules are inside the sandbox. */
  static final String RULES = "/etc/udev/rules.d";
  private static final long START_TIMEOUT_MS = 15_000;
  private static final long SETTLE_TIMEOUT_S = 90;
  /** The exit status of the launch script when a mount before udevd fails. */
  private static final int PREPARE_FAILED = 125;

  private final Sandbox sandbox;
  private final Process process;
  private final Path log;
  private final CompletableFuture<String> ready;
  private volatile boolean stopping;
  private volatile IntConsumer onExit = status -> {};

  private Udevd(Sandbox sandbox, Process process, Path log) {
    this.sandbox = sandbox;
    this.process = process;
    this.log = log;
    this.ready = firstLine(process);
  }

  /**
   * Builds (once) or finds the node-open helper in the background, so that a later {@link
   * #launch} does not wait for it. Optional.
   */
  public static void prepareHelper() {
    NodeOpenHelper.binaryAsync();
  }

  /**
   * Starts udevd in {@code sandbox} with the user's rules in {@code rules} (or none), and returns
   * without waiting for it.
   *
   * @throws IOException with a one-line reason: udevd, the rules directory or a tool missing
   */
  public static Udevd launch(Sandbox sandbox, Path rules) throws IOException {
    if (!Files.isExecutable(UDEVD)) {
      throw new IOException("--udevd: " + UDEVD + " is missing (apt-get install udev)");
    }
    if (rules != null && !Files.isDirectory(rules)) {
      throw new IOException("--rules: " + rules + " is not a directory");
    }
    Path nodeOpen = NodeOpenHelper.await();
    Path log = sandbox.run().resolve("sysfs-emu/udevd.log");
    Files.createDirectories(log.getParent());
    Files.deleteIfExists(log);
    // one process: the mounts udevd needs, then node-open with udevd under it; node-open's own
    // output is READY=1 only, everything else (udevd's, the script's) goes to the log
    List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", prepareScript(rules) + "exec \"$0\" \"$@\"",
        nodeOpen.toString(), "-s", "/sys", "/dev", UDEVD.toString()));
    ProcessBuilder pb = new ProcessBuilder(sandbox.enter(argv));
    environment(pb);
    pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process p = pb.start();
    p.getOutputStream().close();
    return new Udevd(sandbox, p, log);
  }

  /**
   * The coldplug: waits until udevd is ready, runs {@code trigger} (which sends the {@code add}
   * events, see {@link Coldplug}), and returns once udevd has processed every event ({@code
   * udevadm settle}), so that its database is complete. Then watches udevd for an unexpected end.
   *
   * @throws IOException with a one-line reason: udevd exiting or not getting ready, the trigger
   *     or the settle failing; udevd is stopped then
   */
  public void coldplug(Trigger trigger) throws IOException {
    try {
      awaitReady();
      try {
        trigger.run();
      } catch (SysfsException e) {
        throw new IOException("--udevd: the coldplug failed: " + e.getMessage(), e);
      }
      settle();
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
    Thread watcher = new Thread(() -> {
      try {
        int status = process.waitFor();
        if (!stopping) {
          onExit.accept(status);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "udevd-watcher");
    watcher.setDaemon(true);
    watcher.start();
  }

  /** What sends the coldplug's events. */
  @FunctionalInterface
  public interface Trigger {
    void run() throws SysfsException;
  }

  /** What runs first inside: kernel modules hidden, the user's rules bound over /etc/udev/rules.d. */
  private static String prepareScript(Path rules) {
    StringBuilder s = new StringBuilder("fail() { echo \"cannot $1\" >&2; exit " + PREPARE_FAILED + "; }\n");
    s.append("if [ -d /lib/modules ]; then mount -t tmpfs -o ro,mode=0555 tmpfs /lib/modules || fail 'hide /lib/modules'; fi\n");
    if (rules != null) {
      String dir = quote(rules.toAbsolutePath().toString());
      s.append("if [ -d ").append(RULES).append(" ]; then mount --bind ").append(dir).append(' ').append(RULES)
          .append(" || fail 'bind the rules directory'; else mkdir -p /run/udev/rules.d && mount --bind ")
          .append(dir).append(" /run/udev/rules.d || fail 'bind the rules directory'; fi\n");
    }
    return s.toString();
  }

  /** Calls {@code action} with the exit status if udevd ends other than by {@link #close}. */
  public void onUnexpectedExit(IntConsumer action) {
    onExit = action;
    if (!process.isAlive() && !stopping) {
      action.accept(process.exitValue());
    }
  }

  /** The log on the host (the sandbox sees it as {@link #LOG}). */
  public Path log() {
    return log;
  }

  /** Whether udevd still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * The lines of udevd's log that are about the user's rules (syntax errors and the like), as
   * udevd wrote them.
   */
  public List<String> ruleProblems() {
    List<String> out = new ArrayList<>();
    for (String l : logLines()) {
      if (l.contains(RULES + "/") || l.contains("/run/udev/rules.d/")) {
        out.add(l);
      }
    }
    return out;
  }

  /** A one-line description of how udevd ended, with the last lines of its log. */
  public String exitMessage(int status) {
    String how = status > 128 ? "killed by signal " + (status - 128) : "exit status " + status;
    List<String> lines = logLines();
    String tail = String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    return "systemd-udevd ended unexpectedly (" + how + "); its log is " + LOG + " in the sandbox"
        + (tail.isEmpty() ? "" : "; last lines: " + tail);
  }

  private List<String> logLines() {
    try {
      return Files.readAllLines(log, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Waits for node-open's READY=1 line: udevd has loaded its rules and listens. */
  private void awaitReady() throws IOException {
    String line;
    try {
      line = ready.get(START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IOException("systemd-udevd did not get ready within " + START_TIMEOUT_MS / 1000 + " s; its log: " + log);
    } catch (ExecutionException e) {
      throw new IOException("systemd-udevd did not start", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting systemd-udevd", e);
    }
    if (!"READY=1".equals(line)) { // end of file: node-open, udevd or the script before them ended
      throw exited("at start");
    }
  }

  private IOException exited(String when) {
    try {
      process.waitFor(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int status = process.isAlive() ? -1 : process.exitValue();
    if (status == PREPARE_FAILED) {
      return new IOException("--udevd: cannot prepare the sandbox for udevd: " + String.join(" | ", logLines()));
    }
    return new IOException(exitMessage(status).replace("ended unexpectedly", "ended " + when));
  }

  /** {@code udevadm settle} inside, given up when udevd ends meanwhile. */
  private void settle() throws IOException {
    ProcessBuilder pb = new ProcessBuilder(sandbox.enter(List.of("udevadm", "settle", "--timeout=" + SETTLE_TIMEOUT_S)));
    environment(pb);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        return "";
      }
    });
    try {
      CompletableFuture.anyOf(p.onExit(), process.onExit()).get(SETTLE_TIMEOUT_S + 5, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      p.destroyForcibly();
      throw new IOException("--udevd: the coldplug did not settle within " + SETTLE_TIMEOUT_S + " s");
    } catch (ExecutionException e) {
      p.destroyForcibly();
      throw new IOException("--udevd: the coldplug's settle failed", e.getCause());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the coldplug", e);
    }
    if (!process.isAlive()) {
      p.destroyForcibly();
      throw exited("during the coldplug");
    }
    if (p.exitValue() != 0) {
      String text = out.completeOnTimeout("", 1, TimeUnit.SECONDS).join(); // its output ends with it
      throw new IOException("--udevd: the coldplug did not settle (udevadm settle: "
          + (text.isEmpty() ? "exit status " + p.exitValue() : text.lines().findFirst().get()) + ")");
    }
  }

  /** The first line of {@code p}'s standard output, or "" at its end. */
  private static CompletableFuture<String> firstLine(Process p) {
    CompletableFuture<String> line = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        line.complete(Objects.requireNonNullElse(r.readLine(), ""));
        r.transferTo(Writer.nullWriter()); // keeps the pipe drained; ends with node-open
      } catch (IOException e) {
        line.complete("");
      }
    }, "udevd-ready");
    t.setDaemon(true);
    t.start();
    return line;
  }

  private static void environment(ProcessBuilder pb) {
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    pb.environment().put("SYSTEMD_DEVICE_VERIFY_SYSFS", "0");
    pb.environment().put("SYSTEMD_LOG_TARGET", "console");
    pb.environment().put("SYSTEMD_LOG_COLOR", "0");
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** Marks the end as expected; the sandbox's end stops the daemon and its workers. */
  @Override
  public void close() {
    stopping = true;
    process.destroy();
  }
}
