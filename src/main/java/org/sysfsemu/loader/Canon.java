package org.sysfsemu.loader;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One load's pool of equal values: the attribute names, property keys and values, uevent
 * variables, attribute contents and whole attributes that repeat from device to device are kept
 * once, so that a large tree holds one {@code "power/control"} or {@code "auto\n"} instead of one
 * per device. The pool lives for one parse; it stops growing at {@link #MAX} values and {@link
 * #MAX_BYTES} contents (later ones are kept as they come), so a file of unique values costs
 * little more than without it.
 */
final class Canon {
  /** The most values the pool holds. */
  static final int MAX = 1 << 18;
  /** The most attribute contents the pool holds (each keeps its escaped text too). */
  static final int MAX_BYTES = 1 << 16;

  private final Map<Object, Object> values = new HashMap<>();
  private final Map<String, byte[]> bytes = new HashMap<>();

  /**
   * The pool's value equal to {@code v}: a string, or a record of pooled parts (an attribute of
   * a pooled name and pooled bytes: a record's array compares by identity).
   */
  @SuppressWarnings("unchecked")
  <T> T of(T v) {
    Object c = values.get(v);
    if (c != null) {
      return (T) c;
    }
    if (values.size() < MAX) {
      values.put(v, v);
    }
    return v;
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
    if (b != null && bytes.size() < MAX_BYTES) {
      bytes.put(text, b);
    }
    return b;
  }
}
