package org.sysfsemu.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sysfsemu.uevent.UEvent;

/** Formats one datagram the way {@code udevadm monitor} prints it. */
final class EventFormat {
  private static final byte[] LIBUDEV = "libudev\0".getBytes(StandardCharsets.ISO_8859_1);

  private EventFormat() {}

  /**
   * {@code KERNEL[sec.usec] action   devpath (subsystem)}, then with {@code property} the
   * {@code KEY=VALUE} lines and an empty line.
   */
  static String format(byte[] buf, int n, boolean property, long nanos) {
    boolean udev = isLibudev(buf, n);
    List<String> props = properties(buf, n, udev);
    String action = value(props, "ACTION");
    String devpath = value(props, "DEVPATH");
    String subsystem = value(props, "SUBSYSTEM");
    long usec = nanos / 1000;
    StringBuilder sb = new StringBuilder();
    sb.append(udev ? "UDEV  [" : "KERNEL[").append(usec / 1_000_000).append('.')
        .append(String.format("%06d", usec % 1_000_000)).append("] ")
        .append(String.format("%-8s", action)).append(' ').append(devpath)
        .append(" (").append(subsystem).append(")\n");
    if (property) {
      for (String p : props) {
        sb.append(p).append('\n');
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static boolean isLibudev(byte[] buf, int n) {
    if (n < 40) {
      return false;
    }
    for (int i = 0; i < LIBUDEV.length; i++) {
      if (buf[i] != LIBUDEV[i]) {
        return false;
      }
    }
    return true;
  }

  private static List<String> properties(byte[] buf, int n, boolean udev) {
    int start;
    if (udev) {
      start = ByteBuffer.wrap(buf, 16, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    } else {
      start = 0;
      while (start < n && buf[start] != 0) {
        start++;
      }
      start++;
    }
    List<String> props = new ArrayList<>();
    int i = start;
    while (i < n) {
      int j = i;
      while (j < n && buf[j] != 0) {
        j++;
      }
      if (j > i) {
        props.add(new String(buf, i, j - i, StandardCharsets.ISO_8859_1));
      }
      i = j + 1;
    }
    return props;
  }

  private static String value(List<String> props, String key) {
    return Objects.requireNonNullElse(UEvent.valueOf(props, key), "");
  }
}
