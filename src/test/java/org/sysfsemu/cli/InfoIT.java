package org.sysfsemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sysfsemu.it.Shell.q;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sysfsemu.it.Emulator;
import org.sysfsemu.it.Shell;

/**
 * {@code sysfs-emu info} prints what the real {@code udevadm info} prints on the same tree: both
 * run in the emulator's sandbox ({@code sysfs-emu enter}: the emulated /sys and /dev at /sys and
 * /dev), with the emulator's udev database (its {@code /dev/.sysfs-emu/udevdb} export) written
 * to /run/udev/data as udevd would have. The only difference allowed is the order of devlinks
 * and tags, which udevadm takes from hash sets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InfoIT {
  @TempDir static Path dir;
  private Emulator emu;
  private Path db;

  @BeforeAll
  void start() throws Exception {
    emu = Emulator.start(dir);
    db = udevDatabaseFiles(emu.sys(), emu.dev(), dir.resolve("db"));
    inside("cp -a " + q(db.toString()) + "/. /run/udev/data/").ok();
  }

  /** Runs a shell command in the emulator's sandbox. */
  private Shell.Result inside(String command) {
    return Shell.sh("java -jar " + q(Emulator.jar().toString()) + " enter --dev " + q(emu.dev().toString())
        + " -- sh -c " + q(command));
  }

  @AfterAll
  void stop() throws Exception {
    emu.stop();
  }

  /** Splits the emulator's database export into the files udevd would have written. */
  static Path udevDatabaseFiles(Path sys, Path dev, Path out) throws Exception {
    Files.createDirectories(out);
    SysTree tree = new SysTree(sys, dev);
    String export = Files.readString(dev.resolve(".sysfs-emu/udevdb"), StandardCharsets.ISO_8859_1);
    int files = 0;
    for (String para : export.split("\n\n")) {
      if (para.isBlank()) {
        continue;
      }
      List<String> lines = new ArrayList<>(Arrays.asList(para.split("\n")));
      SysDevice d = tree.device(lines.remove(0).substring(3));
      Files.writeString(out.resolve(d.udevId()), String.join("\n", lines) + "\n", StandardCharsets.ISO_8859_1);
      files++;
    }
    assertTrue(files > 10, "the default tree has udev data for many devices: " + files);
    return out;
  }

  @ParameterizedTest(name = "info {0}")
  @ValueSource(strings = {
      "-q property -n sda1",
      "-a /sys/class/block/sda1",
      "-q all -n sda1",
      "-q all /sys/class/block/sda1",
      "-q property /sys/class/net/eth0",
      "-q all -p /devices/pci0000:00/0000:00:14.0/usb1/1-1",
      "-a /sys/class/input/event1",
      "-a -n ttyS0",
      "-q name -n sda1",
      "-q path -n sda1",
      "-q symlink /sys/class/block/sda",
      "-q property -x -P ID_ -n sda",
      "-q property --property=DEVNAME,ID_FS_TYPE --value -n sda1",
      "-r -q name /sys/class/block/sda1",
      "-e",
  })
  void printsWhatUdevadmPrints(String args) {
    Shell.Result real = inside("udevadm info " + args);
    assertEquals(0, real.exit(), "udevadm info " + args + ": " + real.err());
    // inside, SYSFS_EMU_SYS=/sys and SYSFS_EMU_DEV=/dev name the emulator, as for udevadm
    String ours = inside("java -XX:-UseContainerSupport -jar " + q(Emulator.jar().toString()) + " info " + args).ok();
    String outside = Shell.sh("java -jar " + q(Emulator.jar().toString()) + " info --sys " + q(emu.sys().toString())
        + " --dev " + q(emu.dev().toString()) + " " + args).ok();
    assertEquals(ours, outside, "the same from outside the sandbox, with --sys and --dev");
    assertTrue(real.out().lines().count() > 0, "udevadm printed something");
    assertEquals(normalized(real.out()), normalized(ours));
  }

  /** Devlinks and tags sorted: udevadm prints them in hash-set order, which changes from run to run. */
  private static String normalized(String out) {
    StringBuilder sb = new StringBuilder();
    List<String> links = new ArrayList<>();
    for (String l : out.split("\n", -1)) {
      if (l.startsWith("S: ")) {
        links.add(l);
        continue;
      }
      links.stream().sorted().forEach(s -> sb.append(s).append('\n'));
      links.clear();
      int at = l.indexOf("DEVLINKS=");
      if (at >= 0) {
        String[] v = l.substring(at + 9).replace("'", "").split(" ");
        Arrays.sort(v);
        l = l.substring(0, at + 9) + String.join(" ", v);
      } else if (l.matches(".*(TAGS|CURRENT_TAGS)='?:.*")) {
        int eq = l.indexOf('=');
        String[] v = l.substring(eq + 1).replace("'", "").split(":");
        Arrays.sort(v);
        l = l.substring(0, eq + 1) + String.join(":", v);
      } else if (!l.contains("=") && l.contains("disk/")) {
        String[] v = l.split(" ");
        Arrays.sort(v);
        l = String.join(" ", v);
      }
      sb.append(l).append('\n');
    }
    return sb.toString();
  }
}
