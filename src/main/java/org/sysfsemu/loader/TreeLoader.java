package org.sysfsemu.loader;

import com.google.common.base.Throwables;
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

  /** The most bytes {@link #readExactly} asks for at once. */
  private static final int READ_PIECE = 1 << 20;

  /**
   * Reads {@code size} bytes into one array, then whatever follows (a file that grew meanwhile),
   * up to {@code limit} bytes in all.
   */
  private static byte[] readExactly(InputStream in, int size, int limit) throws IOException {
    byte[] b = new byte[size];
    int n = 0;
    // in pieces: one read of the whole size goes through a temporary direct buffer of that size
    // (the channel's), as much again to allocate and fault in (80 against 50 ms for 62 MB)
    while (n < size) {
      int r = in.read(b, n, Math.min(READ_PIECE, size - n));
      if (r < 0) {
        break; // the file shrank meanwhile
      }
      n += r;
    }
    byte[] more = in.readNBytes(limit - n);
    if (n == size && more.length == 0) {
      return b;
    }
    return Bytes.concat(Arrays.copyOf(b, n), more);
  }

  /** Texts from this size on are parsed in parts on several threads (about 1,600 devices). */
  static final int PARALLEL_MIN_CHARS = 1 << 20;
  /** The most threads a parse uses. */
  private static final int MAX_THREADS = 4;
  /** Parts per thread: a thread that falls behind (a busy CPU) takes fewer of them. */
  private static final int CHUNKS_PER_THREAD = 4;

  /**
   * Parses and interprets {@code text}. The specs keep the file's order, except that a device
   * recorded before its parent (umockdev-record writes children first) moves after it: parents
   * always come first, and a file written parents first is added exactly in its order. A large
   * text is parsed in parts on several threads; the result and every error are those of one pass
   * in file order.
   */
  public static List<DeviceSpec> parse(String file, String text) throws TreeFormatException {
    int threads = text.length() < PARALLEL_MIN_CHARS ? 1
        : Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors());
    return parse(file, text, threads, Math.max(PARALLEL_MIN_CHARS / 2, text.length() / (CHUNKS_PER_THREAD * threads)));
  }

  /**
   * {@link #parse(String, String)} with {@code text} cut into parts of about {@code chunkChars}
   * (at empty lines), parsed on up to {@code threads} threads.
   *
   * <p>The errors are those of one pass: a line the format refuses anywhere in the text wins
   * (the first in file order), then the first record that cannot be made into a spec or repeats a
   * devpath, in file order.
   */
  static List<DeviceSpec> parse(String file, String text, int threads, int chunkChars) throws TreeFormatException {
    List<RecordChunks.Chunk> chunks = RecordChunks.split(text, chunkChars);
    RecordChunks.Result[] results = RecordChunks.parseAll(file, text, chunks, threads);
    for (RecordChunks.Result r : results) {
      if (r.unexpected != null) {
        Throwables.throwIfUnchecked(r.unexpected);
      }
      if (r.formatError != null) {
        throw r.formatError;
      }
    }
    int total = 0;
    for (RecordChunks.Result r : results) {
      total += r.specs.size();
    }
    Map<String, DeviceSpec> byPath = Maps.newLinkedHashMapWithExpectedSize(Math.max(16, total));
    for (RecordChunks.Result r : results) {
      for (DeviceSpec s : r.specs) {
        DeviceSpec first = byPath.putIfAbsent(s.devpath(), s);
        if (first != null) {
          throw duplicate(file, s.sourceLine(), s.devpath(), first);
        }
      }
      if (r.recordError != null) {
        DeviceSpec first = byPath.get(r.badDevpath);
        if (first != null) { // a repeated devpath is found before its record is read
          throw duplicate(file, r.badLine, r.badDevpath, first);
        }
        if (r.recordError instanceof TreeFormatException e) {
          throw e;
        }
        throw (RuntimeException) r.recordError;
      }
    }
    List<DeviceSpec> ordered = new ArrayList<>(byPath.size());
    Set<String> placed = Sets.newHashSetWithExpectedSize(2 * byPath.size());
    for (DeviceSpec s : byPath.values()) {
      place(s, byPath, placed, ordered);
    }
    return ordered;
  }

  private static TreeFormatException duplicate(String file, int line, String devpath, DeviceSpec first) {
    return new TreeFormatException(file, line, "duplicate device " + devpath + " (first at line " + first.sourceLine() + ")");
  }

  /**
   * Appends the recorded ancestors of {@code spec} not yet placed, outermost first, then it.
   * {@code placed} holds the placed devpaths and the unrecorded ancestors already walked through:
   * every recorded ancestor of those is placed, so a later walk stops there and each unrecorded
   * directory is walked once in all.
   */
  private static void place(DeviceSpec spec, Map<String, DeviceSpec> byPath, Set<String> placed, List<DeviceSpec> out) {
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
      DeviceSpec ancestor = byPath.get(p);
      if (ancestor != null) {
        chain.add(ancestor);
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
