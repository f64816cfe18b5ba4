package org.sysfsemu.fuse;

import jnr.ffi.Pointer;

/**
 * Sets {@code flag_nullpath_ok} and {@code flag_nopath} of libfuse 2.9's {@code struct
 * fuse_operations}: libfuse then computes no path, and so takes no lock of its path tree, for the
 * calls on an open file (read, write, flush, release, fsync, ftruncate, poll). Without them a read
 * blocked in a control node holds a read lock on its path, and an {@code unlink} of that path (and
 * every later call queued behind the unlink) waits until the read ends. The callbacks then get a
 * null path and must use the file handle only. The bits are 0 and 1 of the unsigned int after
 * {@code bmap} ({@link OperationsTable}).
 */
final class PathlessOps {
  /** {@code offsetof(struct fuse_operations, flag_nullpath_ok)} on 64-bit Linux: 38 pointers. */
  static final int FLAGS_OFFSET = 38 * 8;

  private static final int NULLPATH_OK = 0x1;
  private static final int NOPATH = 0x2;

  private PathlessOps() {}

  /** Turns both flags on in {@code ops}. */
  static void enable(OperationsTable ops) {
    Pointer mem = ops.memory();
    mem.putByte(FLAGS_OFFSET, (byte) (mem.getByte(FLAGS_OFFSET) | NULLPATH_OK | NOPATH));
  }
}
