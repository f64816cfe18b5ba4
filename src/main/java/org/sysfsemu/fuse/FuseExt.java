package org.sysfsemu.fuse;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.types.size_t;

/**
 * libfuse 2.9 functions that jnr-fuse's {@code LibFuse} does not bind. {@code fuse_interrupted}
 * lets a blocking read notice the caller's Ctrl-C (it must be called on the worker thread that
 * handles the request); the poll pair wakes pollers with a raw handle, which jnr-fuse's own {@code
 * FusePollhandle} wrapper cannot represent when it is NULL. The session functions are the parts
 * of {@code fuse_loop_mt()} that {@link FuseLoop} runs on Java threads.
 */
public interface FuseExt {

  /** Non-zero when the kernel sent FUSE_INTERRUPT for the request this thread is handling. */
  int fuse_interrupted();

  /** Tells the kernel that the file behind poll handle {@code ph} is ready. */
  int fuse_notify_poll(Pointer ph);

  /** Frees a poll handle received in the poll callback. */
  void fuse_pollhandle_destroy(Pointer ph);

  /** The libfuse API version times ten, e.g. 29 for libfuse 2.9. */
  int fuse_version();

  /** {@code struct fuse_chan *fuse_mount(const char *mountpoint, struct fuse_args *args)}. */
  Pointer fuse_mount(String mountpoint, Pointer args);

  void fuse_unmount(String mountpoint, Pointer chan);

  void fuse_destroy(Pointer fuse);

  void fuse_opt_free_args(Pointer args);

  int fuse_start_cleanup_thread(Pointer fuse);

  void fuse_stop_cleanup_thread(Pointer fuse);

  Pointer fuse_get_session(Pointer fuse);

  Pointer fuse_session_next_chan(Pointer session, Pointer channel);

  @size_t long fuse_chan_bufsize(Pointer channel);

  /**
   * Reads one request into {@code buf} (a {@code struct fuse_buf}); {@code channel} points to the
   * channel. Returns the request's size, 0 at the end of the session, or -errno.
   */
  int fuse_session_receive_buf(Pointer session, Pointer buf, Pointer channel);

  void fuse_session_process_buf(Pointer session, Pointer buf, Pointer channel);

  void fuse_session_exit(Pointer session);

  /**
   * Sends a reply made of {@code count} {@code struct iovec}s at {@code iov} on {@code channel}:
   * a {@code writev} to the FUSE device that, as for libfuse's own replies, ignores ENOENT (the
   * request was interrupted and is gone). 0, or -errno.
   */
  int fuse_chan_send(Pointer channel, Pointer iov, @size_t long count);

  /**
   * Tells the kernel to drop its cached entry {@code name} of directory {@code parent} (a node id;
   * 1 is the mount's root), and so every cached entry below it. 0, or -ENOENT when none is cached.
   */
  int fuse_lowlevel_notify_inval_entry(Pointer channel, long parent, String name, @size_t long namelen);

  int fuse_session_exited(Pointer session);

  /**
   * The functions from libfuse 2 ({@code libfuse.so.2}), loaded once: each load makes a new
   * binding class.
   */
  static FuseExt load() {
    return Loaded.INSTANCE;
  }

  /**
   * Starts {@link #load()} on a daemon thread and returns: the first binding (jffi's native stub,
   * jnr's runtime, the generated class) takes a few hundred milliseconds of CPU that a start can
   * overlap with its own work. A failure is left for the next {@link #load()} to report.
   */
  static void loadInBackground() {
    Thread t = new Thread(() -> {
      try {
        load();
      } catch (LinkageError | RuntimeException e) {
        // load() at the mount throws it again, with its message
      }
    }, "libfuse-bind");
    t.setDaemon(true);
    t.start();
  }

  /** Loads on first use; a failure (no libfuse) is thrown again at every use. */
  final class Loaded {
    static final FuseExt INSTANCE = bind();

    private Loaded() {}

    /**
     * By its soname first: jnr opens a literal name directly, while a short name ("fuse") makes
     * it list every library directory (over a thousand files) to find the newest version.
     */
    private static FuseExt bind() {
      try {
        return LibraryLoader.create(FuseExt.class).failImmediately().load("libfuse.so.2");
      } catch (LinkageError | RuntimeException e) {
        return LibraryLoader.create(FuseExt.class).failImmediately().load("fuse");
      }
    }
  }
}
