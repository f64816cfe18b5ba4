package org.sysfsemu.loader;

import com.google.common.base.Throwables;
import com.google.common.util.concurrent.Uninterruptibles;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.sysfsemu.driver.DeviceSpec;

/**
 * A large text parsed in parts on several threads: the text is cut at empty lines (where a
 * paragraph has ended, so that each part parses as it would within the whole text), each part's
 * records become specs on whichever thread takes the part, and the parts' results stay in file
 * order for {@link TreeLoader} to merge. Each thread pools its values in a {@link Canon} of its
 * own.
 */
final class RecordChunks {
  private RecordChunks() {}

  /** {@code text[from, to)}, whose first line is line {@code firstLine} of the file (0: not yet counted). */
  record Chunk(int from, int to, int firstLine) {}

  /** What parsing one chunk gave: its specs in file order, up to its first error. */
  static final class Result {
    /** The specs of the records before {@link #recordError}'s, in file order. */
    final List<DeviceSpec> specs = new ArrayList<>();
    /** A line the format refuses: ends the chunk's parse. */
    TreeFormatException formatError;
    /** What else ended the chunk's parse (a bug, no memory left): thrown where a pass would meet it. */
    Throwable unexpected;
    /**
     * The first record whose spec could not be made (a {@link TreeFormatException} or a
     * {@link RuntimeException}); the records after it are parsed for format errors only.
     */
    Exception recordError;
    /** The {@code P:} value and line of {@link #recordError}'s record. */
    String badDevpath;
    int badLine;
  }

  /**
   * Cuts {@code text} into parts of about {@code chunkChars}, each ending after an empty line
   * (or at the end). A text without an empty line past {@code chunkChars} is one part. The
   * parts' lines are counted by {@link Parse}.
   */
  static List<Chunk> split(String text, int chunkChars) {
    List<Chunk> out = new ArrayList<>();
    int n = text.length();
    int from = 0;
    while (from < n) {
      int to = n;
      if (n - from > chunkChars) {
        int blank = text.indexOf("\n\n", from + chunkChars - 1); // a line's end, then an empty line
        if (blank >= 0) {
          to = blank + 2;
        }
      }
      out.add(new Chunk(from, to, 0));
      from = to;
    }
    return out;
  }

  /**
   * A parse of a text's chunks (from {@link #split}) on helper threads and the calling thread, in
   * two steps. First every thread takes chunks to count their lines and note their {@code P:}
   * values (short work), so that each chunk's first line number, and every devpath the text
   * records, are known before any spec is handed on. Then the helpers parse chunks in index order,
   * and the calling thread takes the results in file order with {@link #take}, parsing a chunk
   * nobody has taken yet whenever the one it wants is not ready: what it takes can be used (added
   * to the tree) while the helpers parse the rest. {@link #close} stops the helpers after the
   * chunk each is on and joins them.
   */
  static final class Parse implements AutoCloseable {
    private final String file;
    private final String text;
    private final List<Chunk> chunks;
    private final int[] lines;
    private final List<List<String>> devpaths;
    /** Counted down per chunk once its lines are counted (or counting failed). */
    private final CountDownLatch scanned;
    private final AtomicInteger nextScan = new AtomicInteger();
    private final AtomicInteger nextParse = new AtomicInteger();
    private final AtomicReferenceArray<Result> results;
    /** What ended a chunk's parse when not even its result could be made (no memory left). */
    private final Throwable[] lost;
    private final CountDownLatch[] parsed;
    private final Thread[] helpers;
    /** What made counting a chunk fail (a bug, no memory left): the parse is not to be trusted. */
    private final AtomicReference<Throwable> scanFailure = new AtomicReference<>();
    private volatile boolean closed;
    private Worker own;

    /**
     * Starts parsing {@code chunks} of {@code text} on up to {@code threads} threads (the calling
     * one and new daemon threads) and returns once every chunk's lines are counted.
     */
    Parse(String file, String text, List<Chunk> chunks, int threads) {
      this.file = file;
      this.text = text;
      this.chunks = chunks;
      int n = chunks.size();
      lines = new int[n];
      devpaths = new ArrayList<>(Collections.nCopies(n, List.of()));
      scanned = new CountDownLatch(n);
      results = new AtomicReferenceArray<>(n);
      lost = new Throwable[n];
      parsed = new CountDownLatch[n];
      for (int i = 0; i < n; i++) {
        parsed[i] = new CountDownLatch(1);
      }
      helpers = new Thread[Math.max(0, Math.min(threads, n) - 1)];
      try {
        for (int t = 0; t < helpers.length; t++) {
          Thread h = new Thread(() -> {
            scanAll();
            Uninterruptibles.awaitUninterruptibly(scanned); // bounded work: the other threads' counts
            if (scanFailure.get() != null) {
              return;
            }
            Worker w = new Worker(file, text); // made before a chunk is taken: none is left half done
            while (!closed) {
              int i = nextParse.getAndIncrement();
              if (i >= n) {
                break;
              }
              parseInto(i, w);
            }
          }, "tree-parse-" + (t + 1));
          h.setDaemon(true);
          h.start();
          helpers[t] = h;
        }
      } catch (RuntimeException | Error e) { // no thread left: the ones started stop and are joined
        close();
        throw e;
      }
      scanAll();
      Uninterruptibles.awaitUninterruptibly(scanned);
      Throwable failure = scanFailure.get();
      if (failure != null) {
        close();
        Throwables.throwIfUnchecked(failure);
        throw new IllegalStateException(failure); // scanAll keeps unchecked ones only
      }
    }

    /** Takes chunks to count their lines and note their {@code P:} values until none is left. */
    private void scanAll() {
      for (int i = nextScan.getAndIncrement(); i < chunks.size(); i = nextScan.getAndIncrement()) {
        try {
          Chunk c = chunks.get(i);
          List<String> found = new ArrayList<>();
          lines[i] = scan(text, c.from(), c.to(), found);
          devpaths.set(i, found);
        } catch (RuntimeException | Error e) {
          scanFailure.compareAndSet(null, e); // seen by every thread once all are counted
        } finally {
          scanned.countDown(); // even if counting failed: nobody waits for ever
        }
      }
    }

    /** The number of chunks. */
    int size() {
      return chunks.size();
    }

    /** How many {@code P:} lines the text has: its records, if it parses. */
    int records() {
      int n = 0;
      for (List<String> d : devpaths) {
        n += d.size();
      }
      return n;
    }

    /**
     * The {@code P:} values of each chunk, in order: the devpaths the text records, if it parses
     * (a {@code P:} line anywhere but at a paragraph's start is a format error).
     */
    List<List<String>> devpaths() {
      return devpaths;
    }

    /**
     * The result of chunk {@code i}: while it is not ready, the calling thread parses chunks
     * nobody has taken, then waits for the helper on it. Only the thread that made this parse.
     */
    Result take(int i) {
      while (parsed[i].getCount() > 0) {
        int j = nextParse.getAndIncrement();
        if (j < chunks.size()) {
          if (own == null) {
            own = new Worker(file, text);
          }
          parseInto(j, own);
        } else {
          Uninterruptibles.awaitUninterruptibly(parsed[i]); // bounded work: a helper's one chunk
        }
      }
      Result r = results.get(i);
      if (r == null) { // kept at its part, as any other failure
        r = new Result();
        r.unexpected = lost[i];
        results.set(i, r);
      }
      return r;
    }

    /** Every chunk's result, in file order, parsing what is left. */
    Result[] all() {
      Result[] all = new Result[chunks.size()];
      for (int i = 0; i < all.length; i++) {
        all[i] = take(i);
      }
      return all;
    }

    private void parseInto(int i, Worker w) {
      try {
        int first = 1;
        for (int j = 0; j < i; j++) {
          first += lines[j];
        }
        Chunk c = chunks.get(i);
        results.set(i, w.parse(new Chunk(c.from(), c.to(), first)));
      } catch (RuntimeException | Error e) { // a bug, or no memory left: kept at its part by take
        lost[i] = e;
      } finally {
        parsed[i].countDown(); // whatever happened: nobody waits for ever
      }
    }

    /** Lets the helpers stop after the chunk each is on, and joins them. */
    @Override
    public void close() {
      closed = true;
      for (Thread t : helpers) {
        if (t != null) {
          Uninterruptibles.joinUninterruptibly(t); // bounded work: an interrupt is kept for later
        }
      }
    }
  }

  /**
   * The number of line ends in {@code text[from, to)}, whose first line starts at {@code from};
   * the value of every line starting with {@code "P: "} goes to {@code devpaths}.
   */
  static int scan(String text, int from, int to, List<String> devpaths) {
    int count = 0;
    int start = from;
    while (start < to) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 || nl > to ? to : nl;
      if (UmockdevParser.isDevpathLine(text, start, end)) {
        devpaths.add(text.substring(start + 3, end));
      }
      if (end == to) {
        break;
      }
      count++;
      start = end + 1;
    }
    return count;
  }

  /** One thread's parser and factory, sharing one pool, for the chunks that thread takes. */
  private static final class Worker {
    private final String text;
    private final SpecFactory factory;
    private final UmockdevParser parser;

    Worker(String file, String text) {
      this.text = text;
      Canon canon = new Canon();
      this.factory = new SpecFactory(file, canon);
      this.parser = new UmockdevParser(file, canon);
    }

    Result parse(Chunk c) {
      Result res = new Result();
      try {
        parser.parse(text, c.from(), c.to(), c.firstLine(), r -> {
          if (res.recordError != null) {
            return;
          }
          try {
            res.specs.add(factory.toSpec(r));
          } catch (TreeFormatException | RuntimeException e) {
            res.recordError = e;
            res.badDevpath = r.devpath();
            res.badLine = r.line();
          }
        });
      } catch (TreeFormatException e) {
        res.formatError = e;
      }
      return res;
    }
  }
}
