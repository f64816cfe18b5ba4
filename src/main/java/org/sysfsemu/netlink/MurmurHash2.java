package org.sysfsemu.netlink;

import java.nio.charset.StandardCharsets;

/**
 * 32-bit MurmurHash2 with seed 0, as {@code systemd/src/basic/MurmurHash2.c} computes it for the
 * libudev header's filter hashes: blocks are read little-endian (the native read of x86 and
 * ARM-LE hosts, which the receiver's BPF filter also uses), all arithmetic is mod 2^32.
 */
public final class MurmurHash2 {
  private static final int M = 0x5bd1e995;
  private static final int R = 24;

  private MurmurHash2() {}

  /** The hash of {@code s} taken as kernel bytes (one byte per char, no NUL). */
  public static int hash(String s) {
    return hash(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** The hash of {@code data}, seed 0. */
  public static int hash(byte[] data) {
    int len = data.length;
    int h = len; // seed 0 XOR len
    int i = 0;
    for (; len - i >= 4; i += 4) {
      int k = (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16
          | (data[i + 3] & 0xff) << 24;
      k *= M;
      k ^= k >>> R;
      k *= M;
      h *= M;
      h ^= k;
    }
    switch (len - i) {
      case 3:
        h ^= (data[i + 2] & 0xff) << 16;
        // fall through
      case 2:
        h ^= (data[i + 1] & 0xff) << 8;
        // fall through
      case 1:
        h ^= data[i] & 0xff;
        h *= M;
        break;
      default:
        break;
    }
    h ^= h >>> 13;
    h *= M;
    h ^= h >>> 15;
    return h;
  }
}
