package org.sysfsemu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sysfsemu.it.Shell.q;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sysfsemu.testing.TestData;

/**
 * The emulated udev database read by the real tools: {@code udevadm info --export-db} agrees with
 * umockdev-run's on the umockdev recordings, and pyudev sees a plugged stick's tags, properties,
 * initialized state and /dev links.
 */
class UdevDbIT {
  @TempDir Path dir;

  static Stream<Path> recordings() throws Exception {
    try (Stream<Path> s = Files.list(TestData.umockdevFixtures())) {
      List<Path> files = s.filter(p -> p.toString().endsWith(".umockdev")).sorted().toList();
      assertEquals(8, files.size(), "the eight upstream recordings");
      return files.stream();
    }
  }

  /** One device of an export: its one-letter lines, and its E: properties. */
  record Entry(Map<Character, List<String>> lines, Map<String, String> env) {}

  /** Parses {@code udevadm info --export-db} output: devices by their P: line. */
  static Map<String, Entry> parse(String export) {
    Map<String, Entry> out = new LinkedHashMap<>();
    for (String block : export.split("\n\n")) {
      if (block.isBlank()) {
        continue;
      }
      Entry e = new Entry(new LinkedHashMap<>(), new LinkedHashMap<>());
      String p = null;
      for (String line : block.strip().split("\n")) {
        char type = line.charAt(0);
        String value = line.substring(3);
        if (type == 'P') {
          p = value;
        } else if (type == 'E') {
          int eq = value.indexOf('=');
          e.env().put(value.substring(0, eq), value.substring(eq + 1));
        } else {
          e.lines().computeIfAbsent(type, k -> new ArrayList<>()).add(value);
        }
      }
      out.put(p, e);
    }
    return out;
  }

  private static Set<String> words(String s, String sep) {
    Set<String> w = new TreeSet<>();
    if (s != null) {
      for (String x : s.split(sep)) {
        if (!x.isEmpty()) {
          w.add(x);
        }
      }
    }
    return w;
  }

  @ParameterizedTest
  @MethodSource("recordings")
  void exportDbAgreesWithUmockdevRun(Path recording) throws Exception {
    String theirs = Shell.sh("umockdev-run -d " + q(recording.toString()) + " -- udevadm info --export-db").ok();
    String ours = run("--tree", q(recording.toString()), "--", "udevadm info --export-db").ok();
    Map<String, Entry> want = parse(theirs);
    Map<String, Entry> got = parse(ours);
    assertFalse(want.isEmpty(), theirs);
    assertEquals(want.keySet(), got.keySet(), "the same devices\n" + ours);
    int udevProperties = 0;
    for (var w : want.entrySet()) {
      String p = w.getKey();
      Entry them = w.getValue();
      Entry us = got.get(p);
      assertEquals(them.lines().get('N'), us.lines().get('N'), p + ": N: line");
      List<String> ourLinks = us.lines().get('S');
      assertEquals(null, them.lines().get('S'), "umockdev-run has no database: links only as DEVLINKS");
      Set<String> theirLinks = new TreeSet<>();
      words(them.env().get("DEVLINKS"), " ").forEach(l -> theirLinks.add(l.substring("/dev/".length())));
      assertEquals(theirLinks, new TreeSet<>(ourLinks == null ? List.of() : ourLinks), p + ": S: lines");

      Map<String, String> ourEnv = new LinkedHashMap<>(us.env());
      Map<String, String> theirEnv = new LinkedHashMap<>(them.env());
      if (!theirEnv.containsKey("USEC_INITIALIZED") && ourEnv.remove("USEC_INITIALIZED") != null) {
        udevProperties++; // udevd stamps what it processes; the recordings do not carry the time
      }
      if (!theirEnv.containsKey("CURRENT_TAGS") && ourEnv.containsKey("CURRENT_TAGS")) {
        assertEquals(words(ourEnv.get("TAGS"), ":"), words(ourEnv.remove("CURRENT_TAGS"), ":"),
            p + ": current tags default to the tags");
      }
      if (!theirEnv.containsKey("DRIVER") && ourEnv.containsKey("DRIVER") && them.lines().get('V') == null) {
        // umockdev-run drops E: DRIVER of a device recorded without its driver link; sysfs-emu binds
        // the recorded driver (docs/semantics.md), so the kernel's DRIVER key stays: a kernel-side
        // difference, not the database's
        assertEquals(us.lines().get('V'), List.of(ourEnv.remove("DRIVER")), p + ": DRIVER is the bound driver");
      }
      for (String set : List.of("DEVLINKS", "TAGS", "CURRENT_TAGS")) { // sets: udevd writes them in hash order
        assertEquals(words(theirEnv.remove(set), "[ :]"), words(ourEnv.remove(set), "[ :]"), p + ": " + set);
      }
      assertEquals(new TreeSet<>(theirEnv.entrySet().stream().map(Object::toString).toList()),
          new TreeSet<>(ourEnv.entrySet().stream().map(Object::toString).toList()), p + ": E: lines");
    }
    assertTrue(udevProperties > 0 || recording.getFileName().toString().startsWith("usbkbd.pcap"),
        "some device of " + recording + " has a database entry:\n" + ours);
  }

  /** {@code sysfs-emu run ARGS}: the words are put on a shell command line as they are. */
  static Shell.Result run(String... words) {
    return Shell.sh("java -jar " + q(Emulator.jar().toString()) + " run " + String.join(" ", words));
  }

  @Test
  void pyudevSeesThePluggedStick() throws Exception {
      String script = """
          import os, pyudev
          ctx = pyudev.Context()
          d = pyudev.Devices.from_device_file(ctx, '/dev/sdb1')
          print('initialized', d.is_initialized)
          print('tags', sorted(d.tags))
          print('serial', d.properties['ID_SERIAL'])
          print('bus', d.properties['ID_BUS'], d.properties['ID_PART_TABLE_TYPE'])
          for l in sorted(d.device_links):
              if '/by-id/' in l:
                  print('link', l, os.path.realpath(l))
          print('usb', pyudev.Devices.from_path(ctx, '/devices/pci0000:00/0000:00:14.0/usb1/1-2').is_initialized)
          print('target', pyudev.Devices.from_path(ctx, '/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/host1/target1:0:0').is_initialized)
          print('systemd', sorted(x.sys_name for x in ctx.list_devices(tag='systemd', subsystem='block')))
          """;
      Files.writeString(dir.resolve("stick.py"), script);
      String out = run("--", "sh", "-c", q("sysfs-emu plug usb-stick >/dev/null && /usr/bin/python3 "
          + q(dir.resolve("stick.py").toString()))).ok();
      assertEquals("""
          initialized True
          tags ['systemd']
          serial SanDisk_Cruzer_Blade_4C530001240825114224-0:0
          bus usb dos
          link /dev/disk/by-id/usb-SanDisk_Cruzer_Blade_4C530001240825114224-0:0-part1 /dev/sdb1
          usb True
          target False
          systemd ['sda', 'sda1', 'sdb', 'sdb1']
          """, out);
  }

  @Test
  void withoutTheSandboxTheDatabaseGoesWhereAsked() throws Exception {
    Path udev = dir.resolve("udev");
    try (Emulator emu = Emulator.start(dir, "--no-sandbox", "--udev-db", udev.toString())) {
      Shell.sh("echo usb-stick > " + q(emu.dev().resolve(".sysfs-emu/plug").toString())).ok();
      assertTrue(Files.readString(udev.resolve("data/b8:17")).contains("E:ID_SERIAL=SanDisk_Cruzer_Blade_4C530001240825114224-0:0\n"));
      assertEquals("../../sdb1", Files.readSymbolicLink(emu.dev().resolve("disk/by-uuid/4A2B-1C3D")).toString());
    }
    assertFalse(Files.exists(udev), "the emulator removed its database at exit");
  }

  @Test
  void aDatabaseDirectoryInUseIsRefused() throws Exception {
    Path udev = dir.resolve("udev");
    Files.createDirectories(udev.resolve("data"));
    Files.writeString(udev.resolve("data/b8:1"), "E:X=1\n");
    Shell.Result r = Shell.sh("java -jar " + q(Emulator.jar().toString()) + " mount --no-sandbox --sys "
        + q(dir.resolve("sys").toString()) + " --dev " + q(dir.resolve("dev").toString()) + " --udev-db " + q(udev.toString()));
    assertEquals(1, r.exit(), r.err() + r.out());
    assertEquals("sysfs-emu mount: " + udev + " is not empty (another emulator's database, or one left behind:"
        + " remove its contents)\n", r.err());
    assertEquals("E:X=1\n", Files.readString(udev.resolve("data/b8:1")));
    Shell.Result both = Shell.sh("java -jar " + q(Emulator.jar().toString()) + " mount --sys "
        + q(dir.resolve("sys").toString()) + " --dev " + q(dir.resolve("dev").toString()) + " --udev-db " + q(udev.toString()));
    assertEquals(1, both.exit());
    assertTrue(both.err().startsWith("sysfs-emu mount: --udev-db: the sandbox keeps the udev database"), both.err());
  }
}
