package org.sysfsemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import org.junit.jupiter.api.Test;
import org.sysfsemu.kobject.KObjectAction;
import org.sysfsemu.netlink.LibudevMessage;
import org.sysfsemu.netlink.UdevRecord;
import org.sysfsemu.uevent.UEvent;

/** The monitor's lines, as udevadm monitor prints them, for both datagram formats. */
class EventFormatTest {
  private static final UEvent NULL_CHANGE = new UEvent(KObjectAction.CHANGE, "/devices/virtual/mem/null", "mem",
      ImmutableList.of("ACTION=change", "DEVPATH=/devices/virtual/mem/null", "SUBSYSTEM=mem", "MAJOR=1",
          "MINOR=3", "DEVNAME=null", "SEQNUM=7"), 7);

  @Test
  void kernelDatagram() {
    assertEquals("KERNEL[12.000345] change   /devices/virtual/mem/null (mem)\n",
        EventFormat.format(NULL_CHANGE.datagram(), false, 12_000_345_678L));
    assertEquals("KERNEL[0.000001] change   /devices/virtual/mem/null (mem)\nACTION=change\n"
            + "DEVPATH=/devices/virtual/mem/null\nSUBSYSTEM=mem\nMAJOR=1\nMINOR=3\nDEVNAME=null\nSEQNUM=7\n\n",
        EventFormat.format(NULL_CHANGE.datagram(), true, 1_000));
  }

  @Test
  void libudevDatagram() {
    byte[] d = LibudevMessage.encode(NULL_CHANGE,
        new UdevRecord(ImmutableMap.of("ID_X", "1"), ImmutableSet.of(), ImmutableSet.of()));
    String out = EventFormat.format(d, true, 2_000_000);
    assertEquals("UDEV  [0.002000] change   /devices/virtual/mem/null (mem)", out.lines().findFirst().orElseThrow());
    assertEquals(LibudevMessage.decode(d).properties(), out.lines().skip(1).filter(l -> !l.isEmpty()).toList());
  }
}
