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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The /dev mount of {@code sysfs-emu mount} with the default tree, driven by real shell tools: the
 * uevent control node as {@code cat} sees it, Ctrl-C on a blocked reader, devtmpfs nodes of the
 * default tree, nodes following devices out and in, and what users may create there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DevMountIT {
  @TempDir static Path dir;
  private Emulator emu;
  private Path sys;
  private Path dev;

  @BeforeAll
  void start() throws Exception {
    emu = Emulator.start(dir);
    sys = emu.sys();
    dev = emu.dev();
  }

  @AfterAll
  void stop() throws Exception {
    emu.stop();
    assertFalse(Emulator.isMounted(dev), "/dev unmounted after SIGTERM");
    assertFalse(Emulator.isMounted(sys), "/sys unmounted after SIGTERM");
  }

  private String devpath(String classLink) {
    return "/" + sys.relativize(Path.of(sh("readlink -f " + q(sys + "/" + classLink)).ok().trim()));
  }

  private long seqnum() {
    return Long.parseLong(sh("cat " + sys + "/kernel/uevent_seqnum").ok().trim());
  }

  @Test
  void catOfTheControlNodeShowsTheKernelEventAndCtrlCEndsIt() throws Exception {
    String sda1 = devpath("class/block/sda1");
    List<String> uevent = sh("cat " + q(sys + sda1 + "/uevent")).ok().lines().toList();
    try (Background cat = Background.sh("cat " + q(dev + "/uevent") + " | stdbuf -o0 tr '\\0' '\\n'");
        Background raw = Background.start(List.of("cat", dev + "/uevent"))) {
      Thread.sleep(300); // both readers are open (each open is a subscriber from then on)
      long before = seqnum();
      sh("echo add > " + q(sys + sda1 + "/uevent")).ok();
      long seq = seqnum(); // the kernel's number when a sandbox injects the event (docs/sandbox.md)
      assertTrue(seq > before, "one event, one new SEQNUM");
      List<String> expected = new ArrayList<>(List.of("add@" + sda1, "ACTION=add", "DEVPATH=" + sda1,
          "SUBSYSTEM=block", "SYNTH_UUID=0"));
      expected.addAll(uevent);
      expected.add("SEQNUM=" + seq);
      String out = cat.await(t -> t.contains("SEQNUM="), 10);
      assertEquals(expected, out.lines().toList());
      assertEquals(String.join("\0", expected) + "\0", raw.await(t -> t.endsWith("SEQNUM=" + seq + "\0"), 10));

      raw.kill("INT");
      assertTrue(raw.process().waitFor(1, TimeUnit.SECONDS), "cat ends at once on Ctrl-C (SIGINT)");
      assertEquals(130, raw.process().exitValue(), "cat was killed by SIGINT");
    }
  }

  @Test
  void aReaderKilledWithSigkillWhileBlockedIsGone() throws Exception {
    try (Background cat = Background.start(List.of("cat", dev + "/uevent"))) {
      Thread.sleep(300);
      cat.kill("KILL");
      assertTrue(cat.process().waitFor(1, TimeUnit.SECONDS), "a blocked reader is not left in D state");
    }
  }

  @Test
  void defaultTreeNodesHaveTheKernelTypesNumbersAndModes() {
    String sda1 = sh("ls -l " + q(dev + "/sda1")).ok();
    assertTrue(sda1.matches("(?s)brw------- 1 \\S+ \\S+ +8, +1 .*"), sda1);
    assertEquals("block special file 8:0 600\n", sh("stat -c '%F %Hr:%Lr %a' " + q(dev + "/sda")).ok());
    assertEquals("character special file 1:3 666\n", sh("stat -c '%F %Hr:%Lr %a' " + q(dev + "/null")).ok());
    assertEquals("character special file 1:9 666\n", sh("stat -c '%F %Hr:%Lr %a' " + q(dev + "/urandom")).ok());
    assertEquals("character special file 13:64 600\n", sh("stat -c '%F %Hr:%Lr %a' " + q(dev + "/input/event0")).ok());
    assertEquals("character special file 4:64 600\n", sh("stat -c '%F %Hr:%Lr %a' " + q(dev + "/ttyS0")).ok());
    assertEquals("character special file 189:0 600\n", sh("stat -c '%F %Hr:%Lr %a' " + q(dev + "/bus/usb/001/001")).ok());
    assertEquals("directory 755\n", sh("stat -c '%F %a' " + q(dev + "/bus/usb/001")).ok());
    assertEquals("regular empty file 666\n", sh("stat -c '%F %a' " + q(dev + "/uevent")).ok());
  }

  @Test
  void deviceNodesCannotBeOpened() {
    Shell.Result r = sh("head -c 1 " + q(dev + "/null"));
    assertNotEquals(0, r.exit());
    assertTrue(r.err().contains("Permission denied"), r.err());
  }

  @Test
  void nodesFollowDevicesOutAndUserFilesStay() throws Exception {
    String ttyS0 = devpath("class/tty/ttyS0");
    String record = sh("cat " + q(sys + ttyS0 + "/uevent")).ok();
    sh("mkdir " + q(dev + "/mine") + " && mknod " + q(dev + "/mine/node") + " c 4 64"
        + " && ln -s ../ttyS0 " + q(dev + "/mine/serial") + " && chmod 0640 " + q(dev + "/mine/node")).ok();
    assertEquals("character special file 4:64 640\n", sh("stat -c '%F %Hr:%Lr %a' " + q(dev + "/mine/node")).ok());
    long before = seqnum();
    sh("echo " + q(ttyS0) + " > " + q(dev + "/.sysfs-emu/remove")).ok();
    assertFalse(Files.exists(dev.resolve("ttyS0")), "the node went with the device");
    assertTrue(Files.exists(dev.resolve("mine/node")), "a user-made node stays");
    assertTrue(Files.isSymbolicLink(dev.resolve("mine/serial")), "a user-made link stays");
    assertTrue(seqnum() > before, "remove sent events");

    String records = "P: " + ttyS0 + "\n" + record.lines().map(l -> "E: " + l + "\n").reduce("", String::concat)
        + "E: SUBSYSTEM=tty\n\n";
    Path file = dir.resolve("ttyS0.umockdev");
    Files.writeString(file, records);
    sh("cat " + q(file.toString()) + " > " + q(dev + "/.sysfs-emu/add")).ok();
    assertEquals("character special file 4:64 600\n", sh("stat -c '%F %Hr:%Lr %a' " + q(dev + "/ttyS0")).ok());
    sh("rm -r " + q(dev + "/mine")).ok();
  }

  @Test
  void writesOfBadOptionLinesAreRefusedWithEinval() {
    Shell.Result r = sh("exec 3<>" + q(dev + "/uevent") + "; dd of=/dev/fd/3 bs=64 status=none <<'EOF'\ngroups=0\nEOF");
    assertNotEquals(0, r.exit());
    assertTrue(r.err().contains("Invalid argument"), r.err());
  }

  @Test
  void monitorPrintsFilteredEventsWithPropertiesLikeUdevadm() throws Exception {
    String sda = devpath("class/block/sda");
    try (Background monitor = Background.start(List.of("java", "-jar", Emulator.jar().toString(), "monitor",
        "--dev", dev.toString(), "--property", "--subsystem-match", "block", "--count", "1"))) {
      monitor.await(t -> t.contains("KERNEL - the kernel uevent"), 30);
      Thread.sleep(200);
      sh("echo change > " + q(sys + "/devices/virtual/mem/null/uevent")).ok();
      sh("echo change > " + q(sys + sda + "/uevent")).ok();
      long seq = seqnum(); // the sda event's number (the kernel's, with the sandbox)
      assertTrue(monitor.process().waitFor(20, TimeUnit.SECONDS), "--count 1 ends the monitor");
      String out = monitor.text();
      assertFalse(out.contains("/mem/null"), "the mem event was filtered out:\n" + out);
      List<String> lines = out.lines().toList();
      int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("KERNEL[")).findFirst().orElseThrow());
      assertTrue(lines.get(header).matches("KERNEL\\[\\d+\\.\\d{6}\\] change   " + java.util.regex.Pattern.quote(sda)
          + " \\(block\\)"), lines.get(header));
      assertEquals(List.of("ACTION=change", "DEVPATH=" + sda, "SUBSYSTEM=block", "SYNTH_UUID=0", "MAJOR=8", "MINOR=0",
          "DEVNAME=sda", "DEVTYPE=disk", "DISKSEQ=9", "SEQNUM=" + seq, ""),
          lines.subList(header + 1, header + 12));
    }
  }

  @Test
  void theDefaultTreesDerivedEntriesThroughTheMount() {
    assertEquals("block\nbus\nclass\ndev\ndevices\nfirmware\nfs\nhypervisor\nkernel\nmodule\npower\n", sh("ls " + q(sys.toString())).ok());
    assertEquals("52:54:00:12:34:56\n", sh("cat " + q(sys + "/class/net/eth0/address")).ok());
    String stick = "devices/pci0000:00/0000:00:14.0/usb1/1-1";
    String sda1 = stick + "/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda/sda1";
    assertEquals("../../" + sda1 + "\n", sh("readlink " + q(sys + "/class/block/sda1")).ok());
    assertEquals("../../" + sda1 + "\n", sh("readlink " + q(sys + "/dev/block/8:1")).ok());
    assertEquals("../../../../" + stick + "/1-1:1.0\n",
        sh("readlink " + q(sys + "/bus/usb/drivers/usb-storage/1-1:1.0")).ok());
    assertEquals("../../../../../../bus/usb/drivers/usb-storage\n", sh("readlink " + q(sys + "/" + stick + "/1-1:1.0/driver")).ok());
    assertEquals("../".repeat(12) + "class/block\n", sh("readlink " + q(sys + "/" + sda1 + "/subsystem")).ok());
    assertEquals("MAJOR=8\nMINOR=1\nDEVNAME=sda1\nDEVTYPE=partition\nDISKSEQ=9\nPARTN=1\n",
        sh("cat " + q(sys + "/dev/block/8:1/uevent")).ok());
    assertEquals("8:1\n", sh("cat " + q(sys + "/class/block/sda1/dev")).ok());
    assertEquals("e1000\n", sh("basename $(readlink " + q(sys + "/class/net/eth0/device/driver") + ")").ok());
    assertEquals("ttyS0\n", sh("ls " + q(sys + "/devices/platform/serial8250/tty")).ok());
  }
}
