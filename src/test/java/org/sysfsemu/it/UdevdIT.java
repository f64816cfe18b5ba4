package org.sysfsemu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sysfsemu.it.Shell.q;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sysfsemu.SysfsEmu;
import org.sysfsemu.udevd.Coldplug;

/**
 * The system's systemd-udevd running the user's rules against the emulated devices: {@code
 * sysfs-emu run --udevd --rules DIR}.
 */
class UdevdIT {
  private static final String MYSTICK =
      "SUBSYSTEM==\"block\", ENV{ID_BUS}==\"usb\", ENV{DEVTYPE}==\"partition\", SYMLINK+=\"mystick\"\n";
  @TempDir Path dir;
  private Path rules;

  @BeforeEach
  void rules() throws Exception {
    rules = dir.resolve("rules");
    Files.createDirectories(rules);
    Files.writeString(rules.resolve("99-mystick.rules"), MYSTICK);
  }

  private static Shell.Result run(String... words) {
    return UdevDbIT.run(words);
  }

  @Test
  void theAcceptanceCommandPrintsThePartitionsNode() {
    Shell.Result r = run("--udevd", "--rules", q(rules.toString()), "--", "sh", "-c",
        q("sysfs-emu plug usb-stick && udevadm settle && readlink -f /dev/mystick"));
    assertEquals("plugged usb-stick (12 devices)\n/dev/sdb1\n", r.ok());
  }

  @Test
  void udevdsEventsLinksRunProgramsAndTools() throws Exception {
    Path script = dir.resolve("on-add.sh");
    Files.writeString(script, "#!/bin/sh\necho \"$ACTION $DEVNAME $(cat /sys$DEVPATH/dev)\" >> /run/on-add.log\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(rules.resolve("90-run.rules"), "ACTION==\"add\", SUBSYSTEM==\"block\", ENV{DEVTYPE}==\"partition\","
        + " ENV{ID_BUS}==\"usb\", RUN+=\"" + script + "\"\n");
    String inside = String.join("\n",
        "udevadm monitor --udev --property --subsystem-match=block > /run/monitor.out 2>&1 &",
        "m=$!",
        "sleep 1",
        "echo usb-stick > /dev/.sysfs-emu/plug",
        "udevadm settle",
        "echo \"mystick $(readlink -f /dev/mystick)\"",
        "echo \"by-id $(readlink /dev/disk/by-id/usb-SanDisk_Cruzer_Blade_4C530001240825114224-0:0-part1)\"",
        "sleep 0.5",
        "kill $m",
        "cat /run/on-add.log",
        "udevadm control --reload && echo reload ok",
        "udevadm trigger --settle --action=change /sys/class/block/sdb1 && echo trigger ok",
        "udevadm test /sys/class/block/sdb1 2>&1 | grep -q mystick && echo test mentions mystick",
        "grep -q ID_SERIAL=SanDisk_Cruzer_Blade_4C530001240825114224-0:0 /run/udev/data/b8:17 && echo db ok",
        "echo usb-stick > /dev/.sysfs-emu/unplug",
        "udevadm settle",
        "echo \"after unplug $(readlink -f /dev/mystick)\"",
        "echo ---",
        "cat /run/monitor.out");
    String out = run("--udevd", "--rules", q(rules.toString()), "--", "sh", "-c", q(inside)).ok();
    String head = out.substring(0, out.indexOf("---\n"));
    assertEquals(String.join("\n",
        "mystick /dev/sdb1",
        "by-id ../../sdb1",
        "add /dev/sda1 8:1",
        "add /dev/sdb1 8:17",
        "reload ok",
        "trigger ok",
        "test mentions mystick",
        "db ok",
        "after unplug /dev/sda1", // the default tree's own stick matches the rule too: the link goes back to it
        ""), head);
    String monitor = out.substring(out.indexOf("---\n") + 4);
    Matcher adds = Pattern.compile("(?m)^UDEV  \\[[0-9.]+\\] add +(\\S+/sdb1) \\(block\\)$").matcher(monitor);
    assertTrue(adds.find(), monitor);
    assertFalse(adds.find(), "one UDEV message per event: the emulator sends none of its own\n" + monitor);
    String sdb1Add = monitor.substring(monitor.indexOf("/sdb1 (block)"));
    sdb1Add = sdb1Add.substring(0, sdb1Add.indexOf("\n\n"));
    assertTrue(sdb1Add.contains("\nDEVLINKS=") && sdb1Add.contains("/dev/mystick"), sdb1Add);
    assertTrue(sdb1Add.contains("\nID_SERIAL=SanDisk_Cruzer_Blade_4C530001240825114224-0:0\n"), sdb1Add);
  }

  @Test
  void theColdplugTriggersTheDevicesUdevadmTriggers() throws Exception {
    Path tree = dir.resolve("order.umockdev");
    StringBuilder t = new StringBuilder();
    for (String p : List.of("platform/a-x", "platform/a/b", "platform/a", "virtual/block/md0", "platform/a.b",
        "virtual/block/loop0", "platform/z")) {
      t.append("P: /devices/").append(p).append("\nE: SUBSYSTEM=").append(p.contains("block") ? "block" : "platform")
          .append("\n\n");
    }
    Files.writeString(tree, t.toString());
    for (String source : List.of("default", tree.toString())) {
      List<String> ours;
      SysfsEmu.Builder b = SysfsEmu.builder();
      try (SysfsEmu emu = (source.equals("default") ? b.defaultTree() : b.tree(Path.of(source))).start()) {
        ours = Coldplug.order(emu.kernel().core().devices()).stream().map(d -> "/sys" + d.devpath()).toList();
      }
      String treeOption = source.equals("default") ? "" : "--tree " + q(source);
      String udevadm = run(treeOption, "--", "udevadm trigger --dry-run --verbose --type=devices --action=add").ok();
      assertEquals(udevadm.lines().toList(), ours, source);
    }
  }

  @Test
  void unplugRemovesTheLink() {
    String inside = "echo usb-stick > /dev/.sysfs-emu/plug && udevadm settle && readlink /dev/mystick"
        + " && echo usb-stick > /dev/.sysfs-emu/unplug && udevadm settle && ls /dev/mystick";
    Shell.Result r = run("--udevd", "--empty", "--rules", q(rules.toString()), "--", "sh", "-c", q(inside));
    assertEquals("sdb1\n", r.out());
    assertTrue(r.err().lines().anyMatch("ls: cannot access '/dev/mystick': No such file or directory"::equals), r.err());
  }

  @Test
  void aRulesSyntaxErrorIsReportedWithUdevdsOwnMessage() throws Exception {
    Files.writeString(rules.resolve("50-bad.rules"), "SUBSYSTEM==\"block\", FROBNICATE=\"yes\"\n");
    Shell.Result r = run("--udevd", "--rules", q(rules.toString()), "--", "sh", "-c",
        q("grep -c 50-bad.rules /run/sysfs-emu/udevd.log"));
    assertEquals("1\n", r.out(), r.err());
    List<String> lines = r.err().lines().filter(l -> l.startsWith("sysfs-emu run: udevd reports")).toList();
    assertEquals(List.of("sysfs-emu run: udevd reports a problem in the rules: /etc/udev/rules.d/50-bad.rules:1"
        + " Invalid key 'FROBNICATE'"), lines, r.err());
  }

  @Test
  void mountWithUdevdServesUntilUdevdEnds() throws Exception {
    Emulator emu = Emulator.start(dir, "--udevd", "--rules", rules.toString());
    try {
      String enter = "java -jar " + q(Emulator.jar().toString()) + " enter --dev " + q(emu.dev().toString()) + " -- sh -c ";
      String out = Shell.sh(enter + q("echo usb-stick > /dev/.sysfs-emu/plug && udevadm settle && readlink /dev/mystick"
          + " && udevadm info -q symlink /dev/sdb1")).ok();
      assertTrue(out.startsWith("sdb1\n") && out.contains("mystick"), out);
      Shell.sh(enter + q("kill -KILL $(pidof systemd-udevd)")).ok();
      assertTrue(emu.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "mount ends when udevd does");
      assertEquals(1, emu.process().exitValue());
      emu.awaitLine("sysfs-emu mount: systemd-udevd ended unexpectedly (killed by signal 9)", 5);
      assertFalse(Emulator.isMounted(emu.sys()));
      assertFalse(Emulator.isMounted(emu.dev()));
    } finally {
      emu.stop();
    }
  }

  @Test
  void udevdCrashingEndsRunAndLeavesNothing() throws Exception {
    Path sys = dir.resolve("sys");
    Path dev = dir.resolve("dev");
    long t0 = System.nanoTime();
    Shell.Result r = run("--udevd", "--sys", q(sys.toString()), "--dev", q(dev.toString()), "--", "sh", "-c",
        q("cat /dev/.sysfs-emu/sandbox; kill -SEGV $(pidof systemd-udevd); sleep 60; echo not-stopped"));
    long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(seconds < 40, "ended after " + seconds + " s");
    assertFalse(r.out().contains("not-stopped"), r.out());
    assertTrue(r.err().contains("sysfs-emu run: systemd-udevd ended unexpectedly (killed by signal 11);"
        + " its log is /run/sysfs-emu/udevd.log in the sandbox"), r.err());
    long init = Long.parseLong(r.out().lines().findFirst().orElseThrow().strip());
    Path proc = Path.of("/proc", Long.toString(init), "stat");
    for (int i = 0; i < 100 && Files.exists(proc) && !Files.readString(proc).contains(") Z "); i++) {
      Thread.sleep(100);
    }
    assertTrue(!Files.exists(proc) || Files.readString(proc).contains(") Z "), "the sandbox's init is gone");
    assertFalse(Emulator.isMounted(sys), "nothing left mounted");
    assertFalse(Emulator.isMounted(dev));
  }
}
