package org.sysfsemu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sysfsemu.testing.CPrograms;

/**
 * {@code sysfs-emu run} and the sandbox of {@code mount}, driven with real, unmodified tools:
 * udevadm (systemd 252), pyudev, busybox, lsblk, and the textbook netlink listener built
 * statically. Nothing is preloaded or modified; the tools read /sys and /dev at their real paths
 * and listen on real NETLINK_KOBJECT_UEVENT sockets.
 */
class SandboxIT {
  private static final String SDA1 = "/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda/sda1";
  private static final String PYTHON = "/usr/bin/python3";

  @TempDir Path dir;

  private static List<String> cli(String... args) {
    List<String> cmd = new ArrayList<>(List.of("java", "-jar", Emulator.jar().toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  @Test
  void runGivesUnmodifiedToolsTheEmulatedSysAndDevAndNoneOfTheHosts() throws Exception {
    Path list = CPrograms.binary("sysfs-list", true);
    String script = String.join("\n",
        "echo x > /dev/null && echo null-ok",
        "readlink /sys/class/block/sda1",
        "udevadm info --export-db | grep '^P: '",
        "echo lsblk: $(lsblk -rno NAME)",
        "echo pyudev: $(" + PYTHON + " -c 'import pyudev; print(sorted(d.sys_name for d in pyudev.Context().list_devices(subsystem=\"block\")))')",
        "echo static: $(" + list + " /sys/class/block | sort)",
        "cat /dev/sda > /dev/null 2>&1 && echo sda-readable || echo sda-refused",
        "echo /bin/true > /proc/sys/kernel/hotplug && echo helper: $(cat /sys/kernel/uevent_helper)",
        "exit 7");
    Shell.Result r = Shell.run(cli("run", "--", "sh", "-c", script));
    assertEquals(7, r.exit(), "run exits with the command's status: " + r.err());
    String out = r.out();
    assertTrue(out.startsWith("null-ok\n"), out);
    assertTrue(out.contains("\n../../devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host0/target0:0:0/0:0:0:0/block/sda/sda1\n"), out);
    assertTrue(out.contains("\nP: " + SDA1 + "\n"), out);
    List<String> devpaths = new ArrayList<>();
    for (String l : out.split("\n")) {
      if (l.startsWith("P: ")) {
        devpaths.add(l.substring(3));
      }
    }
    assertTrue(devpaths.size() >= 30, "udevadm sees the default tree: " + devpaths);
    assertTrue(devpaths.stream().allMatch(p -> p.startsWith("/devices/pci0000:00/") || p.startsWith("/devices/virtual/")
        || p.startsWith("/devices/platform/") || p.startsWith("/devices/pnp0/")), "only emulated devices: " + devpaths);
    assertTrue(out.contains("\nlsblk: sda sda1\n"), out);
    assertTrue(out.contains("\npyudev: ['sda', 'sda1']\n"), out);
    assertTrue(out.contains("\nstatic: sda sda1\n"), out);
    assertTrue(out.contains("\nsda-refused\n"), "a block node never reaches a driver: " + out);
    assertTrue(out.contains("\nhelper: /bin/true\n"), "/proc/sys/kernel/hotplug sets uevent_helper: " + out);
  }

  @Test
  void udevadmMonitorInRunSeesKernelAndUdevRecordsOfWritesInsideAndPlugsFromOutside() throws Exception {
    Path sys = dir.resolve("sys");
    Path dev = dir.resolve("dev");
    Process run = new ProcessBuilder(cli("run", "--sys", sys.toString(), "--dev", dev.toString(), "--",
        "udevadm", "monitor", "--kernel", "--udev", "--property")).redirectErrorStream(true).start();
    Lines out = new Lines(run);
    try {
      out.await(l -> l.startsWith("KERNEL - the kernel uevent"), 30);
      Thread.sleep(300); // udevadm prints its header, then enables its sockets
      long pid = Long.parseLong(Files.readString(dev.resolve(".sysfs-emu/sandbox")).strip());
      Shell.run(List.of("nsenter", "--target", Long.toString(pid), "--user", "--mount", "--net", "--pid", "--",
          "sh", "-c", "echo add > /sys/class/block/sda1/uevent")).ok();
      Shell.run(cli("plug", "--dev", dev.toString(), "usb-stick")).ok();
      // the stick's last event is the sd driver's bind of the SCSI device
      out.await(l -> l.startsWith("KERNEL[") && l.contains(" bind ") && l.endsWith("/1:0:0:0 (scsi)"), 30);
      out.awaitSeen(l -> l.startsWith("UDEV  [") && l.contains(" bind ") && l.endsWith("/1:0:0:0 (scsi)"), 10);
    } finally {
      run.destroy();
      run.waitFor(20, TimeUnit.SECONDS);
    }
    List<String> headers = out.all().stream().filter(l -> l.startsWith("KERNEL[") || l.startsWith("UDEV  [")).toList();
    List<String> kernel = actions(headers, "KERNEL[");
    List<String> udev = actions(headers, "UDEV  [");
    assertEquals("add " + SDA1 + " (block)", kernel.get(0), headers.toString());
    assertEquals(kernel, udev, "the udev re-broadcasts are the kernel events, in the same order");
    assertEquals(1 + 12 + 3, kernel.size(), "the write, then the stick's 12 adds and 3 binds: " + kernel);
    assertEquals("add /devices/pci0000:00/0000:00:14.0/usb1/1-2 (usb)", kernel.get(1));
    assertTrue(kernel.get(kernel.size() - 1).startsWith("bind "), kernel.toString());
    // each source in the kernel's order; between the two sockets udevadm prints whichever it reads
    // first, so a UDEV record may come before its KERNEL record when both are already queued
    String all = String.join("\n", out.all());
    assertTrue(all.contains("ID_SERIAL=SanDisk_Cruzer_Blade_4C530001230825113112-0:0"), "udev properties in UDEV records");
    assertFalse(Emulator.isMounted(sys), "run unmounts when it ends");
  }

  @Test
  void theStaticTextbookListenerGetsByteExactKernelDatagramsFromTheKernel() throws Exception {
    try (Emulator emu = Emulator.start(dir);
        org.sysfsemu.testing.CReader control = org.sysfsemu.testing.CReader.start(emu.dev().resolve("uevent").toString())) {
      Framed frames = Framed.listening(emu, 4);
      Files.writeString(emu.sys().resolve("class/block/sda1/uevent"), "change");
      Files.writeString(emu.sys().resolve("devices/virtual/mem/null/uevent"), "add 01234567-89ab-cdef-0123-456789abcdef A=1");
      Shell.run(cli("plug", "--dev", emu.dev().toString(), "usb-keyboard")).ok();
      for (int i = 0; i < 4; i++) {
        Datagram got = frames.datagram(10);
        assertEquals("0", got.portid(), "sender portid 0: the kernel's");
        assertEquals(new String(control.next(10).data(), StandardCharsets.ISO_8859_1), got.text(),
            "datagram " + i + " is the control node's, SEQNUM included");
      }
      frames.process().destroy();
      String seqnum = Files.readString(emu.sys().resolve("kernel/uevent_seqnum")).strip();
      assertTrue(Long.parseLong(seqnum) >= 4, seqnum);
    }
  }

  /**
   * Another process of the sandbox injects the very bytes of an event the emulator is about to
   * send (the native reference of scripts/bench-sandbox does): the kernel's broadcasts of those
   * reach the emulator's socket too, and must not be taken for the broadcast of its own
   * injection, whose SEQNUM every channel shares.
   */
  @Test
  void anotherInjectionOfTheSameBytesDoesNotLendItsSeqnum() throws Exception {
    Path injector = CPrograms.binary("uevent-injector", false);
    try (Emulator emu = Emulator.start(dir);
        org.sysfsemu.testing.CReader control = org.sysfsemu.testing.CReader.start(emu.dev().resolve("uevent").toString())) {
      Framed frames = Framed.listening(emu, 4);
      Shell.run(emu.inside(injector.toString(), "3", "0")).ok();
      List<String> foreign = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        foreign.add(frames.datagram(10).text());
      }
      // a change without keys of its own (a write to uevent would add SYNTH_UUID)
      Shell.run(cli("change", "--dev", emu.dev().toString(), "/devices/virtual/mem/null")).ok();
      String expected = new String(control.next(10).data(), StandardCharsets.ISO_8859_1);
      String withoutSeqnum = expected.substring(0, expected.indexOf("SEQNUM="));
      for (String f : foreign) {
        assertEquals(withoutSeqnum, f.substring(0, f.indexOf("SEQNUM=")), "the same bytes but the number");
      }
      assertEquals(expected, frames.datagram(10).text(),
          "the control node's datagram has the kernel's SEQNUM of the emulator's own injection");
      frames.process().destroy();
    }
  }

  @Test
  void pyudevMonitorsBothSourcesWithSubsystemAndTagFilters() throws Exception {
    String py = String.join("\n",
        "import pyudev, sys",
        "c = pyudev.Context()",
        "k = pyudev.Monitor.from_netlink(c, source='kernel'); k.filter_by('block'); k.start()",
        "u = pyudev.Monitor.from_netlink(c, source='udev'); u.filter_by_tag('systemd'); u.start()",
        "print('READY', flush=True)",
        "seen = {'kernel': 0, 'udev': 0}",
        "while seen['kernel'] < 2 or seen['udev'] < 3:",
        "    for m in (k, u):",
        "        d = m.poll(timeout=0.05)",
        "        if d is not None:",
        "            seen[m is k and 'kernel' or 'udev'] += 1",
        "            print(m is k and 'kernel' or 'udev', d.action, d.sys_name, d.subsystem, d.get('SEQNUM'), sorted(d.tags), d.is_initialized, flush=True)");
    try (Emulator emu = Emulator.start(dir)) {
      Process p = new ProcessBuilder(emu.inside(PYTHON, "-c", py)).redirectErrorStream(true).start();
      Lines out = new Lines(p);
      out.await(l -> l.equals("READY"), 20);
      Shell.run(cli("plug", "--dev", emu.dev().toString(), "usb-stick")).ok();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "pyudev got 2 kernel and 3 udev events: " + out.all());
      List<String> got = out.all().subList(1, out.all().size());
      assertEquals(List.of("kernel add sdb block", "kernel add sdb1 block"),
          got.stream().filter(l -> l.startsWith("kernel ")).map(l -> String.join(" ", List.of(l.split(" ")).subList(0, 4))).toList(),
          "the kernel source, filtered by subsystem: " + got);
      assertTrue(got.stream().filter(l -> l.startsWith("udev ")).count() >= 3, got.toString());
      assertTrue(got.stream().filter(l -> l.startsWith("udev ")).allMatch(l -> l.contains("'systemd'") && l.endsWith(" True")),
          "udev source: tagged systemd, initialized: " + got);
      assertTrue(got.stream().filter(l -> l.startsWith("kernel ")).allMatch(l -> l.endsWith(" False")), got.toString());
    }
  }

  @Test
  void busyboxUeventPrintsEventsAndMdevDaemonManagesNodesInTheEmulatedDev() throws Exception {
    try (Emulator emu = Emulator.start(dir)) {
      Process uevent = new ProcessBuilder(emu.inside("busybox", "uevent", "sh", "-c", "echo \"$SEQNUM $ACTION $DEVPATH\""))
          .redirectErrorStream(true).start();
      Lines events = new Lines(uevent);
      Process mdev = new ProcessBuilder(emu.inside("busybox", "mdev", "-d", "-f")).redirectErrorStream(true).start();
      try {
        Thread.sleep(1000); // both bind their sockets
        String hostDev = hostDev();
        Shell.run(cli("plug", "--dev", emu.dev().toString(), "usb-stick")).ok();
        events.await(l -> l.endsWith("/block/sdb/sdb1"), 20);
        awaitFile(emu.dev().resolve("sdb1"), true); // devtmpfs makes it 0600, then mdev sets its mode
        awaitOutput("stat -c %a " + emu.dev().resolve("sdb1"), "660\n");
        Shell.run(cli("unplug", "--dev", emu.dev().toString(), "usb-stick")).ok();
        events.await(l -> l.contains(" remove ") && l.endsWith("/usb1/1-2"), 20);
        awaitFile(emu.dev().resolve("sdb1"), false);
        assertEquals(hostDev, hostDev(), "the host's /dev is unchanged");
      } finally {
        uevent.destroy();
        mdev.destroy();
      }
      String seq = Files.readString(emu.sys().resolve("kernel/uevent_seqnum")).strip();
      assertTrue(events.all().stream().anyMatch(l -> l.startsWith(seq + " remove ")), "SEQNUMs agree with uevent_seqnum: " + seq);
    }
  }

  @Test
  void mdevAsTheUeventHelperWorksInTheEmulatedWorldWithItsConfAndSeqFile() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path mdev = bin.resolve("mdev");
    Files.createSymbolicLink(mdev, Path.of(Shell.sh("command -v busybox").ok().strip()));
    Path etc = dir.resolve("etc");
    Shell.sh("mkdir -p " + etc + " && cp -a /etc/. " + etc + "/ && printf 'sd[a-z][0-9]* 0:6 0640\\n' > " + etc + "/mdev.conf").ok();
    try (Emulator emu = Emulator.start(dir)) {
      String hostDev = hostDev();
      emu.insideSh("mount --bind " + etc + " /etc && : > /dev/mdev.seq && echo " + mdev + " > /proc/sys/kernel/hotplug").ok();
      assertEquals(mdev + "\n", Files.readString(emu.sys().resolve("kernel/uevent_helper")));
      long before = Long.parseLong(Files.readString(emu.sys().resolve("kernel/uevent_seqnum")).strip());
      Shell.run(cli("plug", "--dev", emu.dev().toString(), "usb-stick")).ok();
      awaitFile(emu.dev().resolve("sdb1"), true);
      Shell.run(cli("settle", "--dev", emu.dev().toString())).ok();
      assertEquals("640 0:6", Shell.sh("stat -c '%a %u:%g' " + emu.dev().resolve("sdb1")).ok().strip(),
          "the mode and group of the mdev.conf bound in the sandbox");
      long last = Long.parseLong(Files.readString(emu.sys().resolve("kernel/uevent_seqnum")).strip());
      long seq = Long.parseLong(Files.readString(emu.dev().resolve("mdev.seq")).strip());
      assertTrue(seq > before && seq <= last + 1, "mdev.seq sequencing ran: mdev wrote " + seq + " after events "
          + before + ".." + last);
      Shell.run(cli("unplug", "--dev", emu.dev().toString(), "usb-stick")).ok();
      Shell.run(cli("settle", "--dev", emu.dev().toString())).ok();
      awaitFile(emu.dev().resolve("sdb1"), false);
      assertEquals(hostDev, hostDev(), "the host's /dev is unchanged");
    }
  }

  @Test
  void theEmulatorRefusesToMountOverItsOwnSys() {
    Shell.Result r = Shell.run(cli("mount", "--sys", "/sys", "--dev", dir.resolve("dev").toString()));
    assertEquals(1, r.exit(), r.err());
    assertEquals("sysfs-emu mount: cannot mount at /sys: it is this process's own /sys (the emulator must never find its"
        + " mounts there; 'sysfs-emu run' gives tools the emulated /sys and /dev at their real paths)\n", r.err());
  }

  /**
   * The deadlock scenario: the emulator's mount bound over /sys in the emulator's own namespace.
   * A JVM that reads cgroup files under /sys at safepoints would send the request to itself with
   * every thread stopped; the launcher's JVM never reads them. Forced safepoints (GC.run) and
   * hotplug while tools read /sys must all complete.
   */
  @Test
  void theLaunchersJvmKeepsServingWithItsOwnMountBoundOverSys() throws Exception {
    String d = dir.toString();
    String script = String.join("\n",
        "SYSFS_EMU_JAR=" + Emulator.jar() + " scripts/sysfs-emu mount --sys " + d + "/sys --dev " + d + "/dev > " + d + "/log 2>&1 &",
        "pid=$!",
        "trap 'kill $pid 2>/dev/null' EXIT", // an early exit must not leave the emulator running
        "i=0; until grep -q '^ready' " + d + "/log; do sleep 0.1; i=$((i+1)); [ $i -lt 600 ] || exit 3; done",
        "mount --bind " + d + "/sys /sys || exit 4",
        "for i in 1 2 3 4 5 6 7 8 9 10; do",
        "  timeout 20 cat /sys/class/net/eth0/address > /dev/null || exit 5",
        "  timeout 20 sh -c 'echo usb-stick > " + d + "/dev/.sysfs-emu/plug' || exit 6",
        "  timeout 20 jcmd $pid GC.run > /dev/null || exit 7",
        "  timeout 20 sh -c 'echo usb-stick > " + d + "/dev/.sysfs-emu/unplug' || exit 8",
        "done",
        "timeout 20 cat /sys/kernel/uevent_seqnum > /dev/null || exit 9",
        "kill $pid; wait $pid; echo stopped $?");
    Shell.Result r = Shell.run(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c", script));
    assertEquals(0, r.exit(), "exit " + r.exit() + ": " + r.err() + Files.readString(dir.resolve("log")));
    assertTrue(r.out().startsWith("stopped "), r.out());
  }

  /**
   * As another user, through the launcher: the namespaces and mounts work (the caller is root
   * inside), and netlink listeners inside hear the events, because the launcher starts the emulator
   * as root of a user namespace of its own; {@code --udevd} works too. The launcher and jar are
   * copied where user nobody can read them; /dev/fuse is 0666 on Debian, and the test makes sure.
   */
  @Test
  void asAnUnprivilegedUserRunWorksWithRealNetlink() throws Exception {
    Path shared = Files.createTempDirectory(Path.of("/tmp"), "sysfs-emu-user");
    String fuseMode = Shell.sh("stat -c %a /dev/fuse").ok().strip();
    try {
      Shell.sh("cp -r scripts " + shared + "/ && cp " + Emulator.jar() + " " + shared + "/emu.jar && mkdir " + shared
          + "/home && chown 65534:65534 " + shared + "/home && chmod -R a+rX " + shared + " && chmod 666 /dev/fuse").ok();
      String inside = String.join("; ",
          "id -u; ls /sys/class/block; echo x > /dev/null && echo null-ok",
          "f=$(mktemp); udevadm monitor --kernel --udev > $f 2>&1 & m=$!",
          "i=0; until grep -q '^KERNEL - ' $f; do sleep 0.05; i=$((i+1)); [ $i -lt 400 ] || exit 3; done",
          "echo change > /sys/class/block/sda1/uevent",
          "i=0; until grep -q '^UDEV *\\[' $f; do sleep 0.05; i=$((i+1)); [ $i -lt 400 ] || exit 4; done",
          "kill $m; wait $m; grep -E '^(KERNEL|UDEV) *\\[' $f | sed 's/\\[[^]]*\\]//; s/ \\+/ /g' | sort; rm $f");
      // udevadm monitor prints whichever of its two sockets it reads first, hence the sort
      Shell.Result r = Shell.run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
          "env", "HOME=/tmp", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "SYSFS_EMU_JAR=" + shared + "/emu.jar",
          shared + "/scripts/sysfs-emu", "run", "--", "sh", "-c", inside));
      assertEquals(0, r.exit(), r.err());
      assertEquals("0\nsda\nsda1\nnull-ok\n"
          + "KERNEL change " + SDA1 + " (block)\n" + "UDEV change " + SDA1 + " (block)\n",
          r.out(), "root inside, the emulated /sys, a working /dev/null, the event on real netlink");
      assertFalse(r.err().contains("no real netlink delivery"), r.err());

      // the real udevd too: its node-open helper is built into the caller's $HOME, not root's
      Shell.Result udevd = Shell.run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
          "env", "HOME=" + shared + "/home", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "SYSFS_EMU_JAR=" + shared + "/emu.jar",
          shared + "/scripts/sysfs-emu", "run", "--udevd", "--", "udevadm", "info", "-q", "symlink", "-n", "sda1"));
      assertEquals(0, udevd.exit(), udevd.err());
      assertTrue(udevd.out().contains("disk/by-id/usb-SanDisk_Cruzer_Blade_4C530001230825113112-0:0-part1"), udevd.out());
    } finally {
      Shell.sh("chmod " + fuseMode + " /dev/fuse; rm -rf " + shared);
    }
  }

  private static List<String> actions(List<String> headers, String prefix) {
    return headers.stream().filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(l.indexOf(']') + 1).strip().replaceAll(" +", " ")).toList();
  }

  /** The host's /dev: every entry's name, type and mode, owner and device numbers (not times). */
  private static String hostDev() {
    return Shell.sh("stat -c '%n %f %u:%g %t:%T' /dev/* | sort").ok();
  }

  private static void awaitOutput(String command, String expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String got;
    while (!(got = Shell.sh(command).out()).equals(expected)) {
      if (System.nanoTime() > deadline) {
        assertEquals(expected, got, command);
      }
      Thread.sleep(50);
    }
  }

  private static void awaitFile(Path p, boolean exists) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) != exists) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(p + (exists ? " never appeared" : " never went away"));
      }
      Thread.sleep(20);
    }
  }

  /** The lines a process prints, as they come. */
  static final class Lines {
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final List<String> all = new ArrayList<>();

    Lines(Process p) {
      Thread t = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String l; (l = r.readLine()) != null; ) {
            synchronized (all) {
              all.add(l);
            }
            queue.add(l);
          }
        } catch (IOException ignored) {
          // the process ended
        }
      }, "lines");
      t.setDaemon(true);
      t.start();
    }

    String await(java.util.function.Predicate<String> test, int seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < deadline) {
        String l = queue.poll(100, TimeUnit.MILLISECONDS);
        if (l != null && test.test(l)) {
          return l;
        }
      }
      throw new AssertionError("no such line within " + seconds + " s; got:\n" + String.join("\n", all()));
    }

    /**
     * Waits until a line printed so far passes {@code test}, whether or not an {@link #await}
     * already went past it (udevadm may print a UDEV record before its KERNEL record).
     */
    void awaitSeen(java.util.function.Predicate<String> test, int seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (all().stream().noneMatch(test)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no such line within " + seconds + " s; got:\n" + String.join("\n", all()));
        }
        Thread.sleep(50);
      }
    }

    List<String> all() {
      synchronized (all) {
        return new ArrayList<>(all);
      }
    }
  }

  /** The framed output of netlink-listener: text lines and raw datagrams. */
  static final class Framed {
    private final Process process;
    private final java.io.InputStream in;

    Framed(Process p) {
      this.process = p;
      this.in = new java.io.BufferedInputStream(p.getInputStream());
    }

    /** The static textbook listener (src/test/c/netlink-listener.c) started in the sandbox, ready. */
    static Framed listening(Emulator emu, int datagrams) throws IOException, InterruptedException {
      Path listener = CPrograms.binary("netlink-listener", true);
      Framed frames = new Framed(new ProcessBuilder(emu.inside(listener.toString(), Integer.toString(datagrams))).start());
      assertEquals("READY", frames.line(10));
      return frames;
    }

    Process process() {
      return process;
    }

    String line(int seconds) throws IOException {
      StringBuilder sb = new StringBuilder();
      for (int c; (c = in.read()) != '\n'; ) {
        if (c < 0) {
          throw new AssertionError("the listener ended: " + sb);
        }
        sb.append((char) c);
      }
      return sb.toString();
    }

    byte[] bytes(int n) throws IOException {
      byte[] b = in.readNBytes(n);
      assertEquals(n, b.length);
      assertEquals('\n', in.read());
      return b;
    }

    /** The next datagram: its "D LENGTH PORTID" line, then its bytes. */
    Datagram datagram(int seconds) throws IOException {
      String header = line(seconds);
      Matcher m = Pattern.compile("D ([0-9]+) ([0-9]+)").matcher(header);
      assertTrue(m.matches(), header);
      return new Datagram(m.group(2), new String(bytes(Integer.parseInt(m.group(1))), StandardCharsets.ISO_8859_1));
    }
  }

  /** A datagram netlink-listener received: the sender's portid and the bytes, as ISO-8859-1 text. */
  record Datagram(String portid, String text) {}
}
