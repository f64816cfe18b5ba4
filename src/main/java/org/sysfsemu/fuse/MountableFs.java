package org.sysfsemu.fuse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import jnr.ffi.Pointer;
import ru.serce.jnrfuse.FuseStubFS;

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

  void onInit(Runnable listener) {
    initListener = listener;
  }

  /**
   * Mounts this filesystem at {@code mountpoint} with libfuse's {@code options}, without jnr-fuse's
   * {@code mount()} (see {@link FuseSession}); the caller runs the loop and the teardown.
   */
  FuseSession openSession(Path mountpoint, String[] options) throws IOException {
    return FuseSession.mount(fsname, mountpoint, options, fuseOperations);
  }
}
