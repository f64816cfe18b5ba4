package org.sysfsemu.error;

/**
 * A failure the emulated kernel reports to its caller as an errno: a write to {@code uevent}
 * with a bad action, a lookup of a missing name, a full event buffer. Checked, so that every
 * path from a FUSE callback into the model has to decide what to do with it.
 *
 * <p>Like the kernel's negative return values it is an answer, not a fault, and carries no stack
 * trace: tools probe for names that may not exist all the time (a FUSE lookup of a missing name
 * ends in one), and a stack walked for each of them is work nobody reads. Faults of the program
 * itself stay unchecked exceptions, with their stacks.
 */
public class SysfsException extends Exception {
  private final Errno errno;

  public SysfsException(Errno errno, String message) {
    super(message, null, false, false);
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
