package org.sysfsemu.fuse;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/**
 * What one user may take of the /dev mount, so that no user (with {@code --allow-other}) can
 * exhaust what others need: open files, open control nodes (each {@code /dev/uevent} reader
 * queues up to its receive budget, so this also bounds the bytes queued for a user) and blocked
 * reads (each holds one libfuse thread while it waits, so this bounds the threads a user can
 * pin). Privileged users (root and the mounting user) are not limited per user and keep a
 * reserve of the mount-wide limits that others cannot take. Past a limit: EMFILE (this user's
 * limit) or ENFILE (everyone's) at open, EAGAIN for a read that would block.
 */
final class UserLimits {
  /** Files open in the mount, all users together. */
  static final int MAX_OPEN = 4096;

  /** Of {@link #MAX_OPEN}, kept for privileged users. */
  static final int RESERVE = 512;

  /** Files one unprivileged user may have open. */
  static final int MAX_OPEN_PER_USER = 256;

  /** Control nodes ({@code /dev/uevent} readers, control files) one unprivileged user may have open. */
  static final int MAX_SESSIONS_PER_USER = 64;

  /**
   * Control nodes all unprivileged users together may have open: below the netlink table's 1024
   * readers, so that root can always open {@code /dev/uevent}.
   */
  static final int MAX_SESSIONS = 512;

  /** Reads one unprivileged user may have blocked at once. */
  static final int MAX_WAITING_PER_USER = 64;

  /** Reads all unprivileged users together may have blocked at once. */
  static final int MAX_WAITING = 256;

  private final IntPredicate privileged;
  private final Map<Integer, Usage> users = new HashMap<>();
  private int open;
  private int sessions;
  private int waiting;

  /** A user's counts. */
  private static final class Usage {
    int open;
    int sessions;
    int waiting;

    boolean unused() {
      return open == 0 && sessions == 0 && waiting == 0;
    }
  }

  UserLimits(IntPredicate privileged) {
    this.privileged = privileged;
  }

  /** Limits where root and the user running the emulator are privileged. */
  static UserLimits forMountOwner() {
    return new UserLimits(uid -> uid == 0 || uid == MountOwner.UID);
  }

  /** Takes one open file for {@code uid} ({@code session}: a control node); see the class comment. */
  synchronized void open(int uid, boolean session) throws SysfsException {
    boolean priv = privileged.test(uid);
    if (open >= MAX_OPEN || (!priv && open >= MAX_OPEN - RESERVE)) {
      throw new SysfsException(Errno.ENFILE, "too many files open in the emulated /dev (" + open + ")");
    }
    Usage u = users.computeIfAbsent(uid, k -> new Usage());
    if (!priv && u.open >= MAX_OPEN_PER_USER) {
      throw new SysfsException(Errno.EMFILE, "uid " + uid + " has " + MAX_OPEN_PER_USER
          + " files open in the emulated /dev (the limit per user)");
    }
    if (!priv && session && u.sessions >= MAX_SESSIONS_PER_USER) {
      throw new SysfsException(Errno.EMFILE, "uid " + uid + " has " + MAX_SESSIONS_PER_USER
          + " control nodes open (the limit per user)");
    }
    if (!priv && session && sessions >= MAX_SESSIONS) {
      throw new SysfsException(Errno.ENFILE, "unprivileged users have " + MAX_SESSIONS + " control nodes open");
    }
    open++;
    u.open++;
    if (session) {
      u.sessions++;
      if (!priv) {
        sessions++;
      }
    }
  }

  /** Gives back what {@link #open} took. */
  synchronized void close(int uid, boolean session) {
    open--;
    if (session && !privileged.test(uid)) {
      sessions--;
    }
    Usage u = users.get(uid);
    if (u != null) {
      u.open--;
      if (session) {
        u.sessions--;
      }
      forgetIfUnused(uid, u);
    }
  }

  /** Takes one blocked read (one thread) for {@code uid}; EAGAIN past the limits. */
  synchronized void startWait(int uid) throws SysfsException {
    boolean priv = privileged.test(uid);
    Usage u = users.computeIfAbsent(uid, k -> new Usage());
    if (!priv && (u.waiting >= MAX_WAITING_PER_USER || waiting >= MAX_WAITING)) {
      forgetIfUnused(uid, u);
      throw new SysfsException(Errno.EAGAIN, "too many blocked reads (uid " + uid + ": " + u.waiting
          + ", all users: " + waiting + "); each holds a thread of the emulator");
    }
    u.waiting++;
    if (!priv) {
      waiting++;
    }
  }

  /** Gives back what {@link #startWait} took. */
  synchronized void endWait(int uid) {
    Usage u = users.get(uid);
    if (u != null) {
      u.waiting--;
      forgetIfUnused(uid, u);
    }
    if (!privileged.test(uid)) {
      waiting--;
    }
  }

  /** Reads of {@code uid} blocked now (for tests and diagnostics). */
  synchronized int waiting(int uid) {
    Usage u = users.get(uid);
    return u == null ? 0 : u.waiting;
  }

  /** Files open now, all users. */
  synchronized int openCount() {
    return open;
  }

  private void forgetIfUnused(int uid, Usage u) {
    if (u.unused()) {
      users.remove(uid);
    }
  }
}
