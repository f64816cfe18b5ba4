package org.sysfsemu.fuse;

import com.google.common.util.concurrent.Uninterruptibles;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * libfuse 2.9's multithreaded loop ({@code fuse_loop_mt}: the cleanup thread and {@code
 * fuse_session_loop_mt}), its workers being Java threads. Every FUSE
 * callback reaches Java through a jffi closure, and jffi attaches a native thread to the JVM for
 * the callback and detaches it again afterwards (for the first 1,000 callbacks of each thread): on
 * libfuse's own worker threads a thread attach and detach per request. A Java thread is attached
 * for its whole life, so its callbacks pay neither.
 *
 * <p>The requests of a filesystem that offers a {@link MountableFs#directServer} are answered
 * without libfuse ({@link DirectRequests}).
 *
 * <p>The workers follow {@code fuse_loop_mt.c}: each receives a request and processes it; when the
 * last idle worker takes a request another is started (a read blocked in a control node holds its
 * worker), and a worker finding more than 10 others idle ends. A worker ends when the kernel drops
 * the connection (an unmount: ENODEV) or the session was exited; {@link #serve} returns once every
 * worker has ended, and only then may the session be torn down.
 */
final class FuseLoop {
  private static final Logger LOG = Logger.getLogger(FuseLoop.class.getName());
  private static final int EINTR = 4;
  /** A worker's stack: libfuse's request handling and the callbacks (the JVM's -Xss is smaller). */
  private static final long STACK_SIZE = 1 << 20;
  /** Idle workers beyond this many end, as in libfuse. */
  private static final int MAX_IDLE = 10;
  /** {@code struct fuse_buf} on 64-bit Linux: size, flags, mem, fd, pos. */
  private static final int BUF_SIZE_OFFSET = 0;
  private static final int BUF_FLAGS_OFFSET = 8;
  /** {@code FUSE_BUF_IS_FD}: the request was left in the device (a splice read), not in {@code mem}. */
  private static final int BUF_IS_FD = 1 << 1;
  private static final int BUF_MEM_OFFSET = 16;
  private static final int BUF_FD_OFFSET = 24;
  private static final int BUF_POS_OFFSET = 32;
  private static final int BUF_STRUCT_SIZE = 40;

  private final FuseExt lib;
  private final MountableFs fs;
  private final DirectRequests direct; // null: every request goes to libfuse
  private final String name;
  private final Object lock = new Object();
  private final List<Thread> workers = new ArrayList<>(); // guarded by lock
  private final AtomicInteger available = new AtomicInteger();
  private int started; // guarded by lock
  private volatile boolean readFailed;
  private Pointer session;
  private Pointer channel;
  private long bufsize;

  FuseLoop(FuseExt lib, MountableFs fs, String name) {
    this.lib = lib;
    this.fs = fs;
    this.name = name;
    DirectRequests.Server server = fs.directServer();
    this.direct = server == null ? null : new DirectRequests(lib, server, fs::initialized);
  }

  /**
   * Serves the session {@code fuse} (made by {@link FuseSession}) until every worker has ended:
   * the kernel dropped the connection, or the session was exited. Returns whether it failed: the
   * cleanup thread did not start, or a worker failed to read the FUSE device. The caller tears the
   * session down afterwards.
   */
  boolean serve(Pointer fuse) {
    if (lib.fuse_start_cleanup_thread(fuse) != 0) {
      return true;
    }
    session = lib.fuse_get_session(fuse);
    channel = lib.fuse_session_next_chan(session, null);
    bufsize = lib.fuse_chan_bufsize(channel);
    boolean failed = false;
    fs.setChannel(channel);
    try {
      synchronized (lock) {
        startWorker();
      }
      while (true) {
        Thread w;
        synchronized (lock) {
          if (workers.isEmpty()) {
            break;
          }
          w = workers.get(0);
        }
        Uninterruptibles.joinUninterruptibly(w);
        synchronized (lock) {
          workers.remove(w);
        }
      }
      failed = readFailed;
    } finally {
      fs.setChannel(null);
      lib.fuse_stop_cleanup_thread(fuse);
    }
    return failed;
  }

  /** Starts one more worker; called with {@link #lock} held. */
  private void startWorker() {
    Thread t = new Thread(null, this::work, "fuse-" + name + "-" + (++started), STACK_SIZE);
    t.setDaemon(true);
    workers.add(t);
    available.incrementAndGet();
    t.start();
  }

  private void work() {
    Runtime runtime = Runtime.getSystemRuntime(); // FuseExt's pointers are the system runtime's
    Pointer mem = Memory.allocateDirect(runtime, (int) bufsize);
    Pointer buf = Memory.allocateDirect(runtime, BUF_STRUCT_SIZE, true);
    Pointer ch = Memory.allocateDirect(runtime, runtime.addressSize(), true);
    DirectRequests.Replier replier = direct == null ? null : direct.replier(runtime, mem, bufsize);
    while (lib.fuse_session_exited(session) == 0) {
      buf.putLongLong(BUF_SIZE_OFFSET, bufsize);
      buf.putInt(BUF_FLAGS_OFFSET, 0);
      buf.putPointer(BUF_MEM_OFFSET, mem);
      buf.putInt(BUF_FD_OFFSET, -1);
      buf.putLongLong(BUF_POS_OFFSET, 0);
      ch.putPointer(0, channel);
      int res = lib.fuse_session_receive_buf(session, buf, ch);
      if (res == -EINTR) {
        continue;
      }
      if (res <= 0) {
        if (res < 0) {
          lib.fuse_session_exit(session);
          readFailed = true;
          LOG.warning("reading the FUSE device of " + name + " failed: errno " + -res);
        }
        break;
      }
      boolean inMem = (buf.getInt(BUF_FLAGS_OFFSET) & BUF_IS_FD) == 0;
      // as libfuse: a forget takes no worker's time, so it starts none (a burst of them would)
      if (available.decrementAndGet() == 0 && !(inMem && isForget(mem.getInt(FuseProtocol.IN_OPCODE)))) {
        synchronized (lock) {
          if (lib.fuse_session_exited(session) == 0) {
            startWorker();
          }
        }
      }
      Pointer from = ch.getPointer(0);
      if (replier != null && inMem && replier.answer(res, from)) {
        fs.answeredDirectly();
      } else {
        lib.fuse_session_process_buf(session, buf, from);
      }
      fs.served();
      if (available.incrementAndGet() > MAX_IDLE) {
        synchronized (lock) {
          if (available.get() > MAX_IDLE) {
            available.decrementAndGet();
            workers.remove(Thread.currentThread());
            return;
          }
        }
      }
    }
    available.decrementAndGet();
  }

  private static boolean isForget(int opcode) {
    return opcode == FuseProtocol.FORGET || opcode == FuseProtocol.BATCH_FORGET;
  }
}
