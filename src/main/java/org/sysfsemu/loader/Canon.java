package org.sysfsemu.loader;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One load's pool of equal values (one per parsing thread; not thread-safe): the attribute names, property keys and values, uevent
 * variables, attribute contents, whole attributes and the lists and maps of them that repeat from device to device are kept
 * once, so that a large tree holds one {@code "power/control"} or {@code "auto\n"} instead of one
 * per device. Strings are looked up by their place in the text, so a value seen before costs no
 * new string. The pool lives for one parse; it stops growing at {@link #MAX} strings, {@link
 * #MAX} other values and {@link #MAX_BYTES} contents (later ones are kept as they come), so a file
 * of unique values costs little more than without it.
 */
final class Canon {
  /** The most strings, and the most other values, the pool holds. */
  static final int MAX = 1 << 18;
  /** The most attribute contents the pool holds. */
  static final int MAX_BYTES = 1 << 16;

  /**
   * Open addressing, linear probing; at most half full. {@code hashes} holds each slot's string
   * hash (0 stored as 1; 0 marks a free slot), so that a probe reads one array and looks at a
   * string only when its hash matches: most of a large tree's values are met once and never match.
   */
  private String[] table = new String[1 << 10];
  private int[] hashes = new int[1 << 10];
  private int strings;
  private final Map<Object, Object> values = new HashMap<>();
  private final Map<String, byte[]> bytes = new HashMap<>();
  private final Map<Object, Object> lists = new HashMap<>();
  private final Map<Object, Object> maps = new HashMap<>();

  /** The pool's string equal to {@code text.substring(from, to)}. */
  String of(String text, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + text.charAt(i); // String.hashCode()
    }
    int stored = h == 0 ? 1 : h;
    int len = to - from;
    int mask = hashes.length - 1;
    int i = mix(h) & mask;
    for (int sh = hashes[i]; sh != 0; sh = hashes[i]) {
      if (sh == stored) {
        String s = table[i];
        if (s.length() == len && text.regionMatches(from, s, 0, len)) {
          return s;
        }
      }
      i = (i + 1) & mask;
    }
    return keep(i, stored, text.substring(from, to));
  }

  /**
   * The pool's string equal to {@code key + "=" + value} (a uevent variable): a pair met before
   * costs no new string.
   */
  String join(String key, String value) {
    int h = 31 * key.hashCode() + '=';
    for (int i = 0; i < value.length(); i++) {
      h = 31 * h + value.charAt(i); // the hash of the joined string
    }
    int stored = h == 0 ? 1 : h;
    int klen = key.length();
    int len = klen + 1 + value.length();
    int mask = hashes.length - 1;
    int i = mix(h) & mask;
    for (int sh = hashes[i]; sh != 0; sh = hashes[i]) {
      if (sh == stored) {
        String s = table[i];
        if (s.length() == len && s.startsWith(key) && s.charAt(klen) == '=' && s.startsWith(value, klen + 1)) {
          return s;
        }
      }
      i = (i + 1) & mask;
    }
    return keep(i, stored, new StringBuilder(len).append(key).append('=').append(value).toString());
  }

  /** Keeps {@code s}, whose stored hash is {@code stored}, in the free slot {@code i} while the pool has room. */
  private String keep(int i, int stored, String s) {
    if (strings < MAX) {
      table[i] = s;
      hashes[i] = stored;
      if (++strings > table.length / 2) {
        grow();
      }
    }
    return s;
  }

  /** The pool's string equal to {@code s}. */
  String of(String s) {
    return of(s, 0, s.length());
  }

  private static int mix(int h) {
    return h ^ (h >>> 16);
  }

  private void grow() {
    String[] old = table;
    int[] oldHashes = hashes;
    table = new String[old.length * 2];
    hashes = new int[old.length * 2];
    int mask = table.length - 1;
    for (int j = 0; j < old.length; j++) {
      if (oldHashes[j] != 0) {
        int h = oldHashes[j] == 1 ? old[j].hashCode() : oldHashes[j]; // no visit to each string
        int i = mix(h) & mask;
        while (hashes[i] != 0) {
          i = (i + 1) & mask;
        }
        table[i] = old[j];
        hashes[i] = oldHashes[j];
      }
    }
  }

  /**
   * The pool's value equal to {@code v}: a record of pooled parts (an attribute of a pooled name
   * and pooled bytes: a record's array compares by identity).
   */
  <T extends java.lang.Record> T of(T v) {
    return pooled(values, v, v);
  }

  /**
   * The pool's list equal to {@code v}, a list of pooled values (a device's attributes, its
   * uevent variables): the devices of a kind whose values all repeat share one list.
   */
  <T> ImmutableList<T> of(ImmutableList<T> v) {
    return pooled(lists, v, v);
  }

  /**
   * The pool's map with the entries of {@code v} in the same order, a map of pooled keys and
   * values (a device's udev properties; their order is the database's).
   */
  <K, V> ImmutableMap<K, V> of(ImmutableMap<K, V> v) {
    // keyed by its keys and values in order: a list the pool alone holds (a view of the map's
    // entries would stay cached in every map)
    Object[] kv = new Object[2 * v.size()];
    int[] i = {0};
    v.forEach((k, x) -> {
      kv[i[0]++] = k;
      kv[i[0]++] = x;
    });
    return pooled(maps, Arrays.asList(kv), v);
  }

  /** The value {@code pool} holds under {@code key}, else {@code v}, which it then holds under it. */
  @SuppressWarnings("unchecked")
  private static <T> T pooled(Map<Object, Object> pool, Object key, T v) {
    Object c = pool.get(key);
    if (c != null) {
      return (T) c;
    }
    if (pool.size() < MAX) {
      pool.put(key, v);
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
