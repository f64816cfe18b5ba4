package org.sysfsemu.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every test vector of docs/linux-reference.md §11.5, exactly. */
class MurmurHash2Test {

  @ParameterizedTest(name = "\"{0}\" -> {1} / {2}")
  @CsvSource(
      textBlock = """
          '',              00000000, 0000000000000001
          a,               92685f5e, 2000000044000020
          abcd,            26873021, 0008000200000001
          abcde,           5f09a8de, 0000000844000004
          mem,             c365cd83, 0040000012000008
          block,           f0031db7, 00c2000000000001
          disk,            7bcbc5ee, 1004400000800000
          partition,       cb234489, 0010000000040300
          net,             a74d3cc8, 0008000000080100
          usb,             0577c5e5, 1000002020800000
          usb_device,      27f8f50c, 4000000000109000
          usb_interface,   b1024765, 0000003020000001
          input,           c1a28470, 0001010000020000
          tty,             8afa90c8, 4000020000000108
          misc,            4b1a4e75, 0220001000000040
          sound,           d196ab6e, 0000642000000000
          drm,             16664179, 0200001002000020
          hidraw,          c2caf397, 0004800000804000
          pci,             59163b92, 0000400800040020
          platform,        748f983b, 0a00000900000000
          systemd,         a75f972a, 0200040010800000
          uaccess,         e88ed0cc, 0000200800001008
          seat,            435b3e40, 0208000000400001
          foo,             8fea6375, 0420004000002000
          """)
  void hashAndBloomMatchTheVectors(String s, String hash, String bloom) {
    assertEquals(Integer.parseUnsignedInt(hash, 16), MurmurHash2.hash(s));
    assertEquals(Long.parseUnsignedLong(bloom, 16), TagBloom.of(s));
  }

  @Test
  void threeTagBloomOfTheUdevdCapture() {
    long bloom = TagBloom.of(List.of("uaccess", "foo", "systemd"));
    assertEquals(0x06202448, TagBloom.hi(bloom));
    assertEquals(0x10803008, TagBloom.lo(bloom));
  }

  @Test
  void noTagsIsZero() {
    assertEquals(0L, TagBloom.of(List.of()));
  }

  @Test
  void bytesAboveSevenBitAreUnsigned() {
    // "\u00e9" as one byte 0xe9 must not sign-extend: differs from the hash of byte 0x69 ('i').
    assertFalse(MurmurHash2.hash("\u00e9") == MurmurHash2.hash("i"));
    assertEquals(MurmurHash2.hash(new byte[] {(byte) 0xe9}), MurmurHash2.hash("\u00e9"));
  }

  @Test
  void bloomMembership() {
    long bloom = TagBloom.of(List.of("uaccess", "foo", "systemd"));
    assertTrue(TagBloom.mayContain(bloom, "foo"));
    assertTrue(TagBloom.mayContain(bloom, "systemd"));
    assertFalse(TagBloom.mayContain(bloom, "seat"));
  }
}
