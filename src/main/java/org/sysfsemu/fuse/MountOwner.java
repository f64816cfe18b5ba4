package org.sysfsemu.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who owns what the kernel would give to root. When the emulator runs as root nothing changes;
 * when a user mounts it, that user stands in for root (as in a user namespace): files the kernel
 * owns as root are reported as the user's, so that with {@code default_permissions} the user may
 * write where root may (uevent files, {@code uevent_helper}) and other users (with
 * {@code --allow-other}) only where the modes let them.
 */
final class MountOwner {
  /** The uid of this process. */
  static final int UID = attribute("unix:uid");

  /** The gid of this process. */
  static final int GID = attribute("unix:gid");

  private MountOwner() {}

  /** The uid to report for a node owned by {@code uid}. */
  static int uid(int uid) {
    return uid == 0 ? UID : uid;
  }

  /** The gid to report for a node owned by {@code gid}. */
  static int gid(int gid) {
    return gid == 0 ? GID : gid;
  }

  private static int attribute(String name) {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), name);
    } catch (IOException | UnsupportedOperationException e) {
      return 0;
    }
  }
}
