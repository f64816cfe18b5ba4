package org.sysfsemu.fuse;

/**
 * What {@code stat()} reports for one node, free of FUSE types: the file type, permission bits,
 * link count, size, owner and the one timestamp sysfs has (the inode's creation).
 */
record NodeStat(Type type, int mode, int nlink, long size, int uid, int gid, long timeMillis) {

  /** The file types sysfs has. */
  enum Type {
    DIRECTORY,
    REGULAR,
    SYMLINK
  }
}
