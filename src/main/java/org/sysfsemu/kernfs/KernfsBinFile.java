package org.sysfsemu.kernfs;

/** A binary attribute: served by offset up to its size, never cut to a page; stat reports that size. */
final class KernfsBinFile extends KernfsFile {
  private final long size;

  KernfsBinFile(String name, int mode, long createdMillis, long id, KernfsOps ops, Object priv, long size) {
    super(name, mode, createdMillis, id, ops, priv);
    this.size = size;
  }

  @Override
  public boolean isBinary() {
    return true;
  }

  @Override
  public long size() {
    return size;
  }
}
