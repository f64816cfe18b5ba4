package org.sysfsemu.devfs;

/** What {@code stat()} reports for a /dev entry: full {@code st_mode}, owner, size, links, rdev, times. */
public record DevfsStat(
    int mode, int uid, int gid, long size, int nlink, int rdevMajor, int rdevMinor, long atimeMillis,
    long mtimeMillis, long ctimeMillis) {}
