package org.sysfsemu.uevent;

import com.google.common.collect.ImmutableList;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kobject.KObjectAction;
import org.sysfsemu.kobject.UEventEnv;

/**
 * A write to a {@code uevent} file, parsed as {@code kobject_synth_uevent()} does: an action,
 * optionally a UUID and {@code KEY=VALUE} arguments, with one trailing newline or NUL removed.
 * Every malformed input, and an argument list that overflows the parser's own environment, is
 * EINVAL.
 */
public record SynthUEvent(KObjectAction action, ImmutableList<String> env) {
  /** {@code UUID_STRING_LEN}. */
  public static final int UUID_STRING_LEN = 36;

  /** Parses one (non-empty, at most 4096-byte) write. */
  public static SynthUEvent parse(byte[] data) throws SysfsException {
    int count = data.length;
    if (count > 0 && (data[count - 1] == '\n' || data[count - 1] == 0)) {
      count--;
    }
    if (count == 0) {
      throw invalid("unknown uevent action string");
    }
    String s = new String(data, 0, count, StandardCharsets.ISO_8859_1);
    if (s.indexOf('\0') >= 0) {
      throw invalid("unknown uevent action string");
    }
    int space = s.indexOf(' ');
    String actionName = space < 0 ? s : s.substring(0, space);
    Optional<KObjectAction> action = KObjectAction.fromWireName(actionName);
    if (action.isEmpty()) {
      throw invalid("unknown uevent action string");
    }
    UEventEnv env = new UEventEnv();
    try {
      if (space < 0) {
        env.add("SYNTH_UUID", "0");
      } else {
        parseArgs(s.substring(space + 1), env);
      }
    } catch (SysfsException e) {
      throw invalid("incorrect uevent action arguments");
    }
    return new SynthUEvent(action.get(), env.entries());
  }

  private static void parseArgs(String args, UEventEnv env) throws SysfsException {
    if (args.length() < UUID_STRING_LEN || !isUuid(args.substring(0, UUID_STRING_LEN))) {
      throw invalid("incorrect uevent action arguments");
    }
    env.add("SYNTH_UUID", args.substring(0, UUID_STRING_LEN));
    int i = UUID_STRING_LEN;
    int n = args.length();
    while (i < n) {
      if (args.charAt(i) != ' ') {
        throw invalid("incorrect uevent action arguments");
      }
      int keyStart = ++i;
      while (i < n && isAlnum(args.charAt(i))) {
        i++;
      }
      int keyEnd = i;
      if (keyEnd == keyStart || i >= n || args.charAt(i) != '=') {
        throw invalid("incorrect uevent action arguments");
      }
      int valueStart = ++i;
      while (i < n && isAlnum(args.charAt(i))) {
        i++;
      }
      if (i == valueStart) {
        throw invalid("incorrect uevent action arguments");
      }
      env.addEntry("SYNTH_ARG_" + args.substring(keyStart, keyEnd) + "=" + args.substring(valueStart, i));
    }
  }

  /** {@code uuid_is_valid()}: 8-4-4-4-12 hex digits, either case. */
  static boolean isUuid(String s) {
    if (s.length() != UUID_STRING_LEN) {
      return false;
    }
    for (int i = 0; i < UUID_STRING_LEN; i++) {
      char c = s.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') {
          return false;
        }
      } else if (!isHex(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isAlnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static SysfsException invalid(String why) {
    return new SysfsException(Errno.EINVAL, why);
  }
}
