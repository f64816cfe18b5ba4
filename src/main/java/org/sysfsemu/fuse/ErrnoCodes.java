package org.sysfsemu.fuse;

import static com.google.common.base.Preconditions.checkState;

import java.util.EnumMap;
import java.util.Map;
import org.sysfsemu.error.Errno;

/**
 * The numbers behind the model's symbolic {@link Errno}s, taken from jnr-constants for the running
 * platform. The only place in the project where an errno becomes a number.
 */
public final class ErrnoCodes {
  private static final Map<Errno, Integer> CODES = load();

  private ErrnoCodes() {}

  /** The positive platform errno for {@code errno}, e.g. 2 for {@link Errno#ENOENT} on Linux. */
  public static int of(Errno errno) {
    return CODES.get(errno);
  }

  /** What a FUSE callback returns for {@code errno}: its negated number. */
  public static int negative(Errno errno) {
    return -of(errno);
  }

  private static Map<Errno, Integer> load() {
    Map<Errno, Integer> codes = new EnumMap<>(Errno.class);
    for (Errno e : Errno.values()) {
      jnr.constants.platform.Errno platform = jnr.constants.platform.Errno.valueOf(e.name());
      checkState(platform.defined(), "errno %s is not defined on this platform", e);
      codes.put(e, platform.intValue());
    }
    return codes;
  }
}
