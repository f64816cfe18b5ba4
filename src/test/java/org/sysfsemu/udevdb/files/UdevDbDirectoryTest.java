package org.sysfsemu.udevdb.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sysfsemu.SysfsEmu;
import org.sysfsemu.udevdb.UdevDbEntry;

/**
 * The first bulk write of a new directory writes in place what entry-by-entry writes make with a
 * temporary file and a rename: the same files, bytes and modes; later changes are as before.
 */
class UdevDbDirectoryTest {
  @TempDir Path tmp;

  /** Every file and directory below {@code dir}: its mode, and for files its bytes. */
  private static Map<String, String> snapshot(Path dir) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        out.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir " + mode : mode + " " + Files.readString(p));
      }
    }
    return out;
  }

  @Test
  void theBulkWriteMakesWhatEntryByEntryWritesMake() throws Exception {
    List<UdevDbEntry> entries;
    try (SysfsEmu emu = SysfsEmu.builder().defaultTree().start()) {
      entries = new ArrayList<>();
      var udev = emu.kernel().udev();
      for (var d : emu.kernel().core().devices()) {
        if (udev.entry(d) != null) {
          entries.add(udev.entry(d));
        }
      }
    }
    UdevDbDirectory bulk = UdevDbDirectory.open(tmp.resolve("bulk"));
    List<Integer> counts = new ArrayList<>();
    bulk.putAll(entries, counts::add);
    UdevDbDirectory single = UdevDbDirectory.open(tmp.resolve("single"));
    entries.forEach(single::put);

    assertEquals(entries.size(), counts.size());
    assertEquals(entries.size(), counts.get(counts.size() - 1));
    Map<String, String> written = snapshot(tmp.resolve("bulk"));
    assertEquals(snapshot(tmp.resolve("single")), written);
    assertEquals("rw-r--r-- ", written.get("data/c1:3").substring(0, 10), written.toString());
    assertFalse(written.keySet().stream().anyMatch(k -> k.contains(".#")), "no temporary file is left");

    // a later change replaces the file atomically, as before
    UdevDbEntry first = entries.stream().filter(e -> !e.properties().isEmpty()).findFirst().orElseThrow();
    UdevDbEntry later = first.withUsecInitialized(first.usecInitialized() + 1);
    bulk.put(later);
    assertArrayEquals(later.contents(), Files.readAllBytes(tmp.resolve("bulk/data").resolve(later.id())));
    bulk.close();
    single.close();
    assertFalse(Files.exists(tmp.resolve("bulk")));
  }
}
