package org.sysfsemu.fuse;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.collect.ImmutableList;
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
    List<String> all = ImmutableList.<String>builder().add(".", "..").addAll(names).build();
    for (String name : all) {
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
}
