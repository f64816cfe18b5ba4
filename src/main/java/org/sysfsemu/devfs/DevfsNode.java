package org.sysfsemu.devfs;

import java.util.Arrays;

/**
 * An entry of the emulated /dev: a directory, a device node, a symlink, a regular file, or a
 * control node served by the emulator itself. Metadata is changed under the tree's lock.
 */
public abstract sealed class DevfsNode
    permits DevfsNode.Dir, DevfsNode.DeviceNode, DevfsNode.Symlink, DevfsNode.RegularFile,
        DevfsNode.ControlNode {
  /** File type bits, as in {@code st_mode}. */
  public static final int S_IFDIR = 0040000;
  public static final int S_IFCHR = 0020000;
  public static final int S_IFBLK = 0060000;
  public static final int S_IFREG = 0100000;
  public static final int S_IFLNK = 0120000;

  String name;
  Dir parent;
  int perm;
  int uid;
  int gid;
  long mtimeMillis;
  long ctimeMillis;
  long atimeMillis;
  boolean removed;

  DevfsNode(String name, int perm, int uid, int gid, long now) {
    this.name = name;
    this.perm = perm & 07777;
    this.uid = uid;
    this.gid = gid;
    this.mtimeMillis = now;
    this.ctimeMillis = now;
    this.atimeMillis = now;
  }

  /** The type bits of {@code st_mode}. */
  public abstract int type();

  public String name() {
    return name;
  }

  /** The absolute path below the /dev root. */
  public String path() {
    if (parent == null) {
      return "/";
    }
    String p = parent.path();
    return (p.equals("/") ? "" : p) + "/" + name;
  }

  /** A consistent copy of the metadata, for {@code getattr}. */
  public abstract DevfsStat stat();

  DevfsStat stat(long size, int nlink, int rdevMajor, int rdevMinor) {
    return new DevfsStat(type() | perm, uid, gid, size, nlink, rdevMajor, rdevMinor, atimeMillis, mtimeMillis,
        ctimeMillis);
  }

  public boolean isRemoved() {
    return removed;
  }

  /** A directory. */
  public static final class Dir extends DevfsNode {
    final java.util.Map<String, DevfsNode> children = new java.util.LinkedHashMap<>();
    /** Created by devtmpfs for a node's parents; removed again when it empties. */
    final boolean kernelCreated;
    /** How many children are directories (the tree's lock guards it, as the map). */
    private int subdirs;

    Dir(String name, int perm, int uid, int gid, long now, boolean kernelCreated) {
      super(name, perm, uid, gid, now);
      this.kernelCreated = kernelCreated;
    }

    @Override
    public int type() {
      return S_IFDIR;
    }

    @Override
    public DevfsStat stat() {
      return stat(0, 2 + subdirs, 0, 0);
    }

    /** Adds {@code n} under its name (which is free); counts a subdirectory for {@code nlink}. */
    void put(DevfsNode n) {
      if (children.put(n.name, n) instanceof Dir) {
        subdirs--;
      }
      if (n instanceof Dir) {
        subdirs++;
      }
    }

    /** Removes the child called {@code name}, if any. */
    void drop(String name) {
      if (children.remove(name) instanceof Dir) {
        subdirs--;
      }
    }
  }

  /** A character or block device node: only a name, never opened (see docs/devfs.md). */
  public static final class DeviceNode extends DevfsNode {
    final boolean block;
    final int major;
    final int minor;
    /** Created by devtmpfs (as opposed to mknod by a user). */
    final boolean kernelCreated;

    DeviceNode(String name, int perm, int uid, int gid, long now, boolean block, int major, int minor,
        boolean kernelCreated) {
      super(name, perm, uid, gid, now);
      this.block = block;
      this.major = major;
      this.minor = minor;
      this.kernelCreated = kernelCreated;
    }

    @Override
    public int type() {
      return block ? S_IFBLK : S_IFCHR;
    }

    @Override
    public DevfsStat stat() {
      return stat(0, 1, major, minor);
    }
  }

  /** A symlink, e.g. a udev devlink {@code disk/by-id/usb-...}. */
  public static final class Symlink extends DevfsNode {
    final String target;

    Symlink(String name, int uid, int gid, long now, String target) {
      super(name, 0777, uid, gid, now);
      this.target = target;
    }

    @Override
    public int type() {
      return S_IFLNK;
    }

    @Override
    public DevfsStat stat() {
      return stat(target.length(), 1, 0, 0);
    }
  }

  /** A regular file made by a user or tool ({@code mdev.seq}, {@code mdev.log}). */
  public static final class RegularFile extends DevfsNode {
    /** The contents are {@code data[0..size)}; the rest is spare room, always zero. */
    byte[] data = new byte[0];
    int size;

    RegularFile(String name, int perm, int uid, int gid, long now) {
      super(name, perm, uid, gid, now);
    }

    @Override
    public int type() {
      return S_IFREG;
    }

    @Override
    public DevfsStat stat() {
      return stat(size, 1, 0, 0);
    }

    /** Sets the size, growing the room geometrically (appends cost amortized O(1) per byte). */
    void resize(int newSize) {
      if (newSize > data.length) {
        data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(newSize, 2L * data.length)));
      } else if (newSize < size) {
        Arrays.fill(data, newSize, size, (byte) 0);
      }
      size = newSize;
    }
  }

  /** A node whose opens and reads the emulator serves (the uevent control node). */
  public static final class ControlNode extends DevfsNode {
    final Object kind;

    ControlNode(String name, int perm, long now, Object kind) {
      super(name, perm, 0, 0, now);
      this.kind = kind;
    }

    /** What this node is, as given when it was created; the FUSE layer dispatches on it. */
    public Object kind() {
      return kind;
    }

    @Override
    public int type() {
      return S_IFREG;
    }

    @Override
    public DevfsStat stat() {
      return stat(0, 1, 0, 0);
    }
  }
}
