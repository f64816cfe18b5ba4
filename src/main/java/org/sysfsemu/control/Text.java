package org.sysfsemu.control;

/** Text shown to users: control bytes are escaped so that no byte of a name or file reaches a terminal raw. */
public final class Text {
  private Text() {}

  /** {@code s} with bytes below 0x20 and 0x7f written as {@code \xNN} (and the backslash as {@code \\}). */
  public static String escape(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = c < 0x20 || c == 0x7f || c == '\\';
      if (control && sb == null) {
        sb = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      if (sb != null) {
        if (c == '\\') {
          sb.append("\\\\");
        } else if (control) {
          sb.append(String.format("\\x%02x", (int) c));
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? s : sb.toString();
  }
}
