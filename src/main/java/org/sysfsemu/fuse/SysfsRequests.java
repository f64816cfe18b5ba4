package org.sysfsemu.fuse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.sysfsemu.fuse.FuseProtocol.ATTR;
import static org.sysfsemu.fuse.FuseProtocol.ATTR_OUT;
import static org.sysfsemu.fuse.FuseProtocol.DIRENT_NAME;
import static org.sysfsemu.fuse.FuseProtocol.ENTRY_OUT;
import static org.sysfsemu.fuse.FuseProtocol.OPEN_OUT;
import static org.sysfsemu.fuse.FuseProtocol.READ_IN;
import static org.sysfsemu.fuse.FuseProtocol.STATFS_OUT;
import static org.sysfsemu.fuse.FuseProtocol.WRITE_IN;
import static org.sysfsemu.fuse.FuseProtocol.WRITE_OUT;

import com.google.common.collect.ImmutableList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.logging.Logger;
import jnr.constants.platform.OpenFlags;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.KernfsDir;
import org.sysfsemu.kernfs.KernfsLink;
import org.sysfsemu.kernfs.KernfsNode;

/**
 * Every request of the /sys mount, answered in Java ({@link DirectRequests}), {@code INIT} first:
 * the kernel names nodes by the ids of {@link NodeTable}, and {@link SysfsOps} applies sysfs's
 * rules. What libfuse's high-level layer did for these requests is done here the same way, as its
 * user sees it: entry and attribute timeouts from the mount options, a name found missing is
 * cached for as long when the kernel may cache names (every change is told, {@link SysfsFs}),
 * a directory is listed afresh at offset 0 and served from that listing at later offsets (when
 * the kernel keeps listings it reads directories without opening them), every
 * attribute is opened {@code direct_io}, a setattr applies mode, owner, size and times in that
 * order and answers the new attributes, and what sysfs has no use for ({@code FLUSH}, {@code
 * FSYNC}, xattrs, {@code POLL}, locks, {@code IOCTL}...) is answered ENOSYS, which the kernel
 * remembers. An {@code INTERRUPT} is dropped: no request here waits for anything (libfuse would
 * keep it for a request it never saw). Unlike libfuse's, the listing gives each entry's type and inode number, as sysfs
 * does.
 *
 * <p>Every request is one call of {@link #serve}, whose one catch turns what the rules throw into
 * the errno the kernel gets ({@link FuseCall#failed}).
 */
final class SysfsRequests implements DirectRequests.Server {
  private static final Logger LOG = Logger.getLogger(SysfsRequests.class.getName());
  private static final int O_ACCMODE = OpenFlags.O_ACCMODE.intValue();
  private static final int O_WRONLY = OpenFlags.O_WRONLY.intValue();
  private static final int O_RDWR = OpenFlags.O_RDWR.intValue();
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;
  private static final int NAME_MAX = 255;
  /** The longest link text the kernel takes from a FUSE server: a page less its NUL. */
  private static final int LINK_MAX = 4095;
  /** The largest write asked for, as libfuse 2.9's: 32 pages. */
  private static final int MAX_WRITE = 128 * 1024;
  /** A listing offset's bits for the entry's index; the listing's generation is above them. */
  private static final int INDEX_BITS = 24;
  private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
  private static final byte[] DOT = {'.'};
  private static final byte[] DOTDOT = {'.', '.'};

  private final SysfsOps ops;
  private final NodeTable nodes;
  private final FuseCall call = new FuseCall(LOG);
  private final long validSeconds;
  private final int validNanos;
  /** Whether the kernel may cache (a timeout): names found missing too, as every change is told. */
  private final boolean caches;
  /** Whether {@code OPENDIR} is answered ENOSYS, after which the kernel caches listings. */
  private volatile boolean unopenedDirs;
  /** Whether the kernel keeps link texts ({@code FUSE_CACHE_SYMLINKS}). */
  private volatile boolean keptLinks;
  private final LongAdder linksRead = new LongAdder();

  /**
   * Serves {@code ops}'s tree with the kernel caching names and attributes for {@code
   * cacheSeconds} (0: never), names found missing too: {@link SysfsFs} tells the kernel of every
   * change.
   */
  SysfsRequests(SysfsOps ops, double cacheSeconds) {
    this.ops = ops;
    this.nodes = new NodeTable(ops.root());
    this.validSeconds = (long) cacheSeconds;
    this.validNanos = (int) ((cacheSeconds - validSeconds) * 1e9);
    this.caches = cacheSeconds > 0;
  }

  /** Whether the kernel may hold an inode of {@code node}, and so cached entries below it. */
  boolean kernelHolds(KernfsNode node) {
    return nodes.holds(node.id());
  }

  /** How many nodes the kernel holds besides the root (for tests). */
  int nodesHeld() {
    return nodes.size();
  }

  /**
   * Answers {@code INIT} with the minor both sides know and the flags libfuse asked for (async
   * reads, {@code O_TRUNC} with the open, export support), plus parallel lookups and listings in a
   * directory. When the kernel may cache (a cache timeout) and can keep a directory open without
   * {@code OPENDIR}, it keeps listings too: every change of the tree drops what it touched
   * ({@link SysfsFs}). It keeps link texts too ({@code FUSE_CACHE_SYMLINKS}) on kernels known to
   * serve a kept text whole whatever the link's size (sysfs reports 0): a text is made from where
   * the link and its target are, so each move or rename drops the texts it changed.
   */
  @Override
  public int init(FuseRequest req, FuseReply reply, int maxWrite) {
    int kernelMinor = req.i32(FuseProtocol.INIT_MINOR);
    int minor = Math.min(kernelMinor, FuseProtocol.MINOR);
    int offered = req.i32(FuseProtocol.INIT_FLAGS);
    int wanted = FuseProtocol.ASYNC_READ | FuseProtocol.ATOMIC_O_TRUNC | FuseProtocol.EXPORT_SUPPORT
        | FuseProtocol.PARALLEL_DIROPS;
    unopenedDirs = caches && (offered & FuseProtocol.NO_OPENDIR_SUPPORT) != 0;
    keptLinks = caches && (offered & FuseProtocol.CACHE_SYMLINKS) != 0
        && kernelMinor >= FuseProtocol.LINKS_KEPT_WHOLE_MINOR;
    if (keptLinks) {
      wanted |= FuseProtocol.CACHE_SYMLINKS;
    }
    reply.zero(0, FuseProtocol.INIT_OUT);
    reply.i32(0, FuseProtocol.MAJOR);
    reply.i32(4, minor);
    reply.i32(8, req.i32(FuseProtocol.INIT_MAX_READAHEAD)); // the kernel's: no larger readahead is asked for
    reply.i32(12, offered & wanted);
    reply.i32(FuseProtocol.INIT_OUT_MAX_WRITE, Math.min(maxWrite, MAX_WRITE));
    return minor >= 23 ? FuseProtocol.INIT_OUT : FuseProtocol.INIT_OUT_BEFORE_23;
  }

  /**
   * Opens a directory; ENOSYS where the kernel keeps listings, after which it opens directories
   * itself and reads them with {@code fh} {@link SysfsOps#UNOPENED}.
   */
  private int opendir(FuseRequest req, FuseReply reply) throws SysfsException {
    if (unopenedDirs) {
      throw new SysfsException(Errno.ENOSYS, "directories are opened by the kernel");
    }
    return opened(reply, ops.opendir(node(req)), 0);
  }

  /** Whether the kernel keeps link texts of this mount until a change drops them. */
  boolean kernelKeepsLinks() {
    return keptLinks;
  }

  /** How many {@code READLINK} requests were served (for tests). */
  long linksRead() {
    return linksRead.sum();
  }

  /** Each node the kernel holds an inode of, besides the root. */
  void forEachHeld(Consumer<KernfsNode> action) {
    nodes.forEach(action);
  }

  /** Whether the kernel keeps listings of this mount's directories until a change drops them. */
  boolean kernelCachesListings() {
    return unopenedDirs;
  }

  @Override
  public int serve(FuseRequest req, FuseReply reply) {
    int opcode = req.opcode();
    try {
      return switch (opcode) {
        case FuseProtocol.LOOKUP -> lookup(req, reply);
        case FuseProtocol.FORGET -> forget(req);
        case FuseProtocol.INTERRUPT -> NO_REPLY; // no request here waits: nothing to interrupt
        case FuseProtocol.BATCH_FORGET -> batchForget(req);
        case FuseProtocol.GETATTR -> attr(node(req), reply);
        case FuseProtocol.SETATTR -> setattr(req, reply);
        case FuseProtocol.READLINK -> readlink(req, reply);
        case FuseProtocol.OPEN -> opened(reply, ops.open(node(req), accessMode(req.i32(0))), FuseProtocol.FOPEN_DIRECT_IO);
        case FuseProtocol.READ -> read(req, reply);
        case FuseProtocol.WRITE -> write(req, reply);
        case FuseProtocol.RELEASE -> ops.release(req.i64(0));
        case FuseProtocol.OPENDIR -> opendir(req, reply);
        case FuseProtocol.READDIR -> readdir(req, reply);
        case FuseProtocol.RELEASEDIR -> ops.releasedir(req.i64(0));
        case FuseProtocol.STATFS -> statfs(reply);
        case FuseProtocol.MKNOD, FuseProtocol.MKDIR, FuseProtocol.SYMLINK, FuseProtocol.LINK,
            FuseProtocol.UNLINK, FuseProtocol.RMDIR, FuseProtocol.RENAME, FuseProtocol.RENAME2 ->
            ops.notPermitted(opName(opcode), node(req).name());
        case FuseProtocol.CREATE -> ops.cannotCreate(req.name(16)); // after fuse_create_in
        default -> throw new SysfsException(Errno.ENOSYS, "opcode " + opcode);
      };
    } catch (Throwable t) {
      return call.failed(opName(opcode), req, t);
    }
  }

  /** A lookup whose reply did not reach the kernel: the kernel holds nothing of it. */
  @Override
  public void replyLost(FuseRequest req, FuseReply reply, int length) {
    if (req.opcode() == FuseProtocol.LOOKUP && length == ENTRY_OUT && reply.readI64(0) != 0) {
      nodes.forget(reply.readI64(0), 1);
    }
  }

  private KernfsNode node(FuseRequest req) throws SysfsException {
    return nodes.get(req.nodeid());
  }

  /**
   * A name in a directory. "." and ".." come only from the kernel's export operations (a file
   * handle decoded, as for NFS: libfuse turns export support on), and name the directory itself
   * and its parent.
   */
  private int lookup(FuseRequest req, FuseReply reply) throws SysfsException {
    KernfsNode parent = node(req);
    String name = req.name(0);
    KernfsNode child;
    try {
      child = switch (name) {
        case "." -> parent;
        case ".." -> parentOf(parent);
        default -> ops.lookup(parent, name);
      };
    } catch (SysfsException e) {
      if (e.errno() != Errno.ENOENT || !caches) {
        throw e;
      }
      reply.zero(0, ENTRY_OUT); // node id 0: the kernel keeps the name as missing for entry_valid
      reply.i64(16, validSeconds);
      reply.i32(32, validNanos);
      return ENTRY_OUT;
    }
    NodeStat stat = ops.getattr(child);
    long id = nodes.looked(child); // before the reply: a FORGET of it can only follow
    reply.i64(0, id);
    reply.i64(8, 0); // generation: ids are never reused
    reply.i64(16, validSeconds);
    reply.i64(24, validSeconds);
    reply.i32(32, validNanos);
    reply.i32(36, validNanos);
    putAttr(reply, 40, id, stat);
    return ENTRY_OUT;
  }

  private int forget(FuseRequest req) {
    nodes.forget(req.nodeid(), req.i64(0));
    return NO_REPLY;
  }

  private int batchForget(FuseRequest req) {
    int count = req.i32(0);
    for (int i = 0; i < count && 8 + 16 * (i + 1) <= req.bodyLength(); i++) {
      nodes.forget(req.i64(8 + 16 * i), req.i64(16 + 16 * i));
    }
    return NO_REPLY;
  }

  private int attr(KernfsNode node, FuseReply reply) throws SysfsException {
    NodeStat stat = ops.getattr(node);
    reply.i64(0, validSeconds);
    reply.i32(8, validNanos);
    reply.i32(12, 0);
    putAttr(reply, 16, node.id(), stat);
    return ATTR_OUT;
  }

  /** As libfuse's setattr: mode, then owner, then size, then times; stops at the first error. */
  private int setattr(FuseRequest req, FuseReply reply) throws SysfsException {
    if (req.bodyLength() < FuseProtocol.SETATTR_IN) {
      throw new SysfsException(Errno.EINVAL, "short setattr");
    }
    KernfsNode node = node(req);
    int valid = req.i32(0);
    if ((valid & FuseProtocol.FATTR_MODE) != 0) {
      ops.chmod(node, req.i32(FuseProtocol.SETATTR_MODE));
    }
    if ((valid & (FuseProtocol.FATTR_UID | FuseProtocol.FATTR_GID)) != 0) {
      ops.chown(node,
          (valid & FuseProtocol.FATTR_UID) != 0 ? req.i32(FuseProtocol.SETATTR_UID) : -1,
          (valid & FuseProtocol.FATTR_GID) != 0 ? req.i32(FuseProtocol.SETATTR_GID) : -1);
    }
    if ((valid & FuseProtocol.FATTR_SIZE) != 0) {
      if ((valid & FuseProtocol.FATTR_FH) != 0) {
        ops.requireOpen(req.i64(FuseProtocol.SETATTR_FH));
      } else {
        ops.requireExists(node);
      }
    }
    if ((valid & (FuseProtocol.FATTR_ATIME | FuseProtocol.FATTR_MTIME)) != 0) {
      ops.requireExists(node);
    }
    return attr(node, reply);
  }

  private int readlink(FuseRequest req, FuseReply reply) throws SysfsException {
    linksRead.increment();
    byte[] text = ops.readlink(node(req)).getBytes(UTF_8);
    if (text.length > LINK_MAX) {
      throw new SysfsException(Errno.ENAMETOOLONG, "link text of " + text.length + " bytes");
    }
    reply.bytes(0, text);
    return text.length;
  }

  private int read(FuseRequest req, FuseReply reply) throws SysfsException {
    if (req.bodyLength() < READ_IN) {
      throw new SysfsException(Errno.EINVAL, "short read");
    }
    int size = Math.min(Math.max(req.i32(16), 0), reply.capacity());
    return FuseBuffers.copyOut(ops.read(req.i64(0), req.i64(8), size), reply.buffer(), reply.bodyAddress(0));
  }

  private int write(FuseRequest req, FuseReply reply) throws SysfsException {
    int size = req.bodyLength() < WRITE_IN ? -1 : req.i32(16);
    // as libfuse: a request shorter than the size it announces is an I/O error
    if (size < 0 || size > req.bodyLength() - WRITE_IN) {
      throw new SysfsException(Errno.EIO, "write shorter than it announces");
    }
    byte[] data = FuseBuffers.copyIn(req.buffer(), req.bodyAddress(WRITE_IN), size, AttributeHandle.PAGE_SIZE);
    reply.i32(0, ops.write(req.i64(0), data));
    reply.i32(4, 0);
    return WRITE_OUT;
  }

  /**
   * Lists ".", ".." and the children from an offset on, as many as fit the size asked. An entry's
   * offset is the index of the next, with the listing's generation above {@link #INDEX_BITS}: a
   * read at offset 0 lists the directory afresh, later reads go on in the listing their offset
   * names ({@link SysfsOps#readdir}).
   */
  private int readdir(FuseRequest req, FuseReply reply) throws SysfsException {
    if (req.bodyLength() < READ_IN) {
      throw new SysfsException(Errno.EINVAL, "short readdir");
    }
    long fh = req.i64(0);
    long offset = req.i64(8);
    int size = Math.min(Math.max(req.i32(16), 0), reply.capacity());
    KernfsDir dir;
    if (fh != SysfsOps.UNOPENED) {
      dir = ops.openDirectory(fh);
    } else if (node(req) instanceof KernfsDir d) {
      dir = d;
    } else {
      throw new SysfsException(Errno.ENOTDIR, "readdir of a non-directory");
    }
    SysfsOps.Listing listing = ops.readdir(dir, offset > 0 ? offset >>> INDEX_BITS : 0);
    long generation = listing.generation();
    ImmutableList<KernfsNode> children = listing.children();
    long from = offset > 0 ? offset & INDEX_MASK : 0;
    int at = 0;
    for (long i = from; i < Math.min(children.size() + 2L, INDEX_MASK); i++) {
      KernfsNode n = i == 0 ? dir : i == 1 ? parentOf(dir) : children.get((int) (i - 2));
      byte[] name = i == 0 ? DOT : i == 1 ? DOTDOT : n.name().getBytes(UTF_8);
      int len = FuseProtocol.direntSize(name.length);
      if (at + len > size) {
        break;
      }
      reply.i64(at, n.id());
      reply.i64(at + 8, generation << INDEX_BITS | (i + 1));
      reply.i32(at + 16, name.length);
      reply.i32(at + 20, i < 2 ? FuseProtocol.DT_DIR : direntType(n));
      reply.bytes(at + DIRENT_NAME, name);
      reply.zero(at + DIRENT_NAME + name.length, len - DIRENT_NAME - name.length);
      at += len;
    }
    return at;
  }

  /** The directory above {@code node}; the root's is the root, as in any filesystem. */
  private static KernfsNode parentOf(KernfsNode node) {
    KernfsDir p = node.parent();
    return p == null ? node : p;
  }

  /** As sysfs's statfs: 4 KiB blocks, none used or free. */
  private static int statfs(FuseReply reply) {
    reply.zero(0, STATFS_OUT);
    reply.i32(40, StatWriter.BLOCK_SIZE); // bsize
    reply.i32(44, NAME_MAX); // namelen
    reply.i32(48, StatWriter.BLOCK_SIZE); // frsize
    return STATFS_OUT;
  }

  private static int opened(FuseReply reply, long fh, int openFlags) {
    reply.i64(0, fh);
    reply.i32(8, openFlags);
    reply.i32(12, 0);
    return OPEN_OUT;
  }

  /** Writes a {@code fuse_attr} of node {@code id} at {@code at}: sysfs's stat, one timestamp for all three. */
  private static void putAttr(FuseReply reply, int at, long id, NodeStat s) {
    long sec = Math.floorDiv(s.timeMillis(), 1000);
    int nsec = (int) (Math.floorMod(s.timeMillis(), 1000) * 1_000_000L);
    reply.i64(at, id);
    reply.i64(at + 8, s.size());
    reply.i64(at + 16, 0); // blocks
    reply.i64(at + 24, sec);
    reply.i64(at + 32, sec);
    reply.i64(at + 40, sec);
    reply.i32(at + 48, nsec);
    reply.i32(at + 52, nsec);
    reply.i32(at + 56, nsec);
    reply.i32(at + 60, fileType(s.type()) | s.mode());
    reply.i32(at + 64, s.nlink());
    reply.i32(at + 68, MountOwner.uid(s.uid()));
    reply.i32(at + 72, MountOwner.gid(s.gid()));
    reply.i32(at + 76, 0); // rdev
    reply.i32(at + 80, StatWriter.BLOCK_SIZE);
    reply.i32(at + 84, 0);
  }

  private static int fileType(NodeStat.Type type) {
    return switch (type) {
      case DIRECTORY -> S_IFDIR;
      case REGULAR -> S_IFREG;
      case SYMLINK -> S_IFLNK;
    };
  }

  private static int direntType(KernfsNode n) {
    if (n instanceof KernfsDir) {
      return FuseProtocol.DT_DIR;
    }
    return n instanceof KernfsLink ? FuseProtocol.DT_LNK : FuseProtocol.DT_REG;
  }

  private static AccessMode accessMode(int flags) {
    int acc = flags & O_ACCMODE;
    if (acc == O_WRONLY) {
      return AccessMode.WRITE;
    }
    return acc == O_RDWR ? AccessMode.READ_WRITE : AccessMode.READ;
  }

  private static String opName(int opcode) {
    return switch (opcode) {
      case FuseProtocol.LOOKUP -> "lookup";
      case FuseProtocol.GETATTR -> "getattr";
      case FuseProtocol.SETATTR -> "setattr";
      case FuseProtocol.READLINK -> "readlink";
      case FuseProtocol.OPEN -> "open";
      case FuseProtocol.READ -> "read";
      case FuseProtocol.WRITE -> "write";
      case FuseProtocol.RELEASE -> "release";
      case FuseProtocol.OPENDIR -> "opendir";
      case FuseProtocol.READDIR -> "readdir";
      case FuseProtocol.RELEASEDIR -> "releasedir";
      case FuseProtocol.MKNOD -> "mknod";
      case FuseProtocol.MKDIR -> "mkdir";
      case FuseProtocol.SYMLINK -> "symlink";
      case FuseProtocol.LINK -> "link";
      case FuseProtocol.UNLINK -> "unlink";
      case FuseProtocol.RMDIR -> "rmdir";
      case FuseProtocol.RENAME, FuseProtocol.RENAME2 -> "rename";
      case FuseProtocol.CREATE -> "create";
      default -> "opcode " + opcode;
    };
  }
}
