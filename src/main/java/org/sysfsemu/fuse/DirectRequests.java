package org.sysfsemu.fuse;

import static org.sysfsemu.fuse.FuseProtocol.IN_HEADER;
import static org.sysfsemu.fuse.FuseProtocol.OUT_HEADER;

import java.util.logging.Logger;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Requests a filesystem answers in Java without libfuse ({@link Server}), for the loop: the
 * request is read from the buffer libfuse received it into and the reply goes back through
 * libfuse's channel ({@code fuse_chan_send}). Such a request skips libfuse's dispatch, its
 * high-level layer (path building, its node table and path locks), a callback into Java with
 * converted arguments, and libfuse's reply functions.
 *
 * <p>The server answers {@code INIT} too ({@link Server#init}); once that reply is sent the
 * filesystem is ready ({@code initialized}), as libfuse's {@code init} callback would have said. {@code DESTROY} and {@code NOTIFY_REPLY} are libfuse's. A kernel older than
 * protocol 7.9 (the layouts of {@link FuseProtocol}) gets libfuse for every request.
 */
final class DirectRequests {
  /** A filesystem's answers to the requests of its mount. Called on many threads at once. */
  interface Server {
    /** What {@link #serve} returns for a request that takes no reply ({@code FORGET}). */
    int NO_REPLY = Integer.MIN_VALUE;
    /**
     * Answers the kernel's {@code INIT} (major 7, minor 9 or later) as {@link #serve} answers a
     * request, the reply's {@code max_write} at most {@code maxWrite}.
     */
    int init(FuseRequest request, FuseReply reply, int maxWrite);

    /**
     * Serves {@code request}: writes the reply's body into {@code reply} and returns its length,
     * or returns -errno or {@link #NO_REPLY}.
     */
    int serve(FuseRequest request, FuseReply reply);

    /** The reply of {@code length} bytes to {@code request} did not reach the kernel. */
    default void replyLost(FuseRequest request, FuseReply reply, int length) {}
  }

  private static final int ENOENT = 2;
  /** The receive buffer beyond the largest write's data: its headers (libfuse's own margin). */
  private static final int HEADERS_MARGIN = 4096;
  private static final Logger LOG = Logger.getLogger(DirectRequests.class.getName());

  private final FuseExt lib;
  private final Server server;
  private final Runnable initialized;
  private volatile boolean enabled;
  private volatile boolean sendFailureLogged;

  /** Answers {@code server}'s requests; runs {@code initialized} once it has answered {@code INIT}. */
  DirectRequests(FuseExt lib, Server server, Runnable initialized) {
    this.lib = lib;
    this.server = server;
    this.initialized = initialized;
  }

  /** What one worker answers with: its view of its receive buffer {@code in}, and its own reply buffer. */
  Replier replier(Runtime runtime, Pointer in, long size) {
    return new Replier(runtime, in, size);
  }

  /** A worker's reply buffer; not shared between threads. */
  final class Replier {
    private final FuseRequest request;
    private final FuseReply reply;
    private final Pointer out;
    private final Pointer iov;
    private final int maxWrite;

    private Replier(Runtime runtime, Pointer in, long size) {
      int capacity = (int) Math.min(size, Integer.MAX_VALUE);
      request = new FuseRequest(in);
      out = Memory.allocateDirect(runtime, capacity);
      reply = new FuseReply(out, capacity);
      iov = Memory.allocateDirect(runtime, 16);
      maxWrite = capacity - HEADERS_MARGIN;
    }

    /**
     * Answers the request of {@code length} bytes in the receive buffer, received on {@code
     * channel}, unless it is libfuse's (see above): false leaves it to libfuse.
     */
    boolean answer(int length, Pointer channel) {
      if (length < IN_HEADER) {
        return false;
      }
      request.received(length);
      int opcode = request.opcode();
      if (opcode == FuseProtocol.INIT) {
        return init(channel);
      }
      if (!enabled || opcode == FuseProtocol.DESTROY || opcode == FuseProtocol.NOTIFY_REPLY) {
        return false;
      }
      send(server.serve(request, reply), channel);
      return true;
    }

    private boolean init(Pointer channel) {
      boolean supported = request.bodyLength() >= 16
          && request.i32(FuseProtocol.INIT_MAJOR) == FuseProtocol.MAJOR
          && request.i32(FuseProtocol.INIT_MINOR) >= FuseProtocol.MIN_MINOR;
      if (!supported) {
        LOG.warning("the kernel's FUSE protocol is not 7." + FuseProtocol.MIN_MINOR
            + " or later: every request goes to libfuse");
        return false;
      }
      enabled = true;
      int result = server.init(request, reply, maxWrite);
      if (send(result, channel) && result >= 0) {
        initialized.run();
      }
      return true;
    }

    /** Sends the reply {@link Server#serve} returned {@code result} for; whether it was sent. */
    private boolean send(int result, Pointer channel) {
      if (result == Server.NO_REPLY) {
        return true;
      }
      int replyLength = OUT_HEADER + Math.max(result, 0);
      out.putInt(0, replyLength);
      out.putInt(4, Math.min(result, 0));
      out.putLong(8, request.unique());
      iov.putAddress(0, out.address());
      iov.putLong(8, replyLength);
      int sent = lib.fuse_chan_send(channel, iov, 1);
      if (sent < 0) {
        if (result > 0) {
          server.replyLost(request, reply, result);
        }
        if (sent != -ENOENT && !sendFailureLogged) { // ENOENT: interrupted, gone
          sendFailureLogged = true;
          LOG.warning("replying to the FUSE device failed: errno " + -sent + " (further failures are not logged)");
        }
        return false;
      }
      return true;
    }
  }
}
