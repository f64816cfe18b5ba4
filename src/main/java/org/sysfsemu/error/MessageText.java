package org.sysfsemu.error;

/**
 * Text shown to users (messages, results in {@code status}): control bytes are escaped, so that no
 * byte of a name or of a file quoted in a message reaches a terminal raw.
 */
public final class MessageText {
  private MessageText() {}

  /** {@code s} with bytes below 0x20 and 0x7f written as {@code \xNN}. */
  public static String escape(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = c < 0x20 || c == 0x7f;
      if (control && sb == null) {
        sb = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      if (sb != null) {
        if (control) {
          sb.append(String.format("\\x%02x", (int) c));
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? s : sb.toString();
  }
}
