package org.sysfsemu.host;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.Library;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The few C library calls the sandbox needs: sockets of the netlink family and {@code setns(2)}.
 * Each is called by its address through jffi, the layer under jnr-ffi, rather than bound with
 * jnr-ffi's {@code LibraryLoader}, which generates a class for the binding: about a tenth of a
 * second of CPU at every start of a sandbox, where a call through jffi costs the same once made.
 * Structures are passed as byte arrays laid out by the callers and copied for the call; the
 * buffers of {@code sendto} and {@code recvfrom} (datagram, address, address length) are direct
 * byte buffers the caller keeps, passed by address, so that no call copies more than the
 * datagram. Every call saves {@code errno}, read by {@link #errno()} on the same thread right
 * after it.
 */
final class LibC {
  static final int AF_NETLINK = 16;
  static final int SOCK_RAW = 3;
  static final int SOCK_CLOEXEC = 0x80000;
  static final int NETLINK_KOBJECT_UEVENT = 15;
  static final int SOL_SOCKET = 1;
  static final int SO_RCVBUF = 8;
  static final int SO_RCVBUFFORCE = 33;
  static final int MSG_DONTWAIT = 0x40;
  static final int CLONE_NEWNET = 0x40000000;
  static final int O_RDONLY = 0;
  static final int O_CLOEXEC = 0x80000;
  static final short POLLIN = 0x1;
  static final int EINTR = 4;
  static final int EAGAIN = 11;

  private static final Invoker INVOKER = Invoker.getInstance();
  private static final MemoryIO IO = MemoryIO.getInstance();
  private static final Type I = Type.SINT32;
  private static final Type L = Type.SINT64;
  private static final Type P = Type.POINTER;
  private static final CallContext INT_OF_I = context(I, I);
  private static final CallContext INT_OF_II = context(I, I, I);
  private static final CallContext INT_OF_III = context(I, I, I, I);
  private static final CallContext INT_OF_IPI = context(I, I, P, I);
  private static final CallContext INT_OF_IIIPI = context(I, I, I, I, P, I);
  private static final CallContext INT_OF_PLI = context(I, P, L, I);
  private static final CallContext INT_OF_PI = context(I, P, I);
  private static final CallContext LONG_OF_IPLIPI = context(L, I, P, L, I, P, I);
  private static final CallContext LONG_OF_IPLIPP = context(L, I, P, L, I, P, P);

  private final long socket;
  private final long bind;
  private final long setsockopt;
  private final long sendto;
  private final long recvfrom;
  private final long poll;
  private final long setns;
  private final long open;
  private final long close;

  private LibC(Library lib) {
    socket = symbol(lib, "socket");
    bind = symbol(lib, "bind");
    setsockopt = symbol(lib, "setsockopt");
    sendto = symbol(lib, "sendto");
    recvfrom = symbol(lib, "recvfrom");
    poll = symbol(lib, "poll");
    setns = symbol(lib, "setns");
    open = symbol(lib, "open");
    close = symbol(lib, "close");
  }

  /**
   * The C library's functions, looked up once. A failure fails every use: the first with its
   * reason ({@link ExceptionInInitializerError}), later ones with {@link NoClassDefFoundError}.
   */
  static LibC load() {
    return Loaded.INSTANCE;
  }

  /** The {@code errno} the last call on this thread left. */
  static int errno() {
    return LastError.getInstance().get();
  }

  int socket(int domain, int type, int protocol) {
    return (int) INVOKER.invokeN3(INT_OF_III, socket, domain, type, protocol);
  }

  int bind(int fd, byte[] addr, int addrlen) {
    long mem = copy(addr);
    try {
      return (int) INVOKER.invokeN3(INT_OF_IPI, bind, fd, mem, addrlen);
    } finally {
      IO.freeMemory(mem);
    }
  }

  int setsockopt(int fd, int level, int optname, int value) {
    long mem = allocate(4);
    try {
      IO.putInt(mem, value);
      return (int) INVOKER.invokeN5(INT_OF_IIIPI, setsockopt, fd, level, optname, mem, 4);
    } finally {
      IO.freeMemory(mem);
    }
  }

  /** Sends {@code buf}'s first {@code len} bytes to the whole of {@code addr} (direct buffers). */
  long sendto(int fd, ByteBuffer buf, int len, int flags, ByteBuffer addr) {
    try {
      return INVOKER.invokeN6(LONG_OF_IPLIPI, sendto, fd, address(buf), len, flags, address(addr), addr.capacity());
    } finally {
      Reference.reachabilityFence(buf); // a direct buffer's memory goes with its last reference
      Reference.reachabilityFence(addr);
    }
  }

  /**
   * Receives into {@code buf} (its whole capacity), the sender into {@code addr} and its length
   * into {@code addrlen} (direct buffers; {@code addrlen} holds the room in {@code addr}).
   */
  long recvfrom(int fd, ByteBuffer buf, int flags, ByteBuffer addr, ByteBuffer addrlen) {
    try {
      return INVOKER.invokeN6(LONG_OF_IPLIPP, recvfrom, fd, address(buf), buf.capacity(), flags, address(addr),
          address(addrlen));
    } finally {
      Reference.reachabilityFence(buf);
      Reference.reachabilityFence(addr);
      Reference.reachabilityFence(addrlen);
    }
  }

  /** {@code poll} over the {@code struct pollfd}s laid out in {@code fds} (their revents are not read back). */
  int poll(byte[] fds, long nfds, int timeout) {
    long mem = copy(fds);
    try {
      return (int) INVOKER.invokeN3(INT_OF_PLI, poll, mem, nfds, timeout);
    } finally {
      IO.freeMemory(mem);
    }
  }

  int setns(int fd, int nstype) {
    return (int) INVOKER.invokeN2(INT_OF_II, setns, fd, nstype);
  }

  int open(String path, int flags) {
    byte[] b = path.getBytes(StandardCharsets.UTF_8);
    long mem = allocate(b.length + 1);
    try {
      IO.putZeroTerminatedByteArray(mem, b, 0, b.length);
      return (int) INVOKER.invokeN2(INT_OF_PI, open, mem, flags);
    } finally {
      IO.freeMemory(mem);
    }
  }

  int close(int fd) {
    return (int) INVOKER.invokeN1(INT_OF_I, close, fd);
  }

  /** Where a direct buffer's memory is. */
  private static long address(ByteBuffer direct) {
    if (!direct.isDirect()) {
      throw new IllegalArgumentException("not a direct buffer");
    }
    return IO.getDirectBufferAddress(direct);
  }

  private static long copy(byte[] b) {
    long mem = allocate(b.length);
    IO.putByteArray(mem, b, 0, b.length);
    return mem;
  }

  /** {@code n} bytes of native memory, freed by the caller. */
  private static long allocate(int n) {
    long mem = IO.allocateMemory(n, false);
    if (mem == 0) {
      throw new OutOfMemoryError("no native memory for " + n + " bytes");
    }
    return mem;
  }

  private static long symbol(Library lib, String name) {
    long address = lib.getSymbolAddress(name);
    if (address == 0) {
      throw new UnsatisfiedLinkError("the C library has no " + name + ": " + Library.getLastError());
    }
    return address;
  }

  private static CallContext context(Type result, Type... params) {
    return CallContext.getCallContext(result, params, CallingConvention.DEFAULT, true);
  }

  /** Loads on first use. */
  private static final class Loaded {
    static final LibC INSTANCE = bind();

    private Loaded() {}

    /** By its soname, as glibc installs it. */
    private static LibC bind() {
      Library lib = Library.getCachedInstance("libc.so.6", Library.LAZY | Library.GLOBAL);
      if (lib == null) {
        throw new UnsatisfiedLinkError("cannot load libc.so.6: " + Library.getLastError());
      }
      return new LibC(lib);
    }
  }
}
