package org.sysfsemu.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What udev knows of devices: systemd-udevd's database ({@code /run/udev/data/<id>} files of a
 * machine) or the same lines as an emulator exports them in {@code /dev/.sysfs-emu/udevdb} (each
 * device's lines after a {@code P: devpath} line). Lines: {@code S:link}, {@code L:priority},
 * {@code I:usec}, {@code E:KEY=VALUE}, {@code G:tag}, {@code Q:tag}, {@code V:version}.
 */
final class UdevData {
  /**
   * One device's database entry.
   *
   * @param links devlinks relative to /dev, in database order
   * @param priority the devlink priority ({@code L:}), 0 when none
   * @param usec USEC_INITIALIZED, or null (the device is not initialized)
   * @param properties {@code KEY=VALUE} properties, in database order
   */
  record Entry(List<String> links, int priority, String usec, List<String> properties, List<String> tags,
      List<String> currentTags) {
    static final Entry NONE = new Entry(List.of(), 0, null, List.of(), List.of(), List.of());

    static Entry parse(List<String> lines) {
      List<String> links = new ArrayList<>();
      List<String> props = new ArrayList<>();
      List<String> tags = new ArrayList<>();
      List<String> current = new ArrayList<>();
      String usec = null;
      int priority = 0;
      for (String l : lines) {
        if (l.length() < 2 || l.charAt(1) != ':') {
          continue;
        }
        String v = l.substring(2);
        switch (l.charAt(0)) {
          case 'S' -> links.add(v);
          case 'L' -> priority = parseInt(v);
          case 'I' -> usec = v;
          case 'E' -> props.add(v);
          case 'G' -> tags.add(v);
          case 'Q' -> current.add(v);
          default -> { }
        }
      }
      return new Entry(List.copyOf(links), priority, usec, List.copyOf(props), List.copyOf(tags), List.copyOf(current));
    }

    private static int parseInt(String v) {
      try {
        return Integer.parseInt(v.strip());
      } catch (NumberFormatException e) {
        return 0;
      }
    }
  }

  private final Path dataDir;
  private final Map<String, Entry> byDevpath;

  private UdevData(Path dataDir, Map<String, Entry> byDevpath) {
    this.dataDir = dataDir;
    this.byDevpath = byDevpath;
  }

  /** No database: every device is uninitialized. */
  static UdevData none() {
    return new UdevData(null, Map.of());
  }

  /** systemd-udevd's database directory ({@code /run/udev/data}). */
  static UdevData directory(Path dataDir) {
    return new UdevData(dataDir, Map.of());
  }

  /** The emulator's export: paragraphs of a {@code P: devpath} line and database lines. */
  static UdevData export(String text) {
    Map<String, Entry> map = new HashMap<>();
    String devpath = null;
    List<String> lines = new ArrayList<>();
    for (String l : (text + "\n").split("\n", -1)) {
      if (l.isEmpty()) {
        if (devpath != null) {
          map.put(devpath, Entry.parse(lines));
        }
        devpath = null;
        lines.clear();
      } else if (l.startsWith("P: ")) {
        devpath = l.substring(3);
      } else {
        lines.add(l);
      }
    }
    return new UdevData(null, map);
  }

  /** The source for a /sys tree: the emulator's export when {@code dev} has one, else the machine's. */
  static UdevData forTree(Path dev, boolean hostSys) throws IOException {
    Path export = dev.resolve(".sysfs-emu/udevdb");
    if (Files.exists(export)) {
      return export(new String(Files.readAllBytes(export), StandardCharsets.ISO_8859_1));
    }
    return hostSys ? directory(Path.of("/run/udev/data")) : none();
  }

  /** The entry of {@code d}; {@link Entry#NONE} when udev has none. */
  Entry of(SysDevice d) {
    if (dataDir == null) {
      return byDevpath.getOrDefault(d.devpath(), Entry.NONE);
    }
    Path file = dataDir.resolve(d.udevId());
    try {
      return Entry.parse(List.of(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).split("\n")));
    } catch (IOException e) {
      return Entry.NONE;
    }
  }
}
