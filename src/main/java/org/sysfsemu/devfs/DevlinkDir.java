package org.sysfsemu.devfs;

import java.util.logging.Logger;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/**
 * udev's links to device nodes ({@code /dev/disk/by-id/...}) in a {@link DevfsTree}, made as
 * udevd 252's {@code node_symlink()} makes them: missing directories are created (0755, root), the
 * link is written under a temporary name and renamed over any existing symlink; a name held by
 * something else than a symlink is left alone. Removing a link removes the directories left empty
 * above it. Uses only the tree's public operations; failures are logged, never thrown.
 */
public final class DevlinkDir {
  private static final Logger LOG = Logger.getLogger(DevlinkDir.class.getName());
  private final DevfsTree tree;

  public DevlinkDir(DevfsTree tree) {
    this.tree = tree;
  }

  /** Makes {@code link} (relative to /dev) a symlink to {@code target}. */
  public void link(String link, String target) {
    String path = "/" + link;
    try {
      DevfsNode existing = find(path);
      if (existing instanceof DevfsNode.Symlink s && s.target.equals(target)) {
        return;
      }
      if (existing != null && !(existing instanceof DevfsNode.Symlink)) {
        LOG.warning(() -> "udev: /dev" + path + " exists and is not a symlink; not linking it to " + target);
        return;
      }
      mkdirs(path.substring(0, path.lastIndexOf('/')));
      String tmp = path + ".tmp-sysfs-emu";
      if (find(tmp) != null) {
        tree.unlink(tmp);
      }
      tree.symlink(target, tmp, 0, 0);
      tree.rename(tmp, path);
    } catch (SysfsException e) {
      LOG.warning(() -> "udev: cannot link /dev" + path + " to " + target + ": " + e.getMessage());
    }
  }

  /** Removes {@code link} (relative to /dev), then its directories that are left empty. */
  public void unlink(String link) {
    String path = "/" + link;
    try {
      if (find(path) != null) {
        tree.unlink(path);
      }
      for (String dir = parent(path); !dir.equals("/"); dir = parent(dir)) {
        if (!(find(dir) instanceof DevfsNode.Dir) || !tree.readdir(dir).isEmpty()) {
          break;
        }
        tree.rmdir(dir);
      }
    } catch (SysfsException e) {
      LOG.warning(() -> "udev: cannot remove /dev" + path + ": " + e.getMessage());
    }
  }

  private void mkdirs(String dir) throws SysfsException {
    if (dir.isEmpty() || dir.equals("/")) {
      return;
    }
    DevfsNode n = find(dir);
    if (n == null) {
      mkdirs(parent(dir));
      try {
        tree.mkdir(dir, 0755, 0, 0);
      } catch (SysfsException e) {
        if (e.errno() != Errno.EEXIST) { // made meanwhile: fine
          throw e;
        }
      }
    } else if (!(n instanceof DevfsNode.Dir)) {
      throw new SysfsException(Errno.ENOTDIR, "/dev" + dir + " is not a directory");
    }
  }

  private DevfsNode find(String path) {
    try {
      return tree.lookup(path);
    } catch (SysfsException e) {
      return null;
    }
  }

  private static String parent(String path) {
    int i = path.lastIndexOf('/');
    return i <= 0 ? "/" : path.substring(0, i);
  }
}
