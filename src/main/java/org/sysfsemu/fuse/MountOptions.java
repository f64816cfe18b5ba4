package org.sysfsemu.fuse;

import static com.google.common.base.Preconditions.checkArgument;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How a filesystem is mounted: its name in {@code /proc/mounts} ({@code fsname}, and the type
 * {@code fuse.<subtype>}), whether other users may use it, and how long the kernel may cache names
 * and attributes. Always adds {@code default_permissions} (the kernel enforces the modes we
 * report) and {@code auto_unmount} (a killed JVM leaves no dead mount); names found missing are
 * cached only by a filesystem that tells the kernel of every change ({@code negative_timeout});
 * never {@code -s} (one blocked read would hang the mount) nor {@code intr}.
 *
 * @param fsname the source column of {@code /proc/mounts}, e.g. {@code sysfs-emu}
 * @param subtype the type suffix, e.g. {@code sysemu} for {@code fuse.sysemu}
 * @param allowOther whether users other than the mounter may use the mount
 * @param cacheTimeoutSeconds {@code attr_timeout} and {@code entry_timeout}; 0 is always fresh
 */
public record MountOptions(
    String fsname, String subtype, boolean allowOther, double cacheTimeoutSeconds) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

  /** Validates the names and the timeout. */
  public MountOptions {
    checkArgument(NAME.matcher(fsname).matches(), "bad fsname: %s", fsname);
    checkArgument(NAME.matcher(subtype).matches(), "bad subtype: %s", subtype);
    checkArgument(
        cacheTimeoutSeconds >= 0 && Double.isFinite(cacheTimeoutSeconds),
        "bad cache timeout: %s",
        cacheTimeoutSeconds);
  }

  /** Options for {@code fsname}/{@code subtype}: mounter only, no caching. */
  public static MountOptions of(String fsname, String subtype) {
    return new MountOptions(fsname, subtype, false, 0);
  }

  /** A copy with {@code allow_other} on or off. */
  public MountOptions withAllowOther(boolean allow) {
    return new MountOptions(fsname, subtype, allow, cacheTimeoutSeconds);
  }

  /** A copy with {@code attr_timeout} and {@code entry_timeout} set to {@code seconds}. */
  public MountOptions withCacheTimeout(double seconds) {
    return new MountOptions(fsname, subtype, allowOther, seconds);
  }

  /**
   * The arguments for libfuse after the mountpoint: {@code -o} and the option list. {@code
   * cacheMissing}: the kernel may also remember, for the same timeout, that a name does not exist
   * (only for a filesystem that drops the kernel's entries whenever its tree changes).
   */
  public String[] toArgs(boolean cacheMissing) {
    String t = BigDecimal.valueOf(cacheTimeoutSeconds).stripTrailingZeros().toPlainString();
    List<String> opts = new ArrayList<>();
    opts.add("fsname=" + fsname);
    opts.add("subtype=" + subtype);
    opts.add("default_permissions");
    opts.add("auto_unmount");
    opts.add("attr_timeout=" + t);
    opts.add("entry_timeout=" + t);
    opts.add("negative_timeout=" + (cacheMissing ? t : "0"));
    if (allowOther) {
      opts.add("allow_other");
    }
    return new String[] {"-o", String.join(",", opts)};
  }
}
