package org.sysfsemu.fuse;

import com.google.common.collect.ImmutableList;
import java.util.function.BooleanSupplier;
import org.sysfsemu.devfs.ControlFile;
import org.sysfsemu.devfs.ControlSession;
import org.sysfsemu.devfs.DevfsNode;
import org.sysfsemu.devfs.DevfsStat;
import org.sysfsemu.devfs.DevfsTree;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/**
 * The rules behind {@link DevfsFs}, free of FUSE types: a tmpfs for users' nodes, links,
 * directories and files; device nodes that are never opened here; and control nodes whose reads
 * may block, in 100 ms slices so that an interrupted caller is noticed. Never holds a lock of
 * the tree while waiting.
 */
final class DevfsOps {
  /** How long one wait of a blocking read lasts before the interrupt flag is checked again. */
  static final long WAIT_SLICE_MILLIS = 100;

  /** At most this many files open at once in the mount; one more open fails with ENFILE. */
  static final int MAX_OPEN = UserLimits.MAX_OPEN;

  private final DevfsTree tree;
  private final OpenHandles<Handle> handles = new OpenHandles<>();
  private final UserLimits limits;
  private volatile boolean unmounting;

  DevfsOps(DevfsTree tree) {
    this(tree, UserLimits.forMountOwner());
  }

  DevfsOps(DevfsTree tree, UserLimits limits) {
    this.tree = tree;
    this.limits = limits;
  }

  /** What an open file is; {@code uid} is the opener's, charged for it in the {@link UserLimits}. */
  sealed interface Handle permits FileHandle, SessionHandle, DirHandle {
    int uid();
  }

  /** An open regular file. */
  record FileHandle(DevfsNode.RegularFile file, boolean append, int uid) implements Handle {}

  /** An open control node. */
  record SessionHandle(ControlSession session, int uid) implements Handle {}

  /** An open directory: read by its path, which libfuse does not pass to readdir (no path locks). */
  record DirHandle(String path, int uid) implements Handle {}

  DevfsStat getattr(String path) throws SysfsException {
    return tree.stat(path);
  }

  ImmutableList<String> readdir(String path) throws SysfsException {
    return tree.readdir(path);
  }

  /** {@code opendir}: checks the directory and returns an {@code fh} naming it. */
  long opendir(String path, int uid) throws SysfsException {
    tree.readdir(path);
    limits.open(uid, false);
    return handles.add(new DirHandle(path, uid));
  }

  /** {@code readdir} of an open directory (its entries now, as a directory renamed since is not followed). */
  ImmutableList<String> readdir(long fh) throws SysfsException {
    if (handles.get(fh) instanceof DirHandle d) {
      return tree.readdir(d.path());
    }
    throw new SysfsException(Errno.ENOTDIR, "not an open directory");
  }

  int releasedir(long fh) throws SysfsException {
    return release(fh);
  }

  String readlink(String path) throws SysfsException {
    return tree.readlink(path);
  }

  /** {@code mknod}: {@code rdev} in glibc's {@code dev_t} encoding. */
  int mknod(String path, int mode, long rdev, int uid, int gid) throws SysfsException {
    tree.mknod(path, mode, major(rdev), minor(rdev), uid, gid);
    return 0;
  }

  int mkdir(String path, int mode, int uid, int gid) throws SysfsException {
    tree.mkdir(path, mode & 07777, uid, gid);
    return 0;
  }

  int symlink(String target, String path, int uid, int gid) throws SysfsException {
    tree.symlink(target, path, uid, gid);
    return 0;
  }

  int unlink(String path) throws SysfsException {
    tree.unlink(path);
    return 0;
  }

  int rmdir(String path) throws SysfsException {
    tree.rmdir(path);
    return 0;
  }

  int rename(String from, String to) throws SysfsException {
    tree.rename(from, to);
    return 0;
  }

  /** Hard links are not offered: devtmpfs makes none, and they would outlive the node's removal. */
  int link(String path) throws SysfsException {
    throw new SysfsException(Errno.EPERM, path + ": no hard links in the emulated /dev");
  }

  int chmod(String path, int mode) throws SysfsException {
    tree.chmod(path, mode);
    return 0;
  }

  int chown(String path, int uid, int gid) throws SysfsException {
    tree.chown(path, uid, gid);
    return 0;
  }

  /** Times in milliseconds, or {@link DevfsTree#TIME_OMIT} / {@link DevfsTree#TIME_NOW}. */
  int utimens(String path, long atimeMillis, long mtimeMillis) throws SysfsException {
    tree.utimens(path, atimeMillis, mtimeMillis);
    return 0;
  }

  /** {@code truncate(2)} by path (see {@link DevfsTree#truncate(String, long)}). */
  int truncate(String path, long size) throws SysfsException {
    tree.truncate(path, size);
    return 0;
  }

  int ftruncate(long fh, long size) throws SysfsException {
    if (handles.get(fh) instanceof FileHandle f) {
      tree.truncate(f.file(), size);
    }
    return 0;
  }

  /** {@code create}: a new regular file, opened. */
  long create(String path, int mode, boolean append, int uid, int gid) throws SysfsException {
    limits.open(uid, false);
    try {
      DevfsNode.RegularFile f = tree.create(path, mode & 07777, uid, gid);
      return handles.add(new FileHandle(f, append, uid));
    } catch (SysfsException | RuntimeException e) {
      limits.close(uid, false);
      throw e;
    }
  }

  /**
   * Opens the node at {@code path} and returns its {@code fh}. Device nodes give ENXIO: the mount
   * is {@code nodev}, so the kernel refuses them before asking, and if it ever asked, there is no
   * driver behind them here (never the host's).
   */
  long open(String path, boolean append, int uid) throws SysfsException {
    DevfsNode n = tree.lookup(path);
    if (n instanceof DevfsNode.RegularFile f) {
      limits.open(uid, false);
      return handles.add(new FileHandle(f, append, uid));
    } else if (n instanceof DevfsNode.ControlNode c && c.kind() instanceof ControlFile cf) {
      limits.open(uid, true);
      try {
        return handles.add(new SessionHandle(cf.open(uid), uid));
      } catch (SysfsException | RuntimeException e) {
        limits.close(uid, true);
        throw e;
      }
    } else if (n instanceof DevfsNode.Dir) {
      throw new SysfsException(Errno.EISDIR, path);
    } else {
      throw new SysfsException(Errno.ENXIO, path + ": device nodes of the emulated /dev have no driver");
    }
  }

  /**
   * Reads at most {@code size} bytes. A control node blocks until it has something, unless
   * {@code nonblock} (then EAGAIN), the caller is interrupted (EINTR), or the mount goes away
   * (end of file).
   */
  byte[] read(long fh, long offset, int size, boolean nonblock, BooleanSupplier interrupted) throws SysfsException {
    Handle h = handles.get(fh);
    if (h instanceof FileHandle f) {
      return tree.read(f.file(), offset, size);
    }
    if (!(h instanceof SessionHandle sh)) {
      throw new SysfsException(Errno.EISDIR, "a directory");
    }
    ControlSession s = sh.session();
    if (nonblock) {
      byte[] got = unmounting ? ControlSession.EOF : s.read(size, 0);
      if (got == null) {
        throw new SysfsException(Errno.EAGAIN, "nothing to read yet");
      }
      return got;
    }
    byte[] ready = unmounting ? ControlSession.EOF : s.read(size, 0);
    if (ready != null) {
      return ready;
    }
    limits.startWait(sh.uid()); // this thread now waits for the user: counted
    try {
      while (true) {
        if (unmounting) {
          return ControlSession.EOF;
        }
        byte[] got = s.read(size, WAIT_SLICE_MILLIS);
        if (got != null) {
          return got;
        }
        if (interrupted.getAsBoolean()) {
          throw new SysfsException(Errno.EINTR, "interrupted");
        }
      }
    } finally {
      limits.endWait(sh.uid());
    }
  }

  /** Writes; a control node's command may wait, until done or until {@code interrupted} (EINTR). */
  int write(long fh, long offset, byte[] data, BooleanSupplier interrupted) throws SysfsException {
    Handle h = handles.get(fh);
    if (h instanceof FileHandle f) {
      return tree.write(f.file(), offset, data, f.append());
    }
    if (!(h instanceof SessionHandle sh)) {
      throw new SysfsException(Errno.EISDIR, "a directory");
    }
    return sh.session().write(data, interrupted);
  }

  int flush(long fh, BooleanSupplier interrupted) throws SysfsException {
    if (handles.get(fh) instanceof SessionHandle s) {
      s.session().flush(interrupted);
    }
    return 0;
  }

  int release(long fh) throws SysfsException {
    Handle h = handles.remove(fh);
    limits.close(h.uid(), h instanceof SessionHandle);
    if (h instanceof SessionHandle s) {
      s.session().close();
    }
    return 0;
  }

  /** Whether a read of {@code fh} would not block (for poll). */
  boolean readable(long fh) throws SysfsException {
    return unmounting || !(handles.get(fh) instanceof SessionHandle s) || s.session().readable();
  }

  /**
   * Sets what runs when {@code fh} becomes readable, if it is a control node; returns whether it
   * is one (a stream: opened direct_io and nonseekable).
   */
  boolean setWakeup(long fh, Runnable wakeup) throws SysfsException {
    if (handles.get(fh) instanceof SessionHandle s) {
      s.session().setWakeup(wakeup);
      return true;
    }
    return false;
  }

  /** From now on blocked and later reads of control nodes end with end of file. */
  void unmounting() {
    unmounting = true;
  }

  boolean isUnmounting() {
    return unmounting;
  }

  int openCount() {
    return handles.size();
  }

  /** glibc's {@code gnu_dev_major}. */
  static int major(long rdev) {
    return (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
  }

  /** glibc's {@code gnu_dev_minor}. */
  static int minor(long rdev) {
    return (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
  }

  /** glibc's {@code gnu_dev_makedev}. */
  static long makedev(int major, int minor) {
    long ma = major & 0xffffffffL;
    long mi = minor & 0xffffffffL;
    return (mi & 0xff) | ((ma & 0xfff) << 8) | ((mi & ~0xffL) << 12) | ((ma & ~0xfffL) << 32);
  }
}
