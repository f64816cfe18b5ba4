package org.sysfsemu.netlink;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What udev knows about a device beyond the kernel's keys: its database properties ({@code E:}
 * lines of a recording: ID_*, DEVLINKS, rule {@code ENV{}} keys, USEC_INITIALIZED) and its tags.
 * In sd-device terms: the properties of an initialized device, {@code all_tags} and {@code
 * current_tags}.
 *
 * @param properties udev properties in database order, without TAGS and CURRENT_TAGS
 * @param tags every tag the device ever got ({@code TAGS=})
 * @param currentTags the tags the last rule run set ({@code CURRENT_TAGS=})
 */
public record UdevRecord(
    ImmutableMap<String, String> properties, ImmutableSet<String> tags, ImmutableSet<String> currentTags) {

  /** A device udev knows nothing about. */
  public static final UdevRecord EMPTY = new UdevRecord(ImmutableMap.of(), ImmutableSet.of(), ImmutableSet.of());

  /**
   * A record from database-style properties: {@code TAGS=:a:b:} and {@code CURRENT_TAGS=:a:}
   * become tag sets (CURRENT_TAGS defaults to TAGS, as for a database written before v247), the
   * other keys stay properties in their order.
   */
  public static UdevRecord fromDatabase(Map<String, String> database) {
    Map<String, String> props = new LinkedHashMap<>(database);
    ImmutableSet<String> tags = parseTags(props.remove("TAGS"));
    String current = props.remove("CURRENT_TAGS");
    return new UdevRecord(ImmutableMap.copyOf(props), tags, current == null ? tags : parseTags(current));
  }

  /** The tags of a {@code :a:b:} list (empty elements ignored); empty for null. */
  static ImmutableSet<String> parseTags(String list) {
    ImmutableSet.Builder<String> tags = ImmutableSet.builder();
    if (list != null) {
      for (String t : list.split(":")) {
        if (!t.isEmpty()) {
          tags.add(t);
        }
      }
    }
    return tags.build();
  }

  /** A tag set as udev prints it: {@code :a:b:}. */
  static String formatTags(ImmutableSet<String> tags) {
    return ":" + String.join(":", tags) + ":";
  }
}
