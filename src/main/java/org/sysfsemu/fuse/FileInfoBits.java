package org.sysfsemu.fuse;

import jnr.ffi.Memory;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.struct.FuseFileInfo;

/**
 * Sets the {@code direct_io} and {@code nonseekable} bits of libfuse 2.9's {@code struct
 * fuse_file_info}. jnr-fuse maps these bitfields as one-byte {@code Padding} members at the wrong
 * offset and gives no setter (SerCeMan/jnr-fuse#53), so the byte holding them, byte 20 on x86-64
 * and aarch64, is written directly. {@link #selfCheck} verifies that layout before any mount.
 */
public final class FileInfoBits {
  /** Every read and write of this open file reaches the daemon; the page cache is bypassed. */
  public static final int DIRECT_IO = 0x1;

  /** Cached data need not be invalidated on open. */
  public static final int KEEP_CACHE = 0x2;

  /** The file is a stream: lseek and pread fail with ESPIPE. */
  public static final int NONSEEKABLE = 0x8;

  /** Offset of the byte holding direct_io, keep_cache, flush, nonseekable, flock_release. */
  static final int BITS_OFFSET = 20;

  /** {@code sizeof(struct fuse_file_info)} on 64-bit Linux. */
  static final int STRUCT_SIZE = 40;

  /** {@code offsetof(struct fuse_file_info, fh)} on 64-bit Linux. */
  static final int FH_OFFSET = 24;

  private FileInfoBits() {}

  /** Turns on {@code bits} (a mask of the constants above) in {@code fi}. */
  public static void set(FuseFileInfo fi, int bits) {
    set(Struct.getMemory(fi), bits);
  }

  /** Turns on {@code bits} in the raw {@code struct fuse_file_info} at {@code fi}. */
  public static void set(Pointer fi, int bits) {
    fi.putByte(BITS_OFFSET, (byte) (fi.getByte(BITS_OFFSET) | bits));
  }

  /** The open-flag bits currently set in {@code fi}. */
  public static int get(FuseFileInfo fi) {
    return Struct.getMemory(fi).getByte(BITS_OFFSET) & 0xff;
  }

  /**
   * Verifies the assumptions behind {@link #set}: a 64-bit Linux on x86-64 or aarch64, jnr-fuse's
   * struct of 40 bytes with {@code fh} at offset 24, and a bit written at byte 20 that lands in
   * byte 20 only.
   *
   * @throws IllegalStateException naming the assumption that does not hold
   */
  public static void selfCheck() {
    Platform p = Platform.getNativePlatform();
    require(p.getOS() == Platform.OS.LINUX, "not Linux: " + p.getOS());
    require(
        p.getCPU() == Platform.CPU.X86_64 || p.getCPU() == Platform.CPU.AARCH64,
        "CPU " + p.getCPU() + " has an unverified fuse_file_info layout");
    Pointer mem = Memory.allocateDirect(Runtime.getSystemRuntime(), STRUCT_SIZE, true);
    FuseFileInfo fi = FuseFileInfo.of(mem);
    require(Struct.size(fi) == STRUCT_SIZE, "sizeof(fuse_file_info) is " + Struct.size(fi));
    require(fi.fh.offset() == FH_OFFSET, "fuse_file_info.fh is at offset " + fi.fh.offset());
    fi.fh.set(0x0102030405060708L);
    set(fi, DIRECT_IO | NONSEEKABLE);
    require(get(fi) == (DIRECT_IO | NONSEEKABLE), "bits did not stick");
    require(fi.fh.get() == 0x0102030405060708L, "setting the bits changed fh");
    for (int i = 0; i < STRUCT_SIZE; i++) {
      if (i != BITS_OFFSET && (i < FH_OFFSET || i >= FH_OFFSET + 8)) {
        require(mem.getByte(i) == 0, "setting the bits changed byte " + i);
      }
    }
  }

  /** Verifies that the loaded libfuse has the 2.8/2.9 {@code fuse_file_info} layout. */
  public static void requireLibfuse2(int fuseVersion) {
    require(
        fuseVersion >= 28 && fuseVersion < 30,
        "libfuse API version " + fuseVersion + " is not 2.8/2.9; install libfuse2");
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("fuse_file_info self-check failed: " + what);
    }
  }
}
