package org.sysfsemu.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sysfsemu.netlink.LibudevMessage;
import org.sysfsemu.uevent.UEvent;

/** Formats one datagram the way {@code udevadm monitor} prints it. */
final class EventFormat {
  private EventFormat() {}

  /**
   * {@code KERNEL[sec.usec] action   devpath (subsystem)} (or {@code UDEV  [...]} for a libudev
   * message), then with {@code property} the {@code KEY=VALUE} lines and an empty line.
   */
  static String format(byte[] datagram, boolean property, long nanos) {
    List<String> udev = udevProperties(datagram);
    List<String> props = udev != null ? udev : kernelProperties(datagram);
    long usec = nanos / 1000;
    StringBuilder sb = new StringBuilder();
    sb.append(udev != null ? "UDEV  [" : "KERNEL[").append(usec / 1_000_000).append('.')
        .append(String.format("%06d", usec % 1_000_000)).append("] ")
        .append(String.format("%-8s", value(props, "ACTION"))).append(' ').append(value(props, "DEVPATH"))
        .append(" (").append(value(props, "SUBSYSTEM")).append(")\n");
    if (property) {
      for (String p : props) {
        sb.append(p).append('\n');
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** The properties of a libudev message; null for anything else. */
  private static List<String> udevProperties(byte[] datagram) {
    if (!LibudevMessage.isLibudev(datagram)) {
      return null;
    }
    try {
      return LibudevMessage.decode(datagram).properties();
    } catch (IllegalArgumentException e) {
      return null; // shown as it comes, like any other datagram
    }
  }

  /** The {@code KEY=VALUE} strings after the {@code action@devpath} header. */
  private static List<String> kernelProperties(byte[] d) {
    List<String> props = new ArrayList<>();
    int i = 0;
    while (i < d.length && d[i] != 0) {
      i++;
    }
    for (i++; i < d.length; ) {
      int j = i;
      while (j < d.length && d[j] != 0) {
        j++;
      }
      if (j > i) {
        props.add(new String(d, i, j - i, StandardCharsets.ISO_8859_1));
      }
      i = j + 1;
    }
    return props;
  }

  private static String value(List<String> props, String key) {
    return Objects.requireNonNullElse(UEvent.valueOf(props, key), "");
  }
}
