package org.sysfsemu.udevdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sysfsemu.SysfsEmu;
import org.sysfsemu.driver.Device;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.netlink.LibudevMessage;
import org.sysfsemu.netlink.Subscription;
import org.sysfsemu.netlink.SubscriptionOptions;

/**
 * The emulated database in an in-process emulator: the files under the database directory and the
 * links in /dev follow plug, rename and unplug; group-2 messages carry the same properties.
 */
class UdevDatabaseTest {
  private static final String STICK = "/devices/pci0000:00/0000:00:14.0/usb1/1-2";
  private static final String SDB1 = STICK + "/1-2:1.0/host1/target1:0:0/1:0:0:0/block/sdb/sdb1";

  @TempDir Path tmp;

  private SysfsEmu start() throws Exception {
    return SysfsEmu.builder().defaultTree().udevDb(tmp.resolve("udev")).start();
  }

  private String read(Path p) throws Exception {
    return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
  }

  /**
   * The export is each device's P: line and its file's lines as written to the directory, except
   * I:, which only a recorded USEC_INITIALIZED gives (the files carry the time of the plug).
   */
  @Test
  void theExportHoldsTheFilesLinesWithoutTheTimeOfThePlug() throws Exception {
    try (SysfsEmu emu = SysfsEmu.builder().records("t", """
        P: /devices/virtual/block/loop0
        N: loop0
        E: SUBSYSTEM=block
        E: DEVTYPE=disk
        E: MAJOR=7
        E: MINOR=0
        E: ID_FS_TYPE=ext4
        E: USEC_INITIALIZED=42
        S: disk/by-label/L

        P: /devices/virtual/block/loop1
        N: loop1
        E: SUBSYSTEM=block
        E: DEVTYPE=disk
        E: MAJOR=7
        E: MINOR=1
        E: ID_FS_TYPE=vfat
        E: TAGS=:systemd:

        P: /devices/virtual/block/loop2
        N: loop2
        E: SUBSYSTEM=block
        E: DEVTYPE=disk
        E: MAJOR=7
        E: MINOR=2
        """).udevDb(tmp.resolve("udev")).start()) {
      String loop1File = read(tmp.resolve("udev/data/b7:1"));
      assertTrue(loop1File.startsWith("I:"), loop1File);
      assertEquals("""
          P: /devices/virtual/block/loop0
          S:disk/by-label/L
          I:42
          E:ID_FS_TYPE=ext4
          V:1

          P: /devices/virtual/block/loop1
          E:ID_FS_TYPE=vfat
          G:systemd
          Q:systemd
          V:1

          """, emu.hotplug().udevDatabase());
      assertEquals(read(tmp.resolve("udev/data/b7:0")), emu.hotplug().udevDatabase().split("\n\n")[0]
          .substring("P: /devices/virtual/block/loop0\n".length()) + "\n");
      assertEquals(loop1File.substring(loop1File.indexOf('\n') + 1), emu.hotplug().udevDatabase().split("\n\n")[1]
          .substring("P: /devices/virtual/block/loop1\n".length()) + "\n");
    }
  }

  @Test
  void thePluggedStickGetsItsFilesTagsAndLinks() throws Exception {
    try (SysfsEmu emu = start()) {
      Path udev = tmp.resolve("udev");
      assertTrue(Files.exists(udev.resolve("control")));
      emu.hotplug().plug("usb-stick", Duration.ZERO);
      Device sdb1 = emu.kernel().core().device(SDB1);
      long usec = emu.kernel().udev().entry(sdb1).usecInitialized();
      assertTrue(usec > 0);
      assertEquals("""
          S:disk/by-id/usb-SanDisk_Cruzer_Blade_4C530001240825114224-0:0-part1
          S:disk/by-path/pci-0000:00:14.0-usb-0:2:1.0-scsi-0:0:0:0-part1
          S:disk/by-uuid/4A2B-1C3D
          S:disk/by-label/CRUZER
          S:disk/by-diskseq/10-part1
          I:%d
          E:ID_BUS=usb
          E:ID_MODEL=Cruzer_Blade
          E:ID_MODEL_ID=5567
          E:ID_VENDOR=SanDisk
          E:ID_VENDOR_ID=0781
          E:ID_REVISION=1.00
          E:ID_SERIAL=SanDisk_Cruzer_Blade_4C530001240825114224-0:0
          E:ID_SERIAL_SHORT=4C530001240825114224
          E:ID_TYPE=disk
          E:ID_INSTANCE=0:0
          E:ID_USB_DRIVER=usb-storage
          E:ID_USB_INTERFACES=:080650:
          E:ID_USB_INTERFACE_NUM=00
          E:ID_PATH=pci-0000:00:14.0-usb-0:2:1.0-scsi-0:0:0:0
          E:ID_PATH_TAG=pci-0000_00_14_0-usb-0_2_1_0-scsi-0_0_0_0
          E:ID_PART_TABLE_TYPE=dos
          E:ID_PART_TABLE_UUID=4c5a3f21
          E:ID_FS_TYPE=vfat
          E:ID_FS_USAGE=filesystem
          E:ID_FS_UUID=4A2B-1C3D
          E:ID_FS_LABEL=CRUZER
          E:ID_FS_VERSION=FAT32
          E:ID_PART_ENTRY_NUMBER=1
          E:ID_PART_ENTRY_TYPE=0xc
          E:ID_PART_ENTRY_SCHEME=dos
          G:systemd
          Q:systemd
          V:1
          """.formatted(usec), read(udev.resolve("data/b8:17")));
      assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(udev.resolve("data/b8:17"))));
      assertTrue(Files.exists(udev.resolve("tags/systemd/b8:17")));
      assertTrue(Files.exists(udev.resolve("tags/systemd/c189:3")), "the USB device, by its number");
      assertTrue(Files.exists(udev.resolve("data/+usb:1-2:1.0")), "the interface has properties, no number");
      assertFalse(Files.exists(udev.resolve("data/+scsi:target1:0:0")), "nothing known, no number: no file");
      assertEquals("", read(udev.resolve("data/c21:1")), "sg1: a node, nothing known: an empty file");
      assertEquals(0, read(udev.resolve("tags/systemd/b8:17")).length());

      var devfs = emu.kernel().devfs();
      assertEquals("../../sdb1", devfs.readlink("/disk/by-id/usb-SanDisk_Cruzer_Blade_4C530001240825114224-0:0-part1"));
      assertEquals("../../sdb", devfs.readlink("/disk/by-diskseq/10"));
      assertEquals("../../sdb1", devfs.readlink("/disk/by-uuid/4A2B-1C3D"),
          "the default tree's stick has the same file system id: the latest device holds the link");

      emu.hotplug().unplug("usb-stick");
      assertFalse(Files.exists(udev.resolve("data/b8:17")));
      assertFalse(Files.exists(udev.resolve("tags/systemd/b8:17")));
      assertFalse(Files.exists(udev.resolve("data/+usb:1-2:1.0")));
      assertThrows(SysfsException.class, () -> devfs.lookup("/disk/by-diskseq/10-part1"));
      assertEquals("../../sda1", devfs.readlink("/disk/by-uuid/4A2B-1C3D"), "back to the remaining claimant");
      assertNull(emu.kernel().udev().entry(sdb1));
    }
    assertFalse(Files.exists(tmp.resolve("udev")), "close removes what it made");
  }

  @Test
  void groupTwoMessagesCarryTheDatabase() throws Exception {
    try (SysfsEmu emu = start();
        Subscription s = emu.kernel().netlink().subscribe(SubscriptionOptions.parse("groups=2 subsystem=block/partition"))) {
      emu.hotplug().plug("usb-stick", Duration.ZERO);
      LibudevMessage m = LibudevMessage.decode(s.read(65536, 1000));
      Device sdb1 = emu.kernel().core().device(SDB1);
      assertEquals(Long.toString(emu.kernel().udev().entry(sdb1).usecInitialized()), m.get("USEC_INITIALIZED"));
      assertEquals("SanDisk_Cruzer_Blade_4C530001240825114224-0:0", m.get("ID_SERIAL"));
      assertEquals("/dev/disk/by-id/usb-SanDisk_Cruzer_Blade_4C530001240825114224-0:0-part1"
          + " /dev/disk/by-path/pci-0000:00:14.0-usb-0:2:1.0-scsi-0:0:0:0-part1 /dev/disk/by-uuid/4A2B-1C3D"
          + " /dev/disk/by-label/CRUZER /dev/disk/by-diskseq/10-part1", m.get("DEVLINKS"));
      assertEquals(":systemd:", m.get("TAGS"));
      emu.hotplug().unplug("usb-stick");
      LibudevMessage remove = LibudevMessage.decode(s.read(65536, 1000));
      assertEquals("remove", remove.get("ACTION"));
      assertEquals("SanDisk_Cruzer_Blade_4C530001240825114224-0:0", remove.get("ID_SERIAL"),
          "udevd's remove message still carries the properties");
    }
  }

  @Test
  void withTheUdevGroupOffOnlyKernelMessagesAreSent() throws Exception {
    try (SysfsEmu emu = start();
        Subscription s = emu.kernel().netlink().subscribe(SubscriptionOptions.parse("groups=1,2 subsystem=block/partition"))) {
      emu.kernel().udevGroup().setOn(false);
      emu.hotplug().plug("usb-stick", Duration.ZERO);
      byte[] first = s.read(65536, 1000);
      assertFalse(LibudevMessage.isLibudev(first));
      assertTrue(new String(first, StandardCharsets.ISO_8859_1).startsWith("add@"));
      assertNull(s.read(65536, 100), "no group-2 message follows");
    }
  }

  @Test
  void aRenameMovesTheFileOfADeviceNamedBySysname() throws Exception {
    // an InfiniBand device: renamable (as network interfaces are), and named by sysname in the database
    String hca = "/devices/pci0000:00/0000:00:03.0/infiniband/mlx5_0";
    try (SysfsEmu emu = start()) {
      Path data = tmp.resolve("udev/data");
      emu.hotplug().add("hca", "P: " + hca + "\nE: SUBSYSTEM=infiniband\nE: ID_PATH=pci-0000:00:03.0\n\n",
          Duration.ZERO);
      String before = read(data.resolve("+infiniband:mlx5_0"));
      emu.hotplug().rename(hca, "ibp0s3");
      assertFalse(Files.exists(data.resolve("+infiniband:mlx5_0")));
      assertEquals(before, read(data.resolve("+infiniband:ibp0s3")), "same contents, USEC_INITIALIZED kept");
      emu.hotplug().remove("/devices/pci0000:00/0000:00:03.0/infiniband/ibp0s3");
      try (Stream<Path> left = Files.list(data)) {
        assertEquals(List.of(), left.filter(p -> p.getFileName().toString().contains("infiniband")).toList());
      }
    }
  }

  @Test
  void aChangeKeepsTheEntry() throws Exception {
    try (SysfsEmu emu = start()) {
      emu.hotplug().plug("usb-stick", Duration.ZERO);
      Path f = tmp.resolve("udev/data/b8:17");
      String before = read(f);
      Files.delete(f);
      emu.hotplug().change(SDB1, List.of("DISK_MEDIA_CHANGE=1"));
      assertEquals(before, read(f), "rewritten as udevd rewrites it on change, initialized time kept");
    }
  }

  @Test
  void aDirectoryThatIsNotEmptyIsRefusedAndNothingStarts() throws Exception {
    Path udev = tmp.resolve("udev");
    Files.createDirectories(udev.resolve("data"));
    Files.writeString(udev.resolve("data/b8:1"), "E:X=1\n");
    var e = assertThrows(java.io.IOException.class, this::start);
    assertTrue(e.getMessage().contains("is not empty"), e.getMessage());
    assertEquals("E:X=1\n", read(udev.resolve("data/b8:1")), "left as it was");
  }

  @Test
  void coldplugWritesTheDefaultTree() throws Exception {
    try (SysfsEmu emu = start()) {
      Path data = tmp.resolve("udev/data");
      assertNotNull(read(data.resolve("b8:1")));
      assertTrue(read(data.resolve("n2")).contains("E:ID_NET_NAME_PATH="), read(data.resolve("n2")));
    }
  }
}
