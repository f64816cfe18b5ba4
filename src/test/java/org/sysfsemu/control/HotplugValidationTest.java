package org.sysfsemu.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.sysfsemu.driver.TreeDump;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.testing.TestKernel;

/** Bad names and files given to hotplug are refused with EINVAL, at once, and change nothing. */
class HotplugValidationTest {
  @TempDir Path dir;
  private TestKernel k;
  private Hotplug hotplug;
  private String before;

  @BeforeEach
  void start() throws Exception {
    k = TestKernel.of(TestKernel.BASIC);
    hotplug = new Hotplug(k.kernel);
    before = TreeDump.dump(k.kernel.kernfs());
  }

  @AfterEach
  void unchanged() {
    assertEquals(before, TreeDump.dump(k.kernel.kernfs()));
    assertEquals(0, k.kernel.engine().seqnum());
    k.close();
  }

  private static void einval(Executable e) {
    assertEquals(Errno.EINVAL, assertThrows(SysfsException.class, e).errno());
  }

  @Test
  void emptyNamesAreRefused() {
    einval(() -> hotplug.remove(""));
    einval(() -> hotplug.unplug(""));
    einval(() -> hotplug.change("", List.of()));
    einval(() -> hotplug.plug("", Duration.ZERO));
    einval(() -> hotplug.rename("", "x"));
  }

  @Test
  void controlBytesInNamesAreRefusedNotAnIoError() {
    einval(() -> hotplug.plug("usb\0stick", Duration.ZERO));
    einval(() -> hotplug.unplug("usb\0stick"));
    einval(() -> hotplug.unplug("/tmp/x\0y"));
    einval(() -> hotplug.remove("/devices/virtual/mem/null\n"));
    SysfsException e = assertThrows(SysfsException.class, () -> hotplug.plug("a\u001b[2Jb", Duration.ZERO));
    assertTrue(e.getMessage().contains("\\x1b") && !e.getMessage().contains("\u001b"), e.getMessage());
  }

  @Test
  void nonRegularFilesAndLongDelaysAreRefusedWithoutReading() throws Exception {
    Path fifo = dir.resolve("fifo");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    einval(() -> hotplug.plug(fifo.toString(), Duration.ZERO)); // would block in open() if read
    einval(() -> hotplug.plug("/dev/zero", Duration.ZERO)); // would never end if read
    einval(() -> hotplug.plug(dir.toString(), Duration.ZERO));
    einval(() -> hotplug.plug("usb-stick", Hotplug.MAX_DELAY.plusMillis(1)));
    einval(() -> hotplug.plug("usb-stick", Duration.ofMillis(-1)));
  }
}
