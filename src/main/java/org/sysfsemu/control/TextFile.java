package org.sysfsemu.control;

import java.util.function.Supplier;
import org.sysfsemu.devfs.ControlFile;
import org.sysfsemu.devfs.ControlSession;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/**
 * A read-only control file whose text is produced when it is opened ({@code status}), or, for
 * {@code settle}, once a wait completes: the read blocks (in slices, so a reader can be
 * interrupted) until the condition holds.
 */
public final class TextFile implements ControlFile {
  /** Produces the text; returns null while it is not ready yet (waiting up to the given time). */
  @FunctionalInterface
  interface Producer {
    String produce(long waitMillis) throws InterruptedException;
  }

  private final Producer producer;

  TextFile(Producer producer) {
    this.producer = producer;
  }

  /** A file whose text is known at once. */
  public static TextFile of(Supplier<String> text) {
    return new TextFile(wait -> text.get());
  }

  @Override
  public ControlSession open(int uid) {
    return new ControlSession() {
      private TextCursor text;

      @Override
      public synchronized byte[] read(int size, long timeoutMillis) throws SysfsException {
        if (text == null) {
          try {
            String s = producer.produce(timeoutMillis);
            if (s == null) {
              return null;
            }
            text = new TextCursor(s);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SysfsException(Errno.EINTR, "interrupted");
          }
        }
        return text.next(size);
      }

      @Override
      public int write(byte[] data) throws SysfsException {
        throw new SysfsException(Errno.EACCES, "read-only control file");
      }
    };
  }
}
