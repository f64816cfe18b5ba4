package org.sysfsemu.fuse;

import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import jnr.ffi.Pointer;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FuseOperations;

/**
 * A jnr-fuse filesystem that {@link FuseMount} can mount: it reports when the kernel has the mount
 * ({@code init()}), offers a hook to wake blocked readers before an unmount, and verifies at
 * construction that the loaded libfuse has the {@code fuse_file_info} layout {@link FileInfoBits}
 * relies on. Subclasses implement the callbacks, each as one line through a {@link FuseCall}.
 */
public abstract class MountableFs extends FuseStubFS {
  private static final Logger LOG = Logger.getLogger(MountableFs.class.getName());

  /** libfuse functions jnr-fuse does not bind ({@code fuse_interrupted}, poll notification). */
  protected final FuseExt ext;

  private final String fsname;
  private volatile Runnable initListener = () -> {};

  /**
   * Loads libfuse and checks its layout.
   *
   * @param fsname the name libfuse is started with (argv[0])
   * @throws IllegalStateException when libfuse is not 2.8/2.9 or the struct layout is unverified
   */
  protected MountableFs(String fsname) {
    this.fsname = fsname;
    this.ext = FuseExt.load();
    FileInfoBits.requireLibfuse2(ext.fuse_version());
    FileInfoBits.selfCheck();
  }

  /** Called by libfuse once the kernel has the mount and sent FUSE_INIT; signals readiness. */
  @Override
  public final Pointer init(Pointer conn) {
    try {
      initListener.run();
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "init listener of " + fsname + " failed", t);
    }
    return null;
  }

  /**
   * Called by {@link FuseMount#close()} before the unmount; a filesystem with blocking reads wakes
   * them here (with EOF), since a lazy unmount waits for every open file to be closed.
   */
  protected void unmounting() {}

  @Override
  protected String getFSName() {
    return fsname;
  }

  /** The callbacks, as libfuse's {@code struct fuse_operations}. */
  FuseOperations operations() {
    return fuseOperations;
  }

  /**
   * Mounts and serves until the connection ends ({@link FuseLoop}); 0, or 1 when libfuse could
   * not mount or reading its device failed.
   */
  int serve(Path mountpoint, String[] args, String threadName) {
    return new FuseLoop(ext, this, threadName).run(fsname, mountpoint.toAbsolutePath().toString(), args);
  }

  void onInit(Runnable listener) {
    initListener = listener;
  }

  /** Marks jnr-fuse's session as over (its own {@code mount} is never called). */
  void loopEnded() {
    mounted.set(false);
  }
}
