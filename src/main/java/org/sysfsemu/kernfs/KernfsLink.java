package org.sysfsemu.kernfs;

/**
 * A symlink. Links made by the driver core point at a node and read back as a relative path
 * computed at readlink time, so they stay right when the target is renamed or moved; links loaded
 * verbatim from a record ({@code L: firmware_node=../../x}) keep their literal text.
 */
public final class KernfsLink extends KernfsNode {
  private final KernfsNode target;
  private final String literal;

  KernfsLink(String name, long createdMillis, long id, KernfsNode target, String literal) {
    super(name, 0777, createdMillis, id);
    this.target = target;
    this.literal = literal;
  }

  /** The node this link points at, or null for a literal link. */
  public KernfsNode target() {
    return target;
  }

  /** What readlink returns: the relative path from this link's directory to its target. */
  public String readlink() {
    if (literal != null) {
      return literal;
    }
    return relativePath(parent(), target);
  }

  /**
   * Whether renaming or moving {@code moved} changed what {@link #readlink} returns: it is the
   * target (whose name the text ends with, even when it is above the link), or it is at or above
   * the link or the target but not both (the path between them then runs through its name). Above
   * both, it is at or above their common ancestor, which the text does not name.
   */
  public boolean textChangedBy(KernfsNode moved) {
    return literal == null && (moved == target || isAtOrBelow(this, moved) != isAtOrBelow(target, moved));
  }

  private static boolean isAtOrBelow(KernfsNode node, KernfsNode top) {
    for (KernfsNode n = node; n != null; n = n.parent()) {
      if (n == top) {
        return true;
      }
    }
    return false;
  }

  /**
   * The relative path from directory {@code from} to {@code to}, as {@code kernfs_get_target_path}
   * builds it: climb from {@code from} to the nearest ancestor of the target's parent, then down.
   * A link to an ancestor therefore reads {@code ../../../serial8250}, not {@code ../..}.
   */
  private static String relativePath(KernfsDir from, KernfsNode to) {
    String[] a = split(from.path());
    String[] b = split(to.path());
    int common = 0;
    while (common < a.length && common < b.length - 1 && a[common].equals(b[common])) {
      common++;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = common; i < a.length; i++) {
      sb.append("../");
    }
    for (int i = common; i < b.length; i++) {
      sb.append(b[i]);
      if (i < b.length - 1) {
        sb.append('/');
      }
    }
    if (sb.length() > 0 && sb.charAt(sb.length() - 1) == '/') {
      sb.setLength(sb.length() - 1);
    }
    return sb.toString();
  }

  private static String[] split(String path) {
    return path.equals("/") ? new String[0] : path.substring(1).split("/");
  }
}
