package org.sysfsemu;

import java.util.List;
import java.util.Optional;
import org.sysfsemu.devfs.DevfsNode;
import org.sysfsemu.devfs.DevfsStat;
import org.sysfsemu.devfs.DevfsTree;
import org.sysfsemu.error.SysfsException;

/**
 * A read-only view of an emulator's /dev tree, mounted or not: what {@code ls}, {@code stat} and
 * {@code readlink} would show. Paths are relative to /dev ({@code "sdb1"}, {@code "bus/usb"}) or
 * start with {@code /} (relative to the /dev root as well).
 */
public final class DevView {
  private final DevfsTree tree;

  DevView(DevfsTree tree) {
    this.tree = tree;
  }

  /** A node as stat(2) shows it: type ({@code 'b'}, {@code 'c'}, {@code 'd'}, {@code 'l'}, {@code '-'}), device number, permissions, owner. */
  public record Node(char type, int major, int minor, int mode, int uid, int gid) {}

  /** Whether {@code path} exists (a link counts as itself). */
  public boolean exists(String path) {
    return node(path).isPresent();
  }

  /** The entry at {@code path}, if any. */
  public Optional<Node> node(String path) {
    try {
      DevfsStat st = tree.stat(abs(path));
      return Optional.of(new Node(type(st.mode()), st.rdevMajor(), st.rdevMinor(), st.mode() & 07777, st.uid(), st.gid()));
    } catch (SysfsException e) {
      return Optional.empty();
    }
  }

  /** The names in directory {@code path}, in creation order; empty when it is not a directory. */
  public List<String> list(String path) {
    try {
      return List.copyOf(tree.readdir(abs(path)));
    } catch (SysfsException e) {
      return List.of();
    }
  }

  /** The target of symlink {@code path}, if it is one. */
  public Optional<String> readlink(String path) {
    try {
      return Optional.of(tree.readlink(abs(path)));
    } catch (SysfsException e) {
      return Optional.empty();
    }
  }

  private static String abs(String path) {
    return path.startsWith("/") ? path : "/" + path;
  }

  private static char type(int mode) {
    return switch (mode & 0170000) {
      case DevfsNode.S_IFBLK -> 'b';
      case DevfsNode.S_IFCHR -> 'c';
      case DevfsNode.S_IFDIR -> 'd';
      case DevfsNode.S_IFLNK -> 'l';
      default -> '-';
    };
  }
}
