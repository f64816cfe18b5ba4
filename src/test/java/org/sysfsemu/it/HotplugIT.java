package org.sysfsemu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sysfsemu.it.Shell.q;
import static org.sysfsemu.it.Shell.sh;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sysfsemu.driver.DeviceSpec;
import org.sysfsemu.loader.TreeLoader;
import org.sysfsemu.testing.CReader;

/**
 * Runtime hotplug on the real product: {@code sysfs-emu plug/unplug} while {@code sysfs-emu
 * monitor} runs, the same with plain shell commands, {@code settle} with a slow helper, and bad
 * input leaving the tree, /dev and SEQNUM unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HotplugIT {
  private static final Pattern HEADER =
      Pattern.compile("(?m)^KERNEL\\[\\d+\\.\\d{6}\\] (\\S+)\\s+(\\S+) \\((\\S+)\\)$");
  @TempDir static Path dir;
  private Emulator emu;
  private Path sys;
  private Path dev;
  private Path helperLog;

  @BeforeAll
  void start() throws Exception {
    helperLog = dir.resolve("helper.log");
    Path helper = dir.resolve("slow-helper.sh");
    Files.writeString(helper, "#!/bin/sh\n[ \"$ACTION\" = change ] && sleep 2\necho \"$SEQNUM\" >> " + helperLog + "\n");
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
    emu = Emulator.start(dir, "--helper", helper.toString());
    sys = emu.sys();
    dev = emu.dev();
  }

  @AfterAll
  void stop() throws Exception {
    emu.stop();
  }

  private Shell.Result cli(String... args) {
    StringBuilder cmd = new StringBuilder("java -jar " + q(Emulator.jar().toString()));
    for (String a : args) {
      cmd.append(' ').append(q(a));
    }
    return sh(cmd.toString());
  }

  private long seqnum() {
    return Long.parseLong(sh("cat " + sys + "/kernel/uevent_seqnum").ok().trim());
  }

  /** Everything visible in both mounts (paths, types, modes, link targets, node numbers). */
  private String snapshot() {
    return sh("cd " + q(dir.toString()) + " && find sys dev -path dev/.sysfs-emu -prune -o -printf '%p %y %m %l\\n' | sort"
        + " && ls -ln dev | awk '{print $1, $5, $6, $NF}'").ok();
  }

  /** The stick's devices, parents first, from the built-in scenario. */
  private static List<DeviceSpec> stick() throws Exception {
    try (InputStream in = HotplugIT.class.getResourceAsStream("/org/sysfsemu/scenarios/usb-stick.umockdev")) {
      return TreeLoader.parse("usb-stick", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
    }
  }

  /** "action devpath" per event in the monitor's output. */
  private static List<String> events(String monitorOutput) {
    List<String> out = new ArrayList<>();
    Matcher m = HEADER.matcher(monitorOutput);
    while (m.find()) {
      out.add(m.group(1) + " " + m.group(2));
    }
    return out;
  }

  private List<String> plugAndUnplug(Runnable plug, Runnable unplug, List<DeviceSpec> stick) throws Exception {
    try (Background monitor = Background.start(List.of("java", "-jar", Emulator.jar().toString(), "monitor",
        "--dev", dev.toString()))) {
      monitor.await(t -> t.contains("KERNEL - the kernel uevent"), 30);
      Thread.sleep(200);
      plug.run();
      String last = stick.get(stick.size() - 1).devpath();
      monitor.await(t -> events(t).stream().anyMatch(e -> e.endsWith(" " + last)), 20);
      Path sdb1 = dev.resolve(Path.of(stick.stream().filter(s -> "partition".equals(s.devtype())).findFirst()
          .orElseThrow().devnodeName()));
      assertTrue(Files.exists(sdb1), "the partition's node appeared: " + sdb1);
      plug.run(); // refused: already plugged
      unplug.run();
      String root = stick.get(0).devpath();
      return events(monitor.await(t -> events(t).contains("remove " + root), 20));
    }
  }

  @Test
  void pluggingTheStickWithTheCliAndWithTheShellGivesTheKernelsEventsInOrder() throws Exception {
    List<DeviceSpec> stick = stick();
    String before = snapshot();
    List<String> viaCli = plugAndUnplug(() -> {
      Shell.Result r = cli("plug", "usb-stick", "--dev", dev.toString());
      assertTrue(r.exit() == 0 || r.err().contains("already plugged"), r.err());
    }, () -> cli("unplug", "usb-stick", "--dev", dev.toString()).ok(), stick);
    assertEquals(before, snapshot(), "the tree is as before the plug");
    List<String> viaShell = plugAndUnplug(() -> sh("echo usb-stick > " + q(dev + "/.sysfs-emu/plug")),
        () -> sh("echo usb-stick > " + q(dev + "/.sysfs-emu/unplug")).ok(), stick);
    assertEquals(before, snapshot(), "the tree is as before the plug");
    assertEquals(viaCli, viaShell, "the shell and the CLI give the same events");
    assertEquals(viaCli.size(), new java.util.HashSet<>(viaCli).size(), "the refused second plugs sent nothing: "
        + viaCli);

    // the kernel's order: adds parents first, each bind after its device's add; unbind before remove, children first
    List<String> devpaths = stick.stream().map(DeviceSpec::devpath).toList();
    List<String> adds = viaCli.stream().filter(e -> e.startsWith("add ")).map(e -> e.substring(4)).toList();
    assertEquals(devpaths, adds.stream().filter(devpaths::contains).toList(), "every device added, parents first");
    List<String> removes = viaCli.stream().filter(e -> e.startsWith("remove ")).map(e -> e.substring(7)).toList();
    List<String> reversed = new ArrayList<>(devpaths);
    java.util.Collections.reverse(reversed);
    assertEquals(devpaths.size(), removes.size());
    for (String d : devpaths) {
      for (String other : devpaths) {
        if (other.startsWith(d + "/")) {
          assertTrue(removes.indexOf(other) < removes.indexOf(d), other + " removed before its parent " + d);
        }
      }
    }
    for (DeviceSpec s : stick) {
      if (s.driver() != null) {
        int add = viaCli.indexOf("add " + s.devpath());
        int bind = viaCli.indexOf("bind " + s.devpath());
        int unbind = viaCli.indexOf("unbind " + s.devpath());
        int remove = viaCli.indexOf("remove " + s.devpath());
        assertTrue(add >= 0 && bind > add, "bind after add: " + s.devpath());
        assertTrue(unbind > bind && remove > unbind, "unbind before remove: " + s.devpath());
      }
    }
  }

  @Test
  void settleReturnsOnlyAfterTheSlowHelperOfTheLastEventExited() throws Exception {
    String nullDev = "/devices/virtual/mem/null";
    sh("echo change > " + q(sys + nullDev + "/uevent")).ok();
    long seq = seqnum();
    Shell.Result settle = cli("settle", "--dev", dev.toString());
    assertEquals(0, settle.exit(), settle.err());
    assertTrue(Files.readAllLines(helperLog).contains(Long.toString(seq)),
        "the helper of SEQNUM " + seq + " (which sleeps 2 s) had exited when settle returned");
  }

  @Test
  void badInputIsRefusedAndChangesNothing() throws Exception {
    String before = snapshot();
    long seq = seqnum();
    String eth0 = "/" + sys.relativize(Path.of(sh("readlink -f " + q(sys + "/class/net/eth0")).ok().trim()));
    Path dup = dir.resolve("dup.umockdev");
    Files.writeString(dup, "P: " + eth0 + "\nE: SUBSYSTEM=net\nE: INTERFACE=eth0\n\n");
    Path bad = dir.resolve("bad.umockdev");
    Files.writeString(bad, "P: /devices/virtual/misc/new\nX: nonsense\n\n");
    String[][] cases = {
        {"remove", "/devices/no/such/device"},
        {"add", dup.toString()},
        {"add", bad.toString()},
        {"rename", eth0, "lo"},
        {"set", "/devices/nope", "size", "1"},
        {"plug", "no-such-scenario"},
        {"unplug", "usb-stick"},
    };
    for (String[] c : cases) {
      List<String> args = new ArrayList<>(List.of(c));
      args.add("--dev");
      args.add(dev.toString());
      Shell.Result r = cli(args.toArray(String[]::new));
      assertEquals(1, r.exit(), String.join(" ", c) + " fails: " + r.err());
      assertTrue(r.err().startsWith("sysfs-emu " + c[0] + ": ") && r.err().lines().count() == 1,
          "one line naming the problem: " + r.err());
    }
    Shell.Result unknownDriver = sh("echo 0000:00:03.0 > " + q(sys + "/bus/pci/drivers/no-such-driver/bind"));
    assertNotEquals(0, unknownDriver.exit());
    Shell.Result badBind = sh("bash -c 'echo no-such-device > " + sys + "/bus/pci/drivers/e1000/bind'");
    assertTrue(badBind.err().contains("No such device"), badBind.err());
    assertEquals(2, cli("plug", "usb-stick", "--delay", "-5", "--dev", dev.toString()).exit());
    assertEquals(before, snapshot(), "tree and /dev unchanged");
    assertEquals(seq, seqnum(), "SEQNUM unchanged");
    assertFalse(sh("cat " + q(dev + "/.sysfs-emu/status")).ok().startsWith("ok"));
  }

  private static List<String> fields(CReader.Item item) {
    assertEquals("D", item.kind());
    return List.of(item.text().split("\0"));
  }

  @Test
  void renameBindUnbindSetAndChangeAsADriverWouldThroughTheMounts() throws Exception {
    String eth0 = "/" + sys.relativize(Path.of(sh("readlink -f " + q(sys + "/class/net/eth0")).ok().trim()));
    String pci = eth0.substring(0, eth0.indexOf("/net/"));
    String sda = "/" + sys.relativize(Path.of(sh("readlink -f " + q(sys + "/class/block/sda")).ok().trim()));
    String intf = sda.substring(0, sda.indexOf("/host0"));
    try (CReader r = CReader.start(dev.resolve("uevent").toString())) {
      cli("rename", sys + "/class/net/eth0", "enp0s3", "--dev", dev.toString()).ok();
      List<String> move = fields(r.next(10));
      assertEquals("move@" + pci + "/net/enp0s3", move.get(0));
      assertTrue(move.contains("DEVPATH_OLD=" + eth0), move.toString());
      assertTrue(move.contains("INTERFACE=enp0s3"), move.toString());
      assertTrue(Files.isSymbolicLink(sys.resolve("class/net/enp0s3")));
      assertFalse(Files.exists(sys.resolve("class/net/eth0"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
      Shell.Result onto = cli("rename", pci + "/net/enp0s3", "lo", "--dev", dev.toString());
      assertEquals(1, onto.exit(), "rename onto an existing name is refused: " + onto.err());
      cli("rename", pci + "/net/enp0s3", "eth0", "--dev", dev.toString()).ok();
      assertEquals("move@" + eth0, fields(r.next(10)).get(0));

      String name = intf.substring(intf.lastIndexOf('/') + 1);
      sh("echo " + name + " > " + q(sys + "/bus/usb/drivers/usb-storage/unbind")).ok();
      List<String> unbind = until(r, "unbind@" + intf); // after usb-storage's remove() took the SCSI host away
      assertFalse(Files.exists(sys.resolve(sda.substring(1))), "the disk went with the SCSI host");
      assertTrue(unbind.stream().noneMatch(f -> f.startsWith("DRIVER=") || f.startsWith("MODALIAS=")), unbind.toString());
      assertFalse(Files.exists(sys.resolve(intf.substring(1) + "/driver"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
      sh("echo " + name + " > " + q(sys + "/bus/usb/drivers/usb-storage/bind")).ok();
      List<String> bind = until(r, "bind@" + intf); // after the probe added the SCSI host again
      until(r, "bind@" + sda.substring(0, sda.indexOf("/block/"))); // the scan's devices, up to sd's bind
      assertTrue(bind.contains("DRIVER=usb-storage"), bind.toString());
      assertEquals("../../../../../../bus/usb/drivers/usb-storage",
          sh("readlink " + q(sys + intf + "/driver")).ok().trim());

      cli("set", sys + "/class/block/sda", "size", "0", "--dev", dev.toString()).ok();
      assertEquals("0\n", sh("cat " + q(sys + sda + "/size")).ok(), "readers see the new value");
      cli("change", sda, "DISK_MEDIA_CHANGE=1", "--dev", dev.toString()).ok();
      List<String> change = fields(r.next(10));
      assertEquals("change@" + sda, change.get(0));
      assertTrue(change.contains("DISK_MEDIA_CHANGE=1"), change.toString());
      cli("set", sda, "size", "30031872", "--dev", dev.toString()).ok();
    }
  }

  /** The fields of the first event whose header is {@code header}, skipping at most 20 others. */
  private static List<String> until(CReader r, String header) throws Exception {
    for (int i = 0; i < 20; i++) {
      List<String> f = fields(r.next(10));
      if (f.get(0).equals(header)) {
        return f;
      }
    }
    throw new AssertionError("no " + header);
  }

  @Test
  void triggerWritesTheActionToEveryMatchingDeviceParentsFirst() throws Exception {
    String sda = "/" + sys.relativize(Path.of(sh("readlink -f " + q(sys + "/class/block/sda")).ok().trim()));
    long before = seqnum();
    Shell.Result dry = cli("trigger", "--sys", sys.toString(), "--subsystem-match", "block", "--dry-run");
    assertEquals(sys + sda + "\n" + sys + sda + "/sda1\n", dry.ok());
    assertEquals(before, seqnum(), "--dry-run sends nothing");
    try (CReader r = CReader.start(dev.resolve("uevent").toString())) {
      Shell.Result run = cli("trigger", "--sys", sys.toString(), "-s", "block", "--attr-match", "partition=1",
          "--action", "add", "--verbose");
      assertEquals(sys + sda + "/sda1\n", run.ok());
      List<String> add = fields(r.next(10));
      assertEquals("add@" + sda + "/sda1", add.get(0));
      assertTrue(add.contains("SYNTH_UUID=0"), add.toString());
      cli("trigger", "--sys", sys.toString(), "--sysname-match", "event*", "--subsystem-nomatch", "block").ok();
      List<String> events = List.of(fields(r.next(10)).get(0), fields(r.next(10)).get(0));
      assertTrue(events.stream().allMatch(e -> e.startsWith("change@") && e.matches(".*/event[0-9]+")), events.toString());
      sh("echo change > " + q(sys + sda + "/uevent")).ok();
      assertEquals("change@" + sda, fields(r.next(10)).get(0), "the triggers sent nothing more");
    }
  }

  @Test
  void badCommandsWrittenFromTheShellFailTheWriteWithTheKernelsErrno() throws Exception {
    String before = snapshot();
    long seq = seqnum();
    String ctl = dev + "/.sysfs-emu/";
    String[][] cases = {
        {"echo /devices/no/such > " + q(ctl + "remove"), "No such device", "error: no device at /devices/no/such"},
        {"echo no-such-scenario > " + q(ctl + "plug"), "No such file or directory", "error: no scenario 'no-such-scenario'"},
        {"printf 'P: /devices/virtual/misc/x\\nQ: y\\n\\n' > " + q(ctl + "add"), "Invalid argument", "error: add:2: "},
        {"echo /devices/virtual/mem/null > " + q(ctl + "rename"), "Invalid argument", "error: usage: DEVPATH NEWNAME"},
        {"echo usb-stick delay=-1 > " + q(ctl + "plug"), "Invalid argument", "error: usage: NAME|FILE [delay=MS]"},
    };
    for (String[] c : cases) {
      Shell.Result r = sh("bash -c " + q(c[0]));
      assertNotEquals(0, r.exit(), c[0]);
      assertTrue(r.err().contains(c[1]), c[0] + ": " + r.err());
      String status = sh("cat " + q(ctl + "status")).ok();
      assertTrue(status.startsWith(c[2]), c[0] + ": " + status);
    }
    assertEquals(before, snapshot(), "tree and /dev unchanged");
    assertEquals(seq, seqnum(), "SEQNUM unchanged");
  }

  @Test
  void addAndRemoveRecordsWithTheCli() throws Exception {
    String before = snapshot();
    Path file = dir.resolve("full.umockdev");
    Files.writeString(file, "P: /devices/virtual/mem/full\nN: full\nE: DEVNAME=/dev/full\nE: MAJOR=1\n"
        + "E: MINOR=7\nE: DEVMODE=0666\nE: SUBSYSTEM=mem\nA: dev=1:7\\n\n");
    assertEquals("added 1 devices\n", cli("add", file.toString(), "--dev", dev.toString()).ok());
    assertEquals("character special file 1:7 666\n", sh("stat -c '%F %Hr:%Lr %a' " + q(dev + "/full")).ok());
    assertEquals("../../devices/virtual/mem/full\n", sh("readlink " + q(sys + "/class/mem/full")).ok());
    assertEquals("removed /devices/virtual/mem/full\n",
        cli("remove", sys + "/class/mem/full", "--dev", dev.toString()).ok());
    assertEquals(before, snapshot(), "the node and the links went with the device");
  }
}
