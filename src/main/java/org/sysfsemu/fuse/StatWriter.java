package org.sysfsemu.fuse;

import org.sysfsemu.devfs.DevfsStat;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/** Copies the /dev mount's FUSE-free stat values into libfuse's {@code struct stat} and {@code struct statvfs}. */
final class StatWriter {
  /** {@code st_blksize} of every node, as sysfs reports it. */
  static final int BLOCK_SIZE = 4096;

  private static final int NAME_MAX = 255;

  private StatWriter() {}

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

  private static void setTime(Timespec ts, long millis) {
    ts.tv_sec.set(Math.floorDiv(millis, 1000));
    ts.tv_nsec.set(Math.floorMod(millis, 1000) * 1_000_000L);
  }
}
