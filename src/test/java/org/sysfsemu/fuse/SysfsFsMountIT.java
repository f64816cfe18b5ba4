package org.sysfsemu.fuse;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sysfsemu.kernfs.KernfsFile;
import org.sysfsemu.testing.CPrograms;

/**
 * {@link SysfsFs} on a real FUSE mount, driven by real shell commands and by Java file channels.
 * Each test mounts a fresh {@link TestTree}:
 *
 * <pre>
 * /class/mem/null -> ../../devices/virtual/mem/null
 * /devices/virtual/mem/null/
 *     value 0644 rw   dev 0444 "1:3"   uevent 0444 (42 bytes)   bind 0200 wo
 *     config 0444 binary[256]   long 0444 (5000 bytes shown)   speed 0444 (show: EINVAL)
 *     subsystem -> ../../../../class/mem   firmware_node -> ../../../../firmware/nowhere
 *     power/control 0644 (no store)
 * </pre>
 *
 * Shell error texts are the ones dash and GNU coreutils print in the C locale.
 */
class SysfsFsMountIT {
  /** The null device's directory, relative to the mount; {@code $N} in the scripts. */
  private static final String N = "devices/virtual/mem/null";

  @TempDir Path tmp;

  private TestTree tree;
  private SysfsFs fs;
  private FuseMount mount;
  private Path mnt;
  private Path nul;

  @BeforeAll
  static void requireFuse() {
    assumeTrue(Files.exists(Paths.get("/dev/fuse")), "/dev/fuse missing");
    assumeTrue(run("command -v fusermount", Paths.get("/")).exit == 0, "no fusermount");
  }

  @BeforeEach
  void mountTree() throws Exception {
    tree = new TestTree();
    fs = new SysfsFs(tree.kernfs);
    mnt = tmp.resolve("sys");
    mount = FuseMount.mount(fs, mnt, MountOptions.of("sysfs-emu", "sysemu"));
    nul = mnt.resolve("devices/virtual/mem/null");
  }

  @AfterEach
  void unmount() throws IOException {
    mount.close();
    assertFalse(mountedAt(mount.mountpoint()), "still mounted after close()");
  }

  @Test
  void mountIsListedWithItsNameAndType() throws IOException {
    String line =
        Files.readAllLines(Paths.get("/proc/mounts")).stream()
            .filter(l -> l.split(" ")[1].equals(mount.mountpoint().toString()))
            .findFirst()
            .orElseThrow();
    String[] f = line.split(" ");
    assertEquals("sysfs-emu", f[0]);
    assertEquals("fuse.sysemu", f[2]);
    assertTrue(f[3].contains("default_permissions"), line);
  }

  @Test
  void statReportsSysfsSizesModesAndLinkCounts() {
    String out = sh("cd $N && stat -c '%n %s %a %F %h %u:%g %o' value dev bind config . subsystem");
    assertEquals(
        String.join(
            "\n",
            "value 4096 644 regular file 1 0:0 4096",
            "dev 4096 444 regular file 1 0:0 4096",
            "bind 4096 200 regular file 1 0:0 4096",
            "config 256 444 regular file 1 0:0 4096",
            ". 0 755 directory 3 0:0 4096",
            "subsystem 0 777 symbolic link 1 0:0 4096",
            ""),
        out);
    assertEquals(
        "4 3 1700000000\n", sh("echo $(stat -c %h . devices/virtual/mem) $(stat -c %Y $N/dev)"));
  }

  @Test
  void readdirListsDotEntriesAndChildren() {
    assertEquals(
        ". .. bind config dev firmware_node long power speed subsystem uevent value\n",
        sh("echo $(ls -a $N)"));
    assertEquals("mem\n", sh("ls class"));
  }

  @Test
  void writeOpenOfReadOnlyAndReadOpenOfWriteOnlyAreEaccesForRoot() {
    assertEquals("0\n", sh("id -u"));
    Result write = run("cd $N && echo 1 > dev");
    assertEquals(2, write.exit);
    assertEquals("sh: 1: cannot create dev: Permission denied\n", write.err);
    Result read = run("cat $N/bind");
    assertEquals(1, read.exit);
    assertEquals(expand("cat: $N/bind: Permission denied\n"), read.err);
    Result noStore = run("cd $N/power && echo on > control");
    assertEquals("sh: 1: cannot create control: Permission denied\n", noStore.err);
    assertEquals("auto\n", sh("cat $N/power/control"));
  }

  @Test
  void writeOnlyAttributeTakesWrites() {
    sh("echo 0000:00:02.0 > $N/bind");
    assertEquals(1, tree.bindStores.size());
    assertEquals("0000:00:02.0\n", new String(tree.bindStores.get(0), ISO_8859_1));
  }

  @Test
  void namespaceChangesAreEperm() {
    assertFails("mkdir $N/x", "mkdir: cannot create directory '$N/x': Operation not permitted\n");
    assertFails("rm $N/dev", "rm: cannot remove '$N/dev': Operation not permitted\n");
    assertFails("rmdir $N/power", "rmdir: failed to remove '$N/power': Operation not permitted\n");
    assertFails(
        "mv $N/dev $N/dev2", "mv: cannot move '$N/dev' to '$N/dev2': Operation not permitted\n");
    assertFails(
        "ln -s dev $N/lnk",
        "ln: failed to create symbolic link '$N/lnk': Operation not permitted\n");
    assertFails(
        "ln $N/dev $N/hard",
        "ln: failed to create hard link '$N/hard' => '$N/dev': Operation not permitted\n");
    assertFails("mknod $N/tty c 4 64", "mknod: $N/tty: Operation not permitted\n");
    assertFails("touch $N/new", "touch: cannot touch '$N/new': Permission denied\n");
    assertEquals(
        "bind config dev firmware_node long power speed subsystem uevent value\n",
        sh("echo $(ls $N)"));
  }

  @Test
  void pathErrorsAreThoseOfAnyFilesystem() {
    assertFails("cat $N", "cat: $N: Is a directory\n");
    assertFails("cat $N/dev/x", "cat: $N/dev/x: Not a directory\n");
    assertFails("cat $N/nope", "cat: $N/nope: No such file or directory\n");
  }

  @Test
  void longShowOutputIsCutTo4095Bytes() {
    assertEquals("4095\n", sh("wc -c < $N/long"));
    assertEquals("x".repeat(4095), sh("cat $N/long"));
  }

  @Test
  void preadHonoursOffsetsAndEndOfFile() throws IOException {
    try (FileChannel ch = FileChannel.open(nul.resolve("uevent"))) {
      assertEquals("666\n", pread(ch, 38, 100));
      assertEquals(TestTree.UEVENT, pread(ch, 0, 4096));
      assertEquals("MINOR", pread(ch, 8, 5));
      assertEquals(-1, ch.read(ByteBuffer.allocate(10), 42));
      assertEquals(-1, ch.read(ByteBuffer.allocate(10), 4096));
      assertEquals(-1, ch.read(ByteBuffer.allocate(10), 100000));
      assertEquals(4096, ch.size(), "SEEK_END of a text attribute");
    }
    try (FileChannel ch = FileChannel.open(nul.resolve("config"))) {
      ByteBuffer buf = ByteBuffer.allocate(100);
      assertEquals(6, ch.read(buf, 250));
      assertArrayEquals(
          new byte[] {(byte) 250, (byte) 251, (byte) 252, (byte) 253, (byte) 254, (byte) 255},
          Arrays.copyOf(buf.array(), 6));
      assertEquals(-1, ch.read(ByteBuffer.allocate(10), 256));
      assertEquals(256, ch.size());
    }
    assertEquals("256\n", sh("wc -c < $N/config"));
    assertEquals("MINOR=3\n", sh("dd if=$N/uevent bs=1 skip=8 count=8 2>/dev/null"));
  }

  @Test
  void write5000BytesReachesStoreAsOnePageThenTheRest() throws IOException {
    byte[] data = "y".repeat(5000).getBytes(ISO_8859_1);
    try (FileChannel ch = FileChannel.open(nul.resolve("value"), StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(data);
      assertEquals(4096, ch.write(buf), "one write() consumes one page, as on sysfs");
      assertEquals(904, ch.write(buf));
    }
    assertEquals(List.of(4096, 904), storeSizes());
    assertEquals("y".repeat(904), tree.value.get());
  }

  @Test
  void zeroByteWriteDoesNotCallStore() throws IOException {
    assertEquals("", sh("printf '' > $N/value"));
    try (FileChannel ch = FileChannel.open(nul.resolve("value"), StandardOpenOption.WRITE)) {
      assertEquals(0, ch.write(ByteBuffer.allocate(0)));
    }
    assertEquals(List.of(), storeSizes());
    assertEquals("a\n", sh("cat $N/value"));
  }

  @Test
  void writesReachStoreAndReadsAreNeverStale() {
    sh("echo 42 > $N/value");
    assertEquals(List.of(3), storeSizes());
    assertEquals("42\n", sh("cat $N/value"));
    tree.value.set("123456789\n");
    assertEquals("123456789\n", sh("cat $N/value"));
    tree.value.set("2\n");
    assertEquals("2\n", sh("cat $N/value"));
    tree.value.set("3\n");
    assertEquals("3\n", sh("cat $N/value"));
    sh("echo 5 >> $N/value"); // O_APPEND works too, the offset is ignored
    assertEquals("5\n", sh("cat $N/value"));
  }

  @Test
  void rereadFromOffsetZeroOfOneOpenFileShowsAgain() throws IOException {
    try (FileChannel ch = FileChannel.open(nul.resolve("value"))) {
      assertEquals("a\n", pread(ch, 0, 100));
      tree.value.set("b\n");
      assertEquals("\n", pread(ch, 1, 100), "the snapshot serves later offsets");
      assertEquals("b\n", pread(ch, 0, 100), "a read at 0 shows again");
    }
  }

  @Test
  void showAndStoreErrorsReachTheCaller() {
    Result read = run("cat $N/speed");
    assertEquals(1, read.exit);
    assertEquals(expand("cat: $N/speed: Invalid argument\n"), read.err);
    // dash's builtin echo reports every write error as "I/O error"; coreutils' echo says which.
    assertFails("/bin/echo bad > $N/value", "/bin/echo: write error: Invalid argument\n");
    assertEquals("a\n", tree.value.get());
  }

  @Test
  void openFileOfRemovedAttributeIsEnodev() throws Exception {
    try (FileChannel r = FileChannel.open(nul.resolve("uevent"));
        FileChannel w = FileChannel.open(nul.resolve("value"), StandardOpenOption.WRITE)) {
      assertEquals("MAJOR", pread(r, 0, 5));
      KernfsFile uevent = tree.file(TestTree.NULL + "/uevent");
      KernfsFile value = tree.file(TestTree.NULL + "/value");
      tree.kernfs.writeChecked(
          () -> {
            tree.kernfs.remove(uevent);
            tree.kernfs.remove(value);
            return null;
          });
      IOException readError =
          assertThrows(IOException.class, () -> r.read(ByteBuffer.allocate(10), 0));
      assertEquals("No such device", readError.getMessage());
      IOException writeError =
          assertThrows(IOException.class, () -> w.write(ByteBuffer.wrap(new byte[] {'1'})));
      assertEquals("No such device", writeError.getMessage());
    }
    assertFails("cat $N/uevent", "cat: $N/uevent: No such file or directory\n");
    assertEquals(List.of(), storeSizes());
  }

  @Test
  void symlinksReadBackRelativeAndResolve() {
    assertEquals("../../devices/virtual/mem/null\n", sh("readlink class/mem/null"));
    assertEquals("../../../../class/mem\n", sh("readlink $N/subsystem"));
    assertEquals("../../../../firmware/nowhere\n", sh("readlink $N/firmware_node"));
    assertEquals("1:3\n", sh("cat class/mem/null/dev"));
    assertEquals("null\n", sh("ls $N/subsystem"));
    assertEquals(mnt.resolve("class/mem") + "\n", sh("readlink -f $N/subsystem"));
    assertFails("cat $N/firmware_node", "cat: $N/firmware_node: No such file or directory\n");
  }

  @Test
  void chmodChownTouchAndTruncateSucceedAndPersist() throws Exception {
    sh("chmod 600 $N/value && chown 1000:1001 $N/value");
    // truncate(2), then open with O_TRUNC (the mount has atomic_o_trunc: the flag comes with the open)
    sh("touch $N/value && truncate -s 0 $N/value && : > $N/value");
    assertEquals("4096 600 1000:1001\n", sh("stat -c '%s %a %u:%g' $N/value"));
    KernfsFile value = tree.file(TestTree.NULL + "/value");
    assertEquals(0600, value.mode());
    assertEquals(1000, value.uid());
    assertEquals(1001, value.gid());
    assertEquals("a\n", tree.value.get(), "truncate is a no-op");
  }

  @Test
  void releaseForgetsEveryHandle() throws Exception {
    long before = fs.requestsAnsweredDirectly();
    sh("cat $N/dev $N/uevent > /dev/null; echo 1 > $N/value; head -c 1 $N/config > /dev/null");
    awaitNoOpenFiles();
    // the reads (two per cat'ed file: the data, then the end), the write and the four releases
    // were answered by the loop itself, without libfuse
    assertTrue(fs.requestsAnsweredDirectly() - before >= 2 * 2 + 1 + 1 + 4,
        "answered directly: " + (fs.requestsAnsweredDirectly() - before));
  }

  @Test
  void everyRequestAfterInitIsAnsweredWithoutLibfuse() throws Exception {
    long served = fs.requestsServed();
    long direct = fs.requestsAnsweredDirectly();
    sh("ls -la $N > /dev/null; stat $N/dev $N/subsystem > /dev/null; readlink $N/subsystem > /dev/null;"
        + " cat $N/dev > /dev/null; echo 1 > $N/value; chmod 644 $N/value; touch $N/dev; stat -f . > /dev/null;"
        + " find . > /dev/null; mkdir $N/x 2> /dev/null; cat $N/nope 2> /dev/null; true");
    awaitNoOpenFiles();
    Thread.sleep(100); // the last replies are counted just after they are sent
    assertTrue(fs.requestsServed() - served > 30, "served: " + (fs.requestsServed() - served));
    assertEquals(fs.requestsServed() - served, fs.requestsAnsweredDirectly() - direct,
        "requests served by libfuse");
  }

  @Test
  void listingsGiveEachEntrysTypeAndTheInodeNumberStatGives() throws Exception {
    Path list = CPrograms.binary("sysfs-list", false);
    Map<String, String> listed = new TreeMap<>();
    for (String line : sh(list + " -t $N").split("\n")) {
      String[] f = line.split(" ", 3); // d_ino d_type name
      listed.put(f[2], f[0] + " " + switch (f[1]) {
        case "4" -> "directory";
        case "8" -> "regular file";
        case "10" -> "symbolic link";
        default -> "d_type " + f[1];
      });
    }
    assertEquals(Set.of(".", "..", "bind", "config", "dev", "firmware_node", "long", "power", "speed",
        "subsystem", "uevent", "value"), listed.keySet());
    Map<String, String> stated = new TreeMap<>();
    for (String line : sh("cd $N && stat -c '%n %i %F' " + String.join(" ", listed.keySet())).split("\n")) {
      String[] f = line.split(" ", 2);
      stated.put(f[0], f[1]);
    }
    assertEquals(stated, listed);
  }

  @Test
  void aNodeMadeAgainAtTheSamePathIsANewInode() throws Exception {
    String before = sh("stat -c %i $N/dev");
    KernfsFile dev = tree.file(TestTree.NULL + "/dev");
    tree.kernfs.writeRun(() -> {
      tree.kernfs.remove(dev);
      tree.kernfs.createFile(dev.parent(), "dev", 0444, dev.ops());
    });
    String after = sh("stat -c %i $N/dev");
    assertFalse(before.equals(after), "inode " + before + " twice");
    assertEquals("1:3\n", sh("cat $N/dev"));
  }

  @Test
  void closeUnmountsCleanlyAndLeavesAnEmptyDirectory() throws Exception {
    sh("cat $N/dev > /dev/null");
    mount.close();
    assertFalse(mountedAt(mount.mountpoint()));
    assertFalse(mount.isRunning(), "the libfuse loop ended");
    try (Stream<Path> entries = Files.list(mnt)) {
      assertEquals(0, entries.count());
    }
    mount.close(); // idempotent
  }

  @Test
  void mountRefusesALiveMountAndANonEmptyDirectory() throws Exception {
    SysfsFs other = new SysfsFs(new TestTree().kernfs);
    IOException live =
        assertThrows(
            IOException.class, () -> FuseMount.mount(other, mnt, MountOptions.of("x", "y")));
    assertEquals(
        "cannot mount at " + mount.mountpoint() + ": it is already a mount point",
        live.getMessage());
    Path full = Files.createDirectories(tmp.resolve("full"));
    Files.writeString(full.resolve("file"), "x");
    IOException nonEmpty =
        assertThrows(
            IOException.class, () -> FuseMount.mount(other, full, MountOptions.of("x", "y")));
    assertEquals("cannot mount at " + full + ": directory is not empty", nonEmpty.getMessage());
  }

  @Test
  void mountCreatesAMissingMountpointAndCanBeRepeated() throws Exception {
    Path deep = tmp.resolve("a/b/sys2");
    SysfsFs other = new SysfsFs(new TestTree().kernfs);
    try (FuseMount second = FuseMount.mount(other, deep, MountOptions.of("sysfs-emu", "sysemu"))) {
      assertEquals(deep.toRealPath(), second.mountpoint());
      assertEquals("1:3\n", Files.readString(deep.resolve("devices/virtual/mem/null/dev")));
    }
    assertFalse(mountedAt(deep));
  }

  @Test
  void everyReadReachesTheDaemonEvenPastISize() throws IOException {
    // Without direct_io the kernel would answer a read at 5000 (past st_size 4096) itself.
    try (FileChannel ch = FileChannel.open(nul.resolve("value"))) {
      assertEquals(-1, ch.read(ByteBuffer.allocate(10), 5000));
    }
    assertEquals(1, tree.valueShows.get());
  }

  @Test
  void aDeadMountLeftByAKilledDaemonIsRecovered() throws Exception {
    Path stale = tmp.resolve("stale");
    Process child = startChildMount(stale);
    try {
      List<ProcessHandle> helpers =
          child
              .descendants()
              .filter(h -> h.info().command().orElse("").endsWith("fusermount"))
              .collect(Collectors.toList());
      assertEquals(1, helpers.size(), "the auto_unmount helper");
      for (ProcessHandle h : helpers) { // kill it first, or it would clean up for us
        h.destroyForcibly();
        awaitDeath(h.pid()); // a zombie until the killed JVM is gone: onExit() would not fire
      }
      child.destroyForcibly(); // SIGKILL: no shutdown hook runs
      child.waitFor(10, TimeUnit.SECONDS);
      Result dead = run("stat " + stale, tmp);
      assertEquals(
          "stat: cannot statx '" + stale + "': Transport endpoint is not connected\n", dead.err);
      SysfsFs again = new SysfsFs(new TestTree().kernfs);
      try (FuseMount m = FuseMount.mount(again, stale, MountOptions.of("sysfs-emu", "sysemu"))) {
        assertEquals("1:3\n", Files.readString(m.mountpoint().resolve(N + "/dev")));
      }
      assertFalse(mountedAt(stale));
    } finally {
      child.destroyForcibly();
      if (mountedAt(stale)) {
        run("fusermount -uz " + stale, tmp);
      }
    }
  }

  @Test
  void aJvmStoppedWithSigtermUnmountsOnItsWay() throws Exception {
    Path at = tmp.resolve("term");
    Process child = startChildMount(at);
    try {
      assertTrue(mountedAt(at.toRealPath()));
      child.destroy(); // SIGTERM: the shutdown hooks run
      assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the child JVM exited");
      assertEquals(143, child.exitValue());
      assertFalse(mountedAt(at));
      assertEquals("", run("ls -A " + at, tmp).out);
    } finally {
      child.destroyForcibly();
      if (mountedAt(at)) {
        run("fusermount -uz " + at, tmp);
      }
    }
  }

  /** Mounts a {@link TestTree} in a child JVM, to be killed or stopped. */
  static final class ChildMount {
    public static void main(String[] args) throws Exception {
      SysfsFs fs = new SysfsFs(new TestTree().kernfs);
      FuseMount.mount(fs, Paths.get(args[0]), MountOptions.of("sysfs-emu", "sysemu"));
      System.out.println("ready");
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  private static void awaitDeath(long pid) throws Exception {
    Path stat = Paths.get("/proc", Long.toString(pid), "stat");
    for (int i = 0; i < 1000; i++) {
      try {
        String s = Files.readString(stat);
        if (s.substring(s.lastIndexOf(')') + 2).startsWith("Z")) {
          return;
        }
      } catch (IOException gone) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("process " + pid + " survived SIGKILL");
  }

  private static Process startChildMount(Path at) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    Process p =
        new ProcessBuilder(java, "-cp", cp, ChildMount.class.getName(), at.toString())
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), ISO_8859_1));
    StringBuilder seen = new StringBuilder();
    for (String line; (line = out.readLine()) != null; ) {
      if (line.equals("ready")) {
        return p;
      }
      seen.append(line).append('\n');
    }
    p.destroyForcibly();
    throw new AssertionError("the child mount did not start: " + seen);
  }

  // ---- helpers ----

  /** Waits until the kernel's releases (sent after close() returns) have closed every handle. */
  private void awaitNoOpenFiles() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (fs.openFiles() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(0, fs.openFiles());
  }

  private List<Integer> storeSizes() {
    return tree.valueStores.stream().map(b -> b.length).collect(Collectors.toList());
  }

  private static String pread(FileChannel ch, long pos, int size) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(size);
    int n = ch.read(buf, pos);
    return n < 0 ? null : new String(buf.array(), 0, n, ISO_8859_1);
  }

  private static boolean mountedAt(Path p) throws IOException {
    return Files.readAllLines(Paths.get("/proc/mounts")).stream()
        .anyMatch(l -> l.split(" ")[1].equals(p.toString()));
  }

  /** Runs {@code script} on the mount; fails the test unless it exits 0; returns its stdout. */
  private String sh(String script) {
    Result r = run(script);
    if (r.exit != 0) {
      throw new AssertionError("`" + script + "` exited " + r.exit + ": " + r.err + r.out);
    }
    return r.out;
  }

  /** Runs {@code script} on the mount and checks that it fails printing exactly {@code err}. */
  private void assertFails(String script, String err) {
    Result r = run(script);
    assertTrue(r.exit != 0, script + " succeeded");
    assertEquals(expand(err), r.err, script);
  }

  /** {@code text} with {@code $N} replaced as the shell does. */
  private static String expand(String text) {
    return text.replace("$N", N);
  }

  private Result run(String script) {
    return run(script, mnt);
  }

  /** What one command printed, and its exit status. */
  record Result(int exit, String out, String err) {}

  /**
   * Runs {@code sh -c script} in {@code dir} in the C locale, with {@code $N} set to the relative
   * path of the null device's directory.
   */
  static Result run(String script, Path dir) {
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.put("LC_ALL", "C");
    env.put("N", N);
    try {
      Path out = Files.createTempFile("sh-out", ".txt");
      Path err = Files.createTempFile("sh-err", ".txt");
      try {
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new AssertionError("timed out: " + script);
        }
        return new Result(
            p.exitValue(), Files.readString(out, ISO_8859_1), Files.readString(err, ISO_8859_1));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run sh: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
