package org.sysfsemu.devfs;

import java.util.function.BooleanSupplier;
import org.sysfsemu.error.SysfsException;

/**
 * One open file of a {@link ControlFile}. Reads may block: {@link #read} waits at most the given
 * time and returns null when nothing came, so that the FUSE layer can check for an interrupted
 * caller between waits (a FUSE read cannot be interrupted otherwise) and serve O_NONBLOCK with a
 * zero wait. No FUSE types here.
 */
public interface ControlSession extends AutoCloseable {
  /** An empty array: end of file. */
  byte[] EOF = new byte[0];

  /**
   * The next bytes to return, at most {@code size}; null when nothing is ready within {@code
   * timeoutMillis}; {@link #EOF} at the end.
   */
  byte[] read(int size, long timeoutMillis) throws SysfsException;

  /** Handles one write; returns the count consumed. */
  int write(byte[] data) throws SysfsException;

  /**
   * {@link #write(byte[])} for a writer that may be interrupted: a write that waits checks
   * {@code interrupted} between waits of at most 100 ms and then fails with EINTR.
   */
  default int write(byte[] data, BooleanSupplier interrupted) throws SysfsException {
    return write(data);
  }

  /** Called on each {@code close()} of a descriptor of this open file (FUSE flush). */
  default void flush() throws SysfsException {}

  /** {@link #flush()} for a caller that may be interrupted, as {@link #write(byte[], BooleanSupplier)}. */
  default void flush(BooleanSupplier interrupted) throws SysfsException {
    flush();
  }

  /** Whether a read would return at once (data, an error or EOF), for poll; by default always. */
  default boolean readable() {
    return true;
  }

  /**
   * Sets what to call (without locks held) when the session becomes readable; sessions that are
   * always readable need no wakeup.
   */
  default void setWakeup(Runnable wakeup) {}

  /** Ends the session (FUSE release); by default there is nothing to free. */
  @Override
  default void close() {}
}
