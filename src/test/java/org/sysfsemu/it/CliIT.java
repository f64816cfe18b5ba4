package org.sysfsemu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sysfsemu.it.Shell.q;
import static org.sysfsemu.it.Shell.sh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line conventions on the real product: the emulator found without --sys/--dev,
 * udevadm's trigger and settle options, monitor's readiness line, tree, the helper log, exit
 * codes, a clean stop on SIGINT, the launcher through a symlink and scripts/install.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliIT {
  @TempDir static Path dir;
  private Emulator emu;
  private Path helperLog;

  @BeforeAll
  void start() throws Exception {
    Path helper = dir.resolve("helper.sh");
    Files.writeString(helper, "#!/bin/sh\necho \"helper $SEQNUM $ACTION $DEVPATH\"\necho oops >&2\n"
        + "[ -e " + q(dir.resolve("slow").toString()) + " ] && sleep 3\nexit 0\n");
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
    emu = Emulator.start(dir.resolve("emu"), "--helper", helper.toString());
    helperLog = dir.resolve("emu/sysfs-emu-helpers.log");
  }

  @AfterAll
  void stop() throws Exception {
    emu.stop();
  }

  private Shell.Result cli(String args) {
    return sh("java -jar " + q(Emulator.jar().toString()) + " " + args);
  }

  private String at() {
    return " --sys " + q(emu.sys().toString()) + " --dev " + q(emu.dev().toString()) + " ";
  }

  @Test
  void aDirectoryGivenAloneIsPairedWithTheEmulatorsOtherMount() {
    String byDev = cli("info --dev " + q(emu.dev().toString()) + " -q path -n sda1").ok();
    String bySys = cli("info --sys " + q(emu.sys().toString()) + " -q path -n sda1").ok();
    assertEquals(byDev, bySys);
    assertTrue(byDev.endsWith("/block/sda/sda1\n"), byDev);
  }

  @Test
  void triggerMatchesAsUdevadmDoes() {
    String parent = cli("trigger -n -v" + at() + "-b /sys/class/block/sda").ok();
    assertEquals(List.of("sda", "sda1"), names(parent), "a device and what is below it");
    assertEquals(List.of("sda", "sda1"), names(cli("trigger -n" + at() + "--name-match sda").ok()));
    assertEquals(List.of("sda1"), names(cli("trigger -n" + at() + "/sys/class/block/sda1").ok()));
    List<String> noPartitions = names(cli("trigger -n" + at() + "-s block -A partition").ok());
    assertTrue(noPartitions.contains("sda") && !noPartitions.contains("sda1"), noPartitions.toString());
    List<String> seat = names(cli("trigger -n" + at() + "-g seat").ok());
    assertTrue(seat.contains("usb1") && !seat.contains("sda"), "devices with the udev tag: " + seat);
    List<String> subsystems = names(cli("trigger -n" + at() + "-t subsystems").ok());
    assertTrue(subsystems.contains("pci") && subsystems.contains("usb"), subsystems.toString());
    Shell.Result bad = cli("trigger" + at() + "-t everything");
    assertEquals(2, bad.exit());
    assertEquals("sysfs-emu trigger: unknown type 'everything' (devices, subsystems or all)\n", bad.err());
    assertEquals(2, cli("trigger -n" + at() + "-b /devices/none").exit(), "an unknown parent is bad usage");
  }

  private static List<String> names(String out) {
    return out.lines().map(l -> l.substring(l.lastIndexOf('/') + 1)).toList();
  }

  @Test
  void triggerSettleWaitsForTheHelpersAndTheirOutputGoesToTheLog() throws Exception {
    long before = Files.exists(helperLog) ? Files.readAllLines(helperLog).size() : 0;
    cli("trigger -w -c change" + at() + "/sys/class/block/sda1").ok();
    List<String> log = Files.readAllLines(helperLog);
    assertTrue(log.size() >= before + 2, "stdout and stderr of the helper: " + log);
    assertTrue(log.stream().anyMatch(l -> l.matches("helper \\d+ change /devices/.*/sda1")), log.toString());
    assertTrue(log.contains("oops"));
  }

  @Test
  void settleTimeoutZeroChecksAndExitIfExistsStopsWaiting() throws Exception {
    assertEquals(0, cli("settle -t 0" + at()).exit(), "nothing running: settled");
    Path slow = dir.resolve("slow");
    Files.writeString(slow, "");
    try {
      cli("change" + at() + "/sys/class/block/sda1").ok();
      Shell.Result busy = cli("settle -t 0" + at());
      assertEquals(1, busy.exit(), busy.err());
      assertEquals("sysfs-emu settle: not settled: helpers are still running\n", busy.err());
      Path flag = dir.resolve("flag");
      Files.writeString(flag, "");
      assertEquals(0, cli("settle -t 30 -E " + q(flag.toString()) + at()).exit(), "the file exists: done at once");
      assertEquals(0, cli("settle -t 30" + at()).exit());
    } finally {
      Files.delete(slow);
    }
  }

  @Test
  void monitorSaysWhenItListens() throws Exception {
    Process p = new ProcessBuilder("java", "-jar", Emulator.jar().toString(), "monitor", "--count", "1",
        "--dev", emu.dev().toString()).start();
    try {
      String line = new String(p.getErrorStream().readNBytes(("sysfs-emu monitor: listening on " + emu.dev() + "/uevent\n").length()));
      assertEquals("sysfs-emu monitor: listening on " + emu.dev().toRealPath() + "/uevent\n", line.replace(emu.dev().toString(), emu.dev().toRealPath().toString()));
      cli("change" + at() + "/sys/class/block/sda1").ok();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      String out = new String(p.getInputStream().readAllBytes());
      assertTrue(out.contains(" change   /devices/") && out.contains("/sda1 (block)"), "the first event after the line: " + out);
    } finally {
      p.destroy();
    }
  }

  @Test
  void treeDrawsBusesDevicesAndNodesPlainInAPipe() {
    String out = cli("tree" + at()).ok();
    assertFalse(out.contains("\033["), "no colour in a pipe");
    assertTrue(out.startsWith("pci0000:00\n"), out);
    assertTrue(out.contains(" sda1  block/partition  /dev/sda1\n"), out);
    assertTrue(out.contains("usb1  usb/usb_device  driver=usb  /dev/bus/usb/001/001"), out);
    assertTrue(cli("tree --color always" + at() + "/sys/class/block/sda").ok().contains("\033[1msda1\033[0m"));
  }

  @Test
  void exitCodesAreZeroOneAndTwo() {
    assertEquals(0, cli("info" + at() + "-q name -n sda1").exit());
    assertEquals(1, cli("info" + at() + "-q name -n nosuch").exit(), "refused: no such device");
    assertEquals(2, cli("info" + at() + "-q bogus -n sda1").exit(), "bad usage");
    assertEquals(2, cli("record" + at()).exit(), "neither --all nor a device");
    assertEquals(2, cli("no-such-command").exit());
    assertEquals(1, cli("settle --dev " + q(dir.resolve("nothing").toString())).exit(), "no emulator there");
    assertEquals("sysfs-emu 0.1.0\n", cli("--version").ok());
  }

  @Test
  void mountStopsCleanlyOnSigintAndSigtermWithStatusZeroAndNoLibfuseNoise() throws Exception {
    for (String signal : List.of("INT", "TERM")) {
      Path at = dir.resolve("other-" + signal);
      Emulator other = signal.equals("INT") ? Emulator.start(at) : Emulator.start(at, "--no-sandbox");
      sh("kill -" + signal + " " + other.process().pid()).ok();
      assertTrue(other.process().waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, other.process().exitValue(), other.log());
      // stdout and stderr together: the ready line, then nothing (no "fuse: ..." from libfuse)
      assertEquals(List.of("ready"), other.log().lines().map(l -> l.split(":")[0]).toList(), other.log());
      assertFalse(Emulator.isMounted(other.sys()) || Emulator.isMounted(other.dev()));
    }
  }

  @Test
  void runPrintsOnlyWhatItsCommandPrints() {
    Shell.Result r = cli("run -- sh -c 'cat /sys/class/block/sda1/dev; echo to-stderr >&2'");
    assertEquals(new Shell.Result(0, "8:1\n", "to-stderr\n"), r);
    Shell.Result fails = cli("run -- sh -c 'exit 3'");
    assertEquals(new Shell.Result(3, "", ""), fails);
  }

  @Test
  void aLongLoadShowsProgressOnATerminalAndNothingInAPipe() throws Exception {
    Path tree = dir.resolve("big.umockdev");
    Files.writeString(tree, org.sysfsemu.bench.TreeGenerator.generate(20_000));
    String run = "java -jar " + q(Emulator.jar().toString()) + " run --tree " + q(tree.toString())
        + " -- sh -c 'ls /sys/class/block | wc -l'";
    // script(1) gives the command a terminal and copies what it wrote there to stdout
    String onTerminal = sh("script -qec " + q(run) + " /dev/null").ok();
    List<String> lines = List.of(onTerminal.split("\r|\n"));
    assertTrue(lines.stream().anyMatch(l -> l.matches("\033\\[Ksysfs-emu: adding devices [0-9]+/20000")), onTerminal);
    assertTrue(lines.stream().anyMatch(l -> l.matches("\033\\[Ksysfs-emu: writing the udev database [0-9]+/[0-9]+")), onTerminal);
    assertTrue(onTerminal.endsWith("\033[K10000\r\n"), "the line is erased before the command's output: " + onTerminal);
    assertEquals(new Shell.Result(0, "10000\n", ""), sh(run));
  }

  @Test
  void aSlowPlugShowsItsDevicesOnATerminalAndOnlyTheResultInAPipe() {
    String plug = "java -jar " + q(Emulator.jar().toString()) + " plug" + at() + "usb-keyboard --delay 300";
    String unplug = "java -jar " + q(Emulator.jar().toString()) + " unplug" + at() + "usb-keyboard";
    String onTerminal = sh("script -qec " + q(plug) + " /dev/null").ok();
    cli("unplug" + at() + "usb-keyboard").ok();
    assertTrue(java.util.regex.Pattern.compile("\033\\[Ksysfs-emu: plugging usb-keyboard [1-6]/6").matcher(onTerminal).find(),
        onTerminal);
    assertTrue(onTerminal.endsWith("\r\033[Kplugged usb-keyboard (6 devices)\r\n"), onTerminal);
    assertEquals(new Shell.Result(0, "plugged usb-keyboard (6 devices)\n", ""), sh(plug));
    sh(unplug).ok();
  }

  @Test
  void theLauncherRunsThroughASymlinkAndInstallPutsEverythingUnderThePrefix() throws Exception {
    Path prefix = dir.resolve("prefix");
    Path repo = Path.of("").toAbsolutePath();
    sh("SYSFS_EMU_JAR= " + q(repo.resolve("scripts/install").toString()) + " " + q(prefix.toString())).ok();
    for (String f : List.of("bin/sysfs-emu", "share/sysfs-emu/sysfs-emu.jar", "share/man/man1/sysfs-emu.1",
        "share/bash-completion/completions/sysfs-emu", "share/zsh/site-functions/_sysfs-emu")) {
      assertTrue(Files.isRegularFile(prefix.resolve(f)), f);
    }
    Path onPath = Files.createDirectories(dir.resolve("path"));
    Files.createSymbolicLink(onPath.resolve("sysfs-emu"), prefix.resolve("bin/sysfs-emu"));
    Files.createSymbolicLink(onPath.resolve("sysfs-emu-checkout"), repo.resolve("scripts/sysfs-emu"));
    assertEquals("sysfs-emu 0.1.0\n", sh("cd / && PATH=" + q(onPath.toString()) + ":$PATH sysfs-emu --version").ok());
    assertEquals("sysfs-emu 0.1.0\n", sh("cd / && SYSFS_EMU_JAR=" + q(Emulator.jar().toString()) + " PATH="
        + q(onPath.toString()) + ":$PATH sysfs-emu-checkout --version").ok());
    String man = sh("MANWIDTH=200 man -l " + q(prefix.resolve("share/man/man1/sysfs-emu.1").toString()) + " 2>&1").ok();
    for (String command : List.of("sysfs-emu record", "sysfs-emu info", "sysfs-emu tree", "--attribute-walk", "EXIT STATUS")) {
      assertTrue(man.contains(command), command + " in the manual page");
    }
    String completion = sh("bash -c " + q("source " + prefix.resolve("share/bash-completion/completions/sysfs-emu")
        + "; COMP_WORDS=(sysfs-emu re); COMP_CWORD=1; COMP_LINE='sysfs-emu re'; COMP_POINT=12;"
        + " _complete_sysfs-emu 2>/dev/null; echo ${COMPREPLY[@]}")).ok();
    assertEquals("remove rename record\n", completion);
  }
}
