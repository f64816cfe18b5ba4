package org.sysfsemu.kernfs;

import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/**
 * What an attribute does when read or written: the {@code show}/{@code store} pair of a {@code
 * struct device_attribute}. An attribute without {@code show} cannot be opened for reading, one
 * without {@code store} cannot be opened for writing, whatever its mode says (root included).
 * These ops serve one file and ignore which: they keep their own state.
 */
public interface AttributeOps extends KernfsOps {

  /** Whether the attribute has a show method. */
  @Override
  default boolean canShow() {
    return true;
  }

  /** Whether the attribute has a store method. */
  @Override
  default boolean canStore() {
    return false;
  }

  /** The whole current content. Text output longer than 4095 bytes is cut by the caller. */
  byte[] show() throws SysfsException;

  /**
   * Stores one write (at most 4096 bytes, never empty).
   *
   * @return the number of bytes consumed, normally {@code data.length}
   */
  default int store(byte[] data) throws SysfsException {
    throw new SysfsException(Errno.EIO, "attribute has no store method");
  }

  @Override
  default byte[] show(KernfsFile file) throws SysfsException {
    return show();
  }

  @Override
  default int store(KernfsFile file, byte[] data) throws SysfsException {
    return store(data);
  }

  /** An attribute with a store method only (driver {@code bind}/{@code unbind}): never readable. */
  interface WriteOnly extends AttributeOps {
    @Override
    default boolean canShow() {
      return false;
    }

    @Override
    default boolean canStore() {
      return true;
    }

    @Override
    default byte[] show() throws SysfsException {
      throw new SysfsException(Errno.EACCES, "write-only attribute");
    }

    @Override
    int store(byte[] data) throws SysfsException;
  }
}
