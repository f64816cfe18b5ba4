package org.sysfsemu.loader;

import com.google.common.util.concurrent.Uninterruptibles;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
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
   * parts' lines are counted by {@link #parseAll}.
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

  /** The number of line ends in {@code text[from, to)}. */
  private static int newlines(String text, int from, int to) {
    int count = 0;
    for (int i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) {
      count++;
    }
    return count;
  }

  /**
   * Parses every chunk of {@code text} (from {@link #split}) on up to {@code threads} threads
   * (the calling one and new daemon threads), each taking the next chunk not yet taken: it counts
   * the chunk's lines, waits for the counts of the chunks before it (taken earlier, so being
   * counted), then parses it from the line they give. Returns the results in the chunks' order;
   * an {@link Error} or an unexpected exception of any thread is thrown again.
   */
  static Result[] parseAll(String file, String text, List<Chunk> chunks, int threads) {
    int n = chunks.size();
    Result[] results = new Result[n];
    int[] lines = new int[n];
    CountDownLatch[] counted = new CountDownLatch[n];
    for (int i = 0; i < n; i++) {
      counted[i] = new CountDownLatch(1);
    }
    AtomicInteger next = new AtomicInteger();
    Runnable work = () -> {
      Worker w = new Worker(file, text);
      for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
        Chunk c = chunks.get(i);
        try {
          lines[i] = i < n - 1 ? newlines(text, c.from(), c.to()) : 0; // the last one's count is needed by none
        } finally {
          counted[i].countDown(); // even if counting failed: nobody waits for ever
        }
        int first = 1;
        for (int j = 0; j < i; j++) {
          Uninterruptibles.awaitUninterruptibly(counted[j]); // the counts are short work
          first += lines[j];
        }
        try {
          results[i] = w.parse(new Chunk(c.from(), c.to(), first));
        } catch (RuntimeException | Error e) { // a bug, or no memory left: kept at its part
          Result r = new Result();
          r.unexpected = e;
          results[i] = r;
          return;
        }
      }
    };
    int helpers = Math.min(threads, n) - 1;
    Thread[] started = new Thread[Math.max(0, helpers)];
    Throwable[] failed = new Throwable[started.length];
    for (int t = 0; t < started.length; t++) {
      int slot = t;
      started[t] = new Thread(() -> {
        try {
          work.run();
        } catch (Throwable e) {
          failed[slot] = e;
        }
      }, "tree-parse-" + (t + 1));
      started[t].setDaemon(true);
      started[t].start();
    }
    try {
      work.run();
    } finally {
      for (Thread t : started) {
        Uninterruptibles.joinUninterruptibly(t); // bounded work: an interrupt is kept for later
      }
    }
    for (Throwable e : failed) {
      if (e instanceof RuntimeException r) {
        throw r;
      }
      if (e instanceof Error err) {
        throw err;
      }
    }
    return results;
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
