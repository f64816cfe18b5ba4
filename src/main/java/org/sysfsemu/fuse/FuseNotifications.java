package org.sysfsemu.fuse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.sysfsemu.fuse.FuseProtocol.OUT_HEADER;

import java.lang.ref.Reference;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The notifications a server sends the kernel unasked, written to libfuse's channel: a reply
 * header with unique 0 and the notification's code in place of an error, then its body. They are
 * written here rather than by libfuse's {@code fuse_lowlevel_notify_*}, which refuse to send
 * before libfuse itself has answered {@code INIT} (the loop answers /sys's).
 */
final class FuseNotifications {
  /** {@code struct iovec}: base, length. */
  private static final int IOVEC = 16;

  private final FuseExt lib;
  private final Runtime runtime;

  FuseNotifications(FuseExt lib) {
    this.lib = lib;
    this.runtime = Runtime.getSystemRuntime();
  }

  /**
   * {@code FUSE_NOTIFY_INVAL_ENTRY}: the kernel drops its cached entry {@code name} in the
   * directory of node id {@code parent} (and what is cached below it). 0, or -errno (ENOENT: the
   * kernel holds no such entry).
   */
  int invalidateEntry(Pointer channel, long parent, String name) {
    byte[] n = name.getBytes(UTF_8);
    int body = FuseProtocol.NOTIFY_INVAL_ENTRY_OUT + n.length + 1;
    Pointer m = message(FuseProtocol.NOTIFY_INVAL_ENTRY, body);
    m.putLong(OUT_HEADER, parent);
    m.putInt(OUT_HEADER + 8, n.length);
    m.putInt(OUT_HEADER + 12, 0);
    m.put(OUT_HEADER + FuseProtocol.NOTIFY_INVAL_ENTRY_OUT, n, 0, n.length);
    m.putByte(OUT_HEADER + FuseProtocol.NOTIFY_INVAL_ENTRY_OUT + n.length, (byte) 0);
    return send(channel, m, body);
  }

  /**
   * {@code FUSE_NOTIFY_INVAL_INODE} over the whole of node id {@code node}: the kernel drops its
   * cached attributes and pages of it (for a directory, its cached listing). 0, or -errno (ENOENT:
   * the kernel holds no inode of it).
   */
  int invalidateInode(Pointer channel, long node) {
    Pointer m = message(FuseProtocol.NOTIFY_INVAL_INODE, FuseProtocol.NOTIFY_INVAL_INODE_OUT);
    m.putLong(OUT_HEADER, node);
    m.putLong(OUT_HEADER + 8, 0); // from offset 0
    m.putLong(OUT_HEADER + 16, 0); // to the end
    return send(channel, m, FuseProtocol.NOTIFY_INVAL_INODE_OUT);
  }

  /**
   * One allocation for a notification of {@code body} bytes: its header, its body, then (8-byte
   * aligned) the {@code struct iovec} that {@link #send} points at them.
   */
  private Pointer message(int code, int body) {
    Pointer m = Memory.allocateDirect(runtime, iovecAt(OUT_HEADER + body) + IOVEC);
    m.putInt(0, OUT_HEADER + body);
    m.putInt(4, code);
    m.putLong(8, 0);
    return m;
  }

  private static int iovecAt(int length) {
    return (length + 7) & ~7;
  }

  private int send(Pointer channel, Pointer message, int body) {
    int length = OUT_HEADER + body;
    int iov = iovecAt(length);
    message.putAddress(iov, message.address());
    message.putLong(iov + 8, length);
    try {
      return lib.fuse_chan_send(channel, Pointer.wrap(runtime, message.address() + iov), 1);
    } finally {
      // jnr frees direct memory once its pointer is unreachable: not while the kernel reads it
      Reference.reachabilityFence(message);
    }
  }
}
