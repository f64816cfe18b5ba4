package org.sysfsemu.netlink;

/**
 * The 64-bit bloom filter of a device's tags in the libudev header ({@code
 * device_monitor_send_device} in sd-device): each tag sets four bits picked by its {@link
 * MurmurHash2} ({@code h & 63}, {@code h>>>6 & 63}, {@code h>>>12 & 63}, {@code h>>>18 & 63}); the
 * bloom of a set of tags is the OR of theirs, 0 for none.
 */
public final class TagBloom {
  private TagBloom() {}

  /** The bits one tag sets. */
  public static long of(String tag) {
    int h = MurmurHash2.hash(tag);
    long bits = 0;
    for (int shift = 0; shift <= 18; shift += 6) {
      bits |= 1L << ((h >>> shift) & 63);
    }
    return bits;
  }

  /** The OR of the blooms of {@code tags}; 0 when there are none. */
  public static long of(Iterable<String> tags) {
    long bits = 0;
    for (String tag : tags) {
      bits |= of(tag);
    }
    return bits;
  }

  /** The upper 32 bits: {@code filter_tag_bloom_hi}. */
  public static int hi(long bloom) {
    return (int) (bloom >>> 32);
  }

  /** The lower 32 bits: {@code filter_tag_bloom_lo}. */
  public static int lo(long bloom) {
    return (int) bloom;
  }

  /**
   * Whether a message whose bloom is {@code bloom} may carry {@code tag}: the check the receiver's
   * BPF filter makes (false positives possible, no false negatives).
   */
  public static boolean mayContain(long bloom, String tag) {
    long t = of(tag);
    return (bloom & t) == t;
  }
}
