package org.sysfsemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.junit.SysfsEmuExtension;
import org.sysfsemu.uevent.EventQueue;
import org.sysfsemu.uevent.UEvent;

/** The embedding API in-process (no FUSE): the calls a test uses, and JDK types only in its signatures. */
class SysfsEmuApiTest {
  private static final String SDB = "/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/host1/target1:0:0/1:0:0:0/block/sdb";

  @Test
  void aTreeFileMustBeThereAtTreeAndParseAtStart(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path missing = dir.resolve("none.umockdev");
    assertEquals(missing + ": no such file",
        assertThrows(java.io.IOException.class, () -> SysfsEmu.builder().tree(missing)).getMessage());
    assertEquals(dir + ": not a regular file",
        assertThrows(java.io.IOException.class, () -> SysfsEmu.builder().tree(dir)).getMessage());

    Path bad = dir.resolve("bad.umockdev");
    Files.writeString(bad, "P: /devices/virtual/mem/null\nE: SUBSYSTEM=mem\n\nP: /devices/virtual/mem/zero\nQ: what\n");
    SysfsEmu.Builder builder = SysfsEmu.builder().tree(bad);
    assertEquals(bad + ":5: unknown line type 'Q:' (known: P N S E A H L)",
        assertThrows(org.sysfsemu.loader.TreeFormatException.class, builder::start).getMessage());

    Path good = dir.resolve("good.umockdev");
    Files.writeString(good, "P: /devices/virtual/mem/null\nE: SUBSYSTEM=mem\nE: MAJOR=1\nE: MINOR=3\n");
    try (SysfsEmu emu = SysfsEmu.builder().tree(good).start()) {
      assertEquals(List.of("/devices/virtual/mem/null"), emu.devices());
      assertEquals(1, emu.initialDevices());
    }
  }

  @Test
  void plugAwaitAttributeAndDevViewInProcess() throws Exception {
    try (SysfsEmu emu = SysfsEmu.builder().defaultTree().start(); EventQueue events = emu.subscribe()) {
      List<String> added = emu.plug("usb-stick");
      assertTrue(added.contains(SDB + "/sdb1"), added.toString());
      UEvent add = events.await(e -> e.devpath().endsWith("/sdb1") && e.get("ACTION").equals("add"), Duration.ofSeconds(5));
      assertEquals("sdb1", add.get("DEVNAME"));
      assertEquals(Optional.of("1\n"), emu.attribute(SDB + "/sdb1", "partition"));
      assertEquals(Optional.empty(), emu.attribute(SDB, "no-such-attribute"));
      assertEquals(Optional.empty(), emu.attribute("/devices/none", "size"));
      DevView dev = emu.devView();
      assertTrue(dev.exists("sdb1"));
      assertEquals('b', dev.node("/sdb1").orElseThrow().type());
      assertEquals(8, dev.node("sdb1").orElseThrow().major());
      assertTrue(dev.list("/").contains("sdb"));
      emu.unplug("usb-stick");
      assertFalse(dev.exists("sdb1"));
      assertTrue(emu.devices().stream().noneMatch(p -> p.startsWith(SDB)));
    }
  }

  @Test
  void awaitFailsNamingTheEventsItSaw() throws Exception {
    try (SysfsEmu emu = SysfsEmu.builder().defaultTree().start(); EventQueue events = emu.subscribe()) {
      emu.change("/devices/virtual/mem/null", "FOO=bar");
      AssertionError e = assertThrows(AssertionError.class,
          () -> events.await(ev -> ev.devpath().contains("sdz"), Duration.ofMillis(200)));
      assertEquals("no matching uevent within PT0.2S; 1 seen\n  1 change /devices/virtual/mem/null (mem)", e.getMessage());
    }
  }

  @Test
  void inProcessHasNoMountsAndSaysWhatToUseInstead() throws Exception {
    try (SysfsEmu emu = SysfsEmu.builder().defaultTree().start()) {
      assertFalse(emu.mounted());
      assertFalse(emu.dev().getFileSystem().equals(java.nio.file.FileSystems.getDefault()), "no host path");
      IllegalStateException s = assertThrows(IllegalStateException.class, emu::sys);
      assertTrue(s.getMessage().contains("attribute(devpath, name)"), s.getMessage());
      assertThrows(SysfsException.class, () -> emu.plug("no-such-scenario"));
    }
  }

  /** The README's example in-process: dev() is a Path view of the emulated /dev, live and read-only. */
  @Test
  void devIsAPathViewOfTheEmulatedDevInProcess() throws Exception {
    try (SysfsEmu emu = SysfsEmu.builder().defaultTree().start()) {
      emu.plug("usb-stick");
      Path dev = emu.dev();
      Path sdb1 = dev.resolve("sdb1");
      Path byUuid = dev.resolve("disk/by-uuid/4A2B-1C3D");
      assertTrue(Files.exists(sdb1));
      assertFalse(Files.exists(dev.resolve("sdz")));
      assertEquals("/sdb1", sdb1.toString());
      assertEquals(Path.of("../../sdb1").toString(), Files.readSymbolicLink(byUuid).toString());
      assertTrue(Files.isSymbolicLink(byUuid));
      assertTrue(Files.exists(byUuid), "the link is followed to the node");
      assertTrue(Files.isSameFile(byUuid, sdb1));
      assertEquals(sdb1, byUuid.toRealPath());
      assertTrue(Files.isDirectory(dev.resolve("disk/by-uuid")));
      try (Stream<Path> entries = Files.list(dev.resolve("disk/by-uuid"))) {
        assertTrue(entries.toList().contains(byUuid));
      }
      PosixFileAttributes a = Files.readAttributes(sdb1, PosixFileAttributes.class);
      assertTrue(a.isOther() && !a.isRegularFile() && !a.isDirectory());
      assertEquals("rw-------", PosixFilePermissions.toString(a.permissions()));
      assertEquals("0", a.owner().getName());
      assertEquals(Map.of("isOther", true), Files.readAttributes(sdb1, "isOther"));
      assertEquals("0", Files.getOwner(sdb1).getName());

      AccessDeniedException open = assertThrows(AccessDeniedException.class, () -> Files.newInputStream(sdb1));
      assertTrue(open.getMessage().contains("mount the emulator"), open.getMessage());
      assertThrows(ReadOnlyFileSystemException.class, () -> Files.createDirectory(dev.resolve("new")));
      assertThrows(ReadOnlyFileSystemException.class, () -> Files.delete(sdb1));
      assertThrows(ReadOnlyFileSystemException.class, () -> Files.newOutputStream(dev.resolve("new")));
      assertThrows(NotLinkException.class, () -> Files.readSymbolicLink(sdb1));
      assertThrows(NoSuchFileException.class, () -> Files.readAttributes(dev.resolve("sdz"), BasicFileAttributes.class));
      assertTrue(emu.devView().exists("sdb1"), "nothing changed");

      emu.unplug("usb-stick");
      assertFalse(Files.exists(sdb1), "the view follows the tree");
      assertEquals("../../sda1", Files.readSymbolicLink(byUuid).toString(), "the default tree's sda1 has the same UUID");
    }
  }

  /** Regular files read as they are; links that loop or leave /dev lead nowhere. */
  @Test
  void devViewReadsFilesAndStopsAtLoopsAndLinksOutOfDev() throws Exception {
    try (SysfsEmu emu = SysfsEmu.builder().defaultTree().start()) {
      var tree = emu.kernel().devfs();
      var note = tree.create("/note", 0644, 0, 0);
      tree.write(note, 0, "hello\n".getBytes(StandardCharsets.ISO_8859_1), false);
      tree.symlink("/dev/note", "/abs", 0, 0);
      tree.symlink("b", "/a", 0, 0);
      tree.symlink("a", "/b", 0, 0);
      tree.symlink("/proc/self/fd", "/fd", 0, 0);
      Path dev = emu.dev();
      assertEquals("hello\n", Files.readString(dev.resolve("note")));
      assertEquals("hello\n", Files.readString(dev.resolve("abs")), "an absolute link into /dev");
      assertEquals(6, Files.size(dev.resolve("note")));
      assertFalse(Files.exists(dev.resolve("a")));
      assertTrue(Files.exists(dev.resolve("a"), LinkOption.NOFOLLOW_LINKS));
      assertThrows(FileSystemLoopException.class, () -> dev.resolve("a").toRealPath());
      assertFalse(Files.exists(dev.resolve("fd")), "/proc is outside the view");
      assertTrue(Files.isSymbolicLink(dev.resolve("fd")));
    }
  }

  /** What the README promises of devView() in-process: the udev links to the stick's nodes too. */
  @Test
  void devViewShowsNodesDirectoriesAndLinksAsTheReadmeSays() throws Exception {
    try (SysfsEmu emu = SysfsEmu.builder().defaultTree().start()) {
      emu.plug("usb-stick");
      DevView dev = emu.devView();
      assertEquals(new DevView.Node('b', 8, 17, 0600, 0, 0), dev.node("sdb1").orElseThrow());
      assertEquals('d', dev.node("disk/by-uuid").orElseThrow().type());
      assertTrue(dev.list("disk/by-uuid").contains("4A2B-1C3D"), dev.list("disk/by-uuid").toString());
      assertEquals(Optional.of("../../sdb1"), dev.readlink("disk/by-uuid/4A2B-1C3D"));
      assertEquals('l', dev.node("disk/by-uuid/4A2B-1C3D").orElseThrow().type());
      assertEquals(Optional.empty(), dev.readlink("sdb1"));
      assertEquals(List.of(), dev.list("sdb1"));
    }
  }

  /** Guava and picocli stay out of what a consumer compiles against. */
  @Test
  void thePublicApiSpeaksJdkTypes() {
    List<String> leaks = new ArrayList<>();
    for (Class<?> c : List.of(SysfsEmu.class, SysfsEmu.Builder.class, StartProgress.class, DevView.class, DevView.Node.class,
        EventQueue.class, UEvent.class, SysfsEmuExtension.class)) {
      for (Method m : c.getDeclaredMethods()) {
        if (!Modifier.isPublic(m.getModifiers()) || m.getName().equals("kernel") || m.getName().equals("hotplug")) {
          continue; // kernel() and hotplug() are the documented way into the internals
        }
        List<Type> types = new ArrayList<>(List.of(m.getGenericParameterTypes()));
        types.add(m.getGenericReturnType());
        for (Type t : types) {
          check(c.getSimpleName() + "." + m.getName(), t, leaks);
        }
      }
      if (c.isRecord()) {
        for (RecordComponent rc : c.getRecordComponents()) {
          check(c.getSimpleName() + "." + rc.getName(), rc.getGenericType(), leaks);
        }
      }
    }
    assertEquals(List.of(), leaks);
  }

  private static void check(String where, Type t, List<String> leaks) {
    if (t instanceof ParameterizedType p) {
      check(where, p.getRawType(), leaks);
      for (Type a : p.getActualTypeArguments()) {
        check(where, a, leaks);
      }
    } else if (t instanceof Class<?> k && (k.getName().startsWith("com.google.") || k.getName().startsWith("picocli."))) {
      leaks.add(where + ": " + k.getName());
    }
  }
}
