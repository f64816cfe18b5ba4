package org.sysfsemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sysfsemu.it.Shell.q;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sysfsemu.it.Emulator;
import org.sysfsemu.it.Shell;

/**
 * {@code sysfs-emu record} on the real product: a running emulator re-recorded reproduces its
 * tree file; this machine's /sys recorded loads in sysfs-emu and in umockdev-run, and both show
 * udevadm (in the emulator's sandbox, and under umockdev-run) the machine's device list.
 */
class RecordIT {
  @TempDir Path dir;

  private static String cli(String args) {
    return Shell.sh("java -jar " + q(Emulator.jar().toString()) + " " + args).ok();
  }

  private static TreeSet<String> devpaths(String text) {
    TreeSet<String> out = new TreeSet<>();
    text.lines().filter(l -> l.startsWith("P: ")).forEach(l -> out.add(l.substring(3)));
    return out;
  }

  @Test
  void reRecordingARunningEmulatorReproducesItsTreeFile() throws Exception {
    Path first = dir.resolve("first.umockdev");
    Path second = dir.resolve("second.umockdev");
    try (Emulator emu = Emulator.start(dir.resolve("a"))) {
      cli("record --sys " + q(emu.sys().toString()) + " --dev " + q(emu.dev().toString()) + " --all -o " + q(first.toString()));
    }
    try (Emulator emu = Emulator.start(dir.resolve("b"), "--tree", first.toString())) {
      cli("record --sys " + q(emu.sys().toString()) + " --dev " + q(emu.dev().toString()) + " --all -o " + q(second.toString()));
    }
    String text = Files.readString(first, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertTrue(devpaths(text).size() >= 38, "every device of the default tree: " + devpaths(text).size());
    assertTrue(text.contains("\nS: disk/by-label/CRUZER\n"), "devlinks from the udev database");
    assertTrue(text.contains("\nH: descriptors=12010002"), "binary attributes as hex");
    assertEquals(text, Files.readString(second, java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  @Test
  void aSelectedDeviceComesWithItsParentsAndLoadsInUmockdev() throws Exception {
    Path out = dir.resolve("sda1.umockdev");
    String sda1;
    try (Emulator emu = Emulator.start(dir.resolve("a"))) {
      sda1 = cli("info --sys " + q(emu.sys().toString()) + " --dev " + q(emu.dev().toString())
          + " -q path /sys/class/block/sda1").strip();
      cli("record --sys " + q(emu.sys().toString()) + " --dev " + q(emu.dev().toString())
          + " /sys/class/block/sda1 -o " + q(out.toString()));
    }
    String text = Files.readString(out);
    assertEquals(List.of(
        "/devices/pci0000:00/0000:00:14.0",
        "/devices/pci0000:00/0000:00:14.0/usb1",
        "/devices/pci0000:00/0000:00:14.0/usb1/1-1",
        "/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0",
        "/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host0",
        "/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host0/target0:0:0",
        "/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host0/target0:0:0/0:0:0:0",
        "/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda",
        sda1),
        List.copyOf(devpaths(text)), "sda1 and the parents that are devices, parents first");
    String props = Shell.sh("umockdev-run -d " + q(out.toString()) + " -- udevadm info -q property -p " + q(sda1)).ok();
    assertTrue(props.contains("DEVNAME=/dev/sda1\n") && props.contains("PARTN=1\n") && props.contains("ID_FS_LABEL=CRUZER\n"),
        "umockdev-run loads the record unchanged:\n" + props);
  }

  @Test
  void thisMachineRecordedLoadsInSysfsEmuAndUmockdevWithTheSameDeviceList() throws Exception {
    Path out = dir.resolve("machine.umockdev");
    TreeSet<String> before = devpaths(Shell.sh("udevadm info --export-db").ok());
    cli("record --sys /sys --all -o " + q(out.toString()));
    TreeSet<String> after = devpaths(Shell.sh("udevadm info --export-db").ok());
    TreeSet<String> recorded = devpaths(Files.readString(out, java.nio.charset.StandardCharsets.ISO_8859_1));
    // devices that came or went while recording (other FUSE mounts' bdi entries) may go either way
    TreeSet<String> stable = new TreeSet<>(before);
    stable.retainAll(after);
    TreeSet<String> any = new TreeSet<>(before);
    any.addAll(after);
    assertTrue(recorded.containsAll(stable), "every device of the machine is recorded");
    assertTrue(any.containsAll(recorded), "nothing else is recorded");

    try (Emulator emu = Emulator.start(dir.resolve("m"), "--tree", out.toString())) {
      Shell.Result listed = Shell.sh("java -jar " + q(Emulator.jar().toString()) + " enter --dev " + q(emu.dev().toString())
          + " -- udevadm info --export-db");
      assertEquals(recorded, devpaths(listed.ok()), "udevadm on sysfs-emu lists the recorded devices");
    }
    Shell.Result umockdev = Shell.sh("umockdev-run -d " + q(out.toString()) + " -- udevadm info --export-db");
    assertEquals(recorded, devpaths(umockdev.ok()), "udevadm under umockdev-run lists the recorded devices");
  }
}
