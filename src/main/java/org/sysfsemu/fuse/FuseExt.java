package org.sysfsemu.fuse;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Library;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;
import java.nio.charset.StandardCharsets;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The libfuse 2.9 functions the emulator calls (libfuse calls back through {@link
 * OperationsTable}). {@code fuse_interrupted} lets a blocking read notice the caller's Ctrl-C (it
 * must be called on the worker thread that handles the request); the poll pair wakes pollers with
 * a raw handle; the session functions are the parts of {@code fuse_loop_mt()} that {@link FuseLoop}
 * runs on Java threads; {@code fuse_get_context} names the caller of a request.
 *
 * <p>Each is called by its address through jffi, the layer under jnr-ffi, rather than bound with
 * jnr-ffi's {@code LibraryLoader}: that generates a class for the binding (with its first use of
 * ASM, about 100 ms of CPU at every start), where a call through jffi costs the same once made.
 * Pointers are jnr-ffi's, of its system runtime, and must be direct memory (or null).
 */
public final class FuseExt {
  private static final Invoker INVOKER = Invoker.getInstance();
  private static final MemoryIO IO = MemoryIO.getInstance();
  private static final Runtime RUNTIME = Runtime.getSystemRuntime();
  private static final Type P = Type.POINTER;
  private static final CallContext INT_OF_NONE = context(Type.SINT32);
  private static final CallContext INT_OF_P = context(Type.SINT32, P);
  private static final CallContext INT_OF_PPP = context(Type.SINT32, P, P, P);
  private static final CallContext INT_OF_PPL = context(Type.SINT32, P, P, Type.UINT64);
  private static final CallContext VOID_OF_P = context(Type.VOID, P);
  private static final CallContext VOID_OF_PP = context(Type.VOID, P, P);
  private static final CallContext VOID_OF_PPP = context(Type.VOID, P, P, P);
  private static final CallContext P_OF_NONE = context(P);
  private static final CallContext P_OF_P = context(P, P);
  private static final CallContext P_OF_PP = context(P, P, P);
  private static final CallContext P_OF_PI = context(P, P, Type.SINT32);
  private static final CallContext P_OF_PPP = context(P, P, P, P);
  private static final CallContext LONG_OF_P = context(Type.UINT64, P);

  private final long interrupted;
  private final long notifyPoll;
  private final long pollhandleDestroy;
  private final long version;
  private final long mount;
  private final long unmount;
  private final long destroy;
  private final long optFreeArgs;
  private final long startCleanupThread;
  private final long stopCleanupThread;
  private final long getSession;
  private final long sessionNextChan;
  private final long chanBufsize;
  private final long sessionReceiveBuf;
  private final long sessionProcessBuf;
  private final long sessionExit;
  private final long chanSend;
  private final long sessionExited;
  private final long getContext;

  private FuseExt(Library lib) {
    interrupted = symbol(lib, "fuse_interrupted");
    notifyPoll = symbol(lib, "fuse_notify_poll");
    pollhandleDestroy = symbol(lib, "fuse_pollhandle_destroy");
    version = symbol(lib, "fuse_version");
    mount = symbol(lib, "fuse_mount");
    unmount = symbol(lib, "fuse_unmount");
    destroy = symbol(lib, "fuse_destroy");
    optFreeArgs = symbol(lib, "fuse_opt_free_args");
    startCleanupThread = symbol(lib, "fuse_start_cleanup_thread");
    stopCleanupThread = symbol(lib, "fuse_stop_cleanup_thread");
    getSession = symbol(lib, "fuse_get_session");
    sessionNextChan = symbol(lib, "fuse_session_next_chan");
    chanBufsize = symbol(lib, "fuse_chan_bufsize");
    sessionReceiveBuf = symbol(lib, "fuse_session_receive_buf");
    sessionProcessBuf = symbol(lib, "fuse_session_process_buf");
    sessionExit = symbol(lib, "fuse_session_exit");
    chanSend = symbol(lib, "fuse_chan_send");
    sessionExited = symbol(lib, "fuse_session_exited");
    getContext = symbol(lib, "fuse_get_context");
  }

  /** Non-zero when the kernel sent FUSE_INTERRUPT for the request this thread is handling. */
  public int fuse_interrupted() {
    return (int) INVOKER.invokeN0(INT_OF_NONE, interrupted);
  }

  /** Tells the kernel that the file behind poll handle {@code ph} is ready. */
  public int fuse_notify_poll(Pointer ph) {
    return (int) INVOKER.invokeN1(INT_OF_P, notifyPoll, address(ph));
  }

  /** Frees a poll handle received in the poll callback. */
  public void fuse_pollhandle_destroy(Pointer ph) {
    INVOKER.invokeN1(VOID_OF_P, pollhandleDestroy, address(ph));
  }

  /** The libfuse API version times ten, e.g. 29 for libfuse 2.9. */
  public int fuse_version() {
    return (int) INVOKER.invokeN0(INT_OF_NONE, version);
  }

  /** {@code struct fuse_chan *fuse_mount(const char *mountpoint, struct fuse_args *args)}. */
  public Pointer fuse_mount(String mountpoint, Pointer args) {
    long s = cString(mountpoint);
    try {
      return pointer(INVOKER.invokeN2(P_OF_PP, mount, s, address(args)));
    } finally {
      IO.freeMemory(s);
    }
  }

  public void fuse_unmount(String mountpoint, Pointer chan) {
    long s = cString(mountpoint);
    try {
      INVOKER.invokeN2(VOID_OF_PP, unmount, s, address(chan));
    } finally {
      IO.freeMemory(s);
    }
  }

  public void fuse_destroy(Pointer fuse) {
    INVOKER.invokeN1(VOID_OF_P, destroy, address(fuse));
  }

  public void fuse_opt_free_args(Pointer args) {
    INVOKER.invokeN1(VOID_OF_P, optFreeArgs, address(args));
  }

  public int fuse_start_cleanup_thread(Pointer fuse) {
    return (int) INVOKER.invokeN1(INT_OF_P, startCleanupThread, address(fuse));
  }

  public void fuse_stop_cleanup_thread(Pointer fuse) {
    INVOKER.invokeN1(VOID_OF_P, stopCleanupThread, address(fuse));
  }

  public Pointer fuse_get_session(Pointer fuse) {
    return pointer(INVOKER.invokeN1(P_OF_P, getSession, address(fuse)));
  }

  public Pointer fuse_session_next_chan(Pointer session, Pointer channel) {
    return pointer(INVOKER.invokeN2(P_OF_PP, sessionNextChan, address(session), address(channel)));
  }

  /** {@code size_t fuse_chan_bufsize(struct fuse_chan *ch)}. */
  public long fuse_chan_bufsize(Pointer channel) {
    return INVOKER.invokeN1(LONG_OF_P, chanBufsize, address(channel));
  }

  /**
   * Reads one request into {@code buf} (a {@code struct fuse_buf}); {@code channel} points to the
   * channel. Returns the request's size, 0 at the end of the session, or -errno.
   */
  public int fuse_session_receive_buf(Pointer session, Pointer buf, Pointer channel) {
    return (int) INVOKER.invokeN3(INT_OF_PPP, sessionReceiveBuf, address(session), address(buf),
        address(channel));
  }

  public void fuse_session_process_buf(Pointer session, Pointer buf, Pointer channel) {
    INVOKER.invokeN3(VOID_OF_PPP, sessionProcessBuf, address(session), address(buf),
        address(channel));
  }

  public void fuse_session_exit(Pointer session) {
    INVOKER.invokeN1(VOID_OF_P, sessionExit, address(session));
  }

  /**
   * Sends a reply made of {@code count} {@code struct iovec}s at {@code iov} on {@code channel}:
   * a {@code writev} to the FUSE device. 0, or -errno; -ENOENT (the request was interrupted and
   * is gone) is returned without libfuse printing it, as for its own replies.
   */
  public int fuse_chan_send(Pointer channel, Pointer iov, long count) {
    return (int) INVOKER.invokeN3(INT_OF_PPL, chanSend, address(channel), address(iov), count);
  }

  public int fuse_session_exited(Pointer session) {
    return (int) INVOKER.invokeN1(INT_OF_P, sessionExited, address(session));
  }

  /**
   * {@code struct fuse_context *fuse_get_context(void)}: the caller of the request this thread
   * handles (jnr-fuse's {@code FuseContext} has its layout).
   */
  public Pointer fuse_get_context() {
    return pointer(INVOKER.invokeN0(P_OF_NONE, getContext));
  }

  /**
   * The address of libfuse's {@code symbol} at {@code version} ({@code dlvsym}), where libfuse also
   * exports an older function of that name; 0 when it has none (see {@link FuseSession}).
   *
   * @throws UnsatisfiedLinkError when the dynamic linker's functions cannot be found
   */
  long versionedSymbol(String symbol, String version) {
    long lib = cString(LIBFUSE);
    long name = cString(symbol);
    long ver = cString(version);
    try { // dlopen of a loaded library gives its handle
      long handle = INVOKER.invokeN2(P_OF_PI, linkerFunction("dlopen"), lib, RTLD_NOW);
      return handle == 0 ? 0 : INVOKER.invokeN3(P_OF_PPP, linkerFunction("dlvsym"), handle, name, ver);
    } finally {
      IO.freeMemory(lib);
      IO.freeMemory(name);
      IO.freeMemory(ver);
    }
  }

  /** A function of the dynamic linker: in libc since glibc 2.34, in libdl before. */
  private static long linkerFunction(String name) {
    for (String file : new String[] {"libc.so.6", "libdl.so.2"}) {
      Library lib = open(file);
      long address = lib == null ? 0 : lib.getSymbolAddress(name);
      if (address != 0) {
        return address;
      }
    }
    throw new UnsatisfiedLinkError("the dynamic linker has no " + name + ": " + Library.getLastError());
  }

  private static final String LIBFUSE = "libfuse.so.2";
  private static final int RTLD_NOW = 2;

  /**
   * The functions from libfuse 2 ({@code libfuse.so.2}), looked up once; a failure (no libfuse,
   * or a libfuse without one of them) is thrown again at every use.
   */
  public static FuseExt load() {
    return Loaded.INSTANCE;
  }

  private static long symbol(Library lib, String name) {
    long address = lib.getSymbolAddress(name);
    if (address == 0) {
      throw new UnsatisfiedLinkError(LIBFUSE + " has no " + name + ": " + Library.getLastError());
    }
    return address;
  }

  private static Library open(String name) {
    return Library.getCachedInstance(name, Library.LAZY | Library.GLOBAL);
  }

  private static CallContext context(Type result, Type... params) {
    return CallContext.getCallContext(result, params, CallingConvention.DEFAULT, false);
  }

  private static long address(Pointer p) {
    return p == null ? 0 : p.address();
  }

  private static Pointer pointer(long address) {
    return address == 0 ? null : Pointer.wrap(RUNTIME, address);
  }

  /** {@code s} in UTF-8 with a NUL, in memory the caller frees with {@code IO.freeMemory}. */
  private static long cString(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    long mem = IO.allocateMemory(b.length + 1, false);
    IO.putZeroTerminatedByteArray(mem, b, 0, b.length);
    return mem;
  }

  /** Loads on first use. */
  private static final class Loaded {
    static final FuseExt INSTANCE = bind();

    private Loaded() {}

    /** By its soname: the name libfuse 2 is installed under everywhere. */
    private static FuseExt bind() {
      Library lib = open(LIBFUSE);
      if (lib == null) {
        throw new UnsatisfiedLinkError("cannot load " + LIBFUSE + ": " + Library.getLastError());
      }
      return new FuseExt(lib);
    }
  }
}
