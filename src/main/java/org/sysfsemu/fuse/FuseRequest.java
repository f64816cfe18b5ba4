package org.sysfsemu.fuse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.sysfsemu.fuse.FuseProtocol.IN_HEADER;

import jnr.ffi.Pointer;

/**
 * One request as the kernel wrote it to the FUSE device, read in place from a worker's receive
 * buffer: the header's fields, and the body's by their offset past the header. A worker reuses
 * one for every request it receives.
 */
final class FuseRequest {
  private final Pointer mem;
  private int length;

  FuseRequest(Pointer mem) {
    this.mem = mem;
  }

  /** Makes this the request of {@code length} bytes now in the buffer. */
  void received(int length) {
    this.length = length;
  }

  int opcode() {
    return mem.getInt(FuseProtocol.IN_OPCODE);
  }

  long unique() {
    return mem.getLong(8);
  }

  long nodeid() {
    return mem.getLong(16);
  }

  /** The body's length: what follows the header. */
  int bodyLength() {
    return length - IN_HEADER;
  }

  int i32(int offset) {
    return mem.getInt(IN_HEADER + offset);
  }

  long i64(int offset) {
    return mem.getLong(IN_HEADER + offset);
  }

  /** The NUL-terminated name at {@code offset} of the body (up to the body's end without one). */
  String name(int offset) {
    int from = IN_HEADER + offset;
    int end = from;
    while (end < length && mem.getByte(end) != 0) {
      end++;
    }
    byte[] b = new byte[end - from];
    mem.get(from, b, 0, b.length);
    return new String(b, UTF_8);
  }

  /** The buffer the request is in, for data copied out of it from {@link #bodyAddress}. */
  Pointer buffer() {
    return mem;
  }

  /** Where offset {@code offset} of the body is in {@link #buffer()}. */
  long bodyAddress(int offset) {
    return IN_HEADER + offset;
  }

  @Override
  public String toString() {
    return "request " + opcode() + " on node " + nodeid();
  }
}
