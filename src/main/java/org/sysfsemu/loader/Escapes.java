package org.sysfsemu.loader;

import java.io.ByteArrayOutputStream;

/** The escapes of the record format: GLib's {@code g_strcompress}/{@code g_strescape} and hex. */
final class Escapes {
  private Escapes() {}

  /**
   * C-unescapes an {@code A:} value: {@code \n \t \r \b \f \v \\ \"}, {@code \NNN} octal (one to
   * three digits); any other escaped character stands for itself. Chars are bytes (ISO-8859-1).
   */
  static byte[] compress(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= n) {
        out.write(c);
        continue;
      }
      char e = s.charAt(++i);
      if (e >= '0' && e <= '7') {
        int v = e - '0';
        int digits = 1;
        while (digits < 3 && i + 1 < n && s.charAt(i + 1) >= '0' && s.charAt(i + 1) <= '7') {
          v = v * 8 + (s.charAt(++i) - '0');
          digits++;
        }
        out.write(v & 0xff);
        continue;
      }
      out.write(
          switch (e) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'v' -> 0x0b;
            default -> e;
          });
    }
    return out.toByteArray();
  }

  /** {@code g_strescape}: the inverse, as {@code umockdev-record} writes {@code A:} values. */
  static String escape(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length + 8);
    for (byte x : b) {
      int c = x & 0xff;
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
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

  /** Decodes hex of either case; null when the length is odd or a digit is not hex. */
  static byte[] unhex(String s) {
    if (s.length() % 2 != 0) {
      return null;
    }
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(s.charAt(2 * i), 16);
      int lo = Character.digit(s.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        return null;
      }
      out[i] = (byte) (hi << 4 | lo);
    }
    return out;
  }

  /** Upper-case hex, as the writer emits {@code H:} values. */
  static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length * 2);
    for (byte x : b) {
      sb.append(Character.toUpperCase(Character.forDigit((x >> 4) & 0xf, 16)))
          .append(Character.toUpperCase(Character.forDigit(x & 0xf, 16)));
    }
    return sb.toString();
  }
}
