package org.sysfsemu.error;

/**
 * A failure the emulated kernel reports to its caller as an errno: a write to {@code uevent}
 * with a bad action, a lookup of a missing name, a full event buffer. Checked, so that every
 * path from a FUSE callback into the model has to decide what to do with it.
 */
public class SysfsException extends Exception {
  private final Errno errno;

  public SysfsException(Errno errno, String message) {
    super(message);
    this.errno = errno;
  }

  public Errno errno() {
    return errno;
  }

  @Override
  public String toString() {
    return errno + ": " + getMessage();
  }
}
