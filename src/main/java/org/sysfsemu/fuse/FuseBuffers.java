package org.sysfsemu.fuse;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import jnr.ffi.Pointer;
import ru.serce.jnrfuse.FuseFillDir;

/** Copies between the model's values and libfuse's buffers, the same way for both mounts. */
final class FuseBuffers {
  private FuseBuffers() {}

  /** Fills a readdir buffer with ".", ".." and {@code names}; returns 0. */
  static int fill(Pointer buf, FuseFillDir filler, List<String> names) {
    if (filler.apply(buf, cString("."), null, 0) != 0 || filler.apply(buf, cString(".."), null, 0) != 0) {
      return 0;
    }
    for (String name : names) {
      if (filler.apply(buf, cString(name), null, 0) != 0) {
        break;
      }
    }
    return 0;
  }

  /** A NUL-terminated name: jnr-fuse's String overload passes the bytes without a terminator. */
  static ByteBuffer cString(String s) {
    byte[] b = s.getBytes(UTF_8);
    return ByteBuffer.wrap(Arrays.copyOf(b, b.length + 1));
  }

  /** Writes {@code s} NUL-terminated into a readlink buffer of {@code size}, truncating; returns 0. */
  static int putString(String s, Pointer buf, long size) {
    if (size <= 0) {
      return 0;
    }
    byte[] b = s.getBytes(UTF_8);
    int n = (int) Math.min(b.length, Math.max(0, size - 1));
    buf.put(0, b, 0, n);
    buf.putByte(n, (byte) 0);
    return 0;
  }

  /** Copies {@code data} to the start of a read buffer; returns its length, the read's result. */
  static int copyOut(byte[] data, Pointer buf) {
    buf.put(0, data, 0, data.length);
    return data.length;
  }

  /** The remaining bytes of {@code data} into a read buffer; returns their count. */
  static int copyOut(ByteBuffer data, Pointer buf) {
    return copyOut(data, buf, 0);
  }

  /** The remaining bytes of {@code data} into a buffer at {@code offset}; returns their count. */
  static int copyOut(ByteBuffer data, Pointer buf, long offset) {
    int n = data.remaining();
    buf.put(offset, data.array(), data.arrayOffset() + data.position(), n);
    return n;
  }

  /** The first {@code min(size, max)} bytes of a write buffer. */
  static byte[] copyIn(Pointer buf, long size, int max) {
    return copyIn(buf, 0, size, max);
  }

  /** The first {@code min(size, max)} bytes at {@code offset} of a buffer. */
  static byte[] copyIn(Pointer buf, long offset, long size, int max) {
    byte[] data = new byte[(int) Math.min(size, max)];
    buf.get(offset, data, 0, data.length);
    return data;
  }

  /** A FUSE size as an int, capped (requests are at most 128 KiB anyway). */
  static int toInt(long size) {
    return (int) Math.min(size, Integer.MAX_VALUE);
  }
}
