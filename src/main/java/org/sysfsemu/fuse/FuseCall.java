package org.sysfsemu.fuse;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/**
 * The one place where a FUSE callback meets the model: runs a callback body and turns what it
 * throws into a negative errno. A {@link SysfsException} becomes {@code -errno}; anything else (a
 * bug) is logged with the operation and path and becomes {@code -EIO}. Nothing ever escapes into
 * native code, where jffi would silently turn it into a successful 0.
 */
public final class FuseCall {
  private final Logger log;

  /** A boundary that logs unexpected failures to {@code log}. */
  public FuseCall(Logger log) {
    this.log = log;
  }

  /** The body of one callback: returns the callback's non-negative result or throws. */
  @FunctionalInterface
  public interface Body {
    /** Runs the operation. */
    int run() throws SysfsException;
  }

  /** Runs {@code body} for operation {@code op} on {@code path} and returns what FUSE expects. */
  public int run(String op, String path, Body body) {
    try {
      return body.run();
    } catch (Throwable t) {
      return failed(op, path, t);
    }
  }

  /**
   * What FUSE gets when operation {@code op} on {@code subject} threw {@code t}: {@code -errno}
   * for a {@link SysfsException}; anything else is logged and becomes {@code -EIO}.
   */
  public int failed(String op, Object subject, Throwable t) {
    if (t instanceof SysfsException e) {
      if (log.isLoggable(Level.FINE)) {
        log.log(Level.FINE, "{0} {1}: {2}", new Object[] {op, subject, e});
      }
      return ErrnoCodes.negative(e.errno());
    }
    try {
      log.log(Level.WARNING, op + " " + subject + " failed unexpectedly; returning EIO", t);
    } catch (Throwable ignored) {
      // A broken log handler must not let anything escape into native code either.
    }
    return ErrnoCodes.negative(Errno.EIO);
  }
}
