package org.sysfsemu.netlink;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The receive-buffer charge of one datagram: the {@code skb->truesize} that {@code
 * netlink_broadcast_deliver()} adds to the socket's {@code sk_rmem_alloc}. Modelled on {@code
 * alloc_skb(len)} of an x86_64 6.x kernel, where truesize = the head allocation + the aligned
 * {@code struct sk_buff} (256): the head is {@code SKB_DATA_ALIGN(len)} + the aligned {@code
 * skb_shared_info} (320), served from the small-head cache (576 bytes with the reference
 * machine's {@code MAX_TCP_HEADER}) when it fits, else rounded up to a power-of-two kmalloc size.
 * So every datagram of up to 256 bytes costs 832, and the default 212992-byte buffer holds exactly
 * 256 of them, as observed (docs/linux-reference.md §11.2).
 */
public final class SkbTruesize {
  /** {@code SMP_CACHE_BYTES}: the alignment of skb data. */
  static final int CACHE_LINE = 64;

  /** {@code SKB_DATA_ALIGN(sizeof(struct skb_shared_info))}. */
  static final int SHARED_INFO = 320;

  /** {@code SKB_DATA_ALIGN(sizeof(struct sk_buff))}. */
  static final int SK_BUFF = 256;

  /** {@code SKB_SMALL_HEAD_CACHE_SIZE} on the reference machine. */
  static final int SMALL_HEAD = 576;

  private SkbTruesize() {}

  /** The truesize of a datagram of {@code length} bytes. */
  public static int of(int length) {
    checkArgument(length >= 0, "negative length %s", length);
    int head = align(length) + SHARED_INFO;
    int allocated = head <= SMALL_HEAD ? SMALL_HEAD : Integer.highestOneBit(head - 1) << 1;
    return allocated + SK_BUFF;
  }

  private static int align(int length) {
    return (length + CACHE_LINE - 1) & -CACHE_LINE;
  }
}
