package org.sysfsemu.udevdb;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what a recording says udev knew of a device (its udev {@code E:} lines and {@code S:}
 * lines) as the database entry udevd would have written: the state udevd's rules left, replayed
 * without running them.
 */
public final class RecordedUdev {
  /** Keys that are not properties in the database but have lines of their own, or none. */
  private static final Set<String> NOT_PROPERTIES =
      Set.of("DEVLINKS", "TAGS", "CURRENT_TAGS", "USEC_INITIALIZED", "UDEV_DATABASE_VERSION");

  private RecordedUdev() {}

  /**
   * The entry of a device.
   *
   * <ul>
   *   <li>Links: the {@code S:} lines; without any, the {@code /dev/...} words of DEVLINKS. A link
   *       that is not a clean relative path, or names the node itself, is left out.
   *   <li>USEC_INITIALIZED: the recorded value, else {@code usecNow} (udevd stamps every device
   *       it processes).
   *   <li>Tags: TAGS; current tags: CURRENT_TAGS, or TAGS when not recorded (a database written
   *       before v247). A tag that cannot be a file name is left out.
   *   <li>Properties: every other key, in recorded order, except keys starting with {@code .}
   *       (udev never stores those) and keys or values that cannot be written as one {@code
   *       E:KEY=VALUE} line.
   * </ul>
   *
   * @param id the device id ({@link DeviceId})
   * @param devnode the node relative to /dev, or null without a device number
   * @param ifindex the interface index, or 0
   * @param recorded the udev properties of the recording
   * @param sLines the {@code S:} lines of the recording
   * @param usecNow CLOCK_MONOTONIC now, in µs
   */
  public static UdevDbEntry entry(String id, String devnode, int ifindex, Map<String, String> recorded,
      List<String> sLines, long usecNow) {
    ImmutableList<String> links = links(devnode, sLines.isEmpty() ? devlinksProperty(recorded.get("DEVLINKS")) : sLines);
    ImmutableSet<String> tags = tags(recorded.get("TAGS"));
    String current = recorded.get("CURRENT_TAGS");
    return new UdevDbEntry(id, devnode, ifindex, links, usec(recorded.get("USEC_INITIALIZED"), usecNow),
        properties(recorded), tags, current == null ? tags : tags(current));
  }

  /** The recorded properties that are properties in the database; the recorded map itself when all are. */
  private static ImmutableMap<String, String> properties(Map<String, String> recorded) {
    if (recorded instanceof ImmutableMap<String, String> all && allProperties(all)) {
      return all; // a device's properties as loaded: no copy per device
    }
    ImmutableMap.Builder<String, String> props = ImmutableMap.builder();
    recorded.forEach((k, v) -> {
      if (isProperty(k, v)) {
        props.put(k, v);
      }
    });
    return props.build();
  }

  private static boolean allProperties(Map<String, String> recorded) {
    for (Map.Entry<String, String> e : recorded.entrySet()) {
      if (!isProperty(e.getKey(), e.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static boolean isProperty(String k, String v) {
    return !NOT_PROPERTIES.contains(k) && !k.isEmpty() && !k.startsWith(".") && k.indexOf('=') < 0
        && isOneLine(k) && isOneLine(v);
  }

  private static List<String> devlinksProperty(String devlinks) {
    if (devlinks == null) {
      return List.of();
    }
    return java.util.Arrays.stream(devlinks.trim().split("\\s+"))
        .filter(w -> w.startsWith("/dev/"))
        .map(w -> w.substring("/dev/".length()))
        .toList();
  }

  private static ImmutableList<String> links(String devnode, List<String> candidates) {
    ImmutableSet.Builder<String> out = ImmutableSet.builder();
    for (String l : candidates) {
      if (isCleanRelative(l) && !l.equals(devnode)) {
        out.add(l);
      }
    }
    return out.build().asList();
  }

  /** A relative path without empty, {@code .} or {@code ..} components, on one line. */
  static boolean isCleanRelative(String path) {
    if (path.isEmpty() || !isOneLine(path) || path.indexOf('\0') >= 0) {
      return false;
    }
    for (String c : path.split("/", -1)) {
      if (c.isEmpty() || c.equals(".") || c.equals("..")) {
        return false;
      }
    }
    return true;
  }

  private static ImmutableSet<String> tags(String list) {
    ImmutableSet.Builder<String> out = ImmutableSet.builder();
    if (list != null) {
      for (String t : list.split(":")) {
        if (!t.isEmpty() && !t.equals(".") && !t.equals("..") && t.indexOf('/') < 0 && isOneLine(t)) {
          out.add(t);
        }
      }
    }
    return out.build();
  }

  private static long usec(String recorded, long usecNow) {
    if (recorded != null) {
      try {
        long v = Long.parseLong(recorded);
        if (v > 0) {
          return v;
        }
      } catch (NumberFormatException e) {
        // not a timestamp: stamp it now, as udevd would
      }
    }
    return usecNow;
  }

  private static boolean isOneLine(String s) {
    return s.indexOf('\n') < 0 && s.indexOf('\r') < 0;
  }
}
