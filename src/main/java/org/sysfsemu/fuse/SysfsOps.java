package org.sysfsemu.fuse;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.collect.ImmutableList;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.Kernfs;
import org.sysfsemu.kernfs.KernfsDir;
import org.sysfsemu.kernfs.KernfsFile;
import org.sysfsemu.kernfs.KernfsLink;
import org.sysfsemu.kernfs.KernfsNode;

/**
 * The sysfs rules behind {@link SysfsFs}, free of FUSE types: a name in a directory to its node,
 * node to stat, the open-time permission rules of {@code kernfs_fop_open()}, and reads and writes
 * through the per-open {@link AttributeHandle}s. Every method either returns a result or throws the
 * errno the caller gets; a removed node is gone (ENOENT) for every call that names it. {@code
 * show()} and {@code store()} are never called under the tree lock.
 */
final class SysfsOps {
  private static final int S_IRUGO = 0444;
  private static final int S_IWUGO = 0222;
  /** The {@code fh} of a directory the kernel reads without having opened it. */
  static final long UNOPENED = 0;
  /** How many listings are kept for reads past offset 0. */
  private static final int LISTINGS = 64;

  private final Kernfs kernfs;
  private final OpenHandles<AttributeHandle> handles = new OpenHandles<>();
  private final OpenHandles<KernfsDir> dirs = new OpenHandles<>();
  /**
   * The recent listings, by generation: a directory is read page by page, each page at the offset
   * where the last one ended, and the offsets name the listing they came from ({@link Listing}),
   * so that each reader of a directory goes on in its own listing, whether the kernel opened the
   * directory or keeps its listing itself ({@link #UNOPENED}).
   */
  private final Cache<Long, Listing> listings = CacheBuilder.newBuilder().maximumSize(LISTINGS).build();
  private final AtomicLong generations = new AtomicLong();

  SysfsOps(Kernfs kernfs) {
    this.kernfs = kernfs;
  }

  /** The tree's root directory. */
  KernfsDir root() {
    return kernfs.root();
  }

  /** The child {@code name} of the directory {@code parent}; ENOTDIR, or ENOENT. */
  KernfsNode lookup(KernfsNode parent, String name) throws SysfsException {
    KernfsDir dir = requireDir(parent);
    KernfsNode child = kernfs.read(() -> dir.isRemoved() ? null : dir.child(name));
    if (child == null) {
      throw new SysfsException(Errno.ENOENT, dir.name() + "/" + name);
    }
    return child;
  }

  /** The stat of {@code node}. */
  NodeStat getattr(KernfsNode node) throws SysfsException {
    return stat(requireLive(node));
  }

  /** Opens the directory {@code node} for reading and returns its {@code fh}. */
  long opendir(KernfsNode node) throws SysfsException {
    return dirs.add(requireDir(node));
  }

  /** The directory open as {@code fh}; EBADF when none is. */
  KernfsDir openDirectory(long fh) throws SysfsException {
    return dirs.get(fh);
  }

  /** A listing of a directory: its generation (from 1), the directory, the children it listed. */
  record Listing(long generation, KernfsDir dir, ImmutableList<KernfsNode> children) {}

  /**
   * The children of {@code dir}, without "." and "..": the listing of {@code generation} while it
   * is kept, else (and for generation 0, a read from the start) as they are now, as a new
   * generation; ENOENT once the directory has been removed.
   */
  Listing readdir(KernfsDir dir, long generation) throws SysfsException {
    Listing kept = generation == 0 ? null : listings.getIfPresent(generation);
    if (kept != null && kept.dir() == dir) {
      return kept;
    }
    Listing made = new Listing(generations.incrementAndGet(), dir, children(dir));
    listings.put(made.generation(), made);
    return made;
  }

  private ImmutableList<KernfsNode> children(KernfsDir dir) throws SysfsException {
    ImmutableList<KernfsNode> now = kernfs.read(() -> dir.isRemoved() ? null : dir.children());
    if (now == null) {
      throw new SysfsException(Errno.ENOENT, "directory removed");
    }
    return now;
  }

  /** Closes the open directory {@code fh}. */
  int releasedir(long fh) throws SysfsException {
    dirs.remove(fh);
    return 0;
  }

  /** The text of the symlink {@code node}; EINVAL for any other node. */
  String readlink(KernfsNode node) throws SysfsException {
    if (requireLive(node) instanceof KernfsLink link) {
      return kernfs.read(link::readlink);
    }
    throw new SysfsException(Errno.EINVAL, node.name() + " is not a symlink");
  }

  /**
   * Opens the attribute {@code node} and returns its {@code fh}. As {@code kernfs_fop_open()}, a
   * write-open needs a write bit and a store method and a read-open needs a read bit and a show
   * method, whoever the caller is: EACCES otherwise, even for root.
   */
  long open(KernfsNode node, AccessMode access) throws SysfsException {
    KernfsFile file = requireFile(requireLive(node));
    int mode = file.mode();
    if (access.writes() && ((mode & S_IWUGO) == 0 || !file.canStore())) {
      throw new SysfsException(Errno.EACCES, file.name() + " cannot be opened for writing");
    }
    if (access.reads() && ((mode & S_IRUGO) == 0 || !file.canShow())) {
      throw new SysfsException(Errno.EACCES, file.name() + " cannot be opened for reading");
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

  /** Checks that {@code node} is in the tree: truncate and utimens succeed on sysfs without an effect. */
  int requireExists(KernfsNode node) throws SysfsException {
    requireLive(node);
    return 0;
  }

  /** Sets the permission bits of {@code node}; they persist for the node's life. */
  int chmod(KernfsNode node, int mode) throws SysfsException {
    requireLive(node).setMode(mode & 07777);
    return 0;
  }

  /** Sets the owner of {@code node}; -1 leaves the uid or gid as it is. */
  int chown(KernfsNode node, int uid, int gid) throws SysfsException {
    requireLive(node).setOwner(uid, gid);
    return 0;
  }

  /** Refuses a namespace change (mkdir, rmdir, unlink, rename, symlink, link, mknod): EPERM. */
  int notPermitted(String op, String name) throws SysfsException {
    throw new SysfsException(Errno.EPERM, op + " " + name + ": sysfs is managed by the kernel");
  }

  /** Refuses {@code open(O_CREAT)} of a new name: EACCES, as sysfs does. */
  int cannotCreate(String name) throws SysfsException {
    throw new SysfsException(Errno.EACCES, "cannot create " + name + " in sysfs");
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

  private static KernfsNode requireLive(KernfsNode node) throws SysfsException {
    if (node.isRemoved()) {
      throw new SysfsException(Errno.ENOENT, node.name() + " was removed");
    }
    return node;
  }

  private static KernfsDir requireDir(KernfsNode node) throws SysfsException {
    if (requireLive(node) instanceof KernfsDir dir) {
      return dir;
    }
    throw new SysfsException(Errno.ENOTDIR, node.name());
  }

  private static KernfsFile requireFile(KernfsNode node) throws SysfsException {
    if (node instanceof KernfsFile file) {
      return file;
    }
    throw new SysfsException(node instanceof KernfsDir ? Errno.EISDIR : Errno.ELOOP, node.name());
  }
}
