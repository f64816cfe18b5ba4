package org.sysfsemu.loader;

import com.google.common.base.Throwables;
import com.google.common.collect.Maps;
import com.google.common.primitives.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sysfsemu.driver.DeviceSpec;
import org.sysfsemu.driver.DriverCore;

/**
 * Reads and parses device trees in the {@code .umockdev} record format into specs, ordered
 * parents first, for the {@link DriverCore} to add: whole, or handed on part by part while the
 * rest of a large text is parsed. Errors are those of one pass over the whole text. Linear in
 * the size of the input.
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
    check(file, maxBytes);
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
   * Fails as {@link #read(Path, long)} would on a file that is missing ({@link
   * NoSuchFileException}), not a regular file, unreadable or larger than {@code maxBytes}: what
   * can be told without reading it.
   */
  public static void check(Path file, long maxBytes) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString());
    }
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": not a regular file");
    }
    if (!Files.isReadable(file)) {
      throw new AccessDeniedException(file.toString());
    }
    if (Files.size(file) > maxBytes) {
      throw new IOException(file + ": larger than " + maxBytes + " bytes");
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
  /**
   * Parts per thread: a thread that falls behind (a busy CPU) takes fewer of them, and the specs
   * of the first parts can be used while the last ones are parsed.
   */
  private static final int CHUNKS_PER_THREAD = 8;

  /**
   * Takes a parse's specs in their final order, a batch at a time, on the thread that parses,
   * while the rest of the text may still be parsed on other threads.
   */
  @FunctionalInterface
  public interface SpecSink<X extends Exception> {
    /** The next specs; {@code total}: how many records the text has. */
    void accept(List<DeviceSpec> batch, int total) throws X;
  }

  /**
   * Parses and interprets {@code text}. The specs keep the file's order, except that a device
   * recorded before its parent (umockdev-record writes children first) moves after it: parents
   * always come first, and a file written parents first is added exactly in its order. A large
   * text is parsed in parts on several threads; the result and every error are those of one pass
   * in file order.
   */
  public static List<DeviceSpec> parse(String file, String text) throws TreeFormatException {
    List<DeviceSpec> all = new ArrayList<>();
    parse(file, text, (batch, total) -> all.addAll(batch));
    return all;
  }

  /**
   * {@link #parse(String, String)}, handing the specs to {@code sink} as soon as their order is
   * known, so that a large text's first devices can be added while the rest is parsed: a part's
   * specs are handed on once it and the parts before it are parsed, unless a device in it has a
   * recorded ancestor further on (a file written children first), whose specs then follow the
   * whole parse. Returns the number of specs.
   *
   * <p>A text that does not parse throws its {@link TreeFormatException} whatever {@code sink} got
   * before; so does a text whose sink failed (the parse is finished first): a caller discards what
   * it made of the batches.
   */
  public static <X extends Exception> int parse(String file, String text, SpecSink<X> sink)
      throws TreeFormatException, X {
    int threads = text.length() < PARALLEL_MIN_CHARS ? 1
        : Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors());
    return parse(file, text, threads,
        Math.max(PARALLEL_MIN_CHARS / 2, text.length() / (CHUNKS_PER_THREAD * threads)), sink);
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
    List<DeviceSpec> all = new ArrayList<>();
    parse(file, text, threads, chunkChars, (batch, total) -> all.addAll(batch));
    return all;
  }

  /** {@link #parse(String, String, SpecSink)} in parts of about {@code chunkChars} on up to {@code threads} threads. */
  static <X extends Exception> int parse(String file, String text, int threads, int chunkChars, SpecSink<X> sink)
      throws TreeFormatException, X {
    try (RecordChunks.Parse parse = new RecordChunks.Parse(file, text, RecordChunks.split(text, chunkChars), threads)) {
      int total = parse.records();
      Placement placement = new Placement(parse.devpaths(), total);
      List<DeviceSpec> waiting = null; // in file order from the first spec that had to wait for the whole parse
      for (int i = 0; i < parse.size(); i++) {
        RecordChunks.Result r = parse.take(i);
        if (r.unexpected != null || r.formatError != null || r.recordError != null || !placement.index(r.specs)) {
          throwFirstError(file, parse.all());
          throw new AssertionError("a part failed, but the whole text has no error");
        }
        List<DeviceSpec> batch = new ArrayList<>(r.specs.size());
        for (DeviceSpec s : r.specs) {
          if (waiting == null && !placement.place(s, batch)) {
            waiting = new ArrayList<>();
          }
          if (waiting != null) {
            waiting.add(s);
          }
        }
        hand(file, parse, sink, batch, total);
      }
      if (waiting != null) {
        List<DeviceSpec> batch = new ArrayList<>(waiting.size());
        for (DeviceSpec s : waiting) {
          placement.place(s, batch); // every spec is known now
        }
        hand(file, parse, sink, batch, total);
      }
      return total; // every record became one spec, placed once
    }
  }

  /** Hands {@code batch} to {@code sink}; if that fails, a format error of the whole text wins. */
  private static <X extends Exception> void hand(String file, RecordChunks.Parse parse, SpecSink<X> sink,
      List<DeviceSpec> batch, int total) throws TreeFormatException, X {
    if (batch.isEmpty()) {
      return;
    }
    try {
      sink.accept(batch, total);
    } catch (Exception e) {
      try {
        throwFirstError(file, parse.all());
      } catch (TreeFormatException | RuntimeException | Error first) {
        first.addSuppressed(e); // what the sink met, seen in a stack trace
        throw first;
      }
      throw e;
    }
  }

  /**
   * Throws the error one pass over the whole text meets first, if there is one: an unexpected
   * failure, else the first line the format refuses, else the first record that cannot be made
   * into a spec or repeats a devpath.
   */
  private static void throwFirstError(String file, RecordChunks.Result[] results) throws TreeFormatException {
    for (RecordChunks.Result r : results) {
      if (r.unexpected != null) {
        Throwables.throwIfUnchecked(r.unexpected);
      }
      if (r.formatError != null) {
        throw r.formatError;
      }
    }
    Map<String, DeviceSpec> byPath = new HashMap<>();
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
  }

  private static TreeFormatException duplicate(String file, int line, String devpath, DeviceSpec first) {
    return new TreeFormatException(file, line, "duplicate device " + devpath + " (first at line " + first.sourceLine() + ")");
  }

  /**
   * Puts specs parents first, in file order otherwise, as their parts are parsed: every recorded
   * ancestor of a spec comes before it.
   */
  private static final class Placement {
    /** What {@link #state} holds for a devpath placed, or an unrecorded ancestor walked through. */
    private static final Object PLACED = new Object();
    /** What {@link #state} holds for a devpath recorded in a part not yet indexed. */
    private static final Object FURTHER_ON = new Object();

    /**
     * Per devpath the text records ({@code P:} values) and unrecorded ancestor walked through:
     * its spec (indexed, not yet placed), {@link #PLACED} or {@link #FURTHER_ON}. Every recorded
     * ancestor of a placed or walked devpath is placed, so a walk stops at the first placed one
     * and each unrecorded directory is walked once in all.
     */
    private final Map<String, Object> state;
    private DeviceSpec last;

    Placement(Collection<List<String>> recorded, int total) {
      state = Maps.newHashMapWithExpectedSize(2 * total);
      for (List<String> part : recorded) {
        for (String devpath : part) {
          state.put(devpath, FURTHER_ON);
        }
      }
    }

    /** Indexes the specs of the next part; false if one repeats a devpath. */
    boolean index(List<DeviceSpec> specs) {
      for (DeviceSpec s : specs) {
        if (state.put(s.devpath(), s) != FURTHER_ON) {
          return false;
        }
      }
      return true;
    }

    /**
     * Appends to {@code out} the recorded ancestors of {@code spec} not yet placed, outermost
     * first, then it; false, with nothing placed, when one of them is in a part not yet indexed.
     */
    boolean place(DeviceSpec spec, List<DeviceSpec> out) {
      if (state.get(spec.devpath()) == PLACED) {
        return true;
      }
      if (last != null && DeviceSpec.isChildPath(last.devpath(), spec.devpath())) {
        add(spec, out); // the device just placed is its parent: a file written parents first
        return true;
      }
      List<DeviceSpec> chain = new ArrayList<>();
      List<String> unrecorded = new ArrayList<>();
      chain.add(spec);
      for (String p = parentOf(spec.devpath()); p != null; p = parentOf(p)) {
        Object s = state.get(p);
        if (s == PLACED) {
          break;
        }
        if (s == FURTHER_ON) {
          return false;
        }
        if (s != null) {
          chain.add((DeviceSpec) s);
        } else {
          unrecorded.add(p);
        }
      }
      for (int i = chain.size() - 1; i >= 0; i--) {
        add(chain.get(i), out);
      }
      for (String p : unrecorded) {
        state.put(p, PLACED);
      }
      return true;
    }

    private void add(DeviceSpec spec, List<DeviceSpec> out) {
      state.put(spec.devpath(), PLACED);
      out.add(spec);
      last = spec;
    }
  }

  private static String parentOf(String devpath) {
    int slash = devpath.lastIndexOf('/');
    return slash <= 0 ? null : devpath.substring(0, slash);
  }
}
