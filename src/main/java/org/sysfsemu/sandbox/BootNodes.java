package org.sysfsemu.sandbox;

import org.sysfsemu.devfs.DevfsNode;
import org.sysfsemu.devfs.DevfsTree;
import org.sysfsemu.error.SysfsException;

/**
 * What every program expects in /dev beyond the tree's devices, made in the emulated /dev before
 * the sandbox starts, as devtmpfs and a booting user space make them: the six harmless character
 * devices (the sandbox binds the host's over them, since the FUSE mount cannot open nodes),
 * {@code pts} and {@code shm} mount points, {@code ptmx} and the {@code fd} links. Entries the
 * tree already has are left as they are; what is made here stays like any user-made entry.
 */
final class BootNodes {
  private record Node(String name, int major, int minor) {}

  private static final Node[] NODES = {
    new Node("null", 1, 3), new Node("zero", 1, 5), new Node("full", 1, 7),
    new Node("random", 1, 8), new Node("urandom", 1, 9), new Node("tty", 5, 0),
  };

  private BootNodes() {}

  static void create(DevfsTree dev) throws SysfsException {
    for (Node n : NODES) {
      if (absent(dev, n.name())) {
        dev.mknod("/" + n.name(), DevfsNode.S_IFCHR | 0666, n.major(), n.minor(), 0, 0);
      }
    }
    if (absent(dev, "pts")) {
      dev.mkdir("/pts", 0755, 0, 0);
    }
    if (absent(dev, "shm")) {
      dev.mkdir("/shm", 01777, 0, 0);
    }
    link(dev, "pts/ptmx", "ptmx");
    link(dev, "/proc/self/fd", "fd");
    link(dev, "/proc/self/fd/0", "stdin");
    link(dev, "/proc/self/fd/1", "stdout");
    link(dev, "/proc/self/fd/2", "stderr");
  }

  private static void link(DevfsTree dev, String target, String name) throws SysfsException {
    if (absent(dev, name)) {
      dev.symlink(target, "/" + name, 0, 0);
    }
  }

  private static boolean absent(DevfsTree dev, String name) {
    try {
      return dev.lookup("/" + name) == null;
    } catch (SysfsException e) {
      return true;
    }
  }
}
