package org.sysfsemu.netlink;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/**
 * What one reader of the uevent node subscribes to: the netlink groups it binds (the {@code
 * nl_groups} mask of {@code bind()}) and the userspace filters sd-device's monitor applies ({@code
 * sd_device_monitor_filter_add_match_subsystem_devtype}, {@code ..._match_tag}). Parsed from the
 * option line a reader writes before reading:
 *
 * <pre>  groups=1[,2...] subsystem=SUB[/DEVTYPE] tag=TAG</pre>
 *
 * Words are separated by spaces or tabs; {@code groups} at most once (default {@code 1}), {@code
 * subsystem} and {@code tag} any number of times; one trailing newline is ignored. Filters match as
 * in {@code passes_filter()} of device-monitor.c: with subsystem filters, SUBSYSTEM must equal one
 * of them (and DEVTYPE too, where one is given); with tag filters, the device must carry one of the
 * tags. Kernel (group 1) events carry no tags, so, as in {@code udevadm monitor --kernel
 * --tag-match}, a tag filter drops every group-1 event.
 *
 * @param groups the groups bound, each 1..32
 * @param subsystems subsystem[/devtype] filters, any of which may match
 * @param tags tag filters, any of which may match
 */
public record SubscriptionOptions(
    ImmutableSortedSet<Integer> groups, ImmutableList<SubsystemMatch> subsystems, ImmutableSet<String> tags) {

  /** The group the kernel sends to. */
  public static final int KERNEL_GROUP = 1;

  /** The group udevd re-broadcasts processed events to, in libudev format. */
  public static final int UDEV_GROUP = 2;

  /** Groups per netlink protocol: bind mask bits 0..31. */
  public static final int GROUPS = 32;

  /** The longest option line accepted, one page. */
  public static final int MAX_LINE = 4096;

  /** What a reader that writes nothing gets: group 1, no filters. */
  public static final SubscriptionOptions DEFAULT =
      new SubscriptionOptions(ImmutableSortedSet.of(KERNEL_GROUP), ImmutableList.of(), ImmutableSet.of());

  /** One subsystem filter; {@code devtype} is null when any DEVTYPE matches. */
  public record SubsystemMatch(String subsystem, String devtype) {
    @Override
    public String toString() {
      return devtype == null ? subsystem : subsystem + "/" + devtype;
    }
  }

  /** Whether the group numbered {@code group} (1..32) is bound. */
  public boolean hasGroup(int group) {
    return groups.contains(group);
  }

  /** The {@code nl_groups} bind mask: bit {@code g-1} for group {@code g}. */
  public int groupMask() {
    int mask = 0;
    for (int g : groups) {
      mask |= 1 << (g - 1);
    }
    return mask;
  }

  /**
   * Whether an event of {@code subsystem} and {@code devtype} (null if none) from a device with
   * {@code deviceTags} passes the filters.
   */
  public boolean matches(String subsystem, String devtype, Set<String> deviceTags) {
    return matchesSubsystem(subsystem, devtype) && matchesTags(deviceTags);
  }

  /** The subsystem filter alone ({@code check_subsystem_filter}); true without filters. */
  public boolean matchesSubsystem(String subsystem, String devtype) {
    if (subsystems.isEmpty()) {
      return true;
    }
    for (SubsystemMatch m : subsystems) {
      if (m.subsystem().equals(subsystem) && (m.devtype() == null || m.devtype().equals(devtype))) {
        return true;
      }
    }
    return false;
  }

  /** The tag filter alone ({@code check_tag_filter}); true without filters. */
  public boolean matchesTags(Set<String> deviceTags) {
    if (tags.isEmpty()) {
      return true;
    }
    for (String t : tags) {
      if (deviceTags.contains(t)) {
        return true;
      }
    }
    return false;
  }

  /** The canonical option line, newline-terminated; {@link #parse} gives these options back. */
  public String toLine() {
    StringBuilder sb = new StringBuilder("groups=");
    sb.append(String.join(",", groups.stream().map(String::valueOf).toList()));
    subsystems.forEach(s -> sb.append(" subsystem=").append(s));
    tags.forEach(t -> sb.append(" tag=").append(t));
    return sb.append('\n').toString();
  }

  /**
   * Parses an option line; an empty line gives {@link #DEFAULT}.
   *
   * @throws SysfsException EINVAL with a one-line message naming the bad word
   */
  public static SubscriptionOptions parse(String line) throws SysfsException {
    if (line.length() > MAX_LINE) {
      throw invalid("option line longer than " + MAX_LINE + " bytes");
    }
    String text = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
    Builder b = new Builder();
    for (String word : text.split("[ \t]+")) {
      if (!word.isEmpty()) {
        b.add(word);
      }
    }
    return b.build();
  }

  private static SysfsException invalid(String message) {
    return new SysfsException(Errno.EINVAL, message);
  }

  private static SysfsException invalidWord(String word, String why) {
    return invalid("bad option \"" + printable(word) + "\": " + why);
  }

  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return sb.toString();
  }

  /** Collects the words of one line. */
  private static final class Builder {
    private Set<Integer> groups;
    private final List<SubsystemMatch> subsystems = new ArrayList<>();
    private final Set<String> tags = new LinkedHashSet<>();

    void add(String word) throws SysfsException {
      if (word.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw invalidWord(word, "control character");
      }
      int eq = word.indexOf('=');
      if (eq < 0) {
        throw invalidWord(word, "expected KEY=VALUE (groups, subsystem, tag)");
      }
      String key = word.substring(0, eq);
      String value = word.substring(eq + 1);
      switch (key) {
        case "groups" -> groups(word, value);
        case "subsystem" -> subsystems.add(subsystem(word, value));
        case "tag" -> tags.add(tag(word, value));
        default -> throw invalidWord(word, "unknown key \"" + key + "\" (groups, subsystem, tag)");
      }
    }

    private void groups(String word, String value) throws SysfsException {
      if (groups != null) {
        throw invalidWord(word, "groups given twice");
      }
      groups = new TreeSet<>();
      for (String g : value.split(",", -1)) {
        if (!g.matches("[0-9]{1,2}") || Integer.parseInt(g) < 1 || Integer.parseInt(g) > GROUPS) {
          throw invalidWord(word, "group \"" + g + "\" is not a number 1.." + GROUPS);
        }
        groups.add(Integer.parseInt(g));
      }
    }

    private static SubsystemMatch subsystem(String word, String value) throws SysfsException {
      String[] parts = value.split("/", -1);
      if (parts.length > 2 || parts[0].isEmpty() || (parts.length == 2 && parts[1].isEmpty())) {
        throw invalidWord(word, "expected subsystem=SUBSYSTEM[/DEVTYPE]");
      }
      return new SubsystemMatch(parts[0], parts.length == 2 ? parts[1] : null);
    }

    private static String tag(String word, String value) throws SysfsException {
      if (value.isEmpty() || value.indexOf(':') >= 0) {
        throw invalidWord(word, "expected tag=TAG, a non-empty tag without ':'");
      }
      return value;
    }

    SubscriptionOptions build() {
      return new SubscriptionOptions(
          groups == null ? DEFAULT.groups() : ImmutableSortedSet.copyOf(groups),
          ImmutableList.copyOf(subsystems), ImmutableSet.copyOf(tags));
    }
  }
}
