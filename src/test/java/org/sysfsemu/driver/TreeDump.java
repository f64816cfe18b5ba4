package org.sysfsemu.driver;

import org.sysfsemu.kernfs.Kernfs;
import org.sysfsemu.kernfs.KernfsDir;
import org.sysfsemu.kernfs.KernfsLink;
import org.sysfsemu.kernfs.KernfsNode;

/** A text dump of a whole sysfs tree (paths, modes, link targets), to compare trees. */
public final class TreeDump {
  private TreeDump() {}

  public static String dump(Kernfs kernfs) {
    StringBuilder sb = new StringBuilder();
    kernfs.read(() -> {
      walk(kernfs.root(), sb);
      return null;
    });
    return sb.toString();
  }

  private static void walk(KernfsNode n, StringBuilder sb) {
    sb.append(n.path()).append(' ').append(Integer.toOctalString(n.mode()));
    if (n instanceof KernfsLink l) {
      sb.append(" -> ").append(l.readlink());
    }
    sb.append('\n');
    if (n instanceof KernfsDir d) {
      d.childNames().stream().sorted().forEach(c -> walk(d.child(c), sb));
    }
  }
}
