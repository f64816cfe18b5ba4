package org.sysfsemu.kernfs;

import org.sysfsemu.error.SysfsException;

/**
 * What a file does when read or written, given the file: the kernel's {@code struct kernfs_ops},
 * which reaches its attribute through {@code kn->priv}. One instance may serve many files, each
 * keeping its own state in {@link KernfsFile#priv()}, so that a large tree costs one object per
 * file instead of two. {@link AttributeOps} is the form for ops that serve a single file.
 */
public interface KernfsOps {

  /** Whether the files have a show method; one without cannot be opened for reading. */
  boolean canShow();

  /** Whether the files have a store method; one without cannot be opened for writing. */
  boolean canStore();

  /** The whole current content of {@code file}. Text output longer than 4095 bytes is cut by the caller. */
  byte[] show(KernfsFile file) throws SysfsException;

  /**
   * Stores one write (at most 4096 bytes, never empty) into {@code file}.
   *
   * @return the number of bytes consumed, normally {@code data.length}
   */
  int store(KernfsFile file, byte[] data) throws SysfsException;
}
