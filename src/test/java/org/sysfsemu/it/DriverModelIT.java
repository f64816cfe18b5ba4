package org.sysfsemu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sysfsemu.it.Shell.q;
import static org.sysfsemu.it.Shell.sh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Driver unbind and bind written to sysfs from a shell, as an administrator does on a real
 * machine, and renames refused where Linux refuses them; events seen by {@code sysfs-emu
 * monitor}, nodes checked in the mounted /dev.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriverModelIT {
  private static final Pattern HEADER =
      Pattern.compile("(?m)^KERNEL\\[\\d+\\.\\d{6}\\] (\\S+)\\s+(\\S+) \\((\\S+)\\)$");
  private static final String IFACE = "/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0";
  private static final String HOST = IFACE + "/host0";
  private static final String SDEV = HOST + "/target0:0:0/0:0:0:0";
  private static final List<String> NODES = List.of("sda", "sda1", "sg0", "bsg/0:0:0:0");
  @TempDir static Path dir;
  private Emulator emu;

  @BeforeAll
  void start() throws Exception {
    emu = Emulator.start(dir);
  }

  @AfterAll
  void stop() throws Exception {
    emu.stop();
  }

  private static List<String> events(String monitorOutput) {
    List<String> out = new ArrayList<>();
    Matcher m = HEADER.matcher(monitorOutput);
    while (m.find()) {
      out.add(m.group(1) + " " + m.group(2));
    }
    return out;
  }

  private String snapshot() {
    return sh("cd " + q(dir.toString()) + " && find sys dev -path dev/.sysfs-emu -prune -o -printf '%p %y %m %l\\n' | sort").ok();
  }

  @Test
  void usbStorageUnbindAndBindThroughSysfs() throws Exception {
    String before = snapshot();
    Path drv = emu.sys().resolve("bus/usb/drivers/usb-storage");
    try (Background monitor = Background.start(List.of("java", "-jar", Emulator.jar().toString(), "monitor",
        "--dev", emu.dev().toString()))) {
      monitor.await(t -> t.contains("KERNEL - the kernel uevent"), 30);
      Thread.sleep(200);
      sh("echo 1-1:1.0 > " + q(drv + "/unbind")).ok();
      List<String> unbind = events(monitor.await(t -> events(t).contains("unbind " + IFACE), 20));
      assertEquals(List.of(
          "remove " + SDEV + "/bsg/0:0:0:0",
          "remove " + SDEV + "/scsi_generic/sg0",
          "remove " + SDEV + "/scsi_device/0:0:0:0",
          "remove " + SDEV + "/scsi_disk/0:0:0:0",
          "remove " + SDEV + "/block/sda/sda1",
          "remove " + SDEV + "/block/sda",
          "unbind " + SDEV,
          "remove " + SDEV,
          "remove " + HOST + "/target0:0:0",
          "remove " + HOST + "/scsi_host/host0",
          "remove " + HOST,
          "unbind " + IFACE), unbind, "usb_stor_disconnect -> scsi_remove_host, then the driver core's unbind");
      for (String n : NODES) {
        assertFalse(Files.exists(emu.dev().resolve(n)), "/dev/" + n + " is gone");
      }
      assertFalse(Files.exists(emu.sys().resolve("block/sda")));
      assertFalse(Files.exists(drv.resolve("1-1:1.0")));
      assertTrue(Files.isDirectory(emu.sys().resolve(IFACE.substring(1))), "the interface stays");

      sh("echo 1-1:1.0 > " + q(drv + "/bind")).ok();
      List<String> all = events(monitor.await(t -> events(t).contains("bind " + SDEV), 20));
      assertEquals(List.of(
          "add " + HOST,
          "add " + HOST + "/scsi_host/host0",
          "bind " + IFACE,
          "add " + HOST + "/target0:0:0",
          "add " + SDEV,
          "add " + SDEV + "/scsi_disk/0:0:0:0",
          "add " + SDEV + "/scsi_device/0:0:0:0",
          "add " + SDEV + "/scsi_generic/sg0",
          "add " + SDEV + "/bsg/0:0:0:0",
          "add " + SDEV + "/block/sda",
          "add " + SDEV + "/block/sda/sda1",
          "bind " + SDEV), all.subList(unbind.size(), all.size()), "usb_stor_probe: host, bind, then the scan");
    }
    for (String n : NODES) {
      assertTrue(Files.exists(emu.dev().resolve(n)), "/dev/" + n + " is back");
    }
    assertEquals(before, snapshot(), "the tree and /dev are as before");
  }

  @Test
  void renamingABlockDeviceIsRefusedAndEth0CanBeRenamed() throws Exception {
    String before = snapshot();
    String ctl = emu.dev() + "/.sysfs-emu/";
    Shell.Result r = sh("bash -c " + q("echo " + SDEV + "/block/sda sdz > " + q(ctl + "rename")));
    assertNotEquals(0, r.exit());
    assertTrue(r.err().contains("Operation not permitted"), r.err());
    assertEquals(before, snapshot(), "nothing renamed");

    String eth0 = "/devices/pci0000:00/0000:00:03.0/net/eth0";
    sh("echo " + eth0 + " enp0s3 > " + q(ctl + "rename")).ok();
    try {
      assertEquals("../../devices/pci0000:00/0000:00:03.0/net/enp0s3",
          sh("readlink " + q(emu.sys() + "/class/net/enp0s3")).ok().trim());
      assertEquals("INTERFACE=enp0s3\nIFINDEX=2\n", sh("cat " + q(emu.sys() + "/class/net/enp0s3/uevent")).ok());
      assertEquals("eth0 missing", sh("ls " + q(emu.sys() + "/class/net") + " | grep -x eth0 || echo eth0 missing").ok().trim());
    } finally {
      sh("echo /devices/pci0000:00/0000:00:03.0/net/enp0s3 eth0 > " + q(ctl + "rename")).ok();
    }
    assertEquals(before, snapshot());
  }
}
