package org.sysfsemu.uevent;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.sysfsemu.kobject.KObjectAction;

/**
 * One published uevent: what the kernel multicasts on NETLINK_KOBJECT_UEVENT group 1. The env
 * holds every {@code KEY=VALUE} entry in the kernel's order, ending with {@code SEQNUM}. Strings
 * are kernel byte strings held one byte per char (ISO-8859-1).
 */
public record UEvent(
    KObjectAction action, String devpath, String subsystem, List<String> env, long seqnum) {

  public UEvent {
    checkArgument(seqnum > 0, "SEQNUM must be positive");
    checkArgument(!env.isEmpty() && env.get(env.size() - 1).equals("SEQNUM=" + seqnum),
        "env must end with SEQNUM");
  }

  /** The value of {@code key}, or null. */
  public String get(String key) {
    return valueOf(env, key);
  }

  /** The value of {@code key} in a list of {@code KEY=VALUE} entries (the first one), or null. */
  public static String valueOf(List<String> entries, String key) {
    String prefix = key + "=";
    for (String e : entries) {
      if (e.startsWith(prefix)) {
        return e.substring(prefix.length());
      }
    }
    return null;
  }

  /** The datagram bytes: {@code action@devpath\0KEY=VAL\0...SEQNUM=n\0}, no trailing extra NUL. */
  public byte[] datagram() {
    return encode(action.wireName() + "@" + devpath, env);
  }

  /** {@code header\0} then each entry and a NUL: the kernel's datagram layout. */
  public static byte[] encode(String header, List<String> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    writeNul(out, header);
    for (String e : entries) {
      writeNul(out, e);
    }
    return out.toByteArray();
  }

  private static void writeNul(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    out.write(b, 0, b.length);
    out.write(0);
  }
}
