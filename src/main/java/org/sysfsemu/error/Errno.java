package org.sysfsemu.error;

/**
 * The error numbers the emulated kernel can return, by symbolic name only. The numeric values
 * live at the FUSE boundary ({@code org.sysfsemu.fuse.ErrnoCodes}); nothing inside the model
 * knows them.
 */
public enum Errno {
  EPERM,
  ENOENT,
  EINTR,
  EIO,
  EBADF,
  EAGAIN,
  ENOMEM,
  EACCES,
  EBUSY,
  EEXIST,
  ENODEV,
  ENOTDIR,
  EISDIR,
  EINVAL,
  EFBIG,
  ESPIPE,
  ENAMETOOLONG,
  ENOSYS,
  ENOTEMPTY,
  ELOOP,
  ENOBUFS,
  ENOTCONN,
  ENFILE,
  EMFILE,
  ENXIO
}
