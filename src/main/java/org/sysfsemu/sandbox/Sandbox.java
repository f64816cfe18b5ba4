package org.sysfsemu.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
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
import org.sysfsemu.devfs.DevfsTree;
import org.sysfsemu.error.SysfsException;

/**
 * The world where tools see the emulated /sys and /dev at their real paths: new user, mount,
 * network and PID namespaces whose first process (the sandbox's init) binds the emulated mounts
 * over /sys and /dev, adds the host's harmless nodes, devpts, /dev/shm, a private /run and
 * {@code /proc/sys/kernel/hotplug} (the set-up script {@code setup.sh} beside this class), then
 * waits. Commands join it with {@code nsenter}; killing its init ends everything inside.
 *
 * <p>The emulator itself never enters: its JVM stays in the parent namespaces, where /sys is the
 * host's (docs/sandbox.md). The user namespace maps every id to itself when started by root, and
 * the caller to root otherwise; with it the network namespace receives none of the host's
 * kernel uevents, only what the emulator injects.
 */
public final class Sandbox implements AutoCloseable {
  private static final long START_TIMEOUT_MS = 15_000;
  private static final String UNSHARE = "unshare";
  private static final String NSENTER = "nsenter";

  private final Process holder;
  private final long init;
  private final Path run;
  private final String nsenter;

  private Sandbox(Process holder, long init, Path run, String nsenter) {
    this.holder = holder;
    this.init = init;
    this.run = run;
    this.nsenter = nsenter;
  }

  /**
   * Starts a sandbox over the emulated mounts {@code sys} and {@code dev} (of the tree {@code
   * devfs}), with {@code run} (a host directory the emulator owns) as its /run. Returns once the
   * set-up has finished.
   *
   * @throws IOException with a one-line reason: namespaces refused by the kernel, a tool missing,
   *     or a set-up step failing (its message)
   */
  public static Sandbox start(DevfsTree devfs, Path sys, Path dev, Path run) throws IOException, SysfsException {
    String unshare = Tools.find(UNSHARE);
    String nsenter = Tools.find(NSENTER);
    BootNodes.create(devfs);
    RunDirectory.prepare(run);
    // the set-up as a file (in the sandbox's /run), so that ps shows its path, not its text
    Path setup = run.resolve("sysfs-emu/setup.sh");
    Files.createDirectories(setup.getParent());
    Files.writeString(setup, setupScript());
    List<String> cmd = new ArrayList<>(List.of(unshare, "--user", "--mount", "--net",
        "--propagation", "private", "--", "/bin/sh", "-c",
        // waits until the emulator has written the id maps, so that the next exec is root inside
        "read go && exec " + shellQuote(unshare) + " --pid --fork --mount-proc -- /bin/sh \"$0\" \"$@\"",
        setup.toString(), sys.toString(), dev.toString(), run.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(Paths.get("/").toFile());
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    Process p = pb.start();
    CompletableFuture<String> errors = drain(p.getErrorStream());
    try {
      try {
        IdMaps.write(p.pid());
      } catch (IOException e) {
        throw new IOException(e.getMessage() + ": " + firstLine(errors, "user namespaces refused"), e);
      }
      try (OutputStream go = p.getOutputStream()) {
        go.write("go\n".getBytes(StandardCharsets.US_ASCII));
      }
      String line = awaitReady(p);
      if (!"ready".equals(line)) {
        p.waitFor(2, TimeUnit.SECONDS);
        throw new IOException("the sandbox could not be set up: " + firstLine(errors, "no reason given"));
      }
      long init = initOf(p.pid());
      return new Sandbox(p, init, run, nsenter);
    } catch (IOException | RuntimeException e) {
      p.destroyForcibly();
      throw e;
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the sandbox", e);
    }
  }

  /** The host PID of the sandbox's init (PID 1 inside). */
  public long pid() {
    return init;
  }

  /** The sandbox's network namespace, for sockets opened from outside. */
  public Path netns() {
    return Paths.get("/proc", Long.toString(init), "ns", "net");
  }

  /** The host directory the sandbox has as /run. */
  public Path run() {
    return run;
  }

  /** Whether the sandbox is still up. */
  public boolean isAlive() {
    return holder.isAlive();
  }

  /** The command line that runs {@code argv} inside (as root of the sandbox, keeping the cwd). */
  public List<String> enter(List<String> argv) {
    return enter(nsenter, init, argv);
  }

  /** The same for a sandbox known by its init's PID (e.g. from another process). */
  public static List<String> enter(String nsenter, long init, List<String> argv) {
    // --preserve-credentials: the caller's ids are root's inside (setgroups is denied there for a user)
    List<String> cmd = new ArrayList<>(List.of(nsenter, "--target", Long.toString(init),
        "--user", "--mount", "--net", "--pid", "--preserve-credentials", "--"));
    cmd.addAll(argv);
    return cmd;
  }

  /** Stops the sandbox: its init is killed, and every process inside with it. Idempotent. */
  @Override
  public void close() {
    ProcessHandle.of(init).ifPresent(ProcessHandle::destroyForcibly);
    holder.destroyForcibly();
    try {
      holder.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String awaitReady(Process p) throws IOException, InterruptedException {
    CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
      try {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        return Objects.requireNonNullElse(r.readLine(), "");
      } catch (IOException e) {
        return "";
      }
    });
    try {
      return first.get(START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException("the sandbox did not start", e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("the sandbox did not start within " + START_TIMEOUT_MS / 1000 + " s");
    }
  }

  /** The sandbox's init: the only child of the second {@code unshare} (same PID as the first). */
  private static long initOf(long holder) throws IOException {
    String children = Files.readString(Paths.get("/proc", Long.toString(holder), "task", Long.toString(holder), "children")).trim();
    if (children.isEmpty() || children.contains(" ")) {
      throw new IOException("the sandbox's init process was not found (children of " + holder + ": '" + children + "')");
    }
    return Long.parseLong(children);
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    });
  }

  private static String firstLine(CompletableFuture<String> text, String otherwise) {
    try {
      String s = text.get(2, TimeUnit.SECONDS).strip();
      return s.isEmpty() ? otherwise : s.lines().findFirst().orElse(otherwise);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return otherwise;
    } catch (ExecutionException | TimeoutException e) {
      return otherwise;
    }
  }

  private static String setupScript() throws IOException {
    try (InputStream in = Sandbox.class.getResourceAsStream("setup.sh")) {
      if (in == null) {
        throw new IOException("setup.sh missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
