package org.sysfsemu.driver;

import java.util.Arrays;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.KernfsFile;
import org.sysfsemu.kernfs.KernfsOps;

/**
 * What a recorded attribute does: shows the value its file holds (the file's {@code priv}, a byte
 * array replaced on each store, never changed in place), which a writable attribute replaces with
 * what is stored into it. A text value that ended in a newline keeps ending in one after a store
 * of {@code "1400"} or {@code "1400\n"}, as a driver's show() reformats it. One instance serves
 * every file of its kind ({@link #of}); only an attribute whose store acts ({@link StoreHook})
 * has its own.
 */
public final class DeviceAttribute implements KernfsOps {
  private static final DeviceAttribute TEXT = new DeviceAttribute(false, false, null);
  private static final DeviceAttribute TEXT_WRITABLE = new DeviceAttribute(true, false, null);
  private static final DeviceAttribute BINARY = new DeviceAttribute(false, true, null);
  private static final DeviceAttribute BINARY_WRITABLE = new DeviceAttribute(true, true, null);

  private final boolean writable;
  private final boolean binary;
  private final StoreHook hook;

  /** What a driver's store() does beyond keeping the value: validate it, act on it. */
  @FunctionalInterface
  public interface StoreHook {
    /**
     * Called with the normalized new value before it is kept; returns the value to keep (as the
     * driver's show() will print it), or refuses it with an errno.
     */
    byte[] stored(byte[] oldValue, byte[] newValue) throws SysfsException;

    /**
     * Called once the new value is kept, still under the file's lock (as the kernel holds the
     * device lock): the driver's action that others may observe, such as an event.
     */
    default void kept(byte[] oldValue, byte[] newValue) {}
  }

  /** The ops of every attribute of this kind without a hook; the file's priv is its value. */
  public static DeviceAttribute of(boolean writable, boolean binary) {
    return binary ? (writable ? BINARY_WRITABLE : BINARY) : (writable ? TEXT_WRITABLE : TEXT);
  }

  /** Ops of their own for an attribute whose store calls {@code hook}. */
  static DeviceAttribute hooked(boolean writable, boolean binary, StoreHook hook) {
    return new DeviceAttribute(writable, binary, hook);
  }

  private DeviceAttribute(boolean writable, boolean binary, StoreHook hook) {
    this.writable = writable;
    this.binary = binary;
    this.hook = hook;
  }

  @Override
  public boolean canShow() {
    return true;
  }

  @Override
  public boolean canStore() {
    return writable;
  }

  /** The current value; callers copy it (arrays held by a file are replaced, never changed in place). */
  @Override
  public byte[] show(KernfsFile file) {
    return (byte[]) file.priv();
  }

  @Override
  public int store(KernfsFile file, byte[] data) throws SysfsException {
    if (!writable) {
      throw new SysfsException(Errno.EACCES, "read-only attribute");
    }
    synchronized (file) {
      byte[] old = (byte[]) file.priv();
      byte[] next = binary ? data.clone() : normalize(data, endsWithNewline(old));
      if (hook != null) {
        next = hook.stored(old, next);
      }
      file.setPriv(next);
      if (hook != null) {
        hook.kept(old, next);
      }
    }
    return data.length;
  }

  /** Replaces the value of {@code file}, a recorded attribute's, as the driver would (the {@code set} command). */
  static void set(KernfsFile file, byte[] newValue) {
    file.setPriv(newValue.clone());
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
