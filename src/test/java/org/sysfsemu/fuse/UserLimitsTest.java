package org.sysfsemu.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/** No unprivileged user can take what root (or the mounting user) needs. */
class UserLimitsTest {
  private static final int NOBODY = 65534;
  private final UserLimits limits = new UserLimits(uid -> uid == 0);

  @Test
  void aUserRunsOutOfControlNodesAndFilesButRootDoesNot() throws Exception {
    for (int i = 0; i < UserLimits.MAX_SESSIONS_PER_USER; i++) {
      limits.open(NOBODY, true);
    }
    assertEquals(Errno.EMFILE, assertThrows(SysfsException.class, () -> limits.open(NOBODY, true)).errno());
    for (int i = UserLimits.MAX_SESSIONS_PER_USER; i < UserLimits.MAX_OPEN_PER_USER; i++) {
      limits.open(NOBODY, false);
    }
    assertEquals(Errno.EMFILE, assertThrows(SysfsException.class, () -> limits.open(NOBODY, false)).errno());
    limits.open(0, true);
    limits.open(1000, true);
    limits.close(NOBODY, true);
    limits.open(NOBODY, true);
  }

  @Test
  void manyUsersTogetherLeaveRootItsReserve() throws Exception {
    int uid = 2000;
    int n = 0;
    while (true) {
      try {
        limits.open(uid, false);
        n++;
      } catch (SysfsException e) {
        if (e.errno() == Errno.EMFILE) {
          uid++;
          continue;
        }
        assertEquals(Errno.ENFILE, e.errno());
        break;
      }
    }
    assertEquals(UserLimits.MAX_OPEN - UserLimits.RESERVE, n);
    for (int i = 0; i < UserLimits.RESERVE; i++) {
      limits.open(0, true);
    }
    assertEquals(Errno.ENFILE, assertThrows(SysfsException.class, () -> limits.open(0, true)).errno());
  }

  @Test
  void unprivilegedUsersTogetherCannotTakeEveryReader() throws Exception {
    int opened = 0;
    for (int uid = 2000; ; uid++) {
      try {
        for (int i = 0; i < UserLimits.MAX_SESSIONS_PER_USER; i++) {
          limits.open(uid, true);
          opened++;
        }
      } catch (SysfsException e) {
        assertEquals(Errno.ENFILE, e.errno());
        break;
      }
    }
    assertEquals(UserLimits.MAX_SESSIONS, opened);
    limits.open(0, true);
  }

  @Test
  void blockedReadsOfAUserAreBoundedAndRootsAreNot() throws Exception {
    for (int i = 0; i < UserLimits.MAX_WAITING_PER_USER; i++) {
      limits.startWait(NOBODY);
    }
    assertEquals(Errno.EAGAIN, assertThrows(SysfsException.class, () -> limits.startWait(NOBODY)).errno());
    for (int i = 0; i < 1000; i++) {
      limits.startWait(0);
    }
    limits.endWait(NOBODY);
    limits.startWait(NOBODY);
    for (int u = 1; u < UserLimits.MAX_WAITING / UserLimits.MAX_WAITING_PER_USER; u++) {
      for (int i = 0; i < UserLimits.MAX_WAITING_PER_USER; i++) {
        limits.startWait(NOBODY + u);
      }
    }
    assertEquals(Errno.EAGAIN, assertThrows(SysfsException.class, () -> limits.startWait(3000)).errno(),
        "all users together are bounded too");
  }
}
