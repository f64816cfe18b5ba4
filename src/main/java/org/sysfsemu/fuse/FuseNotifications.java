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
    Pointer m = header(FuseProtocol.NOTIFY_INVAL_ENTRY, body);
    m.putLong(OUT_HEADER, parent);
    m.putInt(OUT_HEADER + 8, n.length);
    m.putInt(OUT_HEADER + 12, 0);
    m.put(OUT_HEADER + FuseProtocol.NOTIFY_INVAL_ENTRY_OUT, n, 0, n.length);
    m.putByte(OUT_HEADER + FuseProtocol.NOTIFY_INVAL_ENTRY_OUT + n.length, (byte) 0);
    return send(channel, m, OUT_HEADER + body);
  }

  /**
   * {@code FUSE_NOTIFY_INVAL_INODE} over the whole of node id {@code node}: the kernel drops its
   * cached attributes and pages of it (for a directory, its cached listing). 0, or -errno (ENOENT:
   * the kernel holds no inode of it).
   */
  int invalidateInode(Pointer channel, long node) {
    Pointer m = header(FuseProtocol.NOTIFY_INVAL_INODE, FuseProtocol.NOTIFY_INVAL_INODE_OUT);
    m.putLong(OUT_HEADER, node);
    m.putLong(OUT_HEADER + 8, 0); // from offset 0
    m.putLong(OUT_HEADER + 16, 0); // to the end
    return send(channel, m, OUT_HEADER + FuseProtocol.NOTIFY_INVAL_INODE_OUT);
  }

  private Pointer header(int code, int body) {
    Pointer m = Memory.allocateDirect(runtime, OUT_HEADER + body);
    m.putInt(0, OUT_HEADER + body);
    m.putInt(4, code);
    m.putLong(8, 0);
    return m;
  }

  private int send(Pointer channel, Pointer message, int length) {
    Pointer iov = Memory.allocateDirect(runtime, 16);
    iov.putAddress(0, message.address());
    iov.putLong(8, length);
    try {
      return lib.fuse_chan_send(channel, iov, 1);
    } finally {
      // jnr frees direct memory once its pointer is unreachable: not while the kernel reads it
      Reference.reachabilityFence(message);
      Reference.reachabilityFence(iov);
    }
  }
}
