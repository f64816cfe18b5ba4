package org.sysfsemu.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableMap;
import com.google.common.io.BaseEncoding;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sysfsemu.kobject.KObjectAction;
import org.sysfsemu.uevent.UEvent;

class LibudevMessageTest {
  /** The 280-byte udevd 252 capture of docs/linux-reference.md §11.4. */
  private static final byte[] CAPTURE = BaseEncoding.base16().lowerCase().decode(""
      + "6c69627564657600feedcafe28000000"
      + "28000000f0000000c365cd8300000000"
      + "0620244810803008554445565f444154"
      + "41424153455f56455253494f4e3d3100"
      + "414354494f4e3d6368616e6765004445"
      + "56504154483d2f646576696365732f76"
      + "69727475616c2f6d656d2f6e756c6c00"
      + "53554253595354454d3d6d656d004445"
      + "564e414d453d2f6465762f6e756c6c00"
      + "4445564d4f44453d3036363600534551"
      + "4e554d3d31343239004d414a4f523d31"
      + "004d494e4f523d3300555345435f494e"
      + "495449414c495a45443d393636383234"
      + "31373900454d553d3100544147533d3a"
      + "756163636573733a666f6f3a73797374"
      + "656d643a0043555252454e545f544147"
      + "533d3a756163636573733a666f6f3a73"
      + "797374656d643a00");

  private static final UdevRecord NULL_RECORD = UdevRecord.fromDatabase(ImmutableMap.of(
      "USEC_INITIALIZED", "966824179", "EMU", "1", "TAGS", ":uaccess:foo:systemd:"));

  @Test
  void encodesTheUdevdCaptureByteForByte() {
    byte[] bytes = LibudevMessage.encode(Events.memNull(1429), NULL_RECORD);
    assertEquals(280, CAPTURE.length);
    assertArrayEquals(CAPTURE, bytes, () -> BaseEncoding.base16().lowerCase().encode(bytes));
  }

  @Nested
  class Header {
    private final byte[] bytes = LibudevMessage.encode(Events.disk(7, "loop0"), NULL_RECORD);

    @Test
    void prefixAndBigEndianMagic() {
      assertEquals("libudev\0", new String(bytes, 0, 8, StandardCharsets.ISO_8859_1));
      assertArrayEquals(new byte[] {(byte) 0xfe, (byte) 0xed, (byte) 0xca, (byte) 0xfe},
          Arrays.copyOfRange(bytes, 8, 12));
    }

    @Test
    void hostOrderSizes() {
      assertArrayEquals(new byte[] {40, 0, 0, 0}, Arrays.copyOfRange(bytes, 12, 16));
      assertArrayEquals(new byte[] {40, 0, 0, 0}, Arrays.copyOfRange(bytes, 16, 20));
      int len = bytes.length - 40;
      assertArrayEquals(new byte[] {(byte) len, (byte) (len >> 8), 0, 0}, Arrays.copyOfRange(bytes, 20, 24));
    }

    @Test
    void blockDiskHashesAsCaptured() {
      assertEquals("f0031db7", hex(24, 28));
      assertEquals("7bcbc5ee", hex(28, 32));
      assertEquals("0620244810803008", hex(32, 40));
    }

    @Test
    void noDevtypeAndNoTagsAreZero() {
      byte[] plain = LibudevMessage.encode(Events.memNull(3), UdevRecord.EMPTY);
      assertArrayEquals(new byte[12], Arrays.copyOfRange(plain, 28, 40));
    }

    @Test
    void noFinalDoubleNul() {
      assertEquals(0, bytes[bytes.length - 1]);
      assertTrue(bytes[bytes.length - 2] != 0);
    }

    private String hex(int from, int to) {
      return BaseEncoding.base16().lowerCase().encode(Arrays.copyOfRange(bytes, from, to));
    }
  }

  @Nested
  class Properties {
    @Test
    void kernelKeysWinAndUdevOnlyKeysFollow() {
      UdevRecord record = UdevRecord.fromDatabase(ImmutableMap.of(
          "DEVNAME", "/dev/stale", "ID_FS_TYPE", "ext4", "DEVLINKS", "/dev/disk/by-id/x /dev/y",
          "UDEV_DATABASE_VERSION", "1", "USEC_INITIALIZED", "5"));
      assertEquals(List.of("UDEV_DATABASE_VERSION=1", "ACTION=add", "DEVPATH=/devices/virtual/block/loop0",
          "SUBSYSTEM=block", "DEVNAME=/dev/loop0", "DEVTYPE=disk", "SEQNUM=9", "MAJOR=7", "MINOR=0",
          "USEC_INITIALIZED=5", "ID_FS_TYPE=ext4", "DEVLINKS=/dev/disk/by-id/x /dev/y"),
          LibudevMessage.properties(Events.disk(9, "loop0"), record));
    }

    @Test
    void aPrebuiltUdevPartGivesTheSameBytesWhetherOrNotAKernelKeyShadowsIt() {
      UdevRecord record = UdevRecord.fromDatabase(ImmutableMap.of(
          "DEVNAME", "/dev/stale", "ID_FS_TYPE", "ext4", "DEVLINKS", "/dev/disk/by-id/x /dev/y",
          "USEC_INITIALIZED", "5", "TAGS", ":systemd:"));
      LibudevMessage.UdevPart part = LibudevMessage.UdevPart.of(record);
      UEvent shadowing = Events.disk(9, "loop0"); // its DEVNAME shadows the record's
      UEvent plain = Events.event(KObjectAction.CHANGE, "/devices/virtual/net/lo", "net", 10,
          "INTERFACE=lo", "IFINDEX=1"); // none of the record's keys
      for (UEvent e : List.of(shadowing, plain, Events.memNull(11))) {
        byte[] prebuilt = LibudevMessage.encode(e, part);
        assertArrayEquals(LibudevMessage.encode(e, record), prebuilt);
        assertEquals(LibudevMessage.properties(e, record), LibudevMessage.decode(prebuilt).properties());
      }
      UdevRecord unshadowed = UdevRecord.fromDatabase(ImmutableMap.of("ID_FS_TYPE", "ext4", "USEC_INITIALIZED", "5"));
      assertEquals(List.of("UDEV_DATABASE_VERSION=1", "ACTION=add", "DEVPATH=/devices/virtual/block/loop0",
          "SUBSYSTEM=block", "DEVNAME=/dev/loop0", "DEVTYPE=disk", "SEQNUM=9", "MAJOR=7", "MINOR=0",
          "USEC_INITIALIZED=5", "ID_FS_TYPE=ext4"),
          LibudevMessage.decode(LibudevMessage.encode(shadowing, LibudevMessage.UdevPart.of(unshadowed))).properties());
    }

    @Test
    void charactersBeyondLatin1TravelAsOneQuestionMarkEach() {
      UdevRecord record = UdevRecord.fromDatabase(ImmutableMap.of("ID_MODEL", "caf\u00e9 \u20ac \ud83d\ude00 end"));
      List<String> sent = LibudevMessage.decode(LibudevMessage.encode(Events.memNull(1), record)).properties();
      assertEquals("ID_MODEL=caf\u00e9 ? ? end", sent.get(sent.size() - 1));
      for (int i = 0; i < sent.size(); i++) { // what getBytes(ISO_8859_1) makes of each property
        String p = LibudevMessage.properties(Events.memNull(1), record).get(i);
        assertEquals(new String(p.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1), sent.get(i));
      }
    }

    @Test
    void currentTagsDefaultToTagsAndCanDiffer() {
      UdevRecord record = UdevRecord.fromDatabase(ImmutableMap.of("TAGS", ":a:b:", "CURRENT_TAGS", ":b:"));
      LibudevMessage m = LibudevMessage.decode(LibudevMessage.encode(Events.memNull(1), record));
      assertEquals(":a:b:", m.get("TAGS"));
      assertEquals(":b:", m.get("CURRENT_TAGS"));
      assertEquals(TagBloom.of(List.of("a", "b")), m.tagBloom());
    }

    @Test
    void entriesThatCannotTravelAreLeftOut() {
      UdevRecord record = UdevRecord.fromDatabase(ImmutableMap.of("", "x", "A=B", "y", "NUL", "a\0b", "OK", "z"));
      List<String> props = LibudevMessage.properties(Events.memNull(1), record);
      assertEquals("OK=z", props.get(props.size() - 1));
      assertEquals(10, props.size());
    }
  }

  @Nested
  class Decode {
    @Test
    void roundTrip() {
      UEvent event = Events.partition(12, "loop0p1");
      LibudevMessage m = LibudevMessage.decode(LibudevMessage.encode(event, NULL_RECORD));
      assertEquals(40, m.headerSize());
      assertEquals(40, m.propertiesOff());
      assertEquals(LibudevMessage.properties(event, NULL_RECORD), m.properties());
      assertEquals(m.properties().stream().mapToInt(p -> p.length() + 1).sum(), m.propertiesLen());
      assertEquals(MurmurHash2.hash("block"), m.subsystemHash());
      assertEquals(MurmurHash2.hash("partition"), m.devtypeHash());
      assertEquals(0x0620244810803008L, m.tagBloom());
      assertEquals("/dev/loop0p1", m.get("DEVNAME"));
      assertEquals("12", m.get("SEQNUM"));
    }

    @Test
    void decodesTheCapture() {
      LibudevMessage m = LibudevMessage.decode(CAPTURE);
      assertEquals(240, m.propertiesLen());
      assertEquals(0xc365cd83, m.subsystemHash());
      assertEquals(13, m.properties().size());
      assertEquals("/devices/virtual/mem/null", m.get("DEVPATH"));
    }

    @Test
    void kernelFormatIsNotLibudev() {
      byte[] kernel = Events.memNull(1).datagram();
      assertFalse(LibudevMessage.isLibudev(kernel));
      assertThrows(IllegalArgumentException.class, () -> LibudevMessage.decode(kernel));
      assertTrue(LibudevMessage.isLibudev(CAPTURE));
    }

    @Test
    void rejectsBadMagic() {
      byte[] bad = CAPTURE.clone();
      bad[8] = 0;
      assertEquals("no libudev prefix and magic", message(bad));
    }

    @Test
    void rejectsShortDatagram() {
      assertEquals("shorter than the header: 39 bytes", message(Arrays.copyOf(CAPTURE, 39)));
    }

    @Test
    void rejectsPropertiesOffsetPastTheEnd() {
      byte[] bad = CAPTURE.clone();
      bad[16] = (byte) 250; // 250 + 32 > 280
      assertEquals("bad properties_off 250", message(bad));
      bad[16] = 8;
      assertEquals("bad properties_off 8", message(bad));
    }

    @Test
    void rejectsTrailingEmptyString() {
      byte[] bad = Arrays.copyOf(CAPTURE, CAPTURE.length + 1);
      assertEquals("property without KEY=: \"\"", message(bad));
    }

    @Test
    void rejectsUnterminatedProperties() {
      assertEquals("properties not NUL-terminated", message(Arrays.copyOf(CAPTURE, CAPTURE.length - 1)));
    }

    @Test
    void rejectsMissingSeqnum() {
      UEvent event = Events.memNull(1);
      byte[] bytes = LibudevMessage.encode(event, UdevRecord.EMPTY);
      String s = new String(bytes, StandardCharsets.ISO_8859_1).replace("SEQNUM=1", "SEQNUX=1");
      assertEquals("no SEQNUM", message(s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private String message(byte[] datagram) {
      return assertThrows(IllegalArgumentException.class, () -> LibudevMessage.decode(datagram)).getMessage();
    }
  }
}
