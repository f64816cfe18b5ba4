package org.sysfsemu.driver;

import java.nio.charset.StandardCharsets;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.KernfsFile;
import org.sysfsemu.kernfs.KernfsOps;

/**
 * A device's {@code dev} file ({@code dev_show}): its number as {@code MAJOR:MINOR} and a newline,
 * printed when read from the {@link DevNum} the file's priv holds, so that a loaded tree keeps no
 * text per device. Read-only; one instance serves every device.
 */
enum DevAttribute implements KernfsOps {
  INSTANCE;

  @Override
  public boolean canShow() {
    return true;
  }

  @Override
  public boolean canStore() {
    return false;
  }

  @Override
  public byte[] show(KernfsFile file) {
    return (file.priv() + "\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public int store(KernfsFile file, byte[] data) throws SysfsException {
    throw new SysfsException(Errno.EACCES, "read-only attribute");
  }
}
