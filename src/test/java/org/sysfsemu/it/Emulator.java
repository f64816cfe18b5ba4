package org.sysfsemu.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The real product under test: {@code java -jar target/sysfs-emu.jar mount ...} in its own
 * process, mounting real FUSE filesystems in a temporary directory. Started, waited for until it
 * prints its {@code ready} line, and stopped with SIGTERM as a user would.
 */
public final class Emulator implements AutoCloseable {
  private final Process process;
  private final Path sys;
  private final Path dev;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final StringBuilder log = new StringBuilder();
  private volatile String readyLine;

  private Emulator(Process process, Path sys, Path dev) {
    this.process = process;
    this.sys = sys;
    this.dev = dev;
    Thread t = new Thread(this::pump, "emulator-output");
    t.setDaemon(true);
    t.start();
  }

  /** The jar Maven built (set by Failsafe), or target/sysfs-emu.jar. */
  public static Path jar() {
    return Paths.get(System.getProperty("sysfsemu.jar", "target/sysfs-emu.jar")).toAbsolutePath();
  }

  /** Starts {@code sysfs-emu mount} with {@code extraArgs} on {@code dir}/sys and {@code dir}/dev. */
  public static Emulator start(Path dir, String... extraArgs) throws Exception {
    Path sys = dir.resolve("sys");
    Path dev = dir.resolve("dev");
    List<String> cmd = new ArrayList<>(List.of("java", "-jar", jar().toString(), "mount",
        "--sys", sys.toString(), "--dev", dev.toString()));
    cmd.addAll(List.of(extraArgs));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    Emulator e = new Emulator(p, sys, dev);
    e.readyLine = e.awaitLine("ready", 30);
    return e;
  }

  public Path sys() {
    return sys;
  }

  /** The host PID of the sandbox's init, from the ready line; fails when it has no sandbox. */
  public long sandboxPid() {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(" sandbox=([0-9]+)").matcher(readyLine);
    if (!m.find()) {
      throw new AssertionError("no sandbox in the ready line: " + readyLine);
    }
    return Long.parseLong(m.group(1));
  }

  /**
   * The command line that runs {@code argv} in the sandbox, as {@code sysfs-emu enter} does
   * (without a JVM start): nsenter into its user, mount, network and PID namespaces.
   */
  public List<String> inside(String... argv) {
    List<String> cmd = new ArrayList<>(List.of("env", "SYSTEMD_DEVICE_VERIFY_SYSFS=0",
        "SYSFS_EMU_SYS=/sys", "SYSFS_EMU_DEV=/dev"));
    cmd.addAll(List.of(argv));
    return org.sysfsemu.sandbox.Sandbox.enter("nsenter", sandboxPid(), cmd);
  }

  /** Runs {@code sh -c script} in the sandbox and returns what it printed (60 s at most). */
  public Shell.Result insideSh(String script) {
    return Shell.run(inside("sh", "-c", script));
  }

  public Path dev() {
    return dev;
  }

  /** Waits for an output line starting with {@code prefix}; fails with the log on timeout. */
  public String awaitLine(String prefix, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      String l = lines.poll(100, TimeUnit.MILLISECONDS);
      if (l != null && l.startsWith(prefix)) {
        return l;
      }
      if (l == null && !process.isAlive() && lines.isEmpty()) {
        break;
      }
    }
    throw new AssertionError("no '" + prefix + "' line from the emulator; output:\n" + log());
  }

  /** Everything the emulator printed so far. */
  public synchronized String log() {
    return log.toString();
  }

  public Process process() {
    return process;
  }

  private void pump() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l; (l = r.readLine()) != null; ) {
        synchronized (this) {
          log.append(l).append('\n');
        }
        lines.add(l);
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }

  /** Stops the emulator with SIGTERM and waits for it; returns its exit code. */
  public int stop() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
    return process.exitValue();
  }

  /** Whether {@code path} is a mount point now (per /proc/mounts). */
  public static boolean isMounted(Path path) throws IOException {
    String p = path.toAbsolutePath().toString();
    for (String line : Files.readAllLines(Paths.get("/proc/mounts"))) {
      String[] f = line.split(" ");
      if (f.length > 1 && f[1].equals(p)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws Exception {
    stop();
  }
}
