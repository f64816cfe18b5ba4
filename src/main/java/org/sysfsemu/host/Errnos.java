package org.sysfsemu.host;

import jnr.constants.platform.Errno;

/** Names errno values for messages: {@code EPERM (Operation not permitted)}. */
final class Errnos {
  private Errnos() {}

  static String describe(int errno) {
    Errno e = Errno.valueOf(errno);
    return e == Errno.__UNKNOWN_CONSTANT__ ? "errno " + errno : e.name() + " (" + e.description() + ")";
  }
}
