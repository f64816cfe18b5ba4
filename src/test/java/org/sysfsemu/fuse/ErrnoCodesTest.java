package org.sysfsemu.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sysfsemu.error.Errno;

class ErrnoCodesTest {

  @Test
  void linuxNumbersOfTheErrorsSysfsReturns() {
    assertEquals(1, ErrnoCodes.of(Errno.EPERM));
    assertEquals(2, ErrnoCodes.of(Errno.ENOENT));
    assertEquals(5, ErrnoCodes.of(Errno.EIO));
    assertEquals(9, ErrnoCodes.of(Errno.EBADF));
    assertEquals(13, ErrnoCodes.of(Errno.EACCES));
    assertEquals(19, ErrnoCodes.of(Errno.ENODEV));
    assertEquals(20, ErrnoCodes.of(Errno.ENOTDIR));
    assertEquals(21, ErrnoCodes.of(Errno.EISDIR));
    assertEquals(22, ErrnoCodes.of(Errno.EINVAL));
    assertEquals(23, ErrnoCodes.of(Errno.ENFILE));
    assertEquals(29, ErrnoCodes.of(Errno.ESPIPE));
    assertEquals(40, ErrnoCodes.of(Errno.ELOOP));
    assertEquals(105, ErrnoCodes.of(Errno.ENOBUFS));
    assertEquals(107, ErrnoCodes.of(Errno.ENOTCONN));
  }

  @Test
  void everyErrnoHasItsOwnPositiveNumber() {
    Set<Integer> seen = new HashSet<>();
    for (Errno e : Errno.values()) {
      int code = ErrnoCodes.of(e);
      assertTrue(code > 0, e + " -> " + code);
      assertTrue(seen.add(code), e + " shares " + code);
    }
  }

  @Test
  void negativeIsWhatACallbackReturns() {
    assertEquals(-2, ErrnoCodes.negative(Errno.ENOENT));
    assertEquals(-19, ErrnoCodes.negative(Errno.ENODEV));
  }
}
