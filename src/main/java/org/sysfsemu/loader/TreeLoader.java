package org.sysfsemu.loader;

import com.google.common.collect.Maps;
import com.google.common.collect.Sets;
import com.google.common.primitives.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sysfsemu.driver.Device;
import org.sysfsemu.driver.DeviceSpec;
import org.sysfsemu.driver.DriverCore;

/**
 * Loads device trees in the {@code .umockdev} record format: parse and check the whole input
 * first, order devices parents first, then add them through the {@link DriverCore}, taking back
 * every device already added if one fails. Linear in the size of the input.
 */
public final class TreeLoader {
  private TreeLoader() {}

  /** The largest tree file {@link #read(Path)} accepts. */
  public static final long MAX_FILE_BYTES = 64L << 20;

  /** Reads a tree file as bytes (one char per byte); see {@link #read(Path, long)}. */
  public static String read(Path file) throws IOException {
    return read(file, MAX_FILE_BYTES);
  }

  /**
   * Reads a tree file of at most {@code maxBytes} as bytes (one char per byte). Only regular
   * files: a FIFO or a device would block the reader or never end ({@code /dev/zero}).
   */
  public static String read(Path file, long maxBytes) throws IOException {
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new IOException(file + ": not a regular file");
    }
    try (var in = Files.newInputStream(file)) {
      // one array of the file's size when it is known (readNBytes of a larger count gathers
      // chunks and copies them again: twice the file in garbage for a large tree)
      long size = Files.isRegularFile(file) ? Files.size(file) : -1;
      int want = (int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1);
      byte[] b = size >= 0 && size < want ? readExactly(in, (int) size, want) : in.readNBytes(want);
      if (b.length > maxBytes) {
        throw new IOException(file + ": larger than " + maxBytes + " bytes");
      }
      return new String(b, StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * Reads {@code size} bytes into one array, then whatever follows (a file that grew meanwhile),
   * up to {@code limit} bytes in all.
   */
  private static byte[] readExactly(InputStream in, int size, int limit) throws IOException {
    byte[] b = new byte[size];
    int n = in.readNBytes(b, 0, size);
    byte[] more = in.readNBytes(limit - n);
    if (n == size && more.length == 0) {
      return b;
    }
    return Bytes.concat(Arrays.copyOf(b, n), more);
  }

  /**
   * Parses and interprets {@code text}. The specs keep the file's order, except that a device
   * recorded before its parent (umockdev-record writes children first) moves after it: parents
   * always come first, and a file written parents first is added exactly in its order.
   */
  public static List<DeviceSpec> parse(String file, String text) throws TreeFormatException {
    Canon canon = new Canon();
    SpecFactory factory = new SpecFactory(file, canon);
    // sized for records of about 256 bytes (a generated tree's are 600, recorded ones larger), so
    // that a large file's maps are not rehashed as they grow
    int expected = Math.max(16, text.length() / 256);
    Map<String, Parsed> byPath = Maps.newLinkedHashMapWithExpectedSize(expected);
    Exception[] firstBad = new Exception[1];
    // each record becomes a spec as soon as it is parsed, so records are never all held at once;
    // a format error anywhere in the file still wins over a bad record, as when parsing came first
    new UmockdevParser(file, canon).parse(text, r -> {
      if (firstBad[0] != null) {
        return;
      }
      try {
        Parsed first = byPath.get(r.devpath());
        if (first != null) {
          throw new TreeFormatException(file, r.line(), "duplicate device " + r.devpath() + " (first at line " + first.line() + ")");
        }
        byPath.put(r.devpath(), new Parsed(r.line(), factory.toSpec(r)));
      } catch (TreeFormatException | RuntimeException e) {
        firstBad[0] = e;
      }
    });
    if (firstBad[0] instanceof TreeFormatException e) {
      throw e;
    }
    if (firstBad[0] instanceof RuntimeException e) {
      throw e;
    }
    List<DeviceSpec> ordered = new ArrayList<>(byPath.size());
    Set<String> placed = Sets.newHashSetWithExpectedSize(2 * byPath.size());
    for (Parsed p : byPath.values()) {
      place(p.spec(), byPath, placed, ordered);
    }
    return ordered;
  }

  /** A parsed record's spec and the line of its {@code P:} (for a later duplicate's error). */
  private record Parsed(int line, DeviceSpec spec) {}

  /**
   * Appends the recorded ancestors of {@code spec} not yet placed, outermost first, then it.
   * {@code placed} holds the placed devpaths and the unrecorded ancestors already walked through:
   * every recorded ancestor of those is placed, so a later walk stops there and each unrecorded
   * directory is walked once in all.
   */
  private static void place(DeviceSpec spec, Map<String, Parsed> byPath, Set<String> placed, List<DeviceSpec> out) {
    if (placed.contains(spec.devpath())) {
      return;
    }
    if (!out.isEmpty() && isParent(out.get(out.size() - 1).devpath(), spec.devpath())) {
      placed.add(spec.devpath()); // the device just placed is its parent: a file written parents first
      out.add(spec);
      return;
    }
    List<DeviceSpec> chain = new ArrayList<>();
    List<String> unrecorded = new ArrayList<>();
    chain.add(spec);
    for (String p = parentOf(spec.devpath()); p != null; p = parentOf(p)) {
      if (placed.contains(p)) {
        break;
      }
      Parsed ancestor = byPath.get(p);
      if (ancestor != null) {
        chain.add(ancestor.spec());
      } else {
        unrecorded.add(p);
      }
    }
    for (int i = chain.size() - 1; i >= 0; i--) {
      placed.add(chain.get(i).devpath());
      out.add(chain.get(i));
    }
    placed.addAll(unrecorded);
  }

  /** Whether {@code parent} is the devpath one component above {@code child}. */
  private static boolean isParent(String parent, String child) {
    int n = parent.length();
    return child.length() > n + 1 && child.charAt(n) == '/' && child.startsWith(parent) && child.indexOf('/', n + 1) < 0;
  }

  private static String parentOf(String devpath) {
    int slash = devpath.lastIndexOf('/');
    return slash <= 0 ? null : devpath.substring(0, slash);
  }
}
