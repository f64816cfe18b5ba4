package org.sysfsemu.control;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.sysfsemu.devfs.ControlFile;
import org.sysfsemu.devfs.ControlSession;
import org.sysfsemu.error.MessageText;
import org.sysfsemu.error.SysfsException;

/**
 * A control file that takes commands by writes: text is buffered per open file and each complete
 * command is run as soon as a write completes it (a line, or for {@code add} a set of paragraphs
 * ended by an empty line in a write shorter than {@link #FULL_WRITE}), the rest at close. An
 * empty line is an empty command (refused by the command). Commands run on the {@link
 * CommandQueue}; the write waits for them, interruptibly. A failing command fails the write (or
 * the close) with its errno. Reading the open file returns the result of its last command; the
 * {@code status} file shows each user the last result of their own commands. Results have their
 * control bytes escaped.
 */
final class CommandFile implements ControlFile {
  /** Runs one complete command and returns a one-line result. */
  @FunctionalInterface
  interface Command {
    String run(String text) throws SysfsException;
  }

  /**
   * The kernel splits a long write into chunks of this size; a paragraph set is not run at the
   * end of a full chunk, since more of the same write may follow (it runs at close instead).
   */
  static final int FULL_WRITE = 4096;

  private final Command command;
  private final boolean paragraphs;
  private final Results results;
  private final CommandQueue queue;

  CommandFile(Command command, boolean paragraphs, Results results, CommandQueue queue) {
    this.command = command;
    this.paragraphs = paragraphs;
    this.results = results;
    this.queue = queue;
  }

  @Override
  public ControlSession open(int uid) {
    return new Session(uid);
  }

  private final class Session implements ControlSession {
    private final int uid;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private volatile TextCursor result = new TextCursor("");
    /** The byte of {@code pending} written last (meaningful while it is not empty). */
    private byte lastPendingByte;

    Session(int uid) {
      this.uid = uid;
    }

    @Override
    public int write(byte[] data) throws SysfsException {
      return write(data, () -> false);
    }

    @Override
    public int write(byte[] data, BooleanSupplier interrupted) throws SysfsException {
      runAll(take(data), interrupted);
      return data.length;
    }

    /** Buffers {@code data} and returns the complete commands it ends, or null. */
    private synchronized String take(byte[] data) {
      boolean newlineBefore = pending.size() > 0 && lastPendingByte == '\n';
      pending.write(data, 0, data.length);
      if (data.length > 0) {
        lastPendingByte = data[data.length - 1];
      }
      int end = paragraphs ? paragraphsEnd(data, newlineBefore) : linesEnd(data);
      if (end == 0) {
        return null;
      }
      byte[] all = pending.toByteArray();
      pending.reset();
      pending.write(all, end, all.length - end);
      return new String(all, 0, end, StandardCharsets.ISO_8859_1);
    }

    /** The length of pending text that is complete paragraphs: all of it if {@code data} ends them. */
    private int paragraphsEnd(byte[] data, boolean newlineBefore) {
      int n = data.length;
      boolean endsWithBlankLine = n == 0 ? endsWithBlankLine(pending.toByteArray()) // rare: FUSE sends none
          : data[n - 1] == '\n' && (n > 1 ? data[n - 2] == '\n' : newlineBefore);
      return endsWithBlankLine && n < FULL_WRITE ? pending.size() : 0;
    }

    private static boolean endsWithBlankLine(byte[] b) {
      return b.length > 1 && b[b.length - 1] == '\n' && b[b.length - 2] == '\n';
    }

    /** The length of pending text up to and including the last newline in {@code data}, or 0. */
    private int linesEnd(byte[] data) {
      for (int i = data.length - 1; i >= 0; i--) {
        if (data[i] == '\n') {
          return pending.size() - data.length + i + 1;
        }
      }
      return 0;
    }

    @Override
    public void flush() throws SysfsException {
      flush(() -> false);
    }

    @Override
    public void flush(BooleanSupplier interrupted) throws SysfsException {
      String text;
      synchronized (this) {
        if (pending.size() == 0) {
          return;
        }
        text = pending.toString(StandardCharsets.ISO_8859_1);
        pending.reset();
      }
      runAll(text + (paragraphs ? "" : "\n"), interrupted);
    }

    private void runAll(String text, BooleanSupplier interrupted) throws SysfsException {
      if (text == null) {
        return;
      }
      if (paragraphs) {
        if (!text.isBlank()) {
          run(text, interrupted);
        }
        return;
      }
      for (String line : lines(text)) {
        run(line.strip(), interrupted);
      }
    }

    private void run(String text, BooleanSupplier interrupted) throws SysfsException {
      queue.run(() -> {
        try {
          String r = command.run(text);
          setResult(r);
          return r;
        } catch (SysfsException e) {
          setResult("error: " + e.getMessage());
          throw e;
        } catch (RuntimeException e) {
          setResult("error: " + e);
          throw e;
        }
      }, interrupted);
    }

    private void setResult(String line) {
      String shown = MessageText.escape(line);
      results.set(uid, shown);
      result = new TextCursor(shown + "\n");
    }

    @Override
    public synchronized byte[] read(int size, long timeoutMillis) {
      return result.next(size);
    }
  }

  /** The lines of {@code text}, which ends with a newline; an empty line is kept (an empty command). */
  static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      lines.add(text.substring(start, nl));
      start = nl + 1;
    }
    if (start < text.length()) {
      lines.add(text.substring(start));
    }
    return lines;
  }
}
