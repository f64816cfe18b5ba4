package org.sysfsemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * record, info and tree on a /sys directory built in a temporary directory (no FUSE): a disk and
 * its partition under a USB interface, with a udev database export.
 */
class SysTreeTest {
  private static final String DISK = "/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/block/sdz";
  @TempDir Path dir;
  private Path sys;
  private Path dev;

  @BeforeEach
  void tree() throws Exception {
    sys = dir.resolve("sys");
    dev = dir.resolve("dev");
    device("/devices/pci0000:00/0000:00:14.0", "pci", "bus/pci", "DRIVER=xhci_hcd\nPCI_ID=1B36:000D\n");
    link("/devices/pci0000:00/0000:00:14.0/driver", "../../../bus/pci/drivers/xhci_hcd");
    device("/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0", "usb", "bus/usb", "DEVTYPE=usb_interface\n");
    device(DISK, "block", "class/block", "MAJOR=8\nMINOR=240\nDEVNAME=sdz\nDEVTYPE=disk\nDISKSEQ=3\n");
    attr(DISK + "/size", "2048\n".getBytes(StandardCharsets.ISO_8859_1));
    attr(DISK + "/label", "caf\u00e9 \"q\"\\\n".getBytes(StandardCharsets.UTF_8));
    attr(DISK + "/blob", new byte[] {0, (byte) 0xff, 0x7f, '\n'});
    attr(DISK + "/queue/rotational", "0\n".getBytes(StandardCharsets.ISO_8859_1));
    attr(DISK + "/dev", "8:240\n".getBytes(StandardCharsets.ISO_8859_1));
    attr(DISK + "/path", "/x\n".getBytes(StandardCharsets.ISO_8859_1));
    Path wo = attr(DISK + "/wo", "secret\n".getBytes(StandardCharsets.ISO_8859_1));
    Files.setPosixFilePermissions(wo, PosixFilePermissions.fromString("-w-------"));
    device(DISK + "/sdz1", "block", "class/block", "MAJOR=8\nMINOR=241\nDEVNAME=sdz1\nDEVTYPE=partition\nPARTN=1\n");
    Files.createDirectories(dev.resolve(".sysfs-emu"));
    Files.writeString(dev.resolve(".sysfs-emu/udevdb"), "P: " + DISK + "/sdz1\nS:disk/by-label/X\nI:123\nE:ID_FS_LABEL=X\nG:systemd\nQ:systemd\nV:1\n\n");
  }

  private void device(String devpath, String subsystem, String subsystemDir, String uevent) throws Exception {
    Path d = Files.createDirectories(sys.resolve(devpath.substring(1)));
    Files.writeString(d.resolve("uevent"), uevent);
    Files.createDirectories(sys.resolve(subsystemDir));
    Files.createSymbolicLink(d.resolve("subsystem"), d.relativize(sys.resolve(subsystemDir)));
  }

  private void link(String path, String target) throws Exception {
    Files.createSymbolicLink(sys.resolve(path.substring(1)), Path.of(target));
  }

  private Path attr(String path, byte[] value) throws Exception {
    Path p = sys.resolve(path.substring(1));
    Files.createDirectories(p.getParent());
    return Files.write(p, value);
  }

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.addAll(1, List.of("--sys", sys.toString(), "--dev", dev.toString()));
    int code = SysfsEmuCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void recordWritesKernelKeysInUeventOrderUdevDataTextAndBinaryAttributes() throws Exception {
    Path out = dir.resolve("r.umockdev");
    assertEquals(0, run("record", "-o", out.toString(), DISK + "/sdz1").code());
    String text = Files.readString(out, StandardCharsets.ISO_8859_1);
    String disk = text.substring(text.indexOf("P: " + DISK + "\n"), text.indexOf("P: " + DISK + "/sdz1"));
    assertEquals("P: " + DISK + "\nN: sdz\n"
        + "E: MAJOR=8\nE: MINOR=240\nE: DEVNAME=/dev/sdz\nE: DEVTYPE=disk\nE: DISKSEQ=3\nE: SUBSYSTEM=block\n"
        + "H: blob=00FF7F0A\nA: dev=8:240\\n\nA: label=caf\\303\\251 \\\"q\\\"\\\\\\n\nA: path=/x\\n\n"
        + "A: queue/rotational=0\\n\nA: size=2048\\n\n\n", disk, "the write-only file is left out");
    assertTrue(text.endsWith("P: " + DISK + "/sdz1\nN: sdz1\nS: disk/by-label/X\n"
        + "E: MAJOR=8\nE: MINOR=241\nE: DEVNAME=/dev/sdz1\nE: DEVTYPE=partition\nE: PARTN=1\nE: SUBSYSTEM=block\n"
        + "E: USEC_INITIALIZED=123\nE: ID_FS_LABEL=X\nE: DEVLINKS=/dev/disk/by-label/X\nE: TAGS=:systemd:\nE: CURRENT_TAGS=:systemd:\n\n"), text);
    assertTrue(text.startsWith("P: /devices/pci0000:00/0000:00:14.0\nE: DRIVER=xhci_hcd\nE: PCI_ID=1B36:000D\nE: SUBSYSTEM=pci\n"
        + "L: driver=../../../bus/pci/drivers/xhci_hcd\n\nP: /devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0\n"), "parents first: " + text);
  }

  @Test
  void infoPrintsPropertiesInSdDevicesOrder() {
    Run r = run("info", "-q", "property", "-n", "sdz1");
    assertEquals("DEVPATH=" + DISK + "/sdz1\nDEVNAME=/dev/sdz1\nDEVTYPE=partition\nPARTN=1\nMAJOR=8\nMINOR=241\n"
        + "SUBSYSTEM=block\nUSEC_INITIALIZED=123\nID_FS_LABEL=X\nDEVLINKS=/dev/disk/by-label/X\nTAGS=:systemd:\n"
        + "CURRENT_TAGS=:systemd:\n", r.out());
    assertEquals("P: " + DISK + "\nM: sdz\nU: block\nT: disk\nD: b 8:240\nN: sdz\nL: 0\nQ: 3\nE: DEVPATH=" + DISK
        + "\nE: SUBSYSTEM=block\nE: DEVNAME=/dev/sdz\nE: DEVTYPE=disk\nE: DISKSEQ=3\nE: MAJOR=8\nE: MINOR=240\n\n",
        run("info", "/sys" + DISK).out(), "a record looked up by path: SUBSYSTEM first");
    assertEquals(DISK + "/sdz1\n", run("info", "-q", "path", "-n", "disk/by-label/X").out(), "a devlink names its device");
  }

  @Test
  void theAttributeWalkLeavesOutWhatUdevadmLeavesOut() {
    String walk = run("info", "-a", "/sys" + DISK).out();
    String disk = walk.substring(walk.indexOf("  looking at device"), walk.indexOf("  looking at parent"));
    assertEquals("  looking at device '" + DISK + "':\n    KERNEL==\"sdz\"\n    SUBSYSTEM==\"block\"\n    DRIVER==\"\"\n"
        + "    ATTR{blob}==\"\"\n    ATTR{queue/rotational}==\"0\"\n    ATTR{size}==\"2048\"\n"
        + "    ATTR{wo}==\"(not readable)\"\n\n", disk,
        "a value up to its first NUL; non-ASCII (label), paths (path), dev and links left out");
    assertTrue(walk.contains("  looking at parent device '/devices/pci0000:00/0000:00:14.0':\n    KERNELS==\"0000:00:14.0\"\n"
        + "    SUBSYSTEMS==\"pci\"\n    DRIVERS==\"xhci_hcd\"\n\n"), walk);
  }

  @Test
  void jsonIsOneObjectPerDevice() {
    String out = run("info", "--json=short", "-e").out();
    List<String> lines = out.lines().toList();
    assertEquals(4, lines.size());
    var o = JsonParser.parseString(lines.get(3)).getAsJsonObject();
    assertEquals("sdz1", o.get("SYSNAME").getAsString());
    assertEquals("b8:241", o.get("DEVICE_ID").getAsString());
    assertEquals("X", o.get("ID_FS_LABEL").getAsString());
  }

  @Test
  void badUsageIsRefusedWithStatusTwo() {
    assertEquals(new Run(2, "", "sysfs-emu record: give either --all or one or more DEVICEs\n"), run("record"));
    assertEquals(new Run(2, "", "sysfs-emu record: /nope: no such device\n"), run("record", "/nope"));
    assertEquals(2, run("info", "-q", "everything", "-n", "sdz").code());
    assertEquals(2, run("info").code());
    assertEquals(2, run("tree", "--color", "sometimes").code());
    assertEquals(new Run(1, "", "sysfs-emu info: Unknown device \"nope\": No such device\n"), run("info", "-n", "nope"));
  }

  @Test
  void escapesAreGlibsAndTextIsValidUtf8WithoutNul() {
    assertEquals("a\\tb\\001\\177\\303\\251", RecordWriter.escape("a\tb\u0001\u007f\u00c3\u00a9".getBytes(StandardCharsets.ISO_8859_1)));
    assertTrue(RecordWriter.isText("caf\u00e9".getBytes(StandardCharsets.UTF_8)));
    assertEquals(false, RecordWriter.isText(new byte[] {(byte) 0xc3}));
    assertEquals(false, RecordWriter.isText(new byte[] {'a', 0}));
    assertNull(new SysDevice(sys, "/devices/x").sysnum());
    assertEquals("12", new SysDevice(sys, "/devices/usb12").sysnum());
  }
}
