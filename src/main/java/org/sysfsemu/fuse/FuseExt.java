package org.sysfsemu.fuse;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/**
 * libfuse 2.9 functions that jnr-fuse's {@code LibFuse} does not bind. {@code fuse_interrupted}
 * lets a blocking read notice the caller's Ctrl-C (it must be called on the worker thread that
 * handles the request); the poll pair wakes pollers with a raw handle, which jnr-fuse's own {@code
 * FusePollhandle} wrapper cannot represent when it is NULL.
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

  /** Loads the functions from libfuse 2 ({@code libfuse.so.2}). */
  static FuseExt load() {
    try {
      return LibraryLoader.create(FuseExt.class).failImmediately().load("fuse");
    } catch (LinkageError | RuntimeException e) {
      return LibraryLoader.create(FuseExt.class).failImmediately().load("libfuse.so.2");
    }
  }
}
