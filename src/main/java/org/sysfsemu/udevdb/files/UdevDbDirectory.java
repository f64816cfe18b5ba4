package org.sysfsemu.udevdb.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.sysfsemu.udevdb.UdevDbEntry;
import org.sysfsemu.udevdb.UdevDbStore;

/**
 * The emulated udev database as files, in a directory laid out as udevd's {@code /run/udev} (a
 * sandbox binds it there): {@code data/<id>} (0644, written to a temporary name and renamed over
 * the old one, as udevd does; the first {@link #putAll} into the new directory writes in place),
 * {@code tags/<tag>/<id>} (empty, 0444), and {@code control}, an
 * empty file whose presence tells libudev monitors that a device manager runs. The directory must
 * be missing or empty at start (or hold only an empty {@code data/}, an empty {@code tags/} and
 * {@code control}, as a sandbox's run directory does), and is emptied again by {@link #close}. Write failures are logged
 * and do not stop the emulator, as udevd logs them and goes on.
 */
public final class UdevDbDirectory implements UdevDbStore, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(UdevDbDirectory.class.getName());
  /** The host's own udev database, which the emulator never writes. */
  private static final Path HOST_RUN_UDEV = Paths.get("/run/udev");
  private static final Set<PosixFilePermission> DATA_MODE = PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> TAG_MODE = PosixFilePermissions.fromString("r--r--r--");
  private static final FileAttribute<Set<PosixFilePermission>> DATA_ATTR = PosixFilePermissions.asFileAttribute(DATA_MODE);
  private static final FileAttribute<Set<PosixFilePermission>> TAG_ATTR = PosixFilePermissions.asFileAttribute(TAG_MODE);
  private static final Set<OpenOption> WRITE =
      Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);

  private final Path dir;
  private final Path data;
  private final Path tags;
  private final boolean created;
  private boolean closed;
  /** Nothing written or removed since {@link #open}: the directory is as it found it, empty. */
  private boolean untouched = true;

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

  /**
   * {@inheritDoc} Into the directory as {@link #open} left it (empty, not yet bound anywhere),
   * each data file is written in place, created with its mode, without the temporary file and
   * rename that keep a later change atomic for readers; each tag directory is made once; modes are
   * set apart only when the umask took bits off. Otherwise as {@link #put}.
   */
  @Override
  public synchronized void putAll(Collection<UdevDbEntry> entries, IntConsumer written) {
    if (!untouched || closed) {
      UdevDbStore.super.putAll(entries, written);
      return;
    }
    untouched = false;
    Set<String> tagDirs = new HashSet<>();
    boolean modesKept = false; // whether the umask left a created file's mode as asked
    int n = 0;
    for (UdevDbEntry entry : entries) {
      Path file = data.resolve(entry.id());
      try {
        if (entry.shouldHaveDb()) {
          try (SeekableByteChannel c = Files.newByteChannel(file, WRITE, DATA_ATTR)) {
            ByteBuffer b = ByteBuffer.wrap(entry.contents());
            while (b.hasRemaining()) {
              c.write(b);
            }
          }
          if (!modesKept) {
            modesKept = Files.getPosixFilePermissions(file).equals(DATA_MODE);
            if (!modesKept) {
              Files.setPosixFilePermissions(file, DATA_MODE);
            }
          }
        } else {
          Files.deleteIfExists(file); // only an earlier entry of the same id can have made it
        }
        for (String tag : entry.tags()) {
          Path t = tags.resolve(tag);
          if (tagDirs.add(tag)) {
            Files.createDirectories(t);
          }
          tagFile(t.resolve(entry.id()), !modesKept);
        }
      } catch (IOException e) {
        LOG.warning(() -> "udev database: cannot write " + file + ": " + e);
      }
      written.accept(++n);
    }
  }

  @Override
  public synchronized void put(UdevDbEntry entry) {
    if (closed) {
      return;
    }
    untouched = false;
    Path file = data.resolve(entry.id());
    try {
      if (entry.shouldHaveDb()) {
        Path tmp = Files.createTempFile(data, ".#" + entry.id(), "");
        Files.write(tmp, entry.contents());
        Files.setPosixFilePermissions(tmp, DATA_MODE);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.deleteIfExists(file);
      }
      for (String tag : entry.tags()) {
        Path t = tags.resolve(tag);
        Files.createDirectories(t);
        tagFile(t.resolve(entry.id()), true);
      }
    } catch (IOException e) {
      LOG.warning(() -> "udev database: cannot write " + file + ": " + e);
    }
  }

  /**
   * Creates an empty tag file (0444), unless it exists; {@code fixMode}: sets the mode apart too,
   * for a umask that takes bits off the created file's.
   */
  private static void tagFile(Path f, boolean fixMode) throws IOException {
    try {
      Files.createFile(f, TAG_ATTR);
      if (fixMode) {
        Files.setPosixFilePermissions(f, TAG_MODE);
      }
    } catch (FileAlreadyExistsException e) {
      // already tagged
    }
  }

  @Override
  public synchronized void remove(UdevDbEntry entry) {
    if (closed) {
      return;
    }
    untouched = false;
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
