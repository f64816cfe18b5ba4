package org.sysfsemu.netlink;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import org.sysfsemu.kobject.KObjectAction;
import org.sysfsemu.uevent.UEvent;

/** Test events built the way the engine builds them. */
final class Events {
  private Events() {}

  /** {@code action} of {@code devpath} in {@code subsystem}, extra keys in order, then SEQNUM. */
  static UEvent event(KObjectAction action, String devpath, String subsystem, long seqnum, String... keys) {
    List<String> env = new ArrayList<>();
    env.add("ACTION=" + action.wireName());
    env.add("DEVPATH=" + devpath);
    env.add("SUBSYSTEM=" + subsystem);
    env.addAll(List.of(keys));
    env.add("SEQNUM=" + seqnum);
    return new UEvent(action, devpath, subsystem, ImmutableList.copyOf(env), seqnum);
  }

  /** A {@code change} of /dev/null with SEQNUM {@code seqnum}: a 130-odd byte datagram. */
  static UEvent memNull(long seqnum) {
    return event(KObjectAction.CHANGE, "/devices/virtual/mem/null", "mem", seqnum,
        "MAJOR=1", "MINOR=3", "DEVNAME=null", "DEVMODE=0666");
  }

  /** An {@code add} of a whole disk. */
  static UEvent disk(long seqnum, String name) {
    return event(KObjectAction.ADD, "/devices/virtual/block/" + name, "block", seqnum,
        "MAJOR=7", "MINOR=0", "DEVNAME=" + name, "DEVTYPE=disk");
  }

  /** An {@code add} of a partition. */
  static UEvent partition(long seqnum, String name) {
    return event(KObjectAction.ADD, "/devices/virtual/block/loop0/" + name, "block", seqnum,
        "MAJOR=259", "MINOR=0", "DEVNAME=" + name, "DEVTYPE=partition");
  }

  /** The SEQNUM of a kernel-format datagram. */
  static long seqnumOf(byte[] datagram) {
    String s = new String(datagram, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = s.lastIndexOf("SEQNUM=");
    return Long.parseLong(s.substring(at + 7, s.indexOf('\0', at)));
  }
}
