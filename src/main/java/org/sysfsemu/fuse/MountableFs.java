package org.sysfsemu.fuse;

import com.google.common.collect.ObjectArrays;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import jnr.ffi.Pointer;

/**
 * A libfuse filesystem that {@link FuseMount} can mount: it reports when the kernel has the mount
 * ({@code init()}), offers a hook to wake blocked readers before an unmount, and verifies at
 * construction that the loaded libfuse has the {@code fuse_file_info} layout {@link FileInfoBits}
 * relies on. Subclasses put libfuse's callbacks into {@link #operations}, each as one line through
 * a {@link FuseCall}, or answer the protocol's requests themselves ({@link #directServer}).
 */
public abstract class MountableFs {
  private static final Logger LOG = Logger.getLogger(MountableFs.class.getName());

  /** The libfuse functions ({@code fuse_interrupted}, poll notification, the caller's ids). */
  protected final FuseExt ext;
  private final FuseNotifications notifications;

  /** libfuse's callbacks: {@code init} here, the others set by the subclass's constructor. */
  final OperationsTable operations = new OperationsTable();

  private final String fsname;
  private volatile Runnable initListener = () -> {};
  /** Notifications hold it shared; the session's start and end exclusively (see {@link #channel}). */
  private final ReentrantReadWriteLock sessionGate = new ReentrantReadWriteLock();
  /** libfuse's channel to the kernel while the session runs, else null; guarded by sessionGate. */
  private Pointer channel;
  private volatile double cacheTimeoutSeconds;
  private final LongAdder served = new LongAdder();
  private final LongAdder answeredDirectly = new LongAdder();

  /**
   * Loads libfuse and checks its layout.
   *
   * @param fsname the name libfuse is started with (argv[0])
   * @throws IllegalStateException when libfuse is not 2.8/2.9 or the struct layout is unverified
   */
  protected MountableFs(String fsname) {
    this.fsname = fsname;
    this.ext = FuseExt.load();
    this.notifications = new FuseNotifications(ext);
    FileInfoBits.requireLibfuse2(ext.fuse_version());
    FileInfoBits.selfCheck();
    operations.setInit(this::initialized);
  }

  /** The kernel's {@code INIT} is answered (by libfuse, or by the loop): signals readiness. */
  void initialized() {
    try {
      initListener.run();
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "init listener of " + fsname + " failed", t);
    }
  }

  /**
   * Called by {@link FuseMount#close()} before the unmount; a filesystem with blocking reads wakes
   * them here (with EOF), since a lazy unmount waits for every open file to be closed.
   */
  protected void unmounting() {}

  /**
   * Serves {@code session} on Java threads named after {@code threadName} ({@link FuseLoop})
   * until the kernel ends the connection; whether serving failed (e.g. reading the FUSE device).
   */
  boolean serve(FuseSession session, String threadName) {
    return new FuseLoop(ext, this, threadName).serve(session.fuse());
  }

  /** Counts a request the loop has processed (the kernel's forgets at unmount included). */
  void served() {
    served.increment();
  }

  /** Counts a request the loop answered without libfuse ({@link DirectRequests}). */
  void answeredDirectly() {
    answeredDirectly.increment();
  }

  /** How many requests the loop answered without libfuse (for tests). */
  long requestsAnsweredDirectly() {
    return answeredDirectly.sum();
  }

  /** How many requests the loop has processed: whether an ending mount is still busy. */
  long requestsServed() {
    return served.sum();
  }

  /** How long the mount lets the kernel cache entries and attributes ({@link MountOptions}). */
  void setCacheTimeout(double seconds) {
    cacheTimeoutSeconds = seconds;
  }

  /** How long the kernel may cache entries and attributes of this mount, in seconds; 0: never. */
  protected final double cacheTimeout() {
    return cacheTimeoutSeconds;
  }

  /** Whether the kernel may hold cached entries of this mount that a change must drop. */
  protected final boolean kernelCaches() {
    return cacheTimeoutSeconds > 0;
  }

  /**
   * Drops the kernel's cached entry {@code name} in the directory of node id {@code parent}, found
   * or found missing, with every cached entry below it, and the directory's cached attributes, so
   * that the next path walk there asks again. Does nothing outside the session. Must not be called
   * while holding a lock that a FUSE request may wait for: the kernel takes the directory's lock,
   * which a lookup in that directory holds until it is answered.
   */
  protected final void invalidateEntry(long parent, String name) {
    sessionGate.readLock().lock();
    try {
      if (channel != null) {
        notifications.invalidateEntry(channel, parent, name);
      }
    } finally {
      sessionGate.readLock().unlock();
    }
  }

  /**
   * Drops the kernel's cached attributes and pages of node id {@code node}: of a directory, the
   * listing it keeps when it reads directories without opening them. Does nothing outside the
   * session.
   */
  protected final void invalidateInode(long node) {
    sessionGate.readLock().lock();
    try {
      if (channel != null) {
        notifications.invalidateInode(channel, node);
      }
    } finally {
      sessionGate.readLock().unlock();
    }
  }

  /** Called by {@link FuseLoop} with libfuse's channel once the session exists, null at its end. */
  void setChannel(Pointer ch) {
    sessionGate.writeLock().lock();
    try {
      channel = ch;
    } finally {
      sessionGate.writeLock().unlock();
    }
  }

  void onInit(Runnable listener) {
    initListener = listener;
  }

  /**
   * Mounts this filesystem at {@code mountpoint} with libfuse's {@code options} (see {@link
   * FuseSession}); the caller runs the loop and the teardown.
   */
  FuseSession openSession(Path mountpoint, String[] options) throws IOException {
    String own = ownOptions();
    String[] args = own.isEmpty() ? options : ObjectArrays.concat(options, new String[] {"-o", own}, String.class);
    return FuseSession.mount(fsname, mountpoint, args, operations);
  }

  /**
   * What answers this filesystem's requests without libfuse ({@link DirectRequests}); none by
   * default: libfuse calls the callbacks.
   */
  DirectRequests.Server directServer() {
    return null;
  }

  /**
   * Whether every change of this filesystem's tree drops the kernel's cached entries where it
   * happened ({@link #invalidateEntry}), so that the kernel may also cache names found missing;
   * no by default.
   */
  protected boolean dropsCachedEntriesOnChange() {
    return false;
  }

  /**
   * libfuse options that follow from what this filesystem does rather than from how the user
   * mounts it, comma-separated; none by default.
   */
  protected String ownOptions() {
    return "";
  }
}
