package org.sysfsemu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sysfsemu.it.Shell.q;
import static org.sysfsemu.it.Shell.sh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the examples of docs/cookbook.md as the page writes them: each fenced block after an
 * {@code <!-- example: NAME -->} marker is saved as NAME and run with the real tools.
 */
class CookbookIT {
  private static final Pattern EXAMPLE = Pattern.compile("<!-- example: (\\S+) -->\\n```\\w*\\n(.*?)```", Pattern.DOTALL);
  @TempDir Path dir;
  private Path bin;

  /** {@code sysfs-emu} on the PATH: the jar this build made. */
  @BeforeEach
  void launcher() throws Exception {
    bin = Files.createDirectories(dir.resolve("bin"));
    Path launcher = bin.resolve("sysfs-emu");
    Files.writeString(launcher, "#!/bin/sh\nexec java -XX:-UseContainerSupport -jar " + q(Emulator.jar().toString()) + " \"$@\"\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Saves example {@code name} of the cookbook in the test directory. */
  private Path example(String name) throws Exception {
    Matcher m = EXAMPLE.matcher(Files.readString(Path.of("docs/cookbook.md")));
    while (m.find()) {
      if (m.group(1).equals(name)) {
        Path file = dir.resolve(name);
        Files.writeString(file, m.group(2));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
      }
    }
    throw new AssertionError("docs/cookbook.md has no example " + name);
  }

  private String run(String command) {
    return sh("cd " + q(dir.toString()) + " && PATH=" + q(bin.toString()) + ":$PATH " + command + " 2>&1").ok();
  }

  @Test
  void theShellDaemonSeesThePartitionOfAStickPluggedAfterItListens() throws Exception {
    Path daemon = example("hotplug-daemon.sh");
    Path log = dir.resolve("daemon.log");
    Path ready = dir.resolve("ready");
    try (Emulator emu = Emulator.start(dir.resolve("emu"))) {
      String env = "PATH=" + q(bin.toString()) + ":$PATH SYSFS_EMU_DEV=" + q(emu.dev().toString());
      Process p = new ProcessBuilder("sh", "-c", env + " exec " + q(daemon.toString()) + " " + q(ready.toString())
          + " > " + q(log.toString())).start();
      try {
        for (int i = 0; i < 300 && !(Files.exists(ready) && Files.readString(ready).contains("listening")); i++) {
          Thread.sleep(100);
        }
        assertTrue(Files.readString(ready).contains("listening"), "the monitor says when it listens");
        run("SYSFS_EMU_DEV=" + q(emu.dev().toString()) + " sysfs-emu plug usb-stick");
        for (int i = 0; i < 300 && !Files.readString(log).contains("/dev/sdb1"); i++) {
          Thread.sleep(100);
        }
        assertEquals("new partition /dev/sdb1\n", Files.readString(log));
      } finally {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
      }
    }
  }

  @Test
  void thePyudevScriptListsAndHearsPartitionsInTheSandbox() throws Exception {
    Path script = example("stick.py");
    String out = run("sysfs-emu run -- /usr/bin/python3 " + q(script.toString()));
    assertTrue(out.contains("partition /dev/sda1\n") && out.contains("add /dev/sdb\n") && out.contains("add /dev/sdb1\n"), out);
  }

  @Test
  void theCListenerReceivesTheKernelsEvents() throws Exception {
    Path source = example("listener.c");
    example("listen-and-plug.sh");
    sh("gcc -O2 -Wall -o " + q(dir.resolve("listener").toString()) + " " + q(source.toString())).ok();
    String out = run("sysfs-emu run -- sh $PWD/listen-and-plug.sh");
    assertTrue(out.contains("add@/devices/pci0000:00/0000:00:14.0/usb1/1-2\nACTION=add\n"), out);
    assertTrue(out.contains("add@/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0\n"), out);
    assertTrue(Pattern.compile("(?m)^SEQNUM=\\d+$").matcher(out).find(), out);
  }

  @Test
  void theUdevRuleMatchesTheStick() throws Exception {
    example("rule-test.sh");
    String out = run("sysfs-emu run -- sh $PWD/rule-test.sh");
    assertTrue(out.startsWith("/dev/sandisk1\n"), out);
  }

  @Test
  void theJunitExampleIsTheOneConsumerItBuilds() throws Exception {
    assertEquals(Files.readString(Path.of("src/test/resources/consumer/src/test/java/StickTest.java")),
        Files.readString(example("StickTest.java")));
  }
}
