package org.sysfsemu.loader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sysfsemu.driver.Device;
import org.sysfsemu.driver.DeviceSpec;
import org.sysfsemu.driver.DriverCore;
import org.sysfsemu.error.SysfsException;

/**
 * Loads device trees in the {@code .umockdev} record format: parse and check the whole input
 * first, order devices parents first, then add them through the {@link DriverCore}, taking back
 * every device already added if one fails. Linear in the size of the input.
 */
public final class TreeLoader {
  private TreeLoader() {}

  /** Reads a tree file as bytes (one char per byte). */
  public static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
  }

  /** Parses and interprets {@code text}; the specs come parents first. */
  public static List<DeviceSpec> parse(String file, String text) throws TreeFormatException {
    List<Record> records = new UmockdevParser(file).parse(text);
    SpecFactory factory = new SpecFactory(file);
    Map<String, Integer> seen = new HashMap<>();
    List<List<DeviceSpec>> byDepth = new ArrayList<>();
    for (Record r : records) {
      Integer first = seen.putIfAbsent(r.devpath(), r.line());
      if (first != null) {
        throw new TreeFormatException(file, r.line(), "duplicate device " + r.devpath() + " (first at line " + first + ")");
      }
      DeviceSpec spec = factory.toSpec(r);
      int depth = depth(spec.devpath());
      while (byDepth.size() <= depth) {
        byDepth.add(new ArrayList<>());
      }
      byDepth.get(depth).add(spec);
    }
    List<DeviceSpec> ordered = new ArrayList<>(records.size());
    byDepth.forEach(ordered::addAll);
    return ordered;
  }

  /** Adds every spec, parents first, all or nothing (see {@link DriverCore#deviceAddAll}). */
  public static List<Device> apply(DriverCore core, List<DeviceSpec> specs, boolean sendEvents)
      throws SysfsException {
    return core.deviceAddAll(specs, sendEvents);
  }

  private static int depth(String path) {
    int d = 0;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        d++;
      }
    }
    return d;
  }
}
