package org.sysfsemu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sysfsemu.it.Shell.q;
import static org.sysfsemu.it.Shell.sh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --allow-other}: another user (nobody, via setpriv) sees both mounts, and the kernel
 * enforces the modes we report (default_permissions): reading is allowed where sysfs allows it,
 * while uevent_helper, uevent files and the hotplug control files stay the mounting user's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AllowOtherIT {
  @TempDir static Path dir;
  private Emulator emu;

  @BeforeAll
  void start() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    emu = Emulator.start(dir, "--allow-other");
  }

  @AfterAll
  void stop() throws Exception {
    emu.stop();
  }

  private static Shell.Result asNobody(String script) {
    return sh("setpriv --reuid=65534 --regid=65534 --clear-groups sh -c " + q(script));
  }

  private long seqnum() {
    return Long.parseLong(sh("cat " + emu.sys() + "/kernel/uevent_seqnum").ok().trim());
  }

  @Test
  void anotherUserMayReadButNotChangeWhatRootOwns() {
    String sys = emu.sys().toString();
    String dev = emu.dev().toString();
    assertEquals("52:54:00:12:34:56\n", asNobody("cat " + q(sys + "/class/net/eth0/address")).ok());
    long before = seqnum();
    for (String file : new String[] {sys + "/kernel/uevent_helper", sys + "/devices/virtual/mem/null/uevent",
        dev + "/.sysfs-emu/plug"}) {
      Shell.Result r = asNobody("echo add > " + q(file));
      assertNotEquals(0, r.exit(), file);
      assertTrue(r.err().contains("Permission denied"), file + ": " + r.err());
    }
    Shell.Result mknod = asNobody("mknod " + q(dev + "/mine") + " c 1 3");
    assertTrue(mknod.err().contains("Permission denied"), mknod.err());
    assertEquals(before, seqnum(), "nothing was sent");
    assertEquals("\n", sh("cat " + q(sys + "/kernel/uevent_helper")).ok(), "the helper is unchanged");
    sh("echo add > " + q(sys + "/devices/virtual/mem/null/uevent")).ok();
    assertTrue(seqnum() > before, "the mounting user (root) may");
  }

  @Test
  void anotherUserMayListenToEvents() throws Exception {
    String dev = emu.dev().toString();
    try (Background cat = Background.start(java.util.List.of("setpriv", "--reuid=65534", "--regid=65534",
        "--clear-groups", "cat", dev + "/uevent"))) {
      Thread.sleep(300);
      sh("echo change > " + q(emu.sys() + "/devices/virtual/mem/null/uevent")).ok();
      assertTrue(cat.await(t -> t.contains("SUBSYSTEM=mem"), 10).startsWith("change@/devices/virtual/mem/null"));
    }
  }
}
