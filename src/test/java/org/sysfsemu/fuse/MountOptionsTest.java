package org.sysfsemu.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MountOptionsTest {

  @Test
  void defaultsAreMounterOnlyAndAlwaysFresh() {
    assertArrayEquals(
        new String[] {
          "-o",
          "fsname=sysfs-emu,subtype=sysemu,default_permissions,auto_unmount,"
              + "attr_timeout=0,entry_timeout=0,negative_timeout=0"
        },
        MountOptions.of("sysfs-emu", "sysemu").toArgs(true));
  }

  @Test
  void allowOtherAndTimeoutsWhenAskedMissingNamesOnlyWhereChangesDropThem() {
    assertArrayEquals(
        new String[] {
          "-o",
          "fsname=devfs-emu,subtype=devemu,default_permissions,auto_unmount,"
              + "attr_timeout=1.5,entry_timeout=1.5,negative_timeout=0,allow_other"
        },
        MountOptions.of("devfs-emu", "devemu").withCacheTimeout(1.5).withAllowOther(true).toArgs(false));
    assertArrayEquals(
        new String[] {
          "-o",
          "fsname=a,subtype=b,default_permissions,auto_unmount,"
              + "attr_timeout=1,entry_timeout=1,negative_timeout=1"
        },
        MountOptions.of("a", "b").withCacheTimeout(1).toArgs(true));
  }

  @Test
  void namesThatWouldBreakTheOptionListAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> MountOptions.of("a,allow_other", "b"));
    assertThrows(IllegalArgumentException.class, () -> MountOptions.of("a", "b=c"));
    assertThrows(IllegalArgumentException.class, () -> MountOptions.of("", "b"));
    assertThrows(
        IllegalArgumentException.class, () -> MountOptions.of("a", "b").withCacheTimeout(-1));
    assertThrows(
        IllegalArgumentException.class,
        () -> MountOptions.of("a", "b").withCacheTimeout(Double.NaN));
  }
}
