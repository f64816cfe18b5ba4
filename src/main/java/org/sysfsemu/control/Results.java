package org.sysfsemu.control;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last result of each user's commands, for {@code status}: a user reads only their own, so
 * no message (which may quote a line of a file the user could read) reaches another user.
 */
final class Results {
  static final String NONE = "ok: no command yet";

  /** Users with a result kept; only users allowed to write the control files (root, the mounter) get one. */
  private static final int MAX_USERS = 64;

  private final Map<Integer, String> last = new ConcurrentHashMap<>();

  void set(int uid, String line) {
    if (last.size() >= MAX_USERS && !last.containsKey(uid)) {
      last.clear();
    }
    last.put(uid, line);
  }

  String get(int uid) {
    return last.getOrDefault(uid, NONE);
  }
}
