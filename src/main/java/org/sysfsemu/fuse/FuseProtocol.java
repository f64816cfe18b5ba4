package org.sysfsemu.fuse;

/**
 * The numbers of the FUSE protocol ({@code include/uapi/linux/fuse.h}) that the loop reads and
 * writes itself ({@link DirectRequests}): opcodes, {@code INIT}'s fields and flags, the
 * notifications, and the layouts of the requests answered. Those layouts are the same from
 * protocol 7.9 to {@link #MINOR}, the newest minor the loop answers {@code INIT} with (later
 * minors only add requests, flags and fields in former padding; {@code MKNOD} and {@code CREATE}
 * gained a field at 7.12, and the loop refuses both without reading them). Offsets are from the start of a
 * request's or reply's body, past its header; 64-bit fields in host order.
 */
final class FuseProtocol {
  private FuseProtocol() {}

  /** {@code fuse_in_header}: len, opcode, unique, nodeid, uid, gid, pid, padding. */
  static final int IN_HEADER = 40;
  /** Where the opcode is in {@code fuse_in_header}. */
  static final int IN_OPCODE = 4;
  /** {@code fuse_out_header}: len, error, unique. */
  static final int OUT_HEADER = 16;

  /** The node id of the mount's root ({@code FUSE_ROOT_ID}). */
  static final long ROOT_ID = 1;

  // opcodes (enum fuse_opcode)
  static final int LOOKUP = 1;
  static final int FORGET = 2;
  static final int GETATTR = 3;
  static final int SETATTR = 4;
  static final int READLINK = 5;
  static final int SYMLINK = 6;
  static final int MKNOD = 8;
  static final int MKDIR = 9;
  static final int UNLINK = 10;
  static final int RMDIR = 11;
  static final int RENAME = 12;
  static final int LINK = 13;
  static final int OPEN = 14;
  static final int READ = 15;
  static final int WRITE = 16;
  static final int STATFS = 17;
  static final int RELEASE = 18;
  static final int INIT = 26;
  static final int OPENDIR = 27;
  static final int READDIR = 28;
  static final int RELEASEDIR = 29;
  static final int CREATE = 35;
  static final int INTERRUPT = 36;
  static final int DESTROY = 38;
  static final int NOTIFY_REPLY = 41;
  static final int BATCH_FORGET = 42;
  static final int RENAME2 = 45;

  /** {@code fuse_init_in}: major, minor, max_readahead, flags, ... */
  static final int INIT_MAJOR = 0;
  static final int INIT_MINOR = 4;
  static final int INIT_MAX_READAHEAD = 8;
  static final int INIT_FLAGS = 12;
  /** The protocol's major version, the only one there is. */
  static final int MAJOR = 7;
  /** The minor since which the layouts below hold. */
  static final int MIN_MINOR = 9;
  /** The newest minor the loop answers with: the one that brought {@link #NO_OPENDIR_SUPPORT}. */
  static final int MINOR = 29;
  /**
   * {@code fuse_init_out} as from minor 23 (major, minor, max_readahead, flags, max_background,
   * congestion_threshold, max_write, time_gran, max_pages, map_alignment, flags2, unused[7]); up to
   * minor 22 only its first 24 bytes.
   */
  static final int INIT_OUT = 64;
  static final int INIT_OUT_BEFORE_23 = 24;
  /** {@code fuse_init_out.max_write}'s offset. */
  static final int INIT_OUT_MAX_WRITE = 20;
  /** {@code INIT} flags: the kernel offers them, the reply takes those the server wants. */
  static final int ASYNC_READ = 1;
  static final int ATOMIC_O_TRUNC = 1 << 3;
  static final int EXPORT_SUPPORT = 1 << 4;
  static final int PARALLEL_DIROPS = 1 << 18;
  /** The kernel keeps link texts (in the link's page cache) until told to drop them. */
  static final int CACHE_SYMLINKS = 1 << 23;
  /** The kernel keeps directories open without {@code OPENDIR} once one is answered ENOSYS. */
  static final int NO_OPENDIR_SUPPORT = 1 << 24;
  /**
   * A kernel minor (Linux 6.16) known to serve a kept link text whole. Kernels without a 2025 fix
   * ("fuse: don't truncate cached, mutated symlink") cut it at the link's {@code st_size}, which is
   * 0 on sysfs; the fix also went to stable kernels without a new minor, so only a minor that
   * came after it is trusted.
   */
  static final int LINKS_KEPT_WHOLE_MINOR = 44;
  /** Notification codes, in a reply header's error field (with unique 0). */
  static final int NOTIFY_INVAL_INODE = 2;
  static final int NOTIFY_INVAL_ENTRY = 3;
  /** {@code fuse_notify_inval_inode_out}: ino, off, len. */
  static final int NOTIFY_INVAL_INODE_OUT = 24;
  /** {@code fuse_notify_inval_entry_out}: parent, namelen, flags; the name and a NUL follow. */
  static final int NOTIFY_INVAL_ENTRY_OUT = 16;

  /** {@code fuse_attr}: ino, size, blocks, atime, mtime, ctime, their nsecs, mode, nlink, uid, gid, rdev, blksize, padding. */
  static final int ATTR = 88;
  /** {@code fuse_entry_out}: nodeid, generation, entry_valid, attr_valid, their nsecs, then the attr. */
  static final int ENTRY_OUT = 40 + ATTR;
  /** {@code fuse_attr_out}: attr_valid, attr_valid_nsec, dummy, then the attr. */
  static final int ATTR_OUT = 16 + ATTR;
  /** {@code fuse_open_out}: fh, open_flags, padding. */
  static final int OPEN_OUT = 16;
  /** {@code fuse_write_out}: size, padding. */
  static final int WRITE_OUT = 8;
  /** {@code fuse_statfs_out}: blocks, bfree, bavail, files, ffree, bsize, namelen, frsize, padding, spare[6]. */
  static final int STATFS_OUT = 80;

  /** {@code fuse_read_in} (also READDIR's): fh, offset, size, read_flags, lock_owner, flags, padding. */
  static final int READ_IN = 40;
  /** {@code fuse_write_in}: fh, offset, size, write_flags, lock_owner, flags, padding; data follows. */
  static final int WRITE_IN = 40;
  /** {@code fuse_setattr_in}, 88 bytes: the offsets of the fields used. */
  static final int SETATTR_IN = 88;
  static final int SETATTR_FH = 8;
  static final int SETATTR_MODE = 68;
  static final int SETATTR_UID = 76;
  static final int SETATTR_GID = 80;
  /** {@code fuse_setattr_in.valid} bits ({@code FATTR_*}). */
  static final int FATTR_MODE = 1;
  static final int FATTR_UID = 1 << 1;
  static final int FATTR_GID = 1 << 2;
  static final int FATTR_SIZE = 1 << 3;
  static final int FATTR_ATIME = 1 << 4;
  static final int FATTR_MTIME = 1 << 5;
  static final int FATTR_FH = 1 << 6;

  /** {@code fuse_open_out.open_flags}: bypass the page cache. */
  static final int FOPEN_DIRECT_IO = 1;

  /** {@code fuse_dirent}: ino, off, namelen, type, then the name, padded to 8 bytes. */
  static final int DIRENT_NAME = 24;
  static final int DT_DIR = 4;
  static final int DT_REG = 8;
  static final int DT_LNK = 10;

  /** The size of a {@code fuse_dirent} with a name of {@code nameLength} bytes. */
  static int direntSize(int nameLength) {
    return (DIRENT_NAME + nameLength + 7) & ~7;
  }
}
