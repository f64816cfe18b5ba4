package org.sysfsemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every command-line argument that can be wrong is refused with exit status 2 (or 1 when no
 * emulator runs) and one line naming the problem, before anything is mounted or sent. No FUSE.
 */
class CommandLineTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SysfsEmuCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @ParameterizedTest(name = "mount {0}")
  @CsvSource(delimiter = '|', value = {
      "--max-helpers 0|--max-helpers must be at least 1",
      "--rcvbuf 100|--rcvbuf must be between 4096 and 1073741824 bytes",
      "--cache-timeout -1|--cache-timeout must be a number of seconds >= 0",
      "--dev-cache-timeout -0.5|--dev-cache-timeout must be a number of seconds >= 0",
      "--dev-cache-timeout NaN|--dev-cache-timeout must be a number of seconds >= 0",
      "--sys /tmp/x --dev /tmp/x|--sys and --dev must be different directories",
      "--rules /tmp|--rules needs --udevd",
      "--udevd --rules /nonexistent-rules-dir|--rules: /nonexistent-rules-dir is not a directory",
  })
  void mountRefusesBadOptions(String args, String message) {
    Run r = run(("mount " + args).split(" "));
    assertEquals(ExitCode.USAGE, r.code());
    assertEquals("sysfs-emu mount: " + message + "\n", r.err());
    assertEquals("", r.out(), "nothing mounted, no ready line");
  }

  @Test
  void mountRefusesAHelperPathLongerThanTheKernelsLimit() {
    Run r = run("mount", "--helper", "/" + "h".repeat(255));
    assertEquals(ExitCode.USAGE, r.code());
    assertEquals("sysfs-emu mount: --helper: longer than 255 bytes (the kernel's limit)\n", r.err());
  }

  @Test
  void mountRefusesAMissingOrMalformedTreeWithFileLineAndReason() throws Exception {
    Run missing = run("mount", "--tree", dir.resolve("none.umockdev").toString());
    assertEquals(ExitCode.USAGE, missing.code());
    assertEquals("sysfs-emu mount: " + dir.resolve("none.umockdev") + ": no such file\n", missing.err());

    Path bad = dir.resolve("bad.umockdev");
    Files.writeString(bad, "P: /devices/virtual/mem/null\nE: SUBSYSTEM=mem\nQ: what\n");
    Run malformed = run("mount", "--tree", bad.toString());
    assertEquals(ExitCode.USAGE, malformed.code());
    assertTrue(malformed.err().startsWith("sysfs-emu mount: " + bad + ":3: "), malformed.err());
    assertEquals(1, malformed.err().lines().count());
  }

  @Test
  void treeAndEmptyExcludeEachOther() {
    Run r = run("mount", "--tree", "x.umockdev", "--empty");
    assertEquals(ExitCode.USAGE, r.code());
    assertTrue(r.err().contains("mutually exclusive"), r.err());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "plug usb-stick --delay -5|sysfs-emu plug: --delay must be between 0 and 9999999 ms",
      "set /devices/x a/b 1|sysfs-emu set: ATTRIBUTE must be a name without '/' or spaces, VALUE one line",
      "change /devices/x NOEQUALS|sysfs-emu change: bad key 'NOEQUALS': expected KEY=VALUE without spaces",
      "rename /devices/x a/b|sysfs-emu rename: NEWNAME must be a name without '/' or spaces",
      "trigger --action explode|sysfs-emu trigger: unknown action 'explode' (one of add, remove, change, move, online, offline, bind, unbind)",
      "trigger --property-match NOVALUE|sysfs-emu trigger: --property-match needs KEY=VALUE, got 'NOVALUE'",
      "settle --timeout -1|sysfs-emu settle: --timeout must be a number of seconds >= 0",
  })
  void hotplugCommandsRefuseBadArguments(String args, String message) {
    Run r = run(args.split(" "));
    assertEquals(ExitCode.USAGE, r.code(), r.err());
    assertEquals(message + "\n", r.err());
  }

  @Test
  void addRefusesAMissingFile() {
    Run r = run("add", dir.resolve("none").toString(), "--dev", dir.toString());
    assertEquals(ExitCode.USAGE, r.code());
    assertTrue(r.err().startsWith("sysfs-emu add: " + dir.resolve("none") + ": cannot read"), r.err());
  }

  @ParameterizedTest(name = "{0} without an emulator")
  @CsvSource({"remove /devices/x", "plug usb-stick", "unplug usb-stick", "settle", "change /devices/x"})
  void commandsSayWhenNoEmulatorRuns(String args) {
    String dev = dir.resolve("dev").toString();
    Run r = run((args + " --dev " + dev).split(" "));
    assertEquals(ExitCode.FAILURE, r.code());
    assertTrue(r.err().endsWith("does not exist: is 'sysfs-emu mount --dev " + dev + "' running?\n"), r.err());
    assertEquals(1, r.err().lines().count());
  }

  @Test
  void monitorAndTriggerSayWhenNoEmulatorRuns() {
    Run m = run("monitor", "--dev", dir.toString());
    assertEquals(ExitCode.FAILURE, m.code());
    assertTrue(m.err().contains("is 'sysfs-emu mount --dev " + dir + "' running?"), m.err());
    Run t = run("trigger", "--sys", dir.toString());
    assertEquals(ExitCode.FAILURE, t.code());
    assertTrue(t.err().contains("is 'sysfs-emu mount --sys " + dir + "' running?"), t.err());
  }

  @Test
  void unknownCommandsAndOptionsAreUsageErrors() {
    Run none = run();
    assertEquals(ExitCode.USAGE, none.code());
    assertTrue(none.err().contains("a command is required"), none.err());
    Run unknown = run("explode");
    assertEquals(ExitCode.USAGE, unknown.code());
    assertFalse(unknown.err().isEmpty());
    Run badOption = run("mount", "--bogus");
    assertEquals(ExitCode.USAGE, badOption.code());
    assertTrue(badOption.err().contains("--bogus"), badOption.err());
  }

  /** A run builds only the model it needs (docs/performance.md); what it prints is the same. */
  @Test
  void versionHelpAndMisspeltCommandsAnswerAsWithTheWholeModel() {
    Run version = run("--version");
    assertEquals(ExitCode.OK, version.code());
    assertEquals("sysfs-emu 0.1.0\n", version.out());
    Run help = run("--help");
    assertEquals(ExitCode.OK, help.code());
    assertTrue(help.out().contains("  settle ") && help.out().contains("  mount "), help.out());
    Run commandHelp = run("change", "--help");
    assertEquals(ExitCode.OK, commandHelp.code());
    assertTrue(commandHelp.out().startsWith("Usage: sysfs-emu change "), commandHelp.out());
    Run misspelt = run("chnage", "/devices/virtual/mem/null");
    assertEquals(ExitCode.USAGE, misspelt.code());
    assertTrue(misspelt.err().contains("Did you mean: sysfs-emu change or"), misspelt.err());
  }

  @Test
  void fnmatchGlobsAsUdevadmUsesThem() {
    assertTrue(TriggerCommand.glob("sd*", "sda1"));
    assertTrue(TriggerCommand.glob("sd?", "sdb"));
    assertFalse(TriggerCommand.glob("sd?", "sda1"));
    assertTrue(TriggerCommand.glob("[st]ty*", "ttyS0"));
    assertTrue(TriggerCommand.glob("9/0/*", "9/0/1"));
    assertFalse(TriggerCommand.glob("usb", "usb_device"));
    assertTrue(TriggerCommand.glob("a.b", "a.b"));
    assertFalse(TriggerCommand.glob("a.b", "axb"));
  }
}
