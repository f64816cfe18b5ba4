package org.sysfsemu.fuse;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;
import ru.serce.jnrfuse.struct.FuseFileInfo;

/** Works on scratch memory: needs jnr-ffi, not libfuse or a mount. */
class FileInfoBitsTest {

  @Test
  void selfCheckPassesOnThisPlatform() {
    assertDoesNotThrow(FileInfoBits::selfCheck);
  }

  @Test
  void bitsAreOredIntoByte20AndLeaveFhAlone() {
    Pointer mem = Memory.allocateDirect(Runtime.getSystemRuntime(), 40, true);
    FuseFileInfo fi = FuseFileInfo.of(mem);
    fi.flags.set(02); // O_RDWR
    fi.fh.set(7);
    mem.putByte(20, (byte) 0x10); // flock_release, set by someone else
    FileInfoBits.set(fi, FileInfoBits.DIRECT_IO);
    FileInfoBits.set(fi, FileInfoBits.NONSEEKABLE);
    assertEquals(0x19, mem.getByte(20));
    assertEquals(0x19, FileInfoBits.get(fi));
    assertEquals(7, fi.fh.get());
    assertEquals(02, fi.flags.get());
  }

  @Test
  void onlyLibfuse28And29AreAccepted() {
    assertDoesNotThrow(() -> FileInfoBits.requireLibfuse2(29));
    assertDoesNotThrow(() -> FileInfoBits.requireLibfuse2(28));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> FileInfoBits.requireLibfuse2(35));
    assertEquals(
        "fuse_file_info self-check failed: libfuse API version 35 is not 2.8/2.9; install libfuse2",
        e.getMessage());
  }
}
