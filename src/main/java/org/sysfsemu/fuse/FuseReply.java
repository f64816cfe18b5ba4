package org.sysfsemu.fuse;

import static org.sysfsemu.fuse.FuseProtocol.OUT_HEADER;

import jnr.ffi.Pointer;

/**
 * A worker's reply buffer, written in place: the body by offsets past the header, which {@link
 * DirectRequests} fills in before sending. Every field of a reply is written, so nothing of an
 * earlier reply shows through.
 */
final class FuseReply {
  private final Pointer mem;
  private final int capacity;

  FuseReply(Pointer mem, int capacity) {
    this.mem = mem;
    this.capacity = capacity;
  }

  /** The most bytes a body may have. */
  int capacity() {
    return capacity - OUT_HEADER;
  }

  void i32(int offset, int value) {
    mem.putInt(OUT_HEADER + offset, value);
  }

  void i64(int offset, long value) {
    mem.putLong(OUT_HEADER + offset, value);
  }

  void bytes(int offset, byte[] b) {
    mem.put(OUT_HEADER + offset, b, 0, b.length);
  }

  /** Zeroes {@code n} bytes at {@code offset}. */
  void zero(int offset, int n) {
    mem.setMemory(OUT_HEADER + offset, n, (byte) 0);
  }

  long readI64(int offset) {
    return mem.getLong(OUT_HEADER + offset);
  }

  /** The buffer, for data copied into it at {@link #bodyAddress}. */
  Pointer buffer() {
    return mem;
  }

  /** Where offset {@code offset} of the body is in {@link #buffer()}. */
  long bodyAddress(int offset) {
    return OUT_HEADER + offset;
  }
}
