package org.sysfsemu.driver;

/**
 * A node devtmpfs creates for a device: name relative to /dev, block or char, number, mode and
 * owner (DEVMODE/DEVUID/DEVGID, else 0600 root:root).
 */
public record DevNode(String name, boolean block, DevNum devt, int mode, int uid, int gid) {}
