package org.sysfsemu.udevd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The {@code node-open} program (its C source is beside this class): built once per source
 * version with the system's {@code cc} into the user's cache ({@code
 * $XDG_CACHE_HOME/sysfs-emu}, else {@code $HOME/.cache/sysfs-emu}, mode 0700).
 */
final class NodeOpenHelper {
  private static CompletableFuture<Path> lookup;

  private NodeOpenHelper() {}

  /**
   * The built program, found (or built) once per process on a background thread: {@link
   * Udevd#prepareHelper} starts it early, and the answer is kept while the file is there.
   */
  static synchronized CompletableFuture<Path> binaryAsync() {
    if (lookup == null || lookup.isCompletedExceptionally()
        || (lookup.isDone() && !Files.isExecutable(lookup.join()))) {
      lookup = CompletableFuture.supplyAsync(() -> {
        try {
          return binary();
        } catch (IOException e) {
          throw new CompletionException(e);
        }
      });
    }
    return lookup;
  }

  /** {@link #binaryAsync}'s answer, waited for. */
  static Path await() throws IOException {
    try {
      return binaryAsync().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof IOException io) {
        throw new IOException(io.getMessage(), io);
      }
      throw e;
    }
  }

  /** The built program, building it first when needed. */
  private static Path binary() throws IOException {
    byte[] source;
    try (InputStream in = NodeOpenHelper.class.getResourceAsStream("node-open.c")) {
      if (in == null) {
        throw new IOException("node-open.c missing from the jar");
      }
      source = in.readAllBytes();
    }
    Path dir = cacheDir();
    Path bin = dir.resolve("node-open-" + digest(source));
    if (Files.isExecutable(bin)) {
      return bin;
    }
    Path src = Files.createTempFile(dir, "node-open", ".c");
    Path out = Files.createTempFile(dir, "node-open", ".bin");
    try {
      Files.write(src, source);
      Process cc = new ProcessBuilder("cc", "-O2", "-o", out.toString(), src.toString()).redirectErrorStream(true).start();
      String log = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!cc.waitFor(60, TimeUnit.SECONDS) || cc.exitValue() != 0) {
        throw new IOException("cannot build the node-open helper with cc: " + log.strip());
      }
      Files.move(out, bin, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return bin;
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("Cannot run program")) {
        throw new IOException("--udevd needs a C compiler once, to build its node-open helper (apt-get install gcc)", e);
      }
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while building the node-open helper", e);
    } finally {
      Files.deleteIfExists(src);
      Files.deleteIfExists(out);
    }
  }

  private static Path cacheDir() throws IOException {
    String xdg = System.getenv("XDG_CACHE_HOME");
    // $HOME before user.home: as root of a user namespace of its own (a user's 'run'), the
    // password database names root's home, which is not the caller's
    String home = System.getenv("HOME");
    Path base = xdg != null && xdg.startsWith("/") ? Paths.get(xdg)
        : Paths.get(home != null && home.startsWith("/") ? home : System.getProperty("user.home"), ".cache");
    Path dir = base.resolve("sysfs-emu");
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new IOException("cannot make the cache directory " + dir + " for the node-open helper (" + e + ")", e);
    }
    return dir;
  }

  private static String digest(byte[] source) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source)).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
