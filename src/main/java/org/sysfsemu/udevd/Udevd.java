package org.sysfsemu.udevd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.sysfsemu.sandbox.Sandbox;

/**
 * The system's own systemd-udevd, running inside a sandbox against the emulated devices
 * (docs/udev.md): the system rules plus the user's rules directory (bound over {@code
 * /etc/udev/rules.d}, udev's highest-priority directory), kernel modules out of reach (an empty
 * {@code /lib/modules}), node opens failing with ENXIO ({@code node-open}), its log in the
 * sandbox's {@code /run/sysfs-emu/udevd.log}. {@link #start} returns once udevd listens and the
 * coldplug ({@code udevadm trigger --type=devices --action=add --settle}) is done.
 */
public final class Udevd implements AutoCloseable {
  /** The daemon, as Debian installs it. */
  public static final Path UDEVD = Paths.get("/lib/systemd/systemd-udevd");
  /** udevd's log inside the sandbox. */
  public static final String LOG = "/run/sysfs-emu/udevd.log";
  /** Where the user's rules are inside the sandbox. */
  static final String RULES = "/etc/udev/rules.d";
  private static final long START_TIMEOUT_MS = 15_000;

  private final Process process;
  private final Path log;
  private volatile boolean stopping;
  private volatile IntConsumer onExit = status -> {};

  private Udevd(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts udevd in {@code sandbox} with the user's rules in {@code rules} (or none), coldplugs
   * every device and waits for the queue to empty.
   *
   * @throws IOException with a one-line reason: udevd or a tool missing, udevd exiting at start,
   *     or the coldplug failing
   */
  public static Udevd start(Sandbox sandbox, Path rules) throws IOException {
    if (!Files.isExecutable(UDEVD)) {
      throw new IOException("--udevd: " + UDEVD + " is missing (apt-get install udev)");
    }
    if (rules != null && !Files.isDirectory(rules)) {
      throw new IOException("--rules: " + rules + " is not a directory");
    }
    Path nodeOpen = NodeOpenHelper.binary();
    Path log = sandbox.run().resolve("sysfs-emu/udevd.log");
    Files.createDirectories(log.getParent());
    Files.deleteIfExists(log);
    inside(sandbox, prepareScript(rules), "prepare the sandbox for udevd");
    ProcessBuilder pb = new ProcessBuilder(sandbox.enter(List.of(nodeOpen.toString(), "/dev", UDEVD.toString())));
    environment(pb);
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process p = pb.start();
    p.getOutputStream().close();
    Udevd udevd = new Udevd(p, log);
    try {
      udevd.awaitListening(sandbox.run().resolve("udev/control"));
      inside(sandbox, "udevadm trigger --type=devices --action=add --settle", "coldplug (udevadm trigger --settle)");
      if (!p.isAlive()) {
        throw udevd.exited("during the coldplug");
      }
    } catch (IOException | RuntimeException e) {
      p.destroyForcibly();
      throw e;
    }
    Thread watcher = new Thread(() -> {
      try {
        int status = p.waitFor();
        if (!udevd.stopping) {
          udevd.onExit.accept(status);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "udevd-watcher");
    watcher.setDaemon(true);
    watcher.start();
    return udevd;
  }

  /** What runs first inside: kernel modules hidden, the user's rules bound over /etc/udev/rules.d. */
  private static String prepareScript(Path rules) {
    StringBuilder s = new StringBuilder("set -e\n");
    s.append("if [ -d /lib/modules ]; then mount -t tmpfs -o ro,mode=0555 tmpfs /lib/modules; fi\n");
    if (rules != null) {
      s.append("if [ -d ").append(RULES).append(" ]; then mount --bind ").append(quote(rules.toAbsolutePath().toString()))
          .append(' ').append(RULES).append("; else mkdir -p /run/udev/rules.d && mount --bind ")
          .append(quote(rules.toAbsolutePath().toString())).append(" /run/udev/rules.d; fi\n");
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

  private void awaitListening(Path control) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw exited("at start");
      }
      try {
        if (Files.readAttributes(control, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
          return; // the control socket is bound: udevd has loaded its rules and listens
        }
      } catch (IOException e) {
        // not there yet
      }
      sleep(10);
    }
    throw new IOException("systemd-udevd did not start listening within " + START_TIMEOUT_MS / 1000 + " s; its log: " + log);
  }

  private IOException exited(String when) {
    try {
      process.waitFor(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new IOException(exitMessage(process.isAlive() ? -1 : process.exitValue()).replace("ended unexpectedly", "ended " + when));
  }

  private static void inside(Sandbox sandbox, String script, String what) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(sandbox.enter(List.of("/bin/sh", "-c", script))).redirectErrorStream(true);
    environment(pb);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    try {
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("--udevd: " + what + " did not finish within 90 s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + what, e);
    }
    if (p.exitValue() != 0) {
      throw new IOException("--udevd: cannot " + what + ": " + (out.isEmpty() ? "exit status " + p.exitValue() : out.lines().findFirst().get()));
    }
  }

  private static void environment(ProcessBuilder pb) {
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    pb.environment().put("SYSTEMD_DEVICE_VERIFY_SYSFS", "0");
    pb.environment().put("SYSTEMD_LOG_TARGET", "console");
    pb.environment().put("SYSTEMD_LOG_COLOR", "0");
  }

  private static void sleep(long ms) throws IOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting systemd-udevd", e);
    }
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
