package org.sysfsemu.udevdb;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sysfsemu.netlink.UdevRecord;

/**
 * What udevd records for one device, and the database file it writes for it ({@code
 * device_update_db} of systemd 252's sd-device): the links to its node ({@code S:}), when it was
 * initialized ({@code I:}, CLOCK_MONOTONIC µs), the properties its rules set ({@code E:}), every tag
 * ({@code G:}) and the current tags ({@code Q:}), then {@code V:1}.
 *
 * @param id the device id ({@link DeviceId}): the file's name under {@code data/}
 * @param devnode the node's path relative to /dev, or null without a device number
 * @param ifindex the network interface index, or 0
 * @param devlinks links to the node, relative to /dev, in the order they were recorded
 * @param usecInitialized USEC_INITIALIZED, or 0 for none
 * @param properties the udev properties ({@code properties_db}), in the order they were recorded
 * @param tags every tag ({@code TAGS})
 * @param currentTags the tags the last rule run set ({@code CURRENT_TAGS})
 */
public record UdevDbEntry(
    String id,
    String devnode,
    int ifindex,
    ImmutableList<String> devlinks,
    long usecInitialized,
    ImmutableMap<String, String> properties,
    ImmutableSet<String> tags,
    ImmutableSet<String> currentTags) {

  /** The database version udevd 252 writes ({@code LATEST_UDEV_DATABASE_VERSION}). */
  public static final int DATABASE_VERSION = 1;

  /**
   * {@code device_has_info}: whether udev knows anything beyond the kernel's view. Only then does
   * the file have contents.
   */
  public boolean hasInfo() {
    return !devlinks.isEmpty() || !properties.isEmpty() || !tags.isEmpty() || !currentTags.isEmpty();
  }

  /**
   * {@code device_should_have_db}: whether udevd writes a file at all (possibly empty): with info,
   * a device number or an interface index. Only devices with a file count as initialized.
   */
  public boolean shouldHaveDb() {
    return hasInfo() || devnode != null || ifindex > 0;
  }

  /**
   * The file's bytes, line by line as udevd 252 writes them: {@code S:} (only for a device with a
   * number), {@code I:}, {@code E:KEY=VALUE}, {@code G:}, {@code Q:}, {@code V:1}; empty when
   * udev knows nothing beyond the kernel's view. Never {@code L:} (every link has priority 0) nor
   * {@code W:} (no longer written since v247).
   */
  public byte[] contents() {
    StringBuilder b = new StringBuilder();
    if (hasInfo()) {
      if (devnode != null) {
        devlinks.forEach(l -> b.append("S:").append(l).append('\n'));
      }
      if (usecInitialized > 0) {
        b.append("I:").append(usecInitialized).append('\n');
      }
      properties.forEach((k, v) -> b.append("E:").append(k).append('=').append(v).append('\n'));
      tags.forEach(t -> b.append("G:").append(t).append('\n'));
      currentTags.forEach(t -> b.append("Q:").append(t).append('\n'));
      b.append("V:").append(DATABASE_VERSION).append('\n');
    }
    return b.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * The udev side of the device as udevd's monitor messages carry it: USEC_INITIALIZED, the
   * properties, DEVLINKS ({@code /dev/...} separated by spaces), and the tags.
   */
  public UdevRecord toUdevRecord() {
    Map<String, String> props = new LinkedHashMap<>();
    if (usecInitialized > 0) {
      props.put("USEC_INITIALIZED", Long.toString(usecInitialized));
    }
    props.putAll(properties);
    if (!devlinks.isEmpty()) {
      props.put("DEVLINKS", String.join(" ", devlinks.stream().map(l -> "/dev/" + l).toList()));
    }
    return new UdevRecord(ImmutableMap.copyOf(props), tags, currentTags);
  }

  /** The same entry initialized at {@code usec} (udevd keeps the first time across later events). */
  public UdevDbEntry withUsecInitialized(long usec) {
    return new UdevDbEntry(id, devnode, ifindex, devlinks, usec, properties, tags, currentTags);
  }
}
