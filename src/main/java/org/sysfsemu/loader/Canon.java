package org.sysfsemu.loader;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One load's pool of equal values: the attribute names, property keys and values, uevent
 * variables and attribute contents that repeat from device to device are kept once, so that a
 * large tree holds one {@code "power/control"} or {@code "auto\n"} instead of one per device. The
 * pool lives for one parse; it stops growing at {@link #MAX} entries (later values are kept as
 * they come), so a file of unique values costs no more than without it.
 */
final class Canon {
  /** The most values the pool holds. */
  static final int MAX = 1 << 16;

  private final Map<String, String> strings = new HashMap<>();
  private final Map<String, byte[]> bytes = new HashMap<>();

  /** The pool's string equal to {@code s}. */
  String of(String s) {
    String c = strings.get(s);
    if (c != null) {
      return c;
    }
    if (strings.size() < MAX) {
      strings.put(s, s);
    }
    return s;
  }

  /**
   * The bytes that {@code decode} makes of {@code text}, made once per distinct text. The arrays
   * are shared by every device with that text: nobody changes an attribute's array in place
   * ({@code DeviceAttribute} replaces it).
   */
  byte[] bytes(String text, Function<String, byte[]> decode) {
    byte[] b = bytes.get(text);
    if (b != null) {
      return b;
    }
    b = decode.apply(text);
    if (b != null && bytes.size() < MAX) {
      bytes.put(text, b);
    }
    return b;
  }
}
