package org.sysfsemu.fuse;

import com.google.common.collect.ImmutableList;
import java.nio.ByteBuffer;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.AttributeOps;
import org.sysfsemu.kernfs.Kernfs;
import org.sysfsemu.kernfs.KernfsDir;
import org.sysfsemu.kernfs.KernfsFile;
import org.sysfsemu.kernfs.KernfsLink;
import org.sysfsemu.kernfs.KernfsNode;

/**
 * The sysfs rules behind {@link SysfsFs}, free of FUSE types: path to node, node to stat, the
 * open-time permission rules of {@code kernfs_fop_open()}, and reads and writes through the
 * per-open {@link AttributeHandle}s. Every method either returns a result or throws the errno the
 * caller gets. {@code show()} and {@code store()} are never called under the tree lock.
 */
final class SysfsOps {
  private static final int S_IRUGO = 0444;
  private static final int S_IWUGO = 0222;

  private final Kernfs kernfs;
  private final OpenHandles<AttributeHandle> handles = new OpenHandles<>();
  private final OpenHandles<KernfsDir> dirs = new OpenHandles<>();

  SysfsOps(Kernfs kernfs) {
    this.kernfs = kernfs;
  }

  /** The stat of the node at {@code path}. */
  NodeStat getattr(String path) throws SysfsException {
    return stat(kernfs.lookup(path));
  }

  /** Opens the directory at {@code path} for reading and returns its {@code fh}. */
  long opendir(String path) throws SysfsException {
    return dirs.add(requireDir(kernfs.lookup(path), path));
  }

  /**
   * The names in the open directory {@code fh}, without "." and "..", as they are now; ENOENT
   * once the directory has been removed.
   */
  ImmutableList<String> readdir(long fh) throws SysfsException {
    KernfsDir dir = dirs.get(fh);
    ImmutableList<String> names = kernfs.read(() -> dir.isRemoved() ? null : dir.childNames());
    if (names == null) {
      throw new SysfsException(Errno.ENOENT, "directory removed");
    }
    return names;
  }

  /** Closes the open directory {@code fh}. */
  int releasedir(long fh) throws SysfsException {
    dirs.remove(fh);
    return 0;
  }

  /** The text of the symlink at {@code path}. */
  String readlink(String path) throws SysfsException {
    return kernfs.readChecked(
        () -> {
          if (kernfs.lookupLocked(path) instanceof KernfsLink link) {
            return link.readlink();
          }
          throw new SysfsException(Errno.EINVAL, path + " is not a symlink");
        });
  }

  /**
   * Opens the attribute at {@code path} and returns its {@code fh}. As {@code kernfs_fop_open()}, a
   * write-open needs a write bit and a store method and a read-open needs a read bit and a show
   * method, whoever the caller is: EACCES otherwise, even for root.
   */
  long open(String path, AccessMode access) throws SysfsException {
    KernfsFile file = requireFile(kernfs.lookup(path), path);
    int mode = file.mode();
    AttributeOps ops = file.ops();
    if (access.writes() && ((mode & S_IWUGO) == 0 || !ops.canStore())) {
      throw new SysfsException(Errno.EACCES, path + " cannot be opened for writing");
    }
    if (access.reads() && ((mode & S_IRUGO) == 0 || !ops.canShow())) {
      throw new SysfsException(Errno.EACCES, path + " cannot be opened for reading");
    }
    return handles.add(new AttributeHandle(file));
  }

  /** Up to {@code size} bytes at {@code offset} of the open file {@code fh}. */
  ByteBuffer read(long fh, long offset, int size) throws SysfsException {
    return handles.get(fh).read(offset, size);
  }

  /** Writes {@code data} to the open file {@code fh}; returns the count {@code store()} took. */
  int write(long fh, byte[] data) throws SysfsException {
    return handles.get(fh).write(data);
  }

  /** Closes the open file {@code fh}. */
  int release(long fh) throws SysfsException {
    handles.remove(fh);
    return 0;
  }

  /** Checks that {@code fh} is open (for ftruncate, a no-op on sysfs). */
  int requireOpen(long fh) throws SysfsException {
    handles.get(fh);
    return 0;
  }

  /** The number of open files and directories (for tests and diagnostics). */
  int openCount() {
    return handles.size() + dirs.size();
  }

  /** Checks that {@code path} exists: truncate and utimens succeed on sysfs without an effect. */
  int requireExists(String path) throws SysfsException {
    kernfs.lookup(path);
    return 0;
  }

  /** Sets the permission bits of the node at {@code path}; they persist for the node's life. */
  int chmod(String path, int mode) throws SysfsException {
    kernfs.lookup(path).setMode(mode & 07777);
    return 0;
  }

  /** Sets the owner of the node at {@code path}; -1 leaves the uid or gid as it is. */
  int chown(String path, int uid, int gid) throws SysfsException {
    kernfs.lookup(path).setOwner(uid, gid);
    return 0;
  }

  /** Refuses a namespace change (mkdir, rmdir, unlink, rename, symlink, link, mknod): EPERM. */
  int notPermitted(String op, String path) throws SysfsException {
    throw new SysfsException(Errno.EPERM, op + " " + path + ": sysfs is managed by the kernel");
  }

  /** Refuses {@code open(O_CREAT)} of a new name: EACCES, as sysfs does. */
  int cannotCreate(String path) throws SysfsException {
    throw new SysfsException(Errno.EACCES, "cannot create " + path + " in sysfs");
  }

  private static NodeStat stat(KernfsNode node) {
    if (node instanceof KernfsDir dir) {
      return new NodeStat(
          NodeStat.Type.DIRECTORY, dir.mode(), dir.nlink(), 0, dir.uid(), dir.gid(), time(dir));
    }
    if (node instanceof KernfsFile file) {
      return new NodeStat(
          NodeStat.Type.REGULAR, file.mode(), 1, file.size(), file.uid(), file.gid(), time(file));
    }
    return new NodeStat(NodeStat.Type.SYMLINK, 0777, 1, 0, node.uid(), node.gid(), time(node));
  }

  private static long time(KernfsNode node) {
    return node.createdMillis();
  }

  private static KernfsDir requireDir(KernfsNode node, String path) throws SysfsException {
    if (node instanceof KernfsDir dir) {
      return dir;
    }
    throw new SysfsException(Errno.ENOTDIR, path);
  }

  private static KernfsFile requireFile(KernfsNode node, String path) throws SysfsException {
    if (node instanceof KernfsFile file) {
      return file;
    }
    throw new SysfsException(node instanceof KernfsDir ? Errno.EISDIR : Errno.ELOOP, path);
  }
}
