package org.sysfsemu.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sysfsemu.EmulatedKernel;
import org.sysfsemu.driver.DeviceSpec;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.KernfsDir;
import org.sysfsemu.kernfs.KernfsFile;
import org.sysfsemu.testing.TestData;
import org.sysfsemu.testing.TestKernel;

/** The record format, its interpretation, and what the loader derives around each device. */
class TreeLoaderTest {

  static Stream<Path> recordings() throws Exception {
    try (Stream<Path> s = Files.list(TestData.umockdevFixtures())) {
      List<Path> files = s.filter(p -> p.toString().endsWith(".umockdev")).sorted().toList();
      return Stream.concat(files.stream(), Stream.of(TestData.kernelUevents().resolve("devices.umockdev")));
    }
  }

  @ParameterizedTest
  @MethodSource("recordings")
  void realRecordingsLoadUnchanged(Path file) throws Exception {
    String text = TreeLoader.read(file);
    long paragraphs = text.lines().filter(l -> l.startsWith("P: ")).count();
    try (EmulatedKernel k = EmulatedKernel.create(EmulatedKernel.Config.defaults())) {
      List<DeviceSpec> specs = TreeLoader.parse(file.toString(), text);
      assertEquals(paragraphs, specs.size());
      k.coldplug(specs);
      for (DeviceSpec s : specs) {
        assertTrue(k.core().node(s.devpath() + "/uevent") instanceof KernfsFile, s.devpath());
      }
    }
  }

  @Test
  void readGivesEveryByteOfTheFileOneCharEach(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    byte[] bytes = new byte[70_000];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31 + i / 256);
    }
    Path file = Files.write(dir.resolve("t.umockdev"), bytes);
    String text = TreeLoader.read(file);
    assertEquals(bytes.length, text.length());
    assertArrayEquals(bytes, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertEquals(text, TreeLoader.read(file, bytes.length));
    IOException e = assertThrows(IOException.class, () -> TreeLoader.read(file, bytes.length - 1));
    assertTrue(e.getMessage().endsWith("larger than " + (bytes.length - 1) + " bytes"), e.getMessage());
  }

  @Test
  void derivedLinksAreRelativeAndRight() throws Exception {
    try (TestKernel k = TestKernel.of(TestKernel.BASIC)) {
      assertEquals("../../devices/platform/serial8250/tty/ttyS0", k.readlink("/class/tty/ttyS0"));
      assertEquals("../../../../../class/tty", k.readlink("/devices/platform/serial8250/tty/ttyS0/subsystem"));
      assertEquals("../../../serial8250", k.readlink("/devices/platform/serial8250/tty/ttyS0/device"));
      assertEquals("../../../bus/platform/drivers/serial8250", k.readlink("/devices/platform/serial8250/driver"));
      assertEquals("../../../bus/platform", k.readlink("/devices/platform/serial8250/subsystem"));
      assertEquals("../../../devices/platform/serial8250", k.readlink("/bus/platform/devices/serial8250"));
      assertEquals("../../../../devices/platform/serial8250",
          k.readlink("/bus/platform/drivers/serial8250/serial8250"));
      assertEquals("../../devices/virtual/mem/null", k.readlink("/dev/char/1:3"));
      assertEquals("../../devices/platform/serial8250/tty/ttyS0", k.readlink("/dev/char/4:64"));
      assertEquals("1:3\n", k.read("/devices/virtual/mem/null/dev"));
      assertEquals("../../../../class/mem", k.readlink("/devices/virtual/mem/null/subsystem"));
      assertNull(k.node("/devices/virtual/mem/null/device"), "no parent device, no device link");
    }
  }

  @Test
  void glueAndPlainDirectoriesHaveNoUevent() throws Exception {
    try (TestKernel k = TestKernel.of(TestKernel.BASIC)) {
      assertNull(k.node("/devices/platform/serial8250/tty/uevent"));
      assertNull(k.node("/devices/virtual/uevent"));
      assertNull(k.node("/devices/virtual/mem/uevent"));
      assertEquals("", k.read("/devices/pci0000:00/uevent"));
    }
  }

  @Test
  void attributesAreUnescapedAndBinaryKept() throws Exception {
    String rec = "P: /devices/platform/x\nE: SUBSYSTEM=platform\nA: label=a\\tb\\\\c\\\"d\\303\\251\\q\\n\n"
        + "H: blob=00ff7F0A\nA: power/control=auto\\n\nL: firmware_node=../../LNXSYSTM:00\n";
    try (TestKernel k = TestKernel.of(rec)) {
      assertEquals("a\tb\\c\"d\u00c3\u00a9q\n", k.read("/devices/platform/x/label"));
      KernfsFile blob = (KernfsFile) k.node("/devices/platform/x/blob");
      assertTrue(blob.isBinary());
      assertEquals(4, blob.size());
      assertArrayEquals(new byte[] {0, (byte) 0xff, 0x7f, 0x0a}, blob.ops().show());
      assertEquals(0644, k.node("/devices/platform/x/power/control").mode());
      assertEquals(0444, k.node("/devices/platform/x/label").mode());
      assertEquals("../../LNXSYSTM:00", k.readlink("/devices/platform/x/firmware_node"));
      assertEquals(4, k.write("/devices/platform/x/power/control", "on\n\n"));
      assertEquals("on\n", k.read("/devices/platform/x/power/control"));
    }
  }

  @Test
  void aBusDevicesDeviceIsAFileAClassDevicesIsTheDerivedLink() throws Exception {
    String rec = "P: /devices/pci0000:00/0000:00:03.0\nE: SUBSYSTEM=pci\nA: vendor=0x8086\\n\nA: device=0x100e\\n\n"
        + "H: config=86800E10\n\n"
        + "P: /devices/pci0000:00/0000:00:03.0/net/eth0\nE: SUBSYSTEM=net\nE: INTERFACE=eth0\nA: device=bogus\\n\n";
    try (TestKernel k = TestKernel.of(rec)) {
      assertEquals("0x100e\n", k.read("/devices/pci0000:00/0000:00:03.0/device"));
      assertEquals(List.of("uevent", "vendor", "device", "config", "subsystem"),
          ((KernfsDir) k.node("/devices/pci0000:00/0000:00:03.0")).childNames().stream()
              .filter(n -> !n.equals("net")).toList());
      assertEquals("../../../0000:00:03.0", k.readlink("/devices/pci0000:00/0000:00:03.0/net/eth0/device"));
    }
  }

  @Test
  void blockDisksAndPartitions() throws Exception {
    String rec = """
        P: /devices/virtual/block/loop0
        E: SUBSYSTEM=block
        E: DEVTYPE=disk
        E: DEVNAME=/dev/loop0
        E: MAJOR=7
        E: MINOR=0
        E: DISKSEQ=1
        E: ID_FS_TYPE=ext4

        P: /devices/virtual/block/loop0/loop0p1
        E: SUBSYSTEM=block
        E: DEVTYPE=partition
        E: DEVNAME=/dev/loop0p1
        E: MAJOR=259
        E: MINOR=0
        E: PARTN=1
        """;
    try (TestKernel k = TestKernel.of(rec)) {
      assertEquals("../devices/virtual/block/loop0", k.readlink("/block/loop0"));
      assertNull(k.node("/block/loop0p1"));
      assertEquals("../../devices/virtual/block/loop0/loop0p1", k.readlink("/class/block/loop0p1"));
      assertEquals("../../devices/virtual/block/loop0/loop0p1", k.readlink("/dev/block/259:0"));
      assertNull(k.node("/devices/virtual/block/loop0/loop0p1/device"), "partitions have no device link");
      assertEquals("MAJOR=7\nMINOR=0\nDEVNAME=loop0\nDEVTYPE=disk\nDISKSEQ=1\n",
          k.read("/devices/virtual/block/loop0/uevent"));
      assertEquals("ext4", k.kernel.core().device("/devices/virtual/block/loop0").udevProperties().get("ID_FS_TYPE"));
    }
  }

  static Stream<Arguments> malformed() {
    String ok = "P: /devices/virtual/mem/null\nE: SUBSYSTEM=mem\n";
    return Stream.of(
        Arguments.of("# comment\n" + ok, 1, "comment"),
        Arguments.of(ok + "# comment\n", 3, "comment"),
        Arguments.of("P: /devices/virtual/mem/null\r\nE: SUBSYSTEM=mem\n", 1, "CRLF"),
        Arguments.of("E: SUBSYSTEM=mem\n", 1, "must start with a P: line"),
        Arguments.of("P: /class/mem/null\nE: SUBSYSTEM=mem\n", 1, "must start with /devices/"),
        Arguments.of("P: /devices/virtual/mem/null\nA: x=1\n", 1, "missing SUBSYSTEM"),
        Arguments.of(ok + "E: SUBSYSTEM=mem\n", 3, "duplicate SUBSYSTEM"),
        Arguments.of(ok + "\n" + ok, 4, "duplicate device"),
        Arguments.of(ok + "H: b=ABC\n", 3, "hexadecimal"),
        Arguments.of(ok + "H: b=GG\n", 3, "hexadecimal"),
        Arguments.of(ok + "N: null=00ff\n", 3, "upper-case hex"),
        Arguments.of(ok + "X: foo\n", 3, "unknown line type"),
        Arguments.of(ok + "E: NOVALUE\n", 3, "malformed E: line"),
        Arguments.of(ok + "E: =x\n", 3, "malformed E: line"),
        Arguments.of(ok + "P: /devices/virtual/mem/zero\n", 3, "second P: line"),
        Arguments.of(ok + "E: MAJOR=1\nE: MINOR=3\nA: dev=1:5\\n\n", 5, "disagrees"),
        Arguments.of(ok + "E: MAJOR=1\n", 1, "MAJOR and MINOR"),
        Arguments.of(ok + "E: DEVMODE=09\n", 1, "DEVMODE"),
        Arguments.of(ok + "A: ../escape=1\n", 3, "bad attribute name"),
        Arguments.of("P: /devices/platform/x\nE: SUBSYSTEM=platform\nE: DRIVER=a\nL: driver=../../bus/platform/drivers/b\n",
            1, "disagrees with the driver link"),
        Arguments.of("noline\n", 1, "malformed line"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedFilesNameTheLineAndReason(String text, int line, String reason) {
    TreeFormatException e = assertThrows(TreeFormatException.class, () -> TreeLoader.parse("bad.umockdev", text));
    assertEquals(line, e.line(), e.getMessage());
    assertTrue(e.getMessage().startsWith("bad.umockdev:" + line + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void aFailingDeviceLeavesNothingLoaded() throws Exception {
    String text = TestKernel.BASIC + "\nP: /devices/virtual/mem/also-null\nE: SUBSYSTEM=mem\nE: MAJOR=1\nE: MINOR=3\n";
    try (EmulatedKernel k = EmulatedKernel.create(EmulatedKernel.Config.defaults())) {
      List<DeviceSpec> specs = TreeLoader.parse("t", text);
      SysfsException e = assertThrows(SysfsException.class, () -> k.coldplug(specs));
      assertEquals(Errno.EEXIST, e.errno());
      assertTrue(e.getMessage().contains("1:3"), e.getMessage());
      assertEquals(List.of(), ((KernfsDir) k.core().node("/class")).childNames());
      assertEquals(List.of(), ((KernfsDir) k.core().node("/dev/char")).childNames());
      assertEquals(List.of(), ((KernfsDir) k.core().node("/bus")).childNames());
      assertEquals(0, k.engine().seqnum());
    }
  }

  @Test
  void childrenMayComeBeforeParents() throws Exception {
    String text = "P: /devices/platform/serial8250/tty/ttyS0\nE: SUBSYSTEM=tty\nE: MAJOR=4\nE: MINOR=64\n\n"
        + "P: /devices/platform/serial8250\nE: SUBSYSTEM=platform\n";
    try (TestKernel k = TestKernel.of(text)) {
      assertEquals("platform", k.kernel.core().device("/devices/platform/serial8250").subsystem());
      assertEquals("MAJOR=4\nMINOR=64\nDEVNAME=ttyS0\n", k.read("/devices/platform/serial8250/tty/ttyS0/uevent"));
    }
  }

  /** Children recorded before their parents, as umockdev-record writes them. */
  static final String CHILDREN_FIRST = "P: /devices/a/b/c\nE: SUBSYSTEM=x\n\n"
      + "P: /devices/a/z\nE: SUBSYSTEM=x\n\n"
      + "P: /devices/a\nE: SUBSYSTEM=x\n\n"
      + "P: /devices/a/b\nE: SUBSYSTEM=x\n\n"
      + "P: /devices/a/b/c/d\nE: SUBSYSTEM=x\n\n"
      + "P: /devices/a/b/c/y\nE: SUBSYSTEM=x\n";
  /** {@link #CHILDREN_FIRST}'s devices as added: parents first, otherwise in the file's order. */
  static final List<String> CHILDREN_FIRST_ADDED = List.of("/devices/a", "/devices/a/b", "/devices/a/b/c",
      "/devices/a/z", "/devices/a/b/c/d", "/devices/a/b/c/y");

  @Test
  void parentsComeFirstAndOtherwiseTheFilesOrderIsKept() throws Exception {
    assertEquals(CHILDREN_FIRST_ADDED,
        TreeLoader.parse("order", CHILDREN_FIRST).stream().map(DeviceSpec::devpath).toList());
  }
}
