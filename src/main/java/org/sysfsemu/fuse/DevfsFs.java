package org.sysfsemu.fuse;

import static org.sysfsemu.fuse.FuseBuffers.copyIn;
import static org.sysfsemu.fuse.FuseBuffers.copyOut;
import static org.sysfsemu.fuse.FuseBuffers.fill;
import static org.sysfsemu.fuse.FuseBuffers.putString;
import static org.sysfsemu.fuse.FuseBuffers.toInt;
import static org.sysfsemu.fuse.OperationsTable.P;
import static org.sysfsemu.fuse.OperationsTable.S64;
import static org.sysfsemu.fuse.OperationsTable.U32;
import static org.sysfsemu.fuse.OperationsTable.U64;
import static org.sysfsemu.fuse.OperationsTable.path;
import static org.sysfsemu.fuse.OperationsTable.pointer;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Logger;
import jnr.constants.platform.OpenFlags;
import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import org.sysfsemu.devfs.DevfsTree;
import org.sysfsemu.error.SysfsException;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseContext;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * The /dev mount: serves a {@link DevfsTree} over FUSE (rules in {@link DevfsOps}). Control nodes
 * are opened with {@code direct_io} and {@code nonseekable}; their blocking reads check {@code
 * fuse_interrupted()} between 100 ms waits, so Ctrl-C and SIGKILL end a reader at once; poll,
 * select and epoll work through a raw poll callback (jnr-fuse's own wrapper cannot represent a
 * NULL poll handle). Calls on open files get no path from libfuse and take none of its path locks
 * ({@link PathlessOps}): they use the file handle only, directories included. Every callback is
 * one line through {@link FuseCall}, put into libfuse's table by the constructor.
 */
public final class DevfsFs extends MountableFs {
  private static final Logger LOG = Logger.getLogger(DevfsFs.class.getName());
  private static final int O_NONBLOCK = OpenFlags.O_NONBLOCK.intValue();
  private static final int O_APPEND = OpenFlags.O_APPEND.intValue();
  private static final int POLLIN = 0x001;
  private static final int POLLRDNORM = 0x040;
  private static final long UTIME_NOW = (1L << 30) - 1;
  private static final long UTIME_OMIT = (1L << 30) - 2;
  private static final Invoker INVOKER = Invoker.getInstance();
  private static final MemoryIO IO = MemoryIO.getInstance();
  private static final CallContext FILLER = CallContext.getCallContext(Type.SINT32,
      new Type[] {Type.POINTER, Type.POINTER, Type.POINTER, Type.SINT64}, CallingConvention.DEFAULT, false);

  private final DevfsOps ops;
  private final FuseCall call = new FuseCall(LOG);
  /** The newest poll handle per open control node, taken by whoever notifies or releases first. */
  private final ConcurrentHashMap<Long, AtomicReference<Pointer>> pollHandles = new ConcurrentHashMap<>();
  /**
   * Notifications hold it shared, the unmount exclusively: libfuse must never be called with a
   * poll handle once its session may be gone (a use-after-free in libfuse otherwise).
   */
  private final ReentrantReadWriteLock notifyGate = new ReentrantReadWriteLock();

  /** A filesystem serving {@code tree}; loads libfuse 2 and checks its layout. */
  public DevfsFs(DevfsTree tree) {
    super("sysfs-emu");
    this.ops = new DevfsOps(tree);
    OperationsTable t = operations;
    t.set(OperationsTable.GETATTR, a -> getattr(path(a, 0), FileStat.of(pointer(a, 1))), P, P);
    t.set(OperationsTable.READLINK, a -> readlink(path(a, 0), pointer(a, 1), a.getLong(2)), P, P, U64);
    t.set(OperationsTable.MKNOD, a -> mknod(path(a, 0), unsigned(a.getInt(1)), a.getLong(2)), P, U32, U64);
    t.set(OperationsTable.MKDIR, a -> mkdir(path(a, 0), unsigned(a.getInt(1))), P, U32);
    t.set(OperationsTable.UNLINK, a -> unlink(path(a, 0)), P);
    t.set(OperationsTable.RMDIR, a -> rmdir(path(a, 0)), P);
    t.set(OperationsTable.SYMLINK, a -> symlink(path(a, 0), path(a, 1)), P, P);
    t.set(OperationsTable.RENAME, a -> rename(path(a, 0), path(a, 1)), P, P);
    t.set(OperationsTable.LINK, a -> link(path(a, 0), path(a, 1)), P, P);
    t.set(OperationsTable.CHMOD, a -> chmod(path(a, 0), unsigned(a.getInt(1))), P, U32);
    t.set(OperationsTable.CHOWN,
        a -> chown(path(a, 0), unsigned(a.getInt(1)), unsigned(a.getInt(2))), P, U32, U32);
    t.set(OperationsTable.TRUNCATE, a -> truncate(path(a, 0), a.getLong(1)), P, S64);
    t.set(OperationsTable.OPEN, a -> open(path(a, 0), fileInfo(a, 1)), P, P);
    t.set(OperationsTable.READ,
        a -> read(path(a, 0), pointer(a, 1), a.getLong(2), a.getLong(3), fileInfo(a, 4)),
        P, P, U64, S64, P);
    t.set(OperationsTable.WRITE,
        a -> write(path(a, 0), pointer(a, 1), a.getLong(2), a.getLong(3), fileInfo(a, 4)),
        P, P, U64, S64, P);
    t.set(OperationsTable.STATFS, a -> statfs(path(a, 0), Statvfs.of(pointer(a, 1))), P, P);
    t.set(OperationsTable.FLUSH, a -> flush(path(a, 0), fileInfo(a, 1)), P, P);
    t.set(OperationsTable.RELEASE, a -> release(path(a, 0), fileInfo(a, 1)), P, P);
    t.set(OperationsTable.OPENDIR, a -> opendir(path(a, 0), fileInfo(a, 1)), P, P);
    t.set(OperationsTable.READDIR, a -> readdir(path(a, 0), pointer(a, 1), filler(a.getAddress(2)),
        a.getLong(3), fileInfo(a, 4)), P, P, P, S64, P);
    t.set(OperationsTable.RELEASEDIR, a -> releasedir(path(a, 0), fileInfo(a, 1)), P, P);
    t.set(OperationsTable.CREATE,
        a -> create(path(a, 0), unsigned(a.getInt(1)), fileInfo(a, 2)), P, U32, P);
    t.set(OperationsTable.FTRUNCATE,
        a -> ftruncate(path(a, 0), a.getLong(1), fileInfo(a, 2)), P, S64, P);
    t.set(OperationsTable.UTIMENS, a -> utimens(path(a, 0), timespecs(pointer(a, 1))), P, P);
    t.set(OperationsTable.POLL,
        a -> pollRaw(path(a, 0), pointer(a, 1), pointer(a, 2), pointer(a, 3)), P, P, P, P);
    PathlessOps.enable(t);
  }

  private int getattr(String path, FileStat stat) {
    return call.run("getattr", path, () -> StatWriter.write(ops.getattr(path), stat));
  }

  private int opendir(String path, FuseFileInfo fi) {
    return call.run("opendir", path, () -> {
      fi.fh.set(ops.opendir(path, uid()));
      return 0;
    });
  }

  private int readdir(String path, Pointer buf, FuseFillDir filler, long offset, FuseFileInfo fi) {
    return call.run("readdir", path, () -> fill(buf, filler, ops.readdir(fi.fh.get())));
  }

  private int releasedir(String path, FuseFileInfo fi) {
    return call.run("releasedir", path, () -> ops.releasedir(fi.fh.get()));
  }

  private int readlink(String path, Pointer buf, long size) {
    return call.run("readlink", path, () -> putString(ops.readlink(path), buf, size));
  }

  private int mknod(String path, long mode, long rdev) {
    return call.run("mknod", path, () -> ops.mknod(path, (int) mode, rdev, uid(), gid()));
  }

  private int mkdir(String path, long mode) {
    return call.run("mkdir", path, () -> ops.mkdir(path, (int) mode, uid(), gid()));
  }

  private int rmdir(String path) {
    return call.run("rmdir", path, () -> ops.rmdir(path));
  }

  private int symlink(String oldpath, String newpath) {
    return call.run("symlink", newpath, () -> ops.symlink(oldpath, newpath, uid(), gid()));
  }

  private int unlink(String path) {
    return call.run("unlink", path, () -> ops.unlink(path));
  }

  private int rename(String oldpath, String newpath) {
    return call.run("rename", oldpath, () -> ops.rename(oldpath, newpath));
  }

  private int chmod(String path, long mode) {
    return call.run("chmod", path, () -> ops.chmod(path, (int) mode));
  }

  private int chown(String path, long uid, long gid) {
    return call.run("chown", path, () -> ops.chown(path, (int) uid, (int) gid));
  }

  private int truncate(String path, long size) {
    return call.run("truncate", path, () -> ops.truncate(path, size));
  }

  private int ftruncate(String path, long size, FuseFileInfo fi) {
    return call.run("ftruncate", path, () -> ops.ftruncate(fi.fh.get(), size));
  }

  private int utimens(String path, Timespec[] timespec) {
    return call.run("utimens", path, () -> ops.utimens(path, millis(timespec[0]), millis(timespec[1])));
  }

  private int create(String path, long mode, FuseFileInfo fi) {
    return call.run("create", path,
        () -> opened(fi, ops.create(path, (int) mode, append(fi), uid(), gid())));
  }

  private int open(String path, FuseFileInfo fi) {
    return call.run("open", path, () -> opened(fi, ops.open(path, append(fi), uid())));
  }

  private int read(String path, Pointer buf, long size, long off, FuseFileInfo fi) {
    boolean nonblock = (fi.flags.get() & O_NONBLOCK) != 0;
    return call.run("read", path, () -> copyOut(
        ops.read(fi.fh.get(), off, toInt(size), nonblock,
            this::interrupted), buf));
  }

  private int write(String path, Pointer buf, long size, long off, FuseFileInfo fi) {
    return call.run("write", path,
        () -> ops.write(fi.fh.get(), off, copyIn(buf, size, Integer.MAX_VALUE), this::interrupted));
  }

  private int flush(String path, FuseFileInfo fi) {
    return call.run("flush", path, () -> ops.flush(fi.fh.get(), this::interrupted));
  }

  private int release(String path, FuseFileInfo fi) {
    long fh = fi.fh.get();
    return call.run("release", path, () -> {
      AtomicReference<Pointer> ph = pollHandles.remove(fh);
      if (ph != null) {
        dropPollHandle(ph.getAndSet(null));
      }
      return ops.release(fh);
    });
  }

  private int statfs(String path, Statvfs stbuf) {
    return call.run("statfs", path, () -> StatWriter.writeStatfs(stbuf));
  }

  private int link(String oldpath, String newpath) {
    return call.run("link", newpath, () -> ops.link(newpath));
  }

  /** The number of open files (for tests and diagnostics). */
  public int openFiles() {
    return ops.openCount();
  }

  @Override
  protected void unmounting() {
    notifyGate.writeLock().lock(); // waits for a notification in progress; none starts after
    try {
      ops.unmounting();
      for (AtomicReference<Pointer> slot : pollHandles.values()) {
        Pointer ph = slot.getAndSet(null);
        if (ph != null) { // the session still runs: wake pollers, whose read then gives end of file
          ext.fuse_notify_poll(ph);
          ext.fuse_pollhandle_destroy(ph);
        }
      }
    } finally {
      notifyGate.writeLock().unlock();
    }
  }

  /**
   * The poll callback with raw pointers: keeps the newest handle of the open file (dropping the
   * one before) and answers POLLIN when a read would not block. The handle is kept even when the
   * file is readable now: the kernel identifies the file, not the request, by it, and an
   * edge-triggered epoll waiter is only woken by the notification of the next event.
   */
  private int pollRaw(String path, Pointer fi, Pointer ph, Pointer reventsp) {
    long fh = fi.getLong(FileInfoBits.FH_OFFSET);
    return call.run("poll", path, () -> {
      if (ph != null && ph.address() != 0) {
        AtomicReference<Pointer> slot = pollHandles.computeIfAbsent(fh, k -> new AtomicReference<>());
        dropPollHandle(slot.getAndSet(ph));
      }
      boolean readable = ops.readable(fh);
      if (reventsp != null && reventsp.address() != 0) {
        reventsp.putInt(0, readable ? POLLIN | POLLRDNORM : 0);
      }
      return 0;
    });
  }

  /** Wakes the poller of {@code fh}, if any (called by the session without locks held). */
  private void wake(long fh) {
    AtomicReference<Pointer> slot = pollHandles.get(fh);
    giveBack(slot == null ? null : slot.getAndSet(null), true);
  }

  private void dropPollHandle(Pointer ph) {
    giveBack(ph, false);
  }

  /** Frees a poll handle, notifying its poller first if asked; nothing once unmounting began. */
  private void giveBack(Pointer ph, boolean notify) {
    if (ph == null) {
      return;
    }
    notifyGate.readLock().lock();
    try {
      if (!ops.isUnmounting()) {
        if (notify) {
          ext.fuse_notify_poll(ph);
        }
        ext.fuse_pollhandle_destroy(ph);
      }
    } finally {
      notifyGate.readLock().unlock();
    }
  }


  private int opened(FuseFileInfo fi, long fh) throws SysfsException {
    fi.fh.set(fh);
    if (ops.setWakeup(fh, () -> wake(fh))) {
      FileInfoBits.set(fi, FileInfoBits.DIRECT_IO | FileInfoBits.NONSEEKABLE);
    }
    return 0;
  }

  /** Whether the caller of the request this thread serves was interrupted (a signal). */
  private boolean interrupted() {
    return ext.fuse_interrupted() != 0;
  }

  private int uid() {
    return (int) FuseContext.of(ext.fuse_get_context()).uid.get();
  }

  private int gid() {
    return (int) FuseContext.of(ext.fuse_get_context()).gid.get();
  }

  private static long unsigned(int value) {
    return Integer.toUnsignedLong(value);
  }

  private static FuseFileInfo fileInfo(com.kenai.jffi.Closure.Buffer args, int i) {
    return FuseFileInfo.of(pointer(args, i));
  }

  /** The two {@code struct timespec}s of utimens: access, then modification. */
  private static Timespec[] timespecs(Pointer times) {
    Timespec atime = Timespec.of(times);
    return new Timespec[] {atime, Timespec.of(times.slice(Struct.size(atime)))};
  }

  /**
   * readdir's {@code fuse_fill_dir_t filler}: {@code int filler(void *buf, const char *name, const
   * struct stat *stbuf, off_t off)}, called through jffi with the name copied to native memory.
   */
  private static FuseFillDir filler(long function) {
    return (buf, name, stbuf, off) -> {
      int n = name.remaining();
      long mem = IO.allocateMemory(Math.max(1, n), false);
      try {
        IO.putByteArray(mem, name.array(), name.arrayOffset() + name.position(), n);
        return (int) INVOKER.invokeN4(FILLER, function, buf.address(), mem,
            stbuf == null ? 0 : stbuf.address(), off);
      } finally {
        IO.freeMemory(mem);
      }
    };
  }

  private static boolean append(FuseFileInfo fi) {
    return (fi.flags.get() & O_APPEND) != 0;
  }

  private static long millis(Timespec t) {
    long nsec = t.tv_nsec.longValue();
    if (nsec == UTIME_OMIT) {
      return DevfsTree.TIME_OMIT;
    }
    if (nsec == UTIME_NOW) {
      return DevfsTree.TIME_NOW;
    }
    return t.tv_sec.get() * 1000 + nsec / 1_000_000;
  }
}
