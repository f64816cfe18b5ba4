package org.sysfsemu.driver;

import java.util.Arrays;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.AttributeOps;

/**
 * A recorded attribute: a value the driver shows, which a writable attribute replaces with what
 * is stored into it. A text value that ended in a newline keeps ending in one after a store of
 * {@code "1400"} or {@code "1400\n"}, as a driver's show() reformats it.
 */
public final class DeviceAttribute implements AttributeOps {
  private final boolean writable;
  private final boolean binary;
  private final StoreHook hook;
  private volatile byte[] value;

  /** What a driver's store() does beyond keeping the value: validate it, act on it. */
  @FunctionalInterface
  public interface StoreHook {
    /**
     * Called with the normalized new value before it is kept; returns the value to keep (as the
     * driver's show() will print it), or refuses it with an errno.
     */
    byte[] stored(byte[] oldValue, byte[] newValue) throws SysfsException;

    /**
     * Called once the new value is kept, still under the attribute's lock (as the kernel holds
     * the device lock): the driver's action that others may observe, such as an event.
     */
    default void kept(byte[] oldValue, byte[] newValue) {}
  }

  public DeviceAttribute(byte[] value, boolean writable, boolean binary) {
    this(value, writable, binary, null);
  }

  public DeviceAttribute(byte[] value, boolean writable, boolean binary, StoreHook hook) {
    this(writable, binary, hook, value.clone());
  }

  /**
   * Holds {@code value} itself, not a copy: for the recorded values of a {@link DeviceSpec}, which
   * devices loaded from one file share and nobody changes in place.
   */
  static DeviceAttribute recorded(byte[] value, boolean writable, boolean binary, StoreHook hook) {
    return new DeviceAttribute(writable, binary, hook, value);
  }

  private DeviceAttribute(boolean writable, boolean binary, StoreHook hook, byte[] value) {
    this.value = value;
    this.writable = writable;
    this.binary = binary;
    this.hook = hook;
  }

  @Override
  public boolean canStore() {
    return writable;
  }

  /** The current value; callers copy it (arrays held here are replaced, never changed in place). */
  @Override
  public byte[] show() {
    return value;
  }

  @Override
  public int store(byte[] data) throws SysfsException {
    if (!writable) {
      throw new SysfsException(Errno.EACCES, "read-only attribute");
    }
    byte[] next = binary ? data.clone() : normalize(data, endsWithNewline(value));
    synchronized (this) {
      byte[] old = value;
      if (hook != null) {
        next = hook.stored(old, next);
      }
      value = next;
      if (hook != null) {
        hook.kept(old, next);
      }
    }
    return data.length;
  }

  /** Replaces the value as the driver would (the {@code set} command). */
  public void set(byte[] newValue) {
    value = newValue.clone();
  }

  private static boolean endsWithNewline(byte[] b) {
    return b.length > 0 && b[b.length - 1] == '\n';
  }

  private static byte[] normalize(byte[] data, boolean newline) {
    int len = data.length;
    while (len > 0 && (data[len - 1] == '\n' || data[len - 1] == 0)) {
      len--;
    }
    byte[] out = Arrays.copyOf(data, newline ? len + 1 : len);
    if (newline) {
      out[len] = '\n';
    }
    return out;
  }
}
