package org.sysfsemu.fuse;

import static com.google.common.base.Preconditions.checkState;

import java.util.function.Consumer;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import org.sysfsemu.devfs.DevfsStat;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * Copies FUSE-free stat values into libfuse's {@code struct stat} and {@code struct statvfs}. The
 * sysfs mount's stats, its most frequent reply, are written straight into the native struct at
 * offsets found once by probing jnr-fuse's {@link FileStat} layout, so that a request allocates
 * no struct wrapper (libfuse hands over a zeroed struct).
 */
final class StatWriter {
  /** {@code st_blksize} of every node, as sysfs reports it. */
  static final int BLOCK_SIZE = 4096;

  private static final int NAME_MAX = 255;

  private StatWriter() {}

  private static final Slot MODE = Slot.probe(st -> st.st_mode.set(-1));
  private static final Slot NLINK = Slot.probe(st -> st.st_nlink.set(-1));
  private static final Slot SIZE = Slot.probe(st -> st.st_size.set(-1));
  private static final Slot UID = Slot.probe(st -> st.st_uid.set(-1));
  private static final Slot GID = Slot.probe(st -> st.st_gid.set(-1));
  private static final Slot BLKSIZE = Slot.probe(st -> st.st_blksize.set(-1));
  private static final Slot[] SECONDS = {
    Slot.probe(st -> st.st_atim.tv_sec.set(-1)),
    Slot.probe(st -> st.st_mtim.tv_sec.set(-1)),
    Slot.probe(st -> st.st_ctim.tv_sec.set(-1)),
  };
  private static final Slot[] NANOS = {
    Slot.probe(st -> st.st_atim.tv_nsec.set(-1)),
    Slot.probe(st -> st.st_mtim.tv_nsec.set(-1)),
    Slot.probe(st -> st.st_ctim.tv_nsec.set(-1)),
  };

  /**
   * Fills the zeroed native {@code struct stat} at {@code st} from {@code s}; returns 0 so that a
   * callback body stays one expression.
   */
  static int write(NodeStat s, Pointer st) {
    MODE.put(st, fileType(s.type()) | s.mode());
    NLINK.put(st, s.nlink());
    SIZE.put(st, s.size());
    UID.put(st, MountOwner.uid(s.uid()));
    GID.put(st, MountOwner.gid(s.gid()));
    BLKSIZE.put(st, BLOCK_SIZE);
    long sec = Math.floorDiv(s.timeMillis(), 1000);
    long nsec = Math.floorMod(s.timeMillis(), 1000) * 1_000_000L;
    for (int i = 0; i < 3; i++) {
      SECONDS[i].put(st, sec);
      NANOS[i].put(st, nsec);
    }
    return 0;
  }

  /** Fills {@code st} from a /dev entry's stat: type and mode, owner, size, links, rdev, times. */
  static int write(DevfsStat s, FileStat st) {
    st.st_mode.set(s.mode());
    st.st_nlink.set(s.nlink());
    st.st_size.set(s.size());
    st.st_uid.set(MountOwner.uid(s.uid()));
    st.st_gid.set(MountOwner.gid(s.gid()));
    st.st_rdev.set(DevfsOps.makedev(s.rdevMajor(), s.rdevMinor()));
    st.st_blksize.set(BLOCK_SIZE);
    st.st_blocks.set((s.size() + 511) / 512);
    setTime(st.st_atim, s.atimeMillis());
    setTime(st.st_mtim, s.mtimeMillis());
    setTime(st.st_ctim, s.ctimeMillis());
    return 0;
  }

  /** Fills {@code st} as sysfs's statfs does: 4 KiB blocks, none used or free. */
  static int writeStatfs(Statvfs st) {
    st.f_bsize.set(BLOCK_SIZE);
    st.f_frsize.set(BLOCK_SIZE);
    st.f_namemax.set(NAME_MAX);
    return 0;
  }

  private static int fileType(NodeStat.Type type) {
    return switch (type) {
      case DIRECTORY -> FileStat.S_IFDIR;
      case REGULAR -> FileStat.S_IFREG;
      case SYMLINK -> FileStat.S_IFLNK;
    };
  }

  /** Where one field of {@code struct stat} lives: its offset and its size (4 or 8 bytes). */
  record Slot(int offset, int size) {
    /** Finds the bytes a setter of all ones changes in an otherwise zeroed {@code struct stat}. */
    static Slot probe(Consumer<FileStat> setAllOnes) {
      Runtime runtime = Runtime.getSystemRuntime();
      int n = Struct.size(new FileStat(runtime));
      Pointer mem = Memory.allocateDirect(runtime, n, true);
      setAllOnes.accept(FileStat.of(mem));
      int first = -1;
      int last = -1;
      for (int i = 0; i < n; i++) {
        if (mem.getByte(i) != 0) {
          first = first < 0 ? i : first;
          last = i;
        }
      }
      int size = last - first + 1;
      checkState(first >= 0 && (size == 4 || size == 8) && first % size == 0,
          "unexpected struct stat field at %s, %s bytes", first, size);
      return new Slot(first, size);
    }

    void put(Pointer p, long value) {
      if (size == 8) {
        p.putLongLong(offset, value);
      } else {
        p.putInt(offset, (int) value);
      }
    }
  }

  private static void setTime(Timespec ts, long millis) {
    ts.tv_sec.set(Math.floorDiv(millis, 1000));
    ts.tv_nsec.set(Math.floorMod(millis, 1000) * 1_000_000L);
  }
}
