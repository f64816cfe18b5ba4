package org.sysfsemu.cli;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes devices in the {@code .umockdev} record format (docs/format.md): {@code P:}, {@code N:},
 * {@code S:}, the kernel's {@code E:} keys in the order of the device's uevent file, {@code E:
 * SUBSYSTEM}, the udev properties, then {@code A:} (text), {@code H:} (binary) and {@code L:}
 * (link) attributes in name order.
 */
final class RecordWriter {
  private RecordWriter() {}

  /** Appends the paragraph of {@code d} (with a blank line after it) to {@code out}. */
  static void write(SysDevice d, UdevData.Entry udev, StringBuilder out) {
    out.append("P: ").append(d.devpath()).append('\n');
    String devname = d.devname();
    if (devname != null) {
      out.append("N: ").append(devname).append('\n');
    }
    for (String link : udev.links()) {
      out.append("S: ").append(link).append('\n');
    }
    for (String line : d.uevent()) {
      out.append("E: ").append(line.startsWith("DEVNAME=") ? "DEVNAME=/dev/" + devname : line).append('\n');
    }
    out.append("E: SUBSYSTEM=").append(d.subsystem()).append('\n');
    if (udev.usec() != null) {
      out.append("E: USEC_INITIALIZED=").append(udev.usec()).append('\n');
    }
    for (String p : udev.properties()) {
      out.append("E: ").append(p).append('\n');
    }
    if (!udev.links().isEmpty()) {
      out.append("E: DEVLINKS=").append(String.join(" ", udev.links().stream().map(l -> "/dev/" + l).toList())).append('\n');
    }
    tags(out, "TAGS", udev.tags());
    tags(out, "CURRENT_TAGS", udev.currentTags());
    for (SysDevice.Entry e : d.entries()) {
      if (e.name().equals("uevent") || e.name().equals("subsystem")) {
        continue;
      }
      if (e.isLink()) {
        out.append("L: ").append(e.name()).append('=').append(e.linkTarget()).append('\n');
        continue;
      }
      byte[] value = d.read(e.name());
      if (value == null) {
        continue; // unreadable (write-only, EIO, ...): left out, as umockdev-record does
      }
      if (isText(value)) {
        out.append("A: ").append(e.name()).append('=').append(escape(value)).append('\n');
      } else {
        out.append("H: ").append(e.name()).append('=').append(hex(value)).append('\n');
      }
    }
    out.append('\n');
  }

  private static void tags(StringBuilder out, String key, List<String> tags) {
    if (!tags.isEmpty()) {
      out.append("E: ").append(key).append("=:").append(String.join(":", tags)).append(":\n");
    }
  }

  /** Text is valid UTF-8 without NUL bytes (umockdev-record's rule); anything else is binary. */
  static boolean isText(byte[] value) {
    for (byte b : value) {
      if (b == 0) {
        return false;
      }
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /**
   * GLib's {@code g_strescape}: {@code \b \f \n \r \t \v \\ \"} by name, other bytes below 0x20 and
   * every byte from 0x7F as three octal digits.
   */
  static String escape(byte[] value) {
    StringBuilder sb = new StringBuilder(value.length + 8);
    for (byte b : value) {
      int c = b & 0xff;
      switch (c) {
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case 0x0b -> sb.append("\\v");
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        default -> {
          if (c < 0x20 || c >= 0x7f) {
            sb.append('\\').append((char) ('0' + (c >> 6))).append((char) ('0' + ((c >> 3) & 7)))
                .append((char) ('0' + (c & 7)));
          } else {
            sb.append((char) c);
          }
        }
      }
    }
    return sb.toString();
  }

  /** Upper-case continuous hex, as umockdev-record writes {@code H:} values. */
  static String hex(byte[] value) {
    StringBuilder sb = new StringBuilder(value.length * 2);
    for (byte b : value) {
      sb.append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
          .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
    }
    return sb.toString();
  }
}
