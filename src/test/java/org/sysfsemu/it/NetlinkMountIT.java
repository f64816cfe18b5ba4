package org.sysfsemu.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sysfsemu.it.Shell.q;
import static org.sysfsemu.it.Shell.sh;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sysfsemu.netlink.LibudevMessage;
import org.sysfsemu.testing.CReader;

/**
 * The control node as a program uses a netlink socket, with the compiled C reader of
 * src/test/c: poll + read with a 4096-byte buffer, exact datagram bytes, two readers, overflow
 * and ENOBUFS, group 2 (libudev format) with filters, O_NONBLOCK, and EOF at unmount.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetlinkMountIT {
  private static final String NULL = "/devices/virtual/mem/null";
  @TempDir static Path dir;
  private Emulator emu;
  private Path sys;
  private Path node;

  @BeforeAll
  void start() throws Exception {
    CReader.binary();
    // the control node's own semantics: the emulator's consecutive SEQNUMs, not the kernel's
    emu = Emulator.start(dir.resolve("a"), "--no-sandbox");
    sys = emu.sys();
    node = emu.dev().resolve("uevent");
  }

  @AfterAll
  void stop() throws Exception {
    emu.stop();
  }

  private long seqnum() {
    return Long.parseLong(sh("cat " + sys + "/kernel/uevent_seqnum").ok().trim());
  }

  /** docs/linux-reference.md §4.1: the datagram of {@code echo change > null/uevent}, byte for byte. */
  private static byte[] nullChange(long seqnum) {
    return ("change@/devices/virtual/mem/null\0ACTION=change\0DEVPATH=/devices/virtual/mem/null\0SUBSYSTEM=mem\0"
        + "SYNTH_UUID=0\0MAJOR=1\0MINOR=3\0DEVNAME=null\0DEVMODE=0666\0SEQNUM=" + seqnum + "\0")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void twoPollingReadersReceiveEveryDatagramByteForByteInSeqnumOrder() throws Exception {
    try (CReader a = CReader.start(node.toString()); CReader b = CReader.start(node.toString())) {
      long base = seqnum();
      for (int i = 0; i < 5; i++) {
        sh("echo change > " + q(sys + NULL + "/uevent")).ok();
      }
      for (CReader r : List.of(a, b)) {
        List<CReader.Item> got = r.next(5, 10);
        for (int i = 0; i < 5; i++) {
          assertEquals("D", got.get(i).kind());
          assertArrayEquals(nullChange(base + 1 + i), got.get(i).data(), "datagram " + i + ": " + got.get(i).text());
        }
      }
      assertEquals(162 - 4 + Long.toString(base + 1).length(), nullChange(base + 1).length,
          "the same length as the kernel's 162-byte capture with SEQNUM=1480");
    }
  }

  @Test
  void aReaderThatReadsNothingGetsEnobufsOnceThenTheOldestEventsAndTheWriterIsNotSlowed() throws Exception {
    try (CReader idle = CReader.start("-w", node.toString()); CReader live = CReader.start(node.toString())) {
      long base = seqnum();
      // In batches of 100, each read by the live reader before the next: a batch fits its budget
      // (256 datagrams) however late a loaded machine schedules it, so it keeps up by
      // construction, while the idle reader's queue fills up after the third batch.
      for (int batch = 0; batch < 10; batch++) {
        Shell.Result writer = sh("i=0; while [ $i -lt 100 ]; do echo change > " + q(sys + NULL + "/uevent")
            + " || exit 1; i=$((i+1)); done");
        assertEquals(0, writer.exit(), "all writes succeeded while a reader read nothing: " + writer.err());
        List<CReader.Item> liveGot = live.next(100, 30);
        for (int i = 0; i < 100; i++) {
          long seqnum = base + 1 + batch * 100 + i;
          assertArrayEquals(nullChange(seqnum), liveGot.get(i).data(), "a reader that keeps up misses nothing");
        }
      }
      assertEquals(base + 1000, seqnum());
      idle.go();
      assertEquals("ENOBUFS", idle.next(10).kind(), "the first read reports the overflow");
      // 212992 bytes of budget, 832 per small datagram (docs/linux-reference.md §11.2): 256 queued
      List<CReader.Item> queued = idle.next(256, 10);
      for (int i = 0; i < 256; i++) {
        assertArrayEquals(nullChange(base + 1 + i), queued.get(i).data(), "the oldest events, in order");
      }
      sh("echo change > " + q(sys + NULL + "/uevent")).ok();
      CReader.Item after = idle.next(10);
      assertEquals("D", after.kind());
      assertArrayEquals(nullChange(base + 1001), after.data(), "once drained, the reader gets new events again");
    }
  }

  @Test
  void groupTwoCarriesLibudevMessagesFilteredBySubsystemAndDevtype() throws Exception {
    String sda1 = "/" + sys.relativize(Path.of(sh("readlink -f " + q(sys + "/class/block/sda1")).ok().trim()));
    try (CReader r = CReader.start("-o", "groups=2 subsystem=block/partition", node.toString())) {
      sh("echo change > " + q(sys + NULL + "/uevent")).ok(); // mem: filtered out
      sh("echo change > " + q(sys + "/class/block/sda/uevent")).ok(); // disk: filtered out
      sh("echo add > " + q(sys + sda1 + "/uevent")).ok();
      long seq = seqnum();
      CReader.Item item = r.next(10);
      assertEquals("D", item.kind());
      byte[] d = item.data();
      assertEquals("libudev\0", new String(d, 0, 8, StandardCharsets.ISO_8859_1), "prefix");
      ByteBuffer h = ByteBuffer.wrap(d); // magic, hashes and bloom in network byte order
      ByteBuffer host = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN); // sizes in host order
      assertEquals(0xfeedcafe, h.getInt(8), "magic");
      assertEquals(40, host.getInt(12), "header_size");
      assertEquals(40, host.getInt(16), "properties_off");
      assertEquals(d.length - 40, host.getInt(20), "properties_len");
      assertEquals(0xf0031db7, h.getInt(24), "murmur2(\"block\") from docs/linux-reference.md §11.5");
      assertEquals(0xcb234489, h.getInt(28), "murmur2(\"partition\") from docs/linux-reference.md §11.5");
      assertEquals(0x02000400, h.getInt(32), "bloom hi of the tag systemd (docs/linux-reference.md §11.5: 0x0200040010800000)");
      assertEquals(0x10800000, h.getInt(36), "bloom lo of the tag systemd");
      LibudevMessage m = LibudevMessage.decode(d);
      assertEquals("add", m.get("ACTION"));
      assertEquals(sda1, m.get("DEVPATH"));
      assertEquals("block", m.get("SUBSYSTEM"));
      assertEquals("/dev/sda1", m.get("DEVNAME"));
      assertEquals(Long.toString(seq), m.get("SEQNUM"));
      assertEquals("vfat", m.get("ID_FS_TYPE"), "udev properties of the device travel in group 2");
    }
  }

  @Test
  void epollEdgeTriggeredWakesTheReaderForEachEvent() throws Exception {
    try (CReader r = CReader.start("-e", node.toString())) {
      for (int i = 0; i < 2; i++) {
        long base = seqnum();
        sh("echo change > " + q(sys + NULL + "/uevent")).ok();
        assertArrayEquals(nullChange(base + 1), r.next(10).data());
      }
    }
  }

  @Test
  void nonBlockingReadOfAnEmptyQueueGivesEagain() throws Exception {
    try (CReader r = CReader.start("-n", node.toString())) {
      assertEquals("EAGAIN", r.next(10).kind());
    }
  }

  @Test
  void blockedReadersGetEndOfFileWhenTheEmulatorStops() throws Exception {
    Emulator other = Emulator.start(dir.resolve("b"));
    try (CReader r = CReader.start(other.dev().resolve("uevent").toString());
        Background cat = Background.start(List.of("cat", other.dev().resolve("uevent").toString()))) {
      Thread.sleep(300);
      other.stop();
      assertEquals("EOF", r.next(10).kind(), "a polling reader sees end of file");
      assertTrue(cat.process().waitFor(5, TimeUnit.SECONDS), "cat ended");
      assertEquals(0, cat.process().exitValue(), "cat ended normally at end of file");
      assertFalse(Emulator.isMounted(other.dev()));
    } finally {
      other.stop();
    }
  }
}
