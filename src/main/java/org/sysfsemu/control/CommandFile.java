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
 * ended by an empty line in a write shorter than {@link #FULL_WRITE}), the rest at close. A failing command fails the write (or the close)
 * with its errno. Reading the open file returns the result of its last command; the global
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
    private byte[] result = new byte[0];
    private int readPos;

    @Override
    public synchronized int write(byte[] data) throws SysfsException {
      pending.write(data, 0, data.length);
      String text = pending.toString(StandardCharsets.ISO_8859_1);
      int end = paragraphs
          ? (text.endsWith("\n\n") && data.length < FULL_WRITE ? text.length() : -1)
          : text.lastIndexOf('\n') + 1;
      if (end > 0) {
        pending.reset();
        pending.write(text.getBytes(StandardCharsets.ISO_8859_1), end, text.length() - end);
        runAll(text.substring(0, end));
      }
      return data.length;
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
      result = (line + "\n").getBytes(StandardCharsets.ISO_8859_1);
      readPos = 0;
    }

    @Override
    public synchronized byte[] read(int size, long timeoutMillis) {
      if (readPos >= result.length) {
        return EOF;
      }
      int n = Math.min(size, result.length - readPos);
      byte[] out = java.util.Arrays.copyOfRange(result, readPos, readPos + n);
      readPos += n;
      return out;
    }

    @Override
    public boolean readable() {
      return true;
    }

    @Override
    public void setWakeup(Runnable wakeup) {}

    @Override
    public void close() {}
  }
}
