package org.sysfsemu.devfs;

import com.google.common.collect.ImmutableList;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;
import java.util.logging.Logger;
import org.sysfsemu.driver.DevNode;
import org.sysfsemu.driver.Devtmpfs;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/**
 * The emulated /dev: a small tmpfs (directories, device nodes, symlinks, regular files, owners
 * and modes) that devtmpfs fills as devices come and go (drivers/base/devtmpfs.c rules: created
 * before {@code add}, kept if the name exists, deleted before {@code remove} only if still the
 * node it made, with the parents it made), and that users and tools change as on a real /dev.
 */
public final class DevfsTree implements Devtmpfs {
  private static final Logger LOG = Logger.getLogger(DevfsTree.class.getName());
  private static final Pattern SLASHES = Pattern.compile("/+");
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Clock clock;
  private final DevfsNode.Dir root;

  public DevfsTree(Clock clock) {
    this.clock = clock;
    this.root = new DevfsNode.Dir("", 0755, 0, 0, clock.millis(), false);
  }

  // ---- devtmpfs ----

  @Override
  public void create(DevNode node) {
    lock.writeLock().lock();
    try {
      String[] parts = split(node.name());
      for (String part : parts) {
        if (part.equals(".") || part.equals("..")) {
          LOG.fine(() -> "devtmpfs: " + node.name() + ": no node name may hold . or ..");
          return;
        }
      }
      DevfsNode.Dir dir = root;
      for (int i = 0; i < parts.length - 1; i++) {
        DevfsNode c = dir.children.get(parts[i]);
        if (c == null) {
          c = attach(dir, new DevfsNode.Dir(parts[i], 0755, 0, 0, clock.millis(), true));
        }
        if (!(c instanceof DevfsNode.Dir d)) {
          LOG.fine(() -> "devtmpfs: " + node.name() + ": a parent is not a directory");
          return;
        }
        dir = d;
      }
      String leaf = parts[parts.length - 1];
      if (dir.children.containsKey(leaf)) {
        return; // an existing name is left untouched
      }
      attach(dir, new DevfsNode.DeviceNode(leaf, node.mode() & 07777, node.uid(), node.gid(), clock.millis(),
          node.block(), node.devt().major(), node.devt().minor(), true));
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void delete(DevNode node) {
    lock.writeLock().lock();
    try {
      DevfsNode n = find(node.name());
      if (!(n instanceof DevfsNode.DeviceNode dn) || !dn.kernelCreated || dn.block != node.block()
          || dn.major != node.devt().major() || dn.minor != node.devt().minor()) {
        return; // deleted or replaced by user space: leave it
      }
      dn.perm = 0;
      dn.uid = 0;
      dn.gid = 0;
      DevfsNode.Dir dir = dn.parent;
      detach(dn);
      while (dir != root && dir.kernelCreated && dir.children.isEmpty()) {
        DevfsNode.Dir up = dir.parent;
        detach(dir);
        dir = up;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  // ---- lookups ----

  /** The node at {@code path}, without following symlinks. */
  public DevfsNode lookup(String path) throws SysfsException {
    lock.readLock().lock();
    try {
      return resolve(path);
    } finally {
      lock.readLock().unlock();
    }
  }

  public DevfsStat stat(String path) throws SysfsException {
    lock.readLock().lock();
    try {
      return resolve(path).stat();
    } finally {
      lock.readLock().unlock();
    }
  }

  public ImmutableList<String> readdir(String path) throws SysfsException {
    lock.readLock().lock();
    try {
      return ImmutableList.copyOf(requireDir(resolve(path)).children.keySet());
    } finally {
      lock.readLock().unlock();
    }
  }

  public String readlink(String path) throws SysfsException {
    lock.readLock().lock();
    try {
      if (resolve(path) instanceof DevfsNode.Symlink l) {
        return l.target;
      }
      throw new SysfsException(Errno.EINVAL, path + " is not a symlink");
    } finally {
      lock.readLock().unlock();
    }
  }

  // ---- user-space changes ----

  /** {@code mknod}: a device node or an empty regular file. */
  public void mknod(String path, int mode, int major, int minor, int uid, int gid) throws SysfsException {
    int type = mode & 0170000;
    int perm = mode & 07777;
    write(path, leaf -> switch (type) {
      case DevfsNode.S_IFCHR, DevfsNode.S_IFBLK -> new DevfsNode.DeviceNode(leaf, perm, uid, gid, clock.millis(),
          type == DevfsNode.S_IFBLK, major, minor, false);
      case DevfsNode.S_IFREG, 0 -> new DevfsNode.RegularFile(leaf, perm, uid, gid, clock.millis());
      default -> throw new SysfsException(Errno.EPERM, "only device nodes and regular files can be made here");
    });
  }

  public void mkdir(String path, int perm, int uid, int gid) throws SysfsException {
    write(path, leaf -> new DevfsNode.Dir(leaf, perm, uid, gid, clock.millis(), false));
  }

  public void symlink(String target, String path, int uid, int gid) throws SysfsException {
    write(path, leaf -> new DevfsNode.Symlink(leaf, uid, gid, clock.millis(), target));
  }

  /** {@code create}: a new regular file. */
  public DevfsNode.RegularFile create(String path, int perm, int uid, int gid) throws SysfsException {
    return (DevfsNode.RegularFile) write(path, leaf -> new DevfsNode.RegularFile(leaf, perm, uid, gid, clock.millis()));
  }

  /** Adds a control node served by the emulator; {@code kind} tells the FUSE layer what it is. */
  public void addControlNode(String path, int perm, Object kind) throws SysfsException {
    write(path, leaf -> new DevfsNode.ControlNode(leaf, perm, clock.millis(), kind));
  }

  /** {@code unlink(2)}; the emulator's own control nodes cannot be removed (EPERM). */
  public void unlink(String path) throws SysfsException {
    modify(() -> {
      DevfsNode n = resolve(path);
      if (n instanceof DevfsNode.Dir) {
        throw new SysfsException(Errno.EISDIR, path);
      }
      requireNotControl(n, "unlink");
      detach(n);
    });
  }

  public void rmdir(String path) throws SysfsException {
    modify(() -> {
      DevfsNode.Dir d = requireDir(resolve(path));
      if (d == root) {
        throw new SysfsException(Errno.EBUSY, "/");
      }
      if (!d.children.isEmpty()) {
        throw new SysfsException(Errno.ENOTEMPTY, path);
      }
      detach(d);
    });
  }

  /**
   * {@code rename(2)}: replaces a non-directory target, or an empty directory by a directory. The
   * emulator's control nodes can be neither moved nor replaced (EPERM).
   */
  public void rename(String from, String to) throws SysfsException {
    modify(() -> {
      DevfsNode n = resolve(from);
      requireNotControl(n, "rename");
      DevfsNode.Dir newParent = requireDir(resolve(parentOf(to)));
      String leaf = leafOf(to);
      for (DevfsNode p = newParent; p != null; p = p.parent) {
        if (p == n) {
          throw new SysfsException(Errno.EINVAL, "cannot move a directory into itself");
        }
      }
      DevfsNode old = newParent.children.get(leaf);
      if (old == n) {
        return;
      }
      if (old != null) {
        requireNotControl(old, "replace");
        if (old instanceof DevfsNode.Dir od && (!(n instanceof DevfsNode.Dir) || !od.children.isEmpty())) {
          throw new SysfsException(od.children.isEmpty() ? Errno.EISDIR : Errno.ENOTEMPTY, to);
        }
        if (!(old instanceof DevfsNode.Dir) && n instanceof DevfsNode.Dir) {
          throw new SysfsException(Errno.ENOTDIR, to);
        }
        detach(old);
      }
      n.parent.drop(n.name);
      n.name = leaf;
      attach(newParent, n);
    });
  }

  public void chmod(String path, int mode) throws SysfsException {
    modify(() -> {
      DevfsNode n = resolve(path);
      n.perm = mode & 07777;
      n.ctimeMillis = clock.millis();
    });
  }

  public void chown(String path, int uid, int gid) throws SysfsException {
    modify(() -> {
      DevfsNode n = resolve(path);
      if (uid >= 0) {
        n.uid = uid;
      }
      if (gid >= 0) {
        n.gid = gid;
      }
      n.ctimeMillis = clock.millis();
    });
  }

  /** A time for {@link #utimens}: leave it as it is ({@code UTIME_OMIT}). */
  public static final long TIME_OMIT = -1;

  /** A time for {@link #utimens}: the current time ({@code UTIME_NOW}). */
  public static final long TIME_NOW = -2;

  /** Sets the access and modification times, each in ms, {@link #TIME_OMIT} or {@link #TIME_NOW}. */
  public void utimens(String path, long atimeMillis, long mtimeMillis) throws SysfsException {
    modify(() -> {
      DevfsNode n = resolve(path);
      n.atimeMillis = time(atimeMillis, n.atimeMillis);
      n.mtimeMillis = time(mtimeMillis, n.mtimeMillis);
    });
  }

  private long time(long requested, long current) {
    return requested == TIME_OMIT ? current : requested == TIME_NOW ? clock.millis() : requested;
  }

  // ---- regular file contents ----

  /** At most {@code size} bytes of {@code f} from {@code offset}; empty at or past the end. */
  public byte[] read(DevfsNode.RegularFile f, long offset, int size) {
    lock.readLock().lock();
    try {
      if (offset >= f.size) {
        return new byte[0];
      }
      int n = (int) Math.min(size, f.size - offset);
      return Arrays.copyOfRange(f.data, (int) offset, (int) offset + n);
    } finally {
      lock.readLock().unlock();
    }
  }

  public int write(DevfsNode.RegularFile f, long offset, byte[] data, boolean append) throws SysfsException {
    lock.writeLock().lock();
    try {
      long at = append ? f.size : offset;
      long end = at + data.length;
      if (end > Integer.MAX_VALUE - 8) {
        throw new SysfsException(Errno.EFBIG, f.path());
      }
      if (end > f.size) {
        f.resize((int) end);
      }
      System.arraycopy(data, 0, f.data, (int) at, data.length);
      f.mtimeMillis = f.ctimeMillis = clock.millis();
      return data.length;
    } finally {
      lock.writeLock().unlock();
    }
  }

  public void truncate(DevfsNode.RegularFile f, long size) throws SysfsException {
    checkSize(size);
    modify(() -> resize(f, size));
  }

  /**
   * {@code truncate(2)} by path: regular files; the emulator's control nodes accept and ignore it
   * (a shell's {@code >} truncates before writing); EISDIR for a directory, EINVAL otherwise.
   */
  public void truncate(String path, long size) throws SysfsException {
    modify(() -> {
      DevfsNode n = resolve(path);
      if (n instanceof DevfsNode.ControlNode) {
        return;
      }
      if (!(n instanceof DevfsNode.RegularFile f)) {
        throw new SysfsException(n instanceof DevfsNode.Dir ? Errno.EISDIR : Errno.EINVAL, path);
      }
      checkSize(size);
      resize(f, size);
    });
  }

  private static void checkSize(long size) throws SysfsException {
    if (size < 0 || size > Integer.MAX_VALUE - 8) {
      throw new SysfsException(Errno.EINVAL, "bad size " + size);
    }
  }

  private void resize(DevfsNode.RegularFile f, long size) {
    f.resize((int) size);
    f.mtimeMillis = f.ctimeMillis = clock.millis();
  }

  // ---- internals ----

  private interface NodeMaker {
    DevfsNode make(String leaf) throws SysfsException;
  }

  private interface Change {
    void run() throws SysfsException;
  }

  private DevfsNode write(String path, NodeMaker maker) throws SysfsException {
    lock.writeLock().lock();
    try {
      DevfsNode.Dir dir = requireDir(resolve(parentOf(path)));
      String leaf = leafOf(path);
      if (leaf.isEmpty() || dir.children.containsKey(leaf)) {
        throw new SysfsException(Errno.EEXIST, path);
      }
      return attach(dir, maker.make(leaf));
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void modify(Change change) throws SysfsException {
    lock.writeLock().lock();
    try {
      change.run();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private DevfsNode attach(DevfsNode.Dir dir, DevfsNode n) {
    n.parent = dir;
    dir.put(n);
    dir.mtimeMillis = dir.ctimeMillis = clock.millis();
    return n;
  }

  private void detach(DevfsNode n) {
    n.parent.drop(n.name);
    n.parent.mtimeMillis = n.parent.ctimeMillis = clock.millis();
    n.removed = true;
  }

  private DevfsNode find(String path) {
    try {
      return resolve(path);
    } catch (SysfsException e) {
      return null;
    }
  }

  private DevfsNode resolve(String path) throws SysfsException {
    DevfsNode n = root;
    for (String c : split(path)) {
      if (!(n instanceof DevfsNode.Dir d)) {
        throw new SysfsException(Errno.ENOTDIR, path);
      }
      n = d.children.get(c);
      if (n == null) {
        throw new SysfsException(Errno.ENOENT, path);
      }
    }
    return n;
  }

  private static void requireNotControl(DevfsNode n, String op) throws SysfsException {
    if (n instanceof DevfsNode.ControlNode) {
      throw new SysfsException(Errno.EPERM, "cannot " + op + " " + n.path() + ": a file of the emulator");
    }
  }

  private static DevfsNode.Dir requireDir(DevfsNode n) throws SysfsException {
    if (n instanceof DevfsNode.Dir d) {
      return d;
    }
    throw new SysfsException(Errno.ENOTDIR, n.path());
  }

  private static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.indexOf('/') < 0) { // most node names: sda, ttyS0
      return p.isEmpty() ? new String[0] : new String[] {p};
    }
    return SLASHES.split(p);
  }

  private static String parentOf(String path) {
    int i = path.lastIndexOf('/');
    return i <= 0 ? "/" : path.substring(0, i);
  }

  private static String leafOf(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
