package org.sysfsemu.control;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.sysfsemu.devfs.ControlFile;
import org.sysfsemu.devfs.ControlSession;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.uevent.UEventHelperPath;

/**
 * {@code /proc/sys/kernel/hotplug}: the same setting as {@code /sys/kernel/uevent_helper}, with
 * the rules of a {@code proc_dostring} sysctl instead of a sysfs store: a write stops at the
 * first newline or NUL, input beyond 255 bytes is cut silently (the full count is returned), and
 * a later write of the same open file continues at its position. The sandbox binds it over
 * /proc/sys/kernel/hotplug (docs/sandbox.md).
 */
public final class ProcHotplugFile implements ControlFile {
  private final UEventHelperPath helper;

  public ProcHotplugFile(UEventHelperPath helper) {
    this.helper = helper;
  }

  @Override
  public ControlSession open(int uid) {
    return new ControlSession() {
      private TextCursor text;
      private int pos;

      @Override
      public synchronized byte[] read(int size, long timeoutMillis) {
        if (text == null) {
          text = new TextCursor(helper.get() + "\n");
        }
        return text.next(size);
      }

      @Override
      public synchronized int write(byte[] data) throws SysfsException {
        if (data.length == 0) {
          return 0;
        }
        int max = UEventHelperPath.PATH_LEN - 1;
        if (pos < max) {
          byte[] old = helper.get().getBytes(StandardCharsets.ISO_8859_1);
          int end = 0;
          while (end < data.length && data[end] != '\n' && data[end] != 0) {
            end++;
          }
          int keep = Math.min(pos, old.length);
          byte[] value = Arrays.copyOf(old, Math.min(max, keep + end));
          System.arraycopy(data, 0, value, keep, value.length - keep);
          helper.set(new String(value, StandardCharsets.ISO_8859_1));
        }
        pos += data.length;
        return data.length;
      }
    };
  }
}
