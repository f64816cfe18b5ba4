package org.sysfsemu.fuse;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The host side of mounting: whether FUSE is installed, what is mounted where ({@code
 * /proc/self/mountinfo}), preparing a mountpoint, and running {@code fusermount}.
 */
final class MountPoints {
  private static final Logger LOG = Logger.getLogger(MountPoints.class.getName());
  private static final Path DEV_FUSE = Paths.get("/dev/fuse");
  private static final Path MOUNTINFO = Paths.get("/proc/self/mountinfo");
  private static final String INSTALL_HINT = "(Debian: apt-get install fuse libfuse2)";
  private static final String ENOTCONN_TEXT = "Transport endpoint is not connected";

  private MountPoints() {}

  /** The outcome of one {@code fusermount} run. */
  record Result(int exit, String err) {
    boolean ok() {
      return exit == 0;
    }
  }

  /** Fails, naming what to install, unless /dev/fuse, {@code fusermount} and libfuse 2 exist. */
  static void checkPrerequisites() throws IOException {
    if (prerequisitesFound) {
      return; // once per process: each check runs fusermount -V
    }
    if (!Files.exists(DEV_FUSE)) {
      throw new IOException(
          "FUSE is not available: /dev/fuse is missing " + INSTALL_HINT + "; modprobe fuse");
    }
    String fusermount = fusermountProblem();
    if (fusermount != null) {
      throw new IOException("FUSE is not available: " + fusermount + " " + INSTALL_HINT);
    }
    try {
      FuseExt.load();
    } catch (LinkageError | RuntimeException e) {
      throw new IOException(
          "FUSE is not available: libfuse.so.2 cannot be loaded " + INSTALL_HINT, e);
    }
    prerequisitesFound = true;
  }

  /** Whether a check found everything (nothing uninstalls FUSE while the emulator runs). */
  private static volatile boolean prerequisitesFound;

  /**
   * Makes {@code mountpoint} ready for a mount and returns its real path: creates it when missing,
   * lazily unmounts a dead FUSE mount left by a killed daemon, and refuses a live mount, a
   * non-directory and a non-empty directory with a one-line message.
   */
  static Path prepare(Path mountpoint) throws IOException {
    Path p = mountpoint.toAbsolutePath().normalize();
    refuseSystemDirectory(p);
    try {
      Files.readAttributes(p, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      Files.createDirectories(p);
    } catch (FileSystemException e) {
      if (e.getReason() == null || !e.getReason().contains(ENOTCONN_TEXT)) {
        throw e;
      }
      recoverStale(p);
    }
    Path real = p.toRealPath();
    if (isMountPoint(real)) {
      throw new IOException("cannot mount at " + real + ": it is already a mount point");
    }
    if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("cannot mount at " + real + ": not a directory");
    }
    try (Stream<Path> entries = Files.list(real)) {
      if (entries.findAny().isPresent()) {
        throw new IOException("cannot mount at " + real + ": directory is not empty");
      }
    }
    return real;
  }

  /**
   * Refuses the emulator's own /sys, /dev, /proc (and anything below /sys and /proc, or above
   * them): a JVM that finds its own FUSE mount in place of /sys deadlocks the first time its VM
   * thread reads a cgroup file there, with every thread that could answer stopped.
   */
  static void refuseSystemDirectory(Path p) throws IOException {
    for (String d : List.of("/sys", "/dev", "/proc")) {
      Path sys = Paths.get(d);
      boolean below = !d.equals("/dev") && p.startsWith(sys);
      if (p.equals(sys) || below || sys.startsWith(p)) {
        throw new IOException("cannot mount at " + p + ": it is " + (p.equals(sys) ? "" : below ? "inside " : "above ")
            + "this process's own " + d + " (the emulator must never find its mounts there;"
            + " 'sysfs-emu run' gives tools the emulated /sys and /dev at their real paths)");
      }
    }
  }

  /** Waits until {@code file} on a new mount can be stat'ed (the daemon answers); bounded. */
  static void awaitServing(Path file, long millis) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (true) {
      try {
        Files.readAttributes(file, BasicFileAttributes.class);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException("the mount does not serve " + file + ": " + e.getMessage(), e);
        }
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for " + file);
      }
    }
  }

  private static void recoverStale(Path p) throws IOException {
    LOG.warning(p + ": " + ENOTCONN_TEXT + " (a dead FUSE mount); running fusermount -uz");
    Result r = fusermount("-uz", p);
    if (!r.ok()) {
      throw new IOException("cannot clear the dead mount at " + p + ": " + r.err().strip());
    }
    Files.readAttributes(p, BasicFileAttributes.class);
  }

  /** Whether {@code path} (a real, absolute path) is the mount point of some mount. */
  static boolean isMountPoint(Path path) throws IOException {
    String target = path.toString();
    for (String line : Files.readAllLines(MOUNTINFO, UTF_8)) {
      String[] f = line.split(" ", 6);
      if (f.length > 4 && unescape(f[4]).equals(target)) {
        return true;
      }
    }
    return false;
  }

  /** Waits until {@code path} shows up as a mount point; false after {@code millis}. */
  static boolean awaitMountPoint(Path path, long millis)
      throws IOException, InterruptedIOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!isMountPoint(path)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the mount at " + path);
      }
    }
    return true;
  }

  /** Runs {@code fusermount <flags> <path>} and waits for it (at most 10 s). */
  static Result fusermount(String flags, Path path) throws IOException {
    Process p =
        new ProcessBuilder(List.of("fusermount", flags, path.toString()))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    p.getOutputStream().close();
    try {
      String err = new String(p.getErrorStream().readAllBytes(), UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "fusermount " + flags + " " + path + " timed out");
      }
      return new Result(p.exitValue(), err);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while running fusermount " + flags);
    }
  }

  /** Undoes the octal escapes of mountinfo fields ({@code \040} for a space). */
  static String unescape(String field) {
    StringBuilder sb = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && isOctal(field, i + 1)) {
        sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }

  /** Why {@code fusermount -V} cannot run (not on PATH, or the reason it failed); null when it runs. */
  private static String fusermountProblem() {
    try {
      Process p =
          new ProcessBuilder(List.of("fusermount", "-V"))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      p.getOutputStream().close();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      return null;
    } catch (IOException e) {
      String m = String.valueOf(e.getMessage());
      return m.contains("error=2,") ? "fusermount is not on PATH" : "cannot run fusermount (" + m + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

}
