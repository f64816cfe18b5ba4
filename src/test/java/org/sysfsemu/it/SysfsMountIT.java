package org.sysfsemu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sysfsemu.it.Shell.q;
import static org.sysfsemu.it.Shell.sh;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sysfsemu.testing.TestData;

/**
 * The real product, mounted: {@code sysfs-emu mount} with the devices recorded from a real machine
 * and a helper script that records what it is run with, driven by real shells. Checks every row
 * of docs/linux-reference.md §7.2, the golden uevent files and events, the helper's argv and env, the
 * seqnum, attribute permissions and sizes, and the derived links.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SysfsMountIT {
  private static final String UUID = "01234567-89ab-cdef-0123-456789abcdef";
  @TempDir static Path dir;
  private Emulator emu;
  private Path events;
  private Path sys;
  private String nullUevent;

  @BeforeAll
  void start() throws Exception {
    events = Files.createDirectory(dir.resolve("events"));
    Path helper = dir.resolve("helper.sh");
    Files.writeString(helper, "#!/bin/sh\nprintf '%s\\n' \"$0\" \"$@\" > " + events + "/$SEQNUM.argv\n"
        + "env > " + events + "/$SEQNUM.tmp && mv " + events + "/$SEQNUM.tmp " + events + "/$SEQNUM.env\n");
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
    emu = Emulator.start(dir, "--tree", TestData.kernelUevents().resolve("devices.umockdev").toString(),
        "--helper", helper.toString());
    sys = emu.sys();
    nullUevent = sys + "/devices/virtual/mem/null/uevent";
  }

  @AfterAll
  void stop() throws Exception {
    int code = emu.stop();
    assertFalse(Emulator.isMounted(sys), "unmounted after SIGTERM");
    assertTrue(code == 0 || code == 143, "exit code after SIGTERM: " + code + "\n" + emu.log());
  }

  private long seqnum() {
    return Long.parseLong(sh("cat " + sys + "/kernel/uevent_seqnum").ok().trim());
  }

  /** The env the helper got for {@code seqnum}, minus what sh itself adds. */
  private List<String> helperEnv(long seqnum) throws Exception {
    Path env = events.resolve(seqnum + ".env");
    for (int i = 0; i < 200 && !Files.exists(env); i++) {
      Thread.sleep(25);
    }
    assertTrue(Files.exists(env), "the helper ran for SEQNUM " + seqnum);
    return Files.readAllLines(env, StandardCharsets.ISO_8859_1).stream()
        .filter(l -> !l.startsWith("PWD=") && !l.startsWith("SHLVL=") && !l.startsWith("_=")).sorted().toList();
  }

  @Test
  void topLevelIsWhatTheIssueAsksFor() {
    assertEquals("block\nbus\nclass\ndev\ndevices\nfirmware\nfs\nhypervisor\nkernel\nmodule\npower\n", sh("ls " + sys).ok());
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        Arguments.of("change", null, 1), Arguments.of("change\\n", null, 1), Arguments.of("change\\0", null, 1),
        Arguments.of("add", null, 1), Arguments.of("bind", null, 1), Arguments.of("unbind", null, 1),
        Arguments.of("move", null, 1), Arguments.of("online", null, 1), Arguments.of("offline", null, 1),
        Arguments.of("remove", null, 1), Arguments.of("\\n", "Invalid argument", 0),
        Arguments.of("bogus", "Invalid argument", 0), Arguments.of("ADD", "Invalid argument", 0),
        Arguments.of("chang", "Invalid argument", 0), Arguments.of("changex", "Invalid argument", 0),
        Arguments.of("change\\n\\n", "Invalid argument", 0), Arguments.of("change\\0junk", "Invalid argument", 0),
        Arguments.of("change ", "Invalid argument", 0), Arguments.of("add 0123", "Invalid argument", 0),
        Arguments.of("add " + UUID, null, 1), Arguments.of("add " + UUID + "\\n", null, 1),
        Arguments.of("add " + UUID.toUpperCase(), null, 1), Arguments.of("add " + UUID + " a=B\\n", null, 1),
        Arguments.of("change " + UUID + " FOO=bar X1=2", null, 1),
        Arguments.of("add " + UUID + " ", "Invalid argument", 0), Arguments.of("add " + UUID + " A=", "Invalid argument", 0),
        Arguments.of("add " + UUID + " =b", "Invalid argument", 0), Arguments.of("add " + UUID + " A_B=c", "Invalid argument", 0),
        Arguments.of("add " + UUID + " A=b-c", "Invalid argument", 0),
        Arguments.of("add " + UUID + " A=b  C=d", "Invalid argument", 0),
        Arguments.of("add " + UUID + "X", "Invalid argument", 0),
        Arguments.of("add 0123456789abcdef0123456789abcdef0123", "Invalid argument", 0),
        Arguments.of("change " + UUID + " a=" + "x".repeat(1990), "Invalid argument", 0),
        Arguments.of("change " + UUID + args(56), "Cannot allocate memory", 1),
        Arguments.of("change " + UUID + args(61), "Cannot allocate memory", 0),
        Arguments.of("change " + UUID + args(64), "Invalid argument", 0));
  }

  private static String args(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(" k").append(i).append("=v");
    }
    return sb.toString();
  }

  /** docs/linux-reference.md §7.2 (and the §3.4 limits), one write(2) each, by dd. */
  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @MethodSource("rows")
  void ueventWriteTable(String bytes, String error, int seqDelta) {
    long before = seqnum();
    // The bytes go to a file first so that dd writes them with exactly one write(2).
    Path tmp = dir.resolve("bytes");
    sh("printf " + q(bytes.replace("%", "%%")) + " > " + tmp).ok();
    Shell.Result r = sh("dd if=" + tmp + " of=" + nullUevent + " bs=8192 status=none");
    if (error == null) {
      assertEquals(0, r.exit(), r.err());
    } else {
      assertEquals(1, r.exit());
      assertTrue(r.err().contains(error), r.err());
    }
    // the mount's sandbox numbers events with the kernel's global SEQNUM (docs/sandbox.md): other
    // activity on the machine may add to the step; exact steps are UEventEngineTest's
    if (seqDelta == 0) {
      assertEquals(before, seqnum(), "no SEQNUM used");
    } else {
      assertTrue(seqnum() >= before + seqDelta, "a SEQNUM used");
    }
  }

  @Test
  void emptyWriteIsAcceptedAndSendsNothing() {
    long before = seqnum();
    assertEquals(0, sh("bash -c " + q("printf '' > " + nullUevent)).exit());
    assertEquals(before, seqnum());
  }

  @Test
  void helperGetsSubsystemAndExactlyTheEventEnvironment() throws Exception {
    sh("echo change > " + nullUevent).ok();
    long n = seqnum();
    assertEquals(List.of("ACTION=change", "DEVMODE=0666", "DEVNAME=null", "DEVPATH=/devices/virtual/mem/null",
        "HOME=/", "MAJOR=1", "MINOR=3", "PATH=/sbin:/bin:/usr/sbin:/usr/bin", "SEQNUM=" + n, "SUBSYSTEM=mem",
        "SYNTH_UUID=0"), helperEnv(n));
    assertEquals(List.of(dir.resolve("helper.sh").toString(), "mem"),
        Files.readAllLines(events.resolve(n + ".argv")));
  }

  /** The golden recording: uevent files byte-exact, events (as the helper sees them) key-exact. */
  @Test
  void goldenDevicesThroughTheMount() throws Exception {
    JsonObject golden = JsonParser.parseString(Files.readString(
        TestData.kernelUevents().resolve("real-events.json"), StandardCharsets.UTF_8)).getAsJsonObject();
    for (Map.Entry<String, JsonElement> e : golden.entrySet()) {
      Path uevent = Path.of(sys + e.getKey() + "/uevent");
      String expected = e.getValue().getAsJsonObject().get("uevent").getAsString();
      assertEquals(expected, new String(Files.readAllBytes(uevent), StandardCharsets.ISO_8859_1), e.getKey());
      long before = seqnum();
      sh("echo change > " + q(uevent.toString())).ok();
      JsonElement dg = e.getValue().getAsJsonObject().get("datagram");
      if (dg.isJsonNull()) {
        assertEquals(before, seqnum(), e.getKey() + " is filtered");
        continue;
      }
      long seq = seqnum();
      assertTrue(seq > before, e.getKey() + " sent an event");
      List<String> keys = new ArrayList<>(Arrays.asList(dg.getAsString().split("\0")));
      keys.remove(0);
      keys.removeIf(k -> k.startsWith("SEQNUM="));
      keys.add("SEQNUM=" + seq);
      keys.add("HOME=/");
      keys.add("PATH=/sbin:/bin:/usr/sbin:/usr/bin");
      if (e.getKey().contains("cpu0")) {
        continue; // the value ends in a newline, which env(1) output cannot show unambiguously
      }
      assertEquals(keys.stream().sorted().toList(), helperEnv(seq), e.getKey());
    }
  }

  @Test
  void attributeModesSizesAndErrors() {
    assertEquals("4096 644 regular file\n", sh("stat -c '%s %a %F' " + nullUevent).ok());
    assertEquals("4096 444 regular file\n", sh("stat -c '%s %a %F' " + sys + "/devices/virtual/mem/null/dev").ok());
    assertEquals("4096 444\n", sh("stat -c '%s %a' " + sys + "/kernel/uevent_seqnum").ok());
    assertEquals("256\n", sh("stat -c '%s' " + sys + "/devices/pci0000:00/0000:00:02.0/config").ok());
    assertEquals("0 777 symbolic link\n", sh("stat -c '%s %a %F' " + sys + "/class/net/eth0").ok());
    assertTrue(sh("echo 1:5 > " + sys + "/devices/virtual/mem/null/dev").err().contains("Permission denied"));
    assertTrue(sh("echo 5 > " + sys + "/kernel/uevent_seqnum").err().contains("Permission denied"));
    assertTrue(sh("cat " + sys + "/bus/pci/uevent").err().contains("Permission denied"));
    assertTrue(sh("mkdir " + sys + "/devices/new").err().contains("Operation not permitted"));
    assertTrue(sh("rm " + nullUevent).err().contains("Operation not permitted"));
    assertTrue(sh("mv " + sys + "/class/net/eth0 " + sys + "/class/net/eth9").err().contains("Operation not permitted"));
    assertTrue(sh("touch " + sys + "/devices/newfile").err().contains("Permission denied"));
    assertTrue(sh("cat " + sys + "/devices/nosuch").err().contains("No such file or directory"));
    assertTrue(sh("cat " + nullUevent + "/x").err().contains("Not a directory"));
    assertEquals("1:3\n", sh("cat " + sys + "/devices/virtual/mem/null/dev").ok());
  }

  @Test
  void derivedLinksResolve() {
    assertEquals("../../devices/pci0000:00/0000:00:03.0/virtio2/net/eth0\n", sh("readlink " + sys + "/class/net/eth0").ok());
    assertEquals("../../../virtio1\n",
        sh("readlink " + sys + "/devices/pci0000:00/0000:00:02.0/virtio1/block/vda/device").ok());
    assertEquals("../../../bus/pci/drivers/virtio-pci\n",
        sh("readlink " + sys + "/devices/pci0000:00/0000:00:02.0/driver").ok());
    assertEquals("MAJOR=254\nMINOR=0\nDEVNAME=vda\nDEVTYPE=disk\nDISKSEQ=9\n", sh("cat " + sys + "/dev/block/254:0/uevent").ok());
    assertEquals("MAJOR=4\nMINOR=64\nDEVNAME=ttyS0\n", sh("cat " + sys + "/class/tty/ttyS0/uevent").ok());
    assertEquals("loop0\nvda\n", sh("ls " + sys + "/block").ok());
    assertTrue(sh("ls " + sys + "/bus/pci/drivers/virtio-pci").ok().contains("0000:00:02.0"));
  }

  @Test
  void ueventHelperFileRules() {
    String f = sys + "/kernel/uevent_helper";
    String old = sh("cat " + f).ok();
    try {
      sh("echo /sbin/mdev > " + f).ok();
      assertEquals("/sbin/mdev\n", sh("cat " + f).ok());
      String tooLong = "/" + "x".repeat(255);
      assertTrue(sh("bash -c " + q("printf " + tooLong + " > " + f)).err().contains("No such file or directory"));
      assertEquals("/sbin/mdev\n", sh("cat " + f).ok());
      sh("echo > " + f).ok();
      assertEquals("\n", sh("cat " + f).ok());
    } finally {
      sh("printf %s " + q(old.trim()) + " > " + f);
    }
  }

  @Test
  void busAndDriverUeventFilesAreWriteOnlyAndSendEvents() throws Exception {
    long before = seqnum();
    sh("echo add > " + sys + "/bus/pci/uevent").ok();
    long seq = seqnum();
    assertTrue(seq > before, "an event was sent");
    List<String> env = helperEnv(seq);
    assertTrue(env.contains("DEVPATH=/bus/pci") && env.contains("SUBSYSTEM=bus"), env.toString());
    assertEquals("200\n", sh("stat -c %a " + sys + "/bus/pci/drivers/virtio-pci/uevent").ok());
  }
}
