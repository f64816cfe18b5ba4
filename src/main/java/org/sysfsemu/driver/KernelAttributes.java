package org.sysfsemu.driver;

import java.nio.charset.StandardCharsets;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.AttributeOps;
import org.sysfsemu.kernfs.Kernfs;
import org.sysfsemu.kernfs.KernfsDir;
import org.sysfsemu.uevent.UEventEngine;

/**
 * The uevent files of {@code /sys/kernel} (kernel/ksysfs.c): {@code uevent_seqnum} (0444, the
 * last SEQNUM) and {@code uevent_helper} (0644, the helper path).
 */
public final class KernelAttributes {
  private KernelAttributes() {}

  /** Creates both files in {@code /sys/kernel}. */
  public static void create(DriverCore core) throws SysfsException {
    Kernfs kernfs = core.kernfs();
    UEventEngine engine = core.engine();
    KernfsDir dir = core.kernelDir();
    kernfs.writeRun(
        () -> {
          kernfs.createFile(dir, "uevent_seqnum", 0444,
              () -> (engine.seqnum() + "\n").getBytes(StandardCharsets.ISO_8859_1));
          kernfs.createFile(dir, "uevent_helper", 0644, new HelperAttribute(engine));
        });
  }

  private record HelperAttribute(UEventEngine engine) implements AttributeOps {
    @Override
    public boolean canStore() {
      return true;
    }

    @Override
    public byte[] show() {
      return engine.helperPath().show();
    }

    @Override
    public int store(byte[] data) throws SysfsException {
      return engine.helperPath().store(data);
    }
  }
}
