package org.sysfsemu.kernfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/**
 * A directory beyond {@link KernfsDir#SMALL_MAX} children ({@link ChildTable}), and one within it
 * (its array and the bits of its names): lookups, insertion order, removals, renames and the link
 * count agree with a plain ordered map after every step.
 */
class KernfsLargeDirTest {
  private final Kernfs kernfs = new Kernfs(Clock.systemUTC());

  private void check(KernfsDir dir, Map<String, KernfsNode> expected) {
    kernfs.read(() -> {
      assertEquals(List.copyOf(expected.values()), dir.children());
      assertEquals(List.copyOf(expected.keySet()), dir.childNames());
      for (Map.Entry<String, KernfsNode> e : expected.entrySet()) {
        assertSame(e.getValue(), dir.child(e.getKey()));
        String path = "x/" + e.getKey() + "/y";
        assertSame(e.getValue(), dir.child(path, 2, path.length() - 2));
      }
      assertNull(dir.child("missing"));
      assertEquals(expected.isEmpty(), dir.isEmpty());
      assertEquals(2 + expected.values().stream().filter(n -> n instanceof KernfsDir).count(), dir.nlink());
      return null;
    });
  }

  @Test
  void addRemoveAndRenameManyChildren() throws SysfsException {
    KernfsDir dir = kernfs.writeChecked(() -> kernfs.mkdir(kernfs.root(), "big", 0755));
    Map<String, KernfsNode> expected = new LinkedHashMap<>();
    Random random = new Random(12);
    for (int round = 0; round < 6; round++) {
      int r = round;
      kernfs.writeRun(() -> {
        for (int i = 0; i < 700; i++) {
          String name = "n" + r + "-" + i;
          KernfsNode n = i % 3 == 0 ? kernfs.mkdir(dir, name, 0755) : kernfs.symlinkLiteral(dir, name, "t");
          expected.put(name, n);
        }
      });
      check(dir, expected);
      List<String> names = new ArrayList<>(expected.keySet());
      kernfs.writeRun(() -> {
        for (int i = 0; i < 500; i++) {
          String name = names.get(random.nextInt(names.size()));
          KernfsNode n = expected.remove(name);
          if (n != null) {
            kernfs.remove(n);
            assertTrue(n.isRemoved());
          }
        }
        for (int i = 0; i < 50 && !expected.isEmpty(); i++) {
          String name = expected.keySet().iterator().next();
          KernfsNode n = expected.remove(name);
          kernfs.rename(n, dir, "renamed-" + name); // a rename appends, as a new entry
          expected.put("renamed-" + name, n);
        }
      });
      check(dir, expected);
    }
    String taken = expected.keySet().iterator().next();
    SysfsException e = assertThrows(SysfsException.class, () -> kernfs.writeRun(() -> kernfs.mkdir(dir, taken, 0755)));
    assertEquals(Errno.EEXIST, e.errno());
    kernfs.writeRun(() -> expected.values().forEach(kernfs::remove));
    expected.clear();
    check(dir, expected);
    assertFalse(dir.isRemoved());
  }

  @Test
  void aSmallDirectoryFindsEveryNameItHasAndNoneItLost() throws SysfsException {
    // up to SMALL_MAX children: a name's bit stays set after its removal, and 64 bits are
    // shared by many names; neither may make a lookup find a child that is not there
    KernfsDir dir = kernfs.writeChecked(() -> kernfs.mkdir(kernfs.root(), "small", 0755));
    Map<String, KernfsNode> expected = new LinkedHashMap<>();
    Random random = new Random(7);
    for (int step = 0; step < 400; step++) {
      String name = "a" + random.nextInt(60);
      KernfsNode present = expected.get(name);
      if (present == null && expected.size() < KernfsDir.SMALL_MAX) {
        expected.put(name, kernfs.writeChecked(() -> kernfs.symlinkLiteral(dir, name, "t")));
      } else if (present != null && random.nextBoolean()) {
        kernfs.writeRun(() -> kernfs.remove(present));
        expected.remove(name);
      } else if (present != null) {
        String to = "b" + random.nextInt(60);
        if (!expected.containsKey(to)) {
          kernfs.writeRun(() -> kernfs.rename(present, dir, to));
          expected.remove(name);
          expected.put(to, present);
        }
      }
      check(dir, expected);
      kernfs.read(() -> {
        for (int i = 0; i < 60; i++) {
          for (String n : List.of("a" + i, "b" + i)) {
            assertSame(expected.get(n), dir.child(n), n);
          }
        }
        return null;
      });
    }
  }
}
