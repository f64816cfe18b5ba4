package org.sysfsemu.kernfs;

/**
 * An attribute file. What it does on read and write is fixed when it is created, by its {@link
 * AttributeOps}, as {@code sysfs_add_file_mode_ns()} picks the ops table once.
 */
public final class KernfsFile extends KernfsNode {
  /** The size {@code stat()} reports for every text attribute: one page. */
  public static final long PAGE_SIZE = 4096;

  private final AttributeOps ops;
  private final boolean binary;
  private final long size;

  KernfsFile(String name, int mode, long createdMillis, long id, AttributeOps ops, boolean binary, long size) {
    super(name, mode, createdMillis, id);
    this.ops = ops;
    this.binary = binary;
    this.size = size;
  }

  public AttributeOps ops() {
    return ops;
  }

  /** True for a binary attribute (served by offset up to its size, never cut to a page). */
  public boolean isBinary() {
    return binary;
  }

  /** What stat reports: 4096 for text attributes, the declared size for binary ones. */
  public long size() {
    return size;
  }
}
