package org.sysfsemu.uevent;

import com.google.common.collect.ImmutableList;

/**
 * Starts the uevent helper for one event without waiting, as {@code call_usermodehelper(...,
 * UMH_NO_WAIT)}. Called in SEQNUM order with the event mutex held: implementations only queue
 * (they fork elsewhere).
 */
@FunctionalInterface
public interface HelperLauncher {
  /**
   * @param seqnum the event's SEQNUM, for logs and ordering
   * @param argv {@code [helper, SUBSYSTEM]}
   * @param envp the event env plus {@code HOME=/} and {@code PATH=...}
   */
  void launch(long seqnum, ImmutableList<String> argv, ImmutableList<String> envp);
}
