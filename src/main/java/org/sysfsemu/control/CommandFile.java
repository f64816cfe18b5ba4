package org.sysfsemu.control;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.sysfsemu.devfs.ControlFile;
import org.sysfsemu.devfs.ControlSession;
import org.sysfsemu.error.SysfsException;

/**
 * A control file that takes commands by writes: text is buffered per open file and each complete
 * command is run as soon as a write completes it (a line, or for {@code add} a set of paragraphs
 * ended by an empty line in a write shorter than {@link #FULL_WRITE}), the rest at close. A
 * failing command fails the write (or the close) with its errno. Reading the open file returns the result of its last command; the global
 * {@code status} file shows the last result of any.
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
  private final AtomicReference<String> status;

  CommandFile(Command command, boolean paragraphs, AtomicReference<String> status) {
    this.command = command;
    this.paragraphs = paragraphs;
    this.status = status;
  }

  @Override
  public ControlSession open(int uid) {
    return new Session();
  }

  private final class Session implements ControlSession {
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private TextCursor result = new TextCursor("");
    /** The byte of {@code pending} written last (meaningful while it is not empty). */
    private byte lastPendingByte;

    @Override
    public synchronized int write(byte[] data) throws SysfsException {
      boolean newlineBefore = pending.size() > 0 && lastPendingByte == '\n';
      pending.write(data, 0, data.length);
      if (data.length > 0) {
        lastPendingByte = data[data.length - 1];
      }
      int end = paragraphs ? paragraphsEnd(data, newlineBefore) : linesEnd(data);
      if (end > 0) {
        byte[] all = pending.toByteArray();
        pending.reset();
        pending.write(all, end, all.length - end);
        runAll(new String(all, 0, end, StandardCharsets.ISO_8859_1));
      }
      return data.length;
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
    public synchronized void flush() throws SysfsException {
      if (pending.size() > 0) {
        String text = pending.toString(StandardCharsets.ISO_8859_1);
        pending.reset();
        runAll(text);
      }
    }

    private void runAll(String text) throws SysfsException {
      if (paragraphs) {
        if (!text.isBlank()) {
          run(text);
        }
        return;
      }
      for (String line : text.split("\n")) {
        if (!line.isBlank()) {
          run(line.strip());
        }
      }
    }

    private void run(String text) throws SysfsException {
      try {
        setResult(command.run(text));
      } catch (SysfsException e) {
        setResult("error: " + e.getMessage());
        throw e;
      }
    }

    private void setResult(String line) {
      status.set(line);
      result = new TextCursor(line + "\n");
    }

    @Override
    public synchronized byte[] read(int size, long timeoutMillis) {
      return result.next(size);
    }
  }
}
