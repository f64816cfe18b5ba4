package org.sysfsemu.udevdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sysfsemu.driver.DevNum;
import org.sysfsemu.netlink.UdevRecord;

/** The database file of one device, byte for byte as udevd 252 writes it. */
class UdevDbEntryTest {
  private static String text(UdevDbEntry e) {
    return new String(e.contents(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void deviceIds() {
    assertEquals("b8:17", DeviceId.of("block", new DevNum(8, 17), 0, "/devices/x/block/sdb/sdb1"));
    assertEquals("c189:3", DeviceId.of("usb", new DevNum(189, 3), 0, "/devices/pci0000:00/0000:00:14.0/usb1/1-2"));
    assertEquals("n2", DeviceId.of("net", null, 2, "/devices/pci0000:00/0000:00:03.0/net/eth0"));
    assertEquals("+usb:1-2:1.0", DeviceId.of("usb", null, 0, "/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0"));
    assertEquals("+pci:0000:00:14.0", DeviceId.of("pci", new DevNum(0, 5), 0, "/devices/pci0000:00/0000:00:14.0"));
    assertEquals("+bdi:8:16", DeviceId.of("bdi", null, 0, "/devices/virtual/bdi/8:16"));
  }

  @Test
  void aPartitionWithLinksPropertiesAndTags() {
    Map<String, String> recorded = new LinkedHashMap<>();
    recorded.put("ID_BUS", "usb");
    recorded.put("ID_SERIAL", "SanDisk_Cruzer_Blade_4C530001240825114224-0:0");
    recorded.put("DEVLINKS", "/dev/ignored/because/S/lines/exist");
    recorded.put("ID_FS_TYPE", "vfat");
    recorded.put(".PRIVATE", "never stored");
    recorded.put("TAGS", ":systemd:");
    recorded.put("CURRENT_TAGS", ":systemd:");
    UdevDbEntry e = RecordedUdev.entry("b8:17", "sdb1", 0, recorded,
        List.of("disk/by-id/usb-SanDisk_Cruzer_Blade_4C530001240825114224-0:0-part1", "disk/by-uuid/4A2B-1C3D"),
        12345678);
    assertEquals("""
        S:disk/by-id/usb-SanDisk_Cruzer_Blade_4C530001240825114224-0:0-part1
        S:disk/by-uuid/4A2B-1C3D
        I:12345678
        E:ID_BUS=usb
        E:ID_SERIAL=SanDisk_Cruzer_Blade_4C530001240825114224-0:0
        E:ID_FS_TYPE=vfat
        G:systemd
        Q:systemd
        V:1
        """, text(e));
    assertTrue(e.shouldHaveDb());
  }

  @Test
  void recordedTimestampAndCurrentTagsDefaultingToTags() {
    UdevDbEntry e = RecordedUdev.entry("c13:69", "input/event12", 0,
        ImmutableMap.of("USEC_INITIALIZED", "5000", "ID_INPUT", "1", "TAGS", ":seat:uaccess:",
            "DEVLINKS", "/dev/input/by-path/platform-i8042-serio-1-event-mouse /dev/input/mouse-alias"),
        List.of(), 99);
    assertEquals("""
        S:input/by-path/platform-i8042-serio-1-event-mouse
        S:input/mouse-alias
        I:5000
        E:ID_INPUT=1
        G:seat
        G:uaccess
        Q:seat
        Q:uaccess
        V:1
        """, text(e));
  }

  @Test
  void linksOnlyForDevicesWithANode() {
    UdevDbEntry e = RecordedUdev.entry("+usb:1-1", null, 0, ImmutableMap.of("ID_X", "1"), List.of("odd/link"), 7);
    assertEquals("I:7\nE:ID_X=1\nV:1\n", text(e));
  }

  @Test
  void aNodeWithoutInfoHasAnEmptyFileAndADeviceWithoutNodeOrInfoNone() {
    UdevDbEntry node = RecordedUdev.entry("c1:3", "null", 0, Map.of(), List.of(), 7);
    assertArrayEquals(new byte[0], node.contents());
    assertTrue(node.shouldHaveDb(), "devices with a number always get a file: they count as initialized");
    UdevDbEntry net = RecordedUdev.entry("n1", null, 1, Map.of(), List.of(), 7);
    assertTrue(net.shouldHaveDb());
    UdevDbEntry bare = RecordedUdev.entry("+platform:i8042", null, 0, Map.of(), List.of(), 7);
    assertFalse(bare.shouldHaveDb());
    assertFalse(bare.hasInfo());
  }

  @Test
  void badLinksAndTagsAreLeftOut() {
    UdevDbEntry e = RecordedUdev.entry("b8:1", "sda1", 0, ImmutableMap.of("TAGS", ":ok:a/b:..:", "K", "v"),
        List.of("../escape", "a//b", "/abs", "sda1", "good/link", "good/link"), 1);
    assertEquals(List.of("good/link"), e.devlinks());
    assertEquals(ImmutableSet.of("ok"), e.tags());
  }

  @Test
  void theRecordForGroupTwoMessages() {
    UdevDbEntry e = RecordedUdev.entry("b8:17", "sdb1", 0,
        ImmutableMap.of("ID_BUS", "usb", "TAGS", ":systemd:", "CURRENT_TAGS", ":"), List.of("disk/a", "disk/b"), 42);
    UdevRecord r = e.toUdevRecord();
    assertEquals(ImmutableMap.of("USEC_INITIALIZED", "42", "ID_BUS", "usb", "DEVLINKS", "/dev/disk/a /dev/disk/b"),
        r.properties());
    assertEquals(ImmutableSet.of("systemd"), r.tags());
    assertEquals(ImmutableSet.of(), r.currentTags());
  }

  @Test
  void relativeTargetsAsUdevMakesThem() {
    assertEquals("../../sdb1", UdevDatabase.relativeTarget("disk/by-id/usb-x-part1", "sdb1"));
    assertEquals("bus/usb/001/011", UdevDatabase.relativeTarget("libmtp-1-1.5.2.4", "bus/usb/001/011"));
    assertEquals("../event12", UdevDatabase.relativeTarget("input/by-path/x", "input/event12"));
    assertEquals("event12", UdevDatabase.relativeTarget("input/mouse", "input/event12"));
    assertEquals("../../input/event5", UdevDatabase.relativeTarget("a/b/c", "input/event5"));
  }
}
