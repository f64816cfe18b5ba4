package org.sysfsemu.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real {@code NETLINK_KOBJECT_UEVENT} socket in another network namespace (the sandbox's),
 * bound to group 1. It delivers the emulator's events to unmodified listeners there:
 *
 * <ul>
 *   <li>{@link #inject}: a uevent sent to the kernel (portid 0) as {@code nlmsghdr} + the kernel
 *       payload without SEQNUM; the kernel appends its own global SEQNUM and multicasts it on
 *       group 1 of that namespace with sender portid 0, which is what sd-device accepts as a
 *       kernel event (docs/linux-reference.md, injected uevents). The socket hears its own
 *       broadcast, so the kernel's SEQNUM is learned and returned.
 *   <li>{@link #multicast}: a datagram sent as-is to a group (group 2: libudev format).
 * </ul>
 *
 * <p>Needs CAP_SYS_ADMIN and CAP_NET_ADMIN over the namespace (its owner or root). Not
 * thread-safe for concurrent use: the event pipeline calls it in SEQNUM order under its mutex.
 */
public final class KobjectUeventSocket implements AutoCloseable {
  private static final int NLMSG_HDRLEN = 16;
  private static final int NLMSG_ERROR = 2;
  private static final short UEVENT_MSG_TYPE = 0x10;
  private static final short NLM_F_REQUEST = 1;
  private static final int RCVBUF = 8 << 20;
  private static final long REPLY_TIMEOUT_MS = 2000;
  private static final byte[] SEQNUM_KEY = "SEQNUM=".getBytes(StandardCharsets.ISO_8859_1);

  private static final int BUFSIZE = 16384;
  /** A receive queue overflowed: reported once, the data that fitted follows. */
  private static final int ENOBUFS = 105;
  private static final int SOCKADDR_LEN = 12;

  private final LibC libc = LibC.load();
  private final int fd;
  // native (direct) buffers made once: a send or receive copies only the datagram, and allocates nothing
  private ByteBuffer sbuf = direct(BUFSIZE);
  private final ByteBuffer rnative = direct(BUFSIZE);
  private final byte[] rbuf = new byte[BUFSIZE];
  private final ByteBuffer raddr = direct(SOCKADDR_LEN);
  private final ByteBuffer raddrlen = direct(4);
  private final ByteBuffer kernelAddr = nativeSockaddr(0);
  private final ByteBuffer group2Addr = nativeSockaddr(2);
  private int seq;
  private boolean closed;

  private KobjectUeventSocket(int fd) {
    this.fd = fd;
  }

  /**
   * Opens a socket in the network namespace {@code netns} (e.g. {@code /proc/PID/ns/net}). The
   * calling process stays where it is: a short-lived thread enters the namespace, creates the
   * socket, and ends.
   */
  public static KobjectUeventSocket open(Path netns) throws IOException {
    AtomicReference<Object> result = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        result.set(new KobjectUeventSocket(createIn(netns)));
      } catch (IOException | RuntimeException e) {
        result.set(e);
      } catch (LinkageError e) { // the C library's calls could not be bound
        result.set(new IOException("cannot call the C library: " + e, e));
      }
    }, "netns-socket");
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while opening a netlink socket", e);
    }
    Object r = result.get();
    if (r instanceof KobjectUeventSocket s) {
      return s;
    }
    if (r instanceof IOException e) {
      throw e;
    }
    throw (RuntimeException) r;
  }

  /** Runs on a thread of its own that ends after it: setns there, the socket, setns back. */
  private static int createIn(Path netns) throws IOException {
    LibC c = LibC.load();
    int own = c.open("/proc/thread-self/ns/net", LibC.O_RDONLY | LibC.O_CLOEXEC);
    if (own < 0) {
      throw error("open /proc/thread-self/ns/net");
    }
    int target = c.open(netns.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
    if (target < 0) {
      IOException e = error("open " + netns);
      c.close(own);
      throw e;
    }
    int fd = -1;
    try {
      if (c.setns(target, LibC.CLONE_NEWNET) != 0) {
        throw error("setns " + netns);
      }
      fd = c.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_KOBJECT_UEVENT);
      IOException socketError = fd < 0 ? error("socket(NETLINK_KOBJECT_UEVENT)") : null;
      // Back, where allowed: as root of a user namespace of its own the emulator may enter the
      // sandbox's namespace but not return to the host's (that takes CAP_SYS_ADMIN over the host's
      // namespace). Either way this thread ends right after, so nothing else runs where it is.
      c.setns(own, LibC.CLONE_NEWNET);
      if (socketError != null) {
        throw socketError;
      }
      if (c.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, RCVBUF) != 0) {
        c.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, RCVBUF);
      }
      byte[] addr = sockaddr(0, 1);
      if (c.bind(fd, addr, addr.length) != 0) {
        throw error("bind to group 1");
      }
      return fd;
    } catch (IOException e) {
      if (fd >= 0) {
        c.close(fd);
      }
      throw e;
    } finally {
      c.close(target);
      c.close(own);
    }
  }

  /**
   * Injects {@code payload} ({@code action@devpath\0KEY=VALUE\0...}, without SEQNUM) and
   * returns the SEQNUM the kernel gave it. The kernel's broadcast has reached every group-1
   * listener of the namespace when this returns.
   *
   * <p>The kernel broadcasts an injection before {@code sendto} returns, so the first broadcast
   * of {@code payload} read after it is this one's. What was queued before is read and dropped
   * first: another process of the namespace may inject the same bytes (a test tool synthesizing
   * the same event), and its broadcast must not lend this event its number.
   *
   * @throws IOException the kernel's refusal (EPERM without CAP_SYS_ADMIN, EINVAL for a message
   *     over 2048 bytes with its SEQNUM) or no broadcast heard back
   */
  public synchronized long inject(byte[] payload) throws IOException {
    checkOpen();
    drain();
    int mySeq = ++seq;
    int length = NLMSG_HDRLEN + payload.length;
    ByteBuffer msg = sendBuffer(length);
    msg.putInt(0, length);
    msg.putShort(4, UEVENT_MSG_TYPE);
    msg.putShort(6, NLM_F_REQUEST);
    msg.putInt(8, mySeq);
    msg.putInt(12, 0);
    msg.put(NLMSG_HDRLEN, payload);
    if (libc.sendto(fd, msg, length, 0, kernelAddr) < 0) {
      throw error("inject uevent");
    }
    long deadline = System.nanoTime() + REPLY_TIMEOUT_MS * 1_000_000;
    while (true) {
      int n = receive(deadline);
      if (n < 0) {
        throw new IOException("the kernel's broadcast of an injected uevent was not heard back");
      }
      int groups = raddr.getInt(8);
      if (groups == 0 && n >= NLMSG_HDRLEN + 4 + NLMSG_HDRLEN) {
        ByteBuffer r = ByteBuffer.wrap(rbuf, 0, n).order(ByteOrder.nativeOrder());
        if (r.getShort(4) == NLMSG_ERROR && r.getInt(NLMSG_HDRLEN + 4 + 8) == mySeq) {
          int err = -r.getInt(NLMSG_HDRLEN);
          if (err != 0) {
            throw new IOException("the kernel refused an injected uevent: " + Errnos.describe(err));
          }
        }
        continue;
      }
      long seqnum = seqnumIfOurs(payload, n);
      if ((groups & 1) != 0 && seqnum > 0) {
        return seqnum;
      }
      // another group-1 event of the namespace (a net device's): its listeners got it from the kernel
    }
  }

  /** The SEQNUM of the received datagram if it is {@code payload} plus {@code SEQNUM=n\0}. */
  private long seqnumIfOurs(byte[] payload, int n) {
    int p = payload.length;
    if (n < p + SEQNUM_KEY.length + 2 || rbuf[n - 1] != 0
        || !Arrays.equals(rbuf, 0, p, payload, 0, p)
        || !Arrays.equals(rbuf, p, p + SEQNUM_KEY.length, SEQNUM_KEY, 0, SEQNUM_KEY.length)) {
      return -1;
    }
    long v = 0;
    for (int i = p + SEQNUM_KEY.length; i < n - 1; i++) {
      int d = rbuf[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /** Reads and drops every datagram queued on the socket: other events of the namespace. */
  private void drain() throws IOException {
    while (receiveNow() >= 0) {
      // dropped
    }
  }

  /** Sends {@code datagram} as-is to multicast group {@code group} (1..32). */
  public synchronized void multicast(int group, byte[] datagram) throws IOException {
    checkOpen();
    ByteBuffer addr = group == 2 ? group2Addr : nativeSockaddr(1 << (group - 1));
    ByteBuffer msg = sendBuffer(datagram.length);
    msg.put(0, datagram);
    if (libc.sendto(fd, msg, datagram.length, 0, addr) < 0) {
      throw error("multicast to group " + group);
    }
  }

  /** The native send buffer, grown to {@code length} bytes if needed. */
  private ByteBuffer sendBuffer(int length) {
    if (sbuf.capacity() < length) {
      sbuf = direct(length);
    }
    return sbuf;
  }

  /**
   * Receives one datagram into {@link #rbuf}; its length, or -1 at the deadline. The first try
   * does not wait (the kernel's broadcast of an injection is queued before {@code sendto}
   * returns); only an empty queue polls.
   */
  private int receive(long deadline) throws IOException {
    while (true) {
      int n = receiveNow();
      if (n >= 0) {
        rnative.get(0, rbuf, 0, n);
        return n;
      }
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return -1;
      }
      byte[] pfd = new byte[8];
      ByteBuffer.wrap(pfd).order(ByteOrder.nativeOrder()).putInt(fd).putShort(LibC.POLLIN);
      libc.poll(pfd, 1, (int) Math.min(left, 100));
    }
  }

  /**
   * One queued datagram into {@link #rnative}, without waiting: its length, or -1 when none is
   * queued. An overflow (ENOBUFS, reported once, the datagrams that fitted follow) and a signal
   * are read past.
   */
  private int receiveNow() throws IOException {
    while (true) {
      raddrlen.putInt(0, SOCKADDR_LEN);
      long n = libc.recvfrom(fd, rnative, LibC.MSG_DONTWAIT, raddr, raddrlen);
      if (n >= 0) {
        return (int) Math.min(n, BUFSIZE);
      }
      int errno = LibC.errno();
      if (errno == LibC.EAGAIN) {
        return -1;
      }
      if (errno != LibC.EINTR && errno != ENOBUFS) {
        throw error(errno, "recv");
      }
    }
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("netlink socket closed");
    }
  }

  /**
   * A {@code sockaddr_nl} of the kernel (portid 0) and {@code groups}, in native memory: with
   * only numbers and native pointers as arguments, {@code sendto} copies nothing for the call.
   */
  private static ByteBuffer nativeSockaddr(int groups) {
    return direct(SOCKADDR_LEN).put(0, sockaddr(0, groups));
  }

  /** A direct buffer of {@code size} bytes in the host's byte order (native memory, freed by the GC). */
  private static ByteBuffer direct(int size) {
    return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
  }

  private static byte[] sockaddr(int pid, int groups) {
    byte[] a = new byte[12];
    ByteBuffer.wrap(a).order(ByteOrder.nativeOrder()).putShort((short) LibC.AF_NETLINK).putShort((short) 0)
        .putInt(pid).putInt(groups);
    return a;
  }

  private static IOException error(String what) {
    return error(LibC.errno(), what);
  }

  private static IOException error(int errno, String what) {
    return new IOException(what + ": " + Errnos.describe(errno));
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      libc.close(fd);
    }
  }
}
