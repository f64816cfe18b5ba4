package org.sysfsemu.fuse;

import static org.sysfsemu.fuse.FuseBuffers.copyIn;
import static org.sysfsemu.fuse.FuseBuffers.copyOut;
import static org.sysfsemu.fuse.FuseBuffers.fill;
import static org.sysfsemu.fuse.FuseBuffers.putString;
import static org.sysfsemu.fuse.FuseBuffers.toInt;

import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import jnr.constants.platform.OpenFlags;
import jnr.ffi.Pointer;
import jnr.ffi.provider.jffi.ClosureHelper;
import jnr.ffi.types.dev_t;
import jnr.ffi.types.gid_t;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.uid_t;
import org.sysfsemu.kernfs.Kernfs;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * The sysfs mount: serves a {@link Kernfs} tree over FUSE with sysfs's rules (see {@link
 * SysfsOps}). Every callback is one line through {@link FuseCall}; only argument and result
 * translation happens here. The hot callbacks are installed on raw pointers (see {@link
 * #installHotCallbacks}). Every attribute open sets {@code direct_io}, so each read and write
 * reaches {@code show()}/{@code store()} and no stale page is ever served. Calls on open files and
 * directories get no path from libfuse, which then neither builds one nor takes its path locks
 * ({@link PathlessOps}): they use the file handle only.
 */
public final class SysfsFs extends MountableFs {
  private static final Logger LOG = Logger.getLogger(SysfsFs.class.getName());
  private static final int O_ACCMODE = OpenFlags.O_ACCMODE.intValue();
  private static final int O_WRONLY = OpenFlags.O_WRONLY.intValue();
  private static final int O_RDWR = OpenFlags.O_RDWR.intValue();

  private final SysfsOps ops;
  private final FuseCall call = new FuseCall(LOG);
  /** Reads, writes and releases by file handle: for the loop ({@link #directFiles}) and libfuse alike. */
  private final DirectRequests.Files files = new OpenFiles();
  private volatile Filler filler;

  /** A filesystem serving {@code kernfs}; loads libfuse 2 and checks its layout. */
  public SysfsFs(Kernfs kernfs) {
    super("sysfs-emu");
    this.ops = new SysfsOps(kernfs);
    installHotCallbacks();
    PathlessOps.enable(fuseOperations);
    kernfs.setChangeListener(this::treeChanged);
  }

  /**
   * With kernel caching on ({@code --cache-timeout}), every change of the tree drops the kernel's
   * cached entries below the top-level directories it touched, before the change returns to its
   * caller (so before any event about it is published): a removed or renamed node is never found
   * through the cache, and the attributes of the entries below are asked again.
   */
  private void treeChanged(Set<String> topLevelNames) {
    if (!kernelCaches()) {
      return;
    }
    try {
      topLevelNames.forEach(this::invalidateTopEntry);
    } catch (RuntimeException e) { // never into the model's write section
      LOG.log(Level.WARNING, "cannot drop the kernel's cached entries of " + topLevelNames, e);
    }
  }

  /**
   * The callbacks of nearly every request (getattr for each path component, then open, read or
   * write, release) take libfuse's structs as raw pointers: jnr-fuse would wrap each in a new
   * {@code FileStat} or {@code FuseFileInfo} of a dozen field objects per request. The layouts
   * used are verified at startup ({@link StatWriter}, {@link FileInfoBits#selfCheck}).
   */
  private void installHotCallbacks() {
    fuseOperations.getattr.set(
        (path, st) -> call.run("getattr", path, () -> StatWriter.write(ops.getattr(path), st)));
    fuseOperations.open.set(
        (path, fi) -> call.run("open", path, () -> opened(fi, ops.open(path, accessMode(fi.getInt(0))), FileInfoBits.DIRECT_IO)));
    fuseOperations.read.set((path, buf, size, off, fi) -> files.read(fh(fi), off, toInt(size), buf, 0));
    fuseOperations.write.set((path, buf, size, off, fi) -> files.write(fh(fi), buf, 0, toInt(size)));
    fuseOperations.release.set((path, fi) -> files.release(fh(fi)));
    fuseOperations.opendir.set(
        (path, fi) -> call.run("opendir", path, () -> opened(fi, ops.opendir(path), 0)));
    fuseOperations.readdir.set(
        (path, buf, filler, offset, fi) -> call.run("readdir", path,
            () -> fill(buf, filler(filler), ops.readdir(fh(fi)))));
    fuseOperations.releasedir.set(
        (path, fi) -> call.run("releasedir", path, () -> ops.releasedir(fh(fi))));
  }

  /**
   * Reads, writes and releases are answered by the loop itself ({@link DirectRequests}): they use
   * the file handle only, and /sys has no unlink or rename through FUSE, the only calls for which
   * libfuse's count of open files matters.
   */
  @Override
  DirectRequests.Files directFiles() {
    return files;
  }

  /** The calls on open attributes; libfuse gives them no path ({@link PathlessOps}). */
  private final class OpenFiles implements DirectRequests.Files {
    @Override
    public int read(long fh, long offset, int size, Pointer out, long at) {
      return call.run("read", null, () -> copyOut(ops.read(fh, offset, size), out, at));
    }

    @Override
    public int write(long fh, Pointer in, long at, int size) {
      return call.run("write", null, () -> ops.write(fh, copyIn(in, at, size, AttributeHandle.PAGE_SIZE)));
    }

    @Override
    public int release(long fh) {
      return call.run("release", null, () -> ops.release(fh));
    }
  }

  /**
   * The Java face of libfuse's filler function. jnr-fuse makes a new one for every readdir; the
   * function is the same one each time (libfuse's {@code fill_dir}), so it is made once per address.
   */
  private FuseFillDir filler(Pointer function) {
    Filler f = filler;
    if (f == null || f.address() != function.address()) {
      ClosureHelper helper = ClosureHelper.getInstance();
      f = new Filler(function.address(),
          helper.getNativeConveter(FuseFillDir.class).fromNative(function, helper.getFromNativeContext()));
      filler = f;
    }
    return f.fill();
  }

  private record Filler(long address, FuseFillDir fill) {}

  @Override
  public int readlink(String path, Pointer buf, @size_t long size) {
    return call.run("readlink", path, () -> putString(ops.readlink(path), buf, size));
  }

  /**
   * Yes ({@link #treeChanged}): a negative entry below a top-level directory goes with it, so a
   * name looked up before it was added is found at once after.
   */
  @Override
  protected boolean dropsCachedEntriesOnChange() {
    return true;
  }

  /**
   * {@code atomic_o_trunc}: the kernel passes {@code O_TRUNC} with the open instead of sending a
   * truncate after it. Truncating an attribute has no effect on sysfs, so the open (which ignores
   * the flag) is all there is to do, and {@code echo change > uevent} costs one request less.
   * {@code hard_remove}: libfuse sends an unlink or rename over an open file to the callback (which
   * refuses it, EPERM) instead of first hiding the file under a {@code .fuse_hidden} name; the
   * loop answers releases itself ({@link DirectRequests}), so libfuse's count of open files only
   * grows.
   */
  @Override
  protected String ownOptions() {
    return "atomic_o_trunc,hard_remove";
  }

  @Override
  public int truncate(String path, @off_t long size) {
    return call.run("truncate", path, () -> ops.requireExists(path));
  }

  @Override
  public int ftruncate(String path, @off_t long size, FuseFileInfo fi) {
    return call.run("ftruncate", path, () -> ops.requireOpen(fi.fh.get()));
  }

  @Override
  public int chmod(String path, @mode_t long mode) {
    return call.run("chmod", path, () -> ops.chmod(path, (int) mode));
  }

  @Override
  public int chown(String path, @uid_t long uid, @gid_t long gid) {
    return call.run("chown", path, () -> ops.chown(path, (int) uid, (int) gid));
  }

  @Override
  public int utimens(String path, Timespec[] timespec) {
    return call.run("utimens", path, () -> ops.requireExists(path));
  }

  @Override
  public int statfs(String path, Statvfs stbuf) {
    return call.run("statfs", path, () -> StatWriter.writeStatfs(stbuf));
  }

  @Override
  public int mkdir(String path, @mode_t long mode) {
    return call.run("mkdir", path, () -> ops.notPermitted("mkdir", path));
  }

  @Override
  public int rmdir(String path) {
    return call.run("rmdir", path, () -> ops.notPermitted("rmdir", path));
  }

  @Override
  public int unlink(String path) {
    return call.run("unlink", path, () -> ops.notPermitted("unlink", path));
  }

  @Override
  public int rename(String oldpath, String newpath) {
    return call.run("rename", oldpath, () -> ops.notPermitted("rename", oldpath));
  }

  @Override
  public int symlink(String oldpath, String newpath) {
    return call.run("symlink", newpath, () -> ops.notPermitted("symlink", newpath));
  }

  @Override
  public int link(String oldpath, String newpath) {
    return call.run("link", newpath, () -> ops.notPermitted("link", newpath));
  }

  @Override
  public int mknod(String path, @mode_t long mode, @dev_t long rdev) {
    return call.run("mknod", path, () -> ops.notPermitted("mknod", path));
  }

  @Override
  public int create(String path, @mode_t long mode, FuseFileInfo fi) {
    return call.run("create", path, () -> ops.cannotCreate(path));
  }

  /** The number of open attribute files (for tests and diagnostics). */
  public int openFiles() {
    return ops.openCount();
  }

  private static AccessMode accessMode(int flags) {
    int acc = flags & O_ACCMODE;
    if (acc == O_WRONLY) {
      return AccessMode.WRITE;
    }
    return acc == O_RDWR ? AccessMode.READ_WRITE : AccessMode.READ;
  }

  private static int opened(Pointer fi, long fh, int bits) {
    fi.putLongLong(FileInfoBits.FH_OFFSET, fh);
    if (bits != 0) {
      FileInfoBits.set(fi, bits);
    }
    return 0;
  }

  private static long fh(Pointer fi) {
    return fi.getLongLong(FileInfoBits.FH_OFFSET);
  }
}
