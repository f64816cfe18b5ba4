package org.sysfsemu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.testing.TestKernel;

/**
 * The files of recorded attributes and of {@code dev}: each file keeps its own value though
 * devices loaded from one file share their ops and their recorded bytes.
 */
class RecordedAttributeFilesTest {
  private static final String TWO_DISKS = """
      P: /devices/virtual/block/loop0
      E: SUBSYSTEM=block
      E: DEVTYPE=disk
      E: MAJOR=7
      E: MINOR=0
      A: size=0\\n
      A: queue/scheduler=none\\n
      A: power/control=auto\\n

      P: /devices/virtual/block/loop1
      E: SUBSYSTEM=block
      E: DEVTYPE=disk
      E: MAJOR=7
      E: MINOR=1
      A: size=0\\n
      A: queue/scheduler=none\\n
      A: power/control=auto\\n
      """;

  @Test
  void aStoreOrASetChangesOneFileOnly() throws Exception {
    try (TestKernel k = TestKernel.of(TWO_DISKS)) {
      String a = "/devices/virtual/block/loop0";
      String b = "/devices/virtual/block/loop1";
      assertEquals(2, k.write(a + "/power/control", "on"));
      assertEquals("on\n", k.read(a + "/power/control"));
      assertEquals("auto\n", k.read(b + "/power/control"));
      DriverCore core = k.kernel.core();
      core.setAttribute(core.device(b), "queue/scheduler", "mq-deadline\n".getBytes(StandardCharsets.ISO_8859_1));
      assertEquals("mq-deadline\n", k.read(b + "/queue/scheduler"));
      assertEquals("none\n", k.read(a + "/queue/scheduler"));
      SysfsException e = assertThrows(SysfsException.class, () -> k.write(a + "/size", "8"));
      assertEquals(Errno.EACCES, e.errno());
      assertEquals("0\n", k.read(a + "/size"));
    }
  }

  @Test
  void setReachesRecordedAttributesOnly() throws Exception {
    try (TestKernel k = TestKernel.of(TWO_DISKS)) {
      DriverCore core = k.kernel.core();
      Device dev = core.device("/devices/virtual/block/loop0");
      for (String name : new String[] {"dev", "uevent", "queue", "subsystem", "nothing"}) {
        SysfsException e = assertThrows(SysfsException.class, () -> core.setAttribute(dev, name, new byte[] {'1'}));
        assertEquals(Errno.ENOENT, e.errno(), name);
      }
      assertEquals("7:0\n", k.read("/devices/virtual/block/loop0/dev"));
    }
  }

  @Test
  void devShowsTheDeviceNumberAndRefusesAStore() throws Exception {
    try (TestKernel k = TestKernel.of(TWO_DISKS)) {
      assertEquals("7:1\n", k.read("/devices/virtual/block/loop1/dev"));
      assertEquals("../../devices/virtual/block/loop1", k.readlink("/dev/block/7:1"));
      SysfsException e = assertThrows(SysfsException.class, () -> k.write("/devices/virtual/block/loop1/dev", "8:0"));
      assertEquals(Errno.EACCES, e.errno());
      assertEquals("7:1\n", k.read("/devices/virtual/block/loop1/dev"));
    }
  }
}
