package org.sysfsemu.driver;

import java.nio.charset.StandardCharsets;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kobject.KObjectAction;
import org.sysfsemu.uevent.UEventEngine;

/**
 * The {@code online} attribute ({@code online_store} in drivers/base/core.c): a boolean as {@code
 * kstrtobool} reads it; a change of state is {@code device_online()}/{@code device_offline()}
 * and sends {@code online} or {@code offline}; writing the current state does nothing.
 */
final class OnlineHook implements DeviceAttribute.StoreHook {
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(OnlineHook.class.getName());
  private final Device dev;
  private final UEventEngine engine;

  OnlineHook(Device dev, UEventEngine engine) {
    this.dev = dev;
    this.engine = engine;
  }

  @Override
  public byte[] stored(byte[] oldValue, byte[] newValue) throws SysfsException {
    return (parse(newValue) ? "1\n" : "0\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The event comes after the state changed, as device_online() sends it: a listener reading {@code online} sees the new state. */
  @Override
  public void kept(byte[] oldValue, byte[] newValue) {
    boolean on = parseQuietly(newValue);
    if (oldValue.length > 0 && parseQuietly(oldValue) == on) {
      return;
    }
    try {
      engine.emit(dev, on ? KObjectAction.ONLINE : KObjectAction.OFFLINE);
    } catch (SysfsException e) {
      LOG.warning(() -> (on ? "online" : "offline") + " event for " + dev.devpath() + " failed: " + e);
    }
  }

  /** {@code kstrtobool}: y/Y/1/on true, n/N/0/off false, anything else EINVAL. */
  static boolean parse(byte[] v) throws SysfsException {
    String s = new String(v, StandardCharsets.ISO_8859_1).trim();
    if (!s.isEmpty()) {
      switch (s.charAt(0)) {
        case 'y', 'Y', '1' -> {
          return true;
        }
        case 'n', 'N', '0' -> {
          return false;
        }
        default -> { }
      }
    }
    if (s.equalsIgnoreCase("on")) {
      return true;
    }
    if (s.equalsIgnoreCase("off")) {
      return false;
    }
    throw new SysfsException(Errno.EINVAL, "online: not a boolean: '" + s + "'");
  }

  private static boolean parseQuietly(byte[] v) {
    try {
      return parse(v);
    } catch (SysfsException e) {
      return false;
    }
  }
}
