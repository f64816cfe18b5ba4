package org.sysfsemu.uevent;

import java.nio.charset.StandardCharsets;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/**
 * The {@code uevent_helper} string ({@code UEVENT_HELPER_PATH_LEN} = 256 with its NUL), with the
 * store rules of {@code uevent_helper_store()} in kernel/ksysfs.c.
 */
public final class UEventHelperPath {
  /** {@code UEVENT_HELPER_PATH_LEN}, NUL included. */
  public static final int PATH_LEN = 256;

  private volatile String value = "";
  private volatile String refusal;

  /** The helper path; empty when disabled. */
  public String get() {
    return value;
  }

  /** What reading {@code /sys/kernel/uevent_helper} returns: the path and a newline. */
  public byte[] show() {
    return (value + "\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * Stores a write: ENOENT when {@code count + 1 > 256}; one trailing newline is removed; an
   * embedded NUL ends the string; every other byte is kept.
   */
  public int store(byte[] data) throws SysfsException {
    if (refusal != null && data.length > 0 && !(data.length == 1 && data[0] == '\n')) {
      throw new SysfsException(Errno.EPERM, "uevent_helper refused: " + refusal);
    }
    if (data.length + 1 > PATH_LEN) {
      throw new SysfsException(Errno.ENOENT, "uevent_helper longer than 255 bytes");
    }
    int len = data.length;
    if (len > 0 && data[len - 1] == '\n') {
      len--;
    }
    for (int i = 0; i < len; i++) {
      if (data[i] == 0) {
        len = i;
        break;
      }
    }
    value = new String(data, 0, len, StandardCharsets.ISO_8859_1);
    return data.length;
  }

  /**
   * From now on, refuses to set a helper (EPERM, {@code reason} in the message); clearing it
   * stays allowed. Used where a helper could only run against the host's /sys and /dev.
   */
  public void refuse(String reason) {
    refusal = reason;
    value = "";
  }

  /** Sets the path directly (the {@code --helper} option), with the same rules as a write. */
  public void set(String path) throws SysfsException {
    store(path.getBytes(StandardCharsets.ISO_8859_1));
  }
}
