package org.sysfsemu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * The defects a red-team run found, through the real mounts: blocked readers holding libfuse path
 * locks, hotplug writers that could not be killed, one user exhausting what others need, results
 * leaking to other users, and a daemon outliving its mounts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReliabilityIT {
  private static final String STICK = "/devices/pci0000:00/0000:00:14.0/usb1/1-2";
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

  private String dev(String rel) {
    return emu.dev().resolve(rel).toString();
  }

  private static Shell.Result asNobody(String script) {
    return sh("setpriv --reuid=65534 --regid=65534 --clear-groups sh -c " + q(script));
  }

  private String rootStatus() {
    return sh("cat " + q(dev(".sysfs-emu/status"))).ok();
  }

  private void awaitStatus(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!rootStatus().startsWith(prefix)) {
      assertTrue(System.nanoTime() < deadline, "status never became '" + prefix + "': " + rootStatus());
      Thread.sleep(50);
    }
  }

  @Test
  void aBlockedReaderHoldsNoPathLockOfTheDevMount() throws Exception {
    try (Background reader = Background.start(List.of("cat", dev("uevent")))) {
      Thread.sleep(300);
      Shell.Result rm = sh("timeout 5 rm " + q(dev("uevent")));
      assertNotEquals(124, rm.exit(), "rm waited for the blocked read");
      assertTrue(rm.err().contains("Operation not permitted"), rm.err());
      assertEquals(0, sh("timeout 5 mknod " + q(dev("rel-null")) + " c 1 3").exit());
      Shell.Result ls = sh("timeout 5 ls " + q(emu.dev().toString()));
      assertEquals(0, ls.exit(), ls.err());
      assertTrue(ls.out().contains("rel-null"));
      sh("rm " + q(dev("rel-null"))).ok();
      assertTrue(reader.process().isAlive(), "the reader still waits");
    }
  }

  @Test
  void aKilledPlugWriterEndsAtOnceAndAQueuedOneIsDropped() throws Exception {
    try (Background slow = Background.sh("echo 'usb-stick delay=500' > " + q(dev(".sysfs-emu/plug")));
        Background queued = Background.sh("sleep 0.5; echo usb-keyboard > " + q(dev(".sysfs-emu/plug")))) {
      Thread.sleep(1200);
      for (Background b : List.of(slow, queued)) {
        long t0 = System.nanoTime();
        b.process().destroyForcibly(); // SIGKILL
        assertTrue(b.process().waitFor(3, TimeUnit.SECONDS), "the writer ended after SIGKILL");
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3));
      }
    }
    awaitStatus("ok: plugged usb-stick");
    assertTrue(Files.isDirectory(emu.sys().resolve(STICK.substring(1))), "a started plug runs to its end");
    assertFalse(Files.exists(emu.sys().resolve("devices/pci0000:00/0000:00:14.0/usb1/1-3")),
        "the queued plug of a killed writer never ran");
    sh("echo usb-stick > " + q(dev(".sysfs-emu/unplug"))).ok();
  }

  @Test
  void fifosAndOtherNonRegularFilesAreRefusedAtOnce() throws Exception {
    Path fifo = dir.resolve("fifo");
    sh("mkfifo " + q(fifo.toString())).ok();
    for (String file : List.of(fifo.toString(), "/dev/zero", "/tmp")) {
      Shell.Result r = sh("timeout 10 bash -c " + q("echo " + q(file) + " > " + q(dev(".sysfs-emu/plug"))));
      assertNotEquals(124, r.exit(), file + ": the writer waited");
      assertNotEquals(0, r.exit(), file);
      assertTrue(r.err().contains("Invalid argument"), file + ": " + r.err());
    }
    Shell.Result delay = sh("bash -c " + q("echo 'usb-stick delay=60000' > " + q(dev(".sysfs-emu/plug"))));
    assertTrue(delay.err().contains("Invalid argument"), "delays are bounded: " + delay.err());
  }

  @Test
  void statusShowsAUserOnlyTheirOwnResultsWithControlBytesEscaped() throws Exception {
    Path secret = dir.resolve("secret");
    Files.writeString(secret, "root:$6$hash\u001b[2J:19000:0:99999:7:::\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    Shell.Result r = sh("echo " + q(secret.toString()) + " > " + q(dev(".sysfs-emu/plug")));
    assertNotEquals(0, r.exit());
    String mine = rootStatus();
    assertTrue(mine.startsWith("error: " + secret + ":1:"), mine);
    assertFalse(mine.contains("\u001b"), "control bytes are escaped: " + mine);
    assertTrue(mine.contains("\\x1b"), mine);
    String theirs = asNobody("cat " + q(dev(".sysfs-emu/status"))).ok();
    assertEquals("ok: no command yet\n", theirs, "another user sees none of root's results");
  }

  @Test
  void anUnprivilegedUserExhaustingTheirLimitsCannotStopRoot() throws Exception {
    String hog = String.join("\n",
        "import os, resource, threading, sys, time",
        "soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)",
        "resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))",
        "fds = []",
        "errors = {}",
        "for path in [sys.argv[1], sys.argv[2]]:",
        "    for i in range(5000):",
        "        try:",
        "            fds.append(os.open(path, os.O_RDONLY))",
        "        except OSError as e:",
        "            errors[path] = e.errno",
        "            break",
        "def block(fd):",
        "    try:",
        "        os.read(fd, 65536)",
        "    except OSError:",
        "        pass",
        "for fd in fds:",
        "    threading.Thread(target=block, args=(fd,), daemon=True).start()",
        "time.sleep(1)",
        "print('open', len(fds), 'errors', sorted(errors.values()), flush=True)",
        "time.sleep(120)");
    Path script = dir.resolve("hog.py");
    Files.writeString(script, hog);
    try (Background nobody = Background.start(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
        "/usr/bin/python3", script.toString(), dev("uevent"), dev(".sysfs-emu/status")))) {
      String out = nobody.await(t -> t.contains("errors"), 60);
      assertTrue(out.startsWith("open 64 errors [24, 24]"), "nobody stops at 64 control nodes with EMFILE: " + out);
      long threads = Files.readAllLines(Path.of("/proc/" + emu.process().pid() + "/status")).stream()
          .filter(l -> l.startsWith("Threads:")).mapToLong(l -> Long.parseLong(l.split("\\s+")[1])).sum();
      assertTrue(threads < 200, "the daemon's threads stay bounded: " + threads);
      try (Background root = Background.start(List.of("cat", dev("uevent")))) {
        Thread.sleep(300);
        sh("echo change > " + q(emu.sys() + "/devices/virtual/mem/null/uevent")).ok();
        assertTrue(root.await(t -> t.contains("SUBSYSTEM=mem"), 10).startsWith("change@/devices/virtual/mem/null"));
      }
      Shell.Result plug = sh("java -jar " + q(Emulator.jar().toString()) + " plug --dev " + q(emu.dev().toString())
          + " usb-stick");
      assertEquals(0, plug.exit(), plug.err());
      sh("echo usb-stick > " + q(dev(".sysfs-emu/unplug"))).ok();
    }
  }

  @Test
  void theDaemonStopsWhenItsMountIsUnmountedFromOutside() throws Exception {
    Path other = dir.resolve("other");
    Files.createDirectories(other);
    Emulator e = Emulator.start(other);
    try {
      sh("fusermount -uz " + q(e.dev().toString())).ok();
      assertTrue(e.process().waitFor(10, TimeUnit.SECONDS), "the daemon exited");
      assertEquals(0, e.process().exitValue());
      assertTrue(e.log().contains("was unmounted"), e.log());
      assertFalse(Emulator.isMounted(e.sys()), "the other mount is gone too");
    } finally {
      e.stop();
    }
  }
}
