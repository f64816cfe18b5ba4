package org.sysfsemu.udevdb.files;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.sysfsemu.udevdb.UdevDbEntry;
import org.sysfsemu.udevdb.UdevDbStore;

/**
 * The emulated udev database as files, in a directory laid out as udevd's {@code /run/udev} (a
 * sandbox binds it there): {@code data/<id>} (0644, written to a temporary name and renamed over
 * the old one, as udevd does), {@code tags/<tag>/<id>} (empty, 0444), and {@code control}, an
 * empty file whose presence tells libudev monitors that a device manager runs. The directory must
 * be missing or empty at start (or hold only an empty {@code data/}, an empty {@code tags/} and
 * {@code control}, as a sandbox's run directory does), and is emptied again by {@link #close}. Write failures are logged
 * and do not stop the emulator, as udevd logs them and goes on.
 */
public final class UdevDbDirectory implements UdevDbStore, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(UdevDbDirectory.class.getName());
  /** The host's own udev database, which the emulator never writes. */
  private static final Path HOST_RUN_UDEV = Paths.get("/run/udev");

  private final Path dir;
  private final Path data;
  private final Path tags;
  private final boolean created;
  private boolean closed;

  private UdevDbDirectory(Path dir, boolean created) {
    this.dir = dir;
    this.data = dir.resolve("data");
    this.tags = dir.resolve("tags");
    this.created = created;
  }

  /**
   * Prepares {@code dir} (created when missing; it must be empty otherwise): {@code data/}, {@code
   * tags/} and {@code control}.
   *
   * @throws IOException naming the directory: not empty, the host's /run/udev, or not writable
   */
  public static UdevDbDirectory open(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    if (Files.exists(abs) && abs.toRealPath().equals(HOST_RUN_UDEV)) {
      throw new IOException(dir + " is the host's udev database; give a directory of its own");
    }
    boolean created = !Files.exists(abs);
    Files.createDirectories(abs);
    if (!isEmptyLayout(abs)) {
      throw new IOException(dir + " is not empty (another emulator's database, or one left behind: remove its contents)");
    }
    UdevDbDirectory d = new UdevDbDirectory(abs, created);
    Files.createDirectories(d.data);
    Files.createDirectories(d.tags);
    if (!Files.exists(abs.resolve("control"))) {
      Files.createFile(abs.resolve("control"));
    }
    return d;
  }

  /** Whether {@code dir} holds nothing but an empty {@code data/}, an empty {@code tags/} and {@code control}. */
  private static boolean isEmptyLayout(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String name = p.getFileName().toString();
        boolean emptyDir = (name.equals("data") || name.equals("tags")) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
            && isEmptyDir(p);
        if (!emptyDir && !(name.equals("control") && !Files.isDirectory(p))) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isEmptyDir(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  /** The directory (what a sandbox binds as /run/udev). */
  public Path dir() {
    return dir;
  }

  @Override
  public synchronized void put(UdevDbEntry entry) {
    if (closed) {
      return;
    }
    Path file = data.resolve(entry.id());
    try {
      if (entry.shouldHaveDb()) {
        Path tmp = Files.createTempFile(data, ".#" + entry.id(), "");
        Files.write(tmp, entry.contents());
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.deleteIfExists(file);
      }
      for (String tag : entry.tags()) {
        Path t = tags.resolve(tag);
        Files.createDirectories(t);
        try {
          Files.createFile(t.resolve(entry.id()));
          Files.setPosixFilePermissions(t.resolve(entry.id()), PosixFilePermissions.fromString("r--r--r--"));
        } catch (FileAlreadyExistsException e) {
          // already tagged
        }
      }
    } catch (IOException e) {
      LOG.warning(() -> "udev database: cannot write " + file + ": " + e);
    }
  }

  @Override
  public synchronized void remove(UdevDbEntry entry) {
    if (closed) {
      return;
    }
    try {
      Files.deleteIfExists(data.resolve(entry.id()));
      for (String tag : entry.tags()) {
        Files.deleteIfExists(tags.resolve(tag).resolve(entry.id()));
      }
    } catch (IOException e) {
      LOG.warning(() -> "udev database: cannot remove " + entry.id() + ": " + e);
    }
  }

  /** Deletes everything in the directory, and the directory itself if {@link #open} made it. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<Path> all = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(all::add);
    } catch (IOException e) {
      LOG.warning(() -> "udev database: cannot list " + dir + ": " + e);
    }
    for (Path p : all) {
      if (p.equals(dir) && !created) {
        continue;
      }
      try {
        Files.deleteIfExists(p);
      } catch (DirectoryNotEmptyException e) {
        LOG.warning(() -> "udev database: " + p + " got new files; left in place");
      } catch (IOException e) {
        LOG.warning(() -> "udev database: cannot delete " + p + ": " + e);
      }
    }
  }
}
