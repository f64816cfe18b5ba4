package org.sysfsemu.udevdb;

/**
 * The /dev in which udev makes its links to device nodes. Paths are relative to /dev. Failures
 * are the implementation's to report; it must not throw.
 */
public interface DevlinkTree {
  /** No /dev: links are recorded in the database only. */
  DevlinkTree NONE = new DevlinkTree() {
    @Override
    public void link(String link, String target) {}

    @Override
    public void unlink(String link) {}
  };

  /**
   * Makes {@code link} a symlink to {@code target} (relative to the link's directory), creating
   * missing directories and replacing an existing symlink.
   */
  void link(String link, String target);

  /** Removes {@code link}, then the directories above it that are left empty. */
  void unlink(String link);
}
