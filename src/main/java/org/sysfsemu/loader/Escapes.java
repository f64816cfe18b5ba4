package org.sysfsemu.loader;

import java.util.Arrays;

/** The escapes of the record format: GLib's {@code g_strcompress}/{@code g_strescape} and hex. */
final class Escapes {
  private Escapes() {}

  /**
   * C-unescapes an {@code A:} value: {@code \n \t \r \b \f \v \\ \"}, {@code \NNN} octal (one to
   * three digits); any other escaped character stands for itself. Chars are bytes (ISO-8859-1).
   */
  static byte[] compress(String s) {
    int n = s.length();
    byte[] out = new byte[n]; // an escape never makes more bytes than it takes
    int len = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= n) {
        out[len++] = (byte) c;
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
        out[len++] = (byte) v;
        continue;
      }
      out[len++] = (byte)
          switch (e) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'v' -> 0x0b;
            default -> e;
          };
    }
    return len == n ? out : Arrays.copyOf(out, len);
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
}
