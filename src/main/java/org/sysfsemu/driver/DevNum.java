package org.sysfsemu.driver;

import static com.google.common.base.Preconditions.checkArgument;

import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/** A device number, {@code dev_t}: major (12 bits) and minor (20 bits). */
public record DevNum(int major, int minor) {
  public static final int MAX_MAJOR = (1 << 12) - 1;
  public static final int MAX_MINOR = (1 << 20) - 1;

  public DevNum {
    checkArgument(major >= 0 && major <= MAX_MAJOR, "major out of range: %s", major);
    checkArgument(minor >= 0 && minor <= MAX_MINOR, "minor out of range: %s", minor);
  }

  /** Parses {@code "8:1"} (an optional trailing newline allowed), as the {@code dev} attribute. */
  public static DevNum parse(String text) throws SysfsException {
    String s = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    int colon = s.indexOf(':');
    try {
      if (colon > 0) {
        return new DevNum(Integer.parseInt(s.substring(0, colon)), Integer.parseInt(s.substring(colon + 1)));
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw new SysfsException(Errno.EINVAL, "bad device number '" + s + "' (want MAJOR:MINOR)");
  }

  /** {@code "M:m"}, as in {@code /sys/dev/char/M:m} and the {@code dev} attribute. */
  @Override
  public String toString() {
    return major + ":" + minor;
  }
}
