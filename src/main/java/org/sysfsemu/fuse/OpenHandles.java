package org.sysfsemu.fuse;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/**
 * The per-open state of one mount, keyed by the {@code fh} number handed to the kernel in {@code
 * open()} and given back in every later call on that open file.
 *
 * @param <H> the state kept per open file
 */
final class OpenHandles<H> {
  private final AtomicLong next = new AtomicLong(1);
  private final ConcurrentHashMap<Long, H> open = new ConcurrentHashMap<>();

  /** Registers {@code handle} and returns its new {@code fh}. */
  long add(H handle) {
    long fh = next.getAndIncrement();
    open.put(fh, handle);
    return fh;
  }

  /** The handle for {@code fh}; EBADF when there is none. */
  H get(long fh) throws SysfsException {
    H h = open.get(fh);
    if (h == null) {
      throw new SysfsException(Errno.EBADF, "no open file with fh " + fh);
    }
    return h;
  }

  /** Forgets {@code fh} and returns its handle; EBADF when there is none. */
  H remove(long fh) throws SysfsException {
    H h = open.remove(fh);
    if (h == null) {
      throw new SysfsException(Errno.EBADF, "no open file with fh " + fh);
    }
    return h;
  }

  /** The number of open files. */
  int size() {
    return open.size();
  }
}
