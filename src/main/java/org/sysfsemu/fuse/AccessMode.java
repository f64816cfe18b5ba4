package org.sysfsemu.fuse;

/** How a file is opened: the {@code O_ACCMODE} part of the open flags. */
enum AccessMode {
  READ(true, false),
  WRITE(false, true),
  READ_WRITE(true, true);

  private final boolean reads;
  private final boolean writes;

  AccessMode(boolean reads, boolean writes) {
    this.reads = reads;
    this.writes = writes;
  }

  /** True for {@code O_RDONLY} and {@code O_RDWR}. */
  boolean reads() {
    return reads;
  }

  /** True for {@code O_WRONLY} and {@code O_RDWR}. */
  boolean writes() {
    return writes;
  }
}
