package org.sysfsemu.fuse;

import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.struct.FuseOperations;

/**
 * Sets {@code flag_nullpath_ok} and {@code flag_nopath} of libfuse 2.9's {@code struct
 * fuse_operations}: libfuse then computes no path, and so takes no lock of its path tree, for the
 * calls on an open file (read, write, flush, release, fsync, ftruncate, poll). Without them a read
 * blocked in a control node holds a read lock on its path, and an {@code unlink} of that path (and
 * every later call queued behind the unlink) waits until the read ends. The callbacks then get a
 * null path and must use the file handle only. jnr-fuse maps the bitfield as paddings without
 * setters, so the bits (0 and 1 of the unsigned int after {@code bmap}) are written directly.
 */
final class PathlessOps {
  /** {@code offsetof(struct fuse_operations, flag_nullpath_ok)} on 64-bit Linux: 38 pointers. */
  static final int FLAGS_OFFSET = 38 * 8;

  private static final int NULLPATH_OK = 0x1;
  private static final int NOPATH = 0x2;

  private PathlessOps() {}

  /** {@code sizeof(struct fuse_operations)} of libfuse 2.9 on 64-bit Linux. */
  static final int STRUCT_SIZE = 360;

  /** Turns both flags on in {@code ops}, after checking jnr-fuse's struct has libfuse 2.9's size. */
  static void enable(FuseOperations ops) {
    if (Struct.size(ops) != STRUCT_SIZE) {
      throw new IllegalStateException("fuse_operations self-check failed: size " + Struct.size(ops)
          + ", not " + STRUCT_SIZE);
    }
    Pointer mem = Struct.getMemory(ops);
    mem.putByte(FLAGS_OFFSET, (byte) (mem.getByte(FLAGS_OFFSET) | NULLPATH_OK | NOPATH));
  }
}
