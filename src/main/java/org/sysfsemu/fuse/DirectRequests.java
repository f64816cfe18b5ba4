package org.sysfsemu.fuse;

import java.util.logging.Logger;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The requests on an open file ({@code READ}, {@code WRITE}, {@code RELEASE}) of a filesystem that
 * needs nothing of libfuse for them, answered by the loop itself: the request's fields are read
 * from the buffer libfuse received it into, and the reply goes back through libfuse's channel
 * ({@code fuse_chan_send}). Each of these requests would otherwise go through libfuse's dispatch,
 * a callback into Java with its arguments converted, and libfuse's reply functions; they are
 * three of the four requests of a {@code cat} and two of the three of {@code echo > uevent}.
 *
 * <p>What libfuse's high-level layer keeps for open files is not needed then: it finds no path
 * for them ({@link PathlessOps}), and the open count it keeps per node only decides whether an
 * unlink or rename through FUSE hides an open file, which a filesystem that answers this way
 * does not allow (it mounts with {@code hard_remove} too, so libfuse never takes that path). An
 * {@code INTERRUPT} of a request answered here finds nothing in libfuse, which answers it EAGAIN
 * later; these requests never block, so there is nothing to interrupt. Every other request, and
 * these before the kernel's {@code INIT} has shown a protocol of 7.9 or later (the layouts read
 * here), goes to libfuse.
 */
final class DirectRequests {
  /** The file operations answered directly, by file handle; each returns its result or -errno. */
  interface Files {
    /** Up to {@code size} bytes at {@code offset} of {@code fh}, copied to {@code out} at {@code at}; their count. */
    int read(long fh, long offset, int size, Pointer out, long at);

    /** Writes the {@code size} bytes at {@code at} of {@code in} to {@code fh}; the count taken. */
    int write(long fh, Pointer in, long at, int size);

    /** Closes {@code fh}; 0. */
    int release(long fh);
  }

  // the FUSE protocol (include/uapi/linux/fuse.h), 64-bit fields in host order
  private static final int IN_HEADER = 40; // len, opcode, unique, nodeid, uid, gid, pid, padding
  private static final int OUT_HEADER = 16; // len, error, unique
  private static final int READ_IN = 40; // fh, offset, size, ...
  private static final int WRITE_IN = 40; // fh, offset, size, write_flags, ...
  private static final int WRITE_OUT = 8; // size, padding
  private static final int FUSE_READ = 15;
  private static final int FUSE_WRITE = 16;
  private static final int FUSE_RELEASE = 18;
  private static final int FUSE_INIT = 26;
  private static final int EIO = 5;
  private static final int ENOENT = 2;
  private static final Logger LOG = Logger.getLogger(DirectRequests.class.getName());
  /** The protocol minor since which the read and write requests have these layouts. */
  private static final int MIN_MINOR = 9;

  private final FuseExt lib;
  private final Files files;
  private volatile boolean enabled;
  private volatile boolean sendFailureLogged;

  DirectRequests(FuseExt lib, Files files) {
    this.lib = lib;
    this.files = files;
  }

  /** What one worker answers with: its own reply buffer of {@code size} bytes and iovec. */
  Replier replier(Runtime runtime, long size) {
    return new Replier(runtime, size);
  }

  /** A worker's reply buffer; not shared between threads. */
  final class Replier {
    private final Pointer out;
    private final Pointer iov;
    private final int capacity;

    private Replier(Runtime runtime, long size) {
      capacity = (int) Math.min(size, Integer.MAX_VALUE);
      out = Memory.allocateDirect(runtime, capacity);
      iov = Memory.allocateDirect(runtime, 16);
    }

    /**
     * Answers the request of {@code length} bytes in {@code in}, received on {@code channel}, if it
     * is one of the direct ones; false leaves it to libfuse.
     */
    boolean answer(Pointer in, int length, Pointer channel) {
      if (length < IN_HEADER) {
        return false;
      }
      int opcode = in.getInt(4);
      if (opcode == FUSE_INIT) {
        enabled = length >= IN_HEADER + 8 && in.getInt(IN_HEADER + 4) >= MIN_MINOR; // fuse_init_in.minor
        return false;
      }
      if (!enabled) {
        return false;
      }
      int result;
      int replyLength = OUT_HEADER;
      switch (opcode) {
        case FUSE_READ -> {
          if (length < IN_HEADER + READ_IN) {
            return false;
          }
          int size = Math.min(Math.max(in.getInt(IN_HEADER + 16), 0), capacity - OUT_HEADER);
          result = files.read(in.getLong(IN_HEADER), in.getLong(IN_HEADER + 8), size, out, OUT_HEADER);
          if (result > 0) {
            replyLength += result;
          }
        }
        case FUSE_WRITE -> {
          if (length < IN_HEADER + WRITE_IN) {
            return false;
          }
          int size = in.getInt(IN_HEADER + 16);
          // as libfuse: a request shorter than the size it announces is an I/O error
          result = size < 0 || size > length - IN_HEADER - WRITE_IN ? -EIO
              : files.write(in.getLong(IN_HEADER), in, IN_HEADER + WRITE_IN, size);
          if (result >= 0) {
            out.putInt(OUT_HEADER, result);
            out.putInt(OUT_HEADER + 4, 0);
            replyLength += WRITE_OUT;
          }
        }
        case FUSE_RELEASE -> {
          if (length < IN_HEADER + 8) {
            return false;
          }
          result = files.release(in.getLong(IN_HEADER));
        }
        default -> {
          return false;
        }
      }
      out.putInt(0, replyLength);
      out.putInt(4, Math.min(result, 0));
      out.putLong(8, in.getLong(8)); // unique
      iov.putAddress(0, out.address());
      iov.putLong(8, replyLength);
      int sent = lib.fuse_chan_send(channel, iov, 1);
      if (sent < 0 && sent != -ENOENT && !sendFailureLogged) { // ENOENT: interrupted, gone
        sendFailureLogged = true;
        LOG.warning("replying to the FUSE device failed: errno " + -sent + " (further failures are not logged)");
      }
      return true;
    }
  }
}
