package org.sysfsemu.kernfs;

import org.sysfsemu.error.SysfsException;

/**
 * An attribute file. What it does on read and write is fixed when it is created, by its {@link
 * KernfsOps}, as {@code sysfs_add_file_mode_ns()} picks the ops table once; what the ops keep per
 * file (a value, the object the file belongs to) is its {@link #priv()}, the kernel's {@code
 * kn->priv}. A text attribute reports one page as its size; a binary one ({@link KernfsBinFile})
 * the size it was declared with.
 */
public sealed class KernfsFile extends KernfsNode permits KernfsBinFile {
  /** The size {@code stat()} reports for every text attribute: one page. */
  public static final long PAGE_SIZE = 4096;

  private final KernfsOps ops;
  private volatile Object priv;

  KernfsFile(String name, int mode, long createdMillis, long id, KernfsOps ops, Object priv) {
    super(name, mode, createdMillis, id);
    this.ops = ops;
    this.priv = priv;
  }

  /** Whether the file has a show method: it can be opened for reading. */
  public boolean canShow() {
    return ops.canShow();
  }

  /** Whether the file has a store method: it can be opened for writing. */
  public boolean canStore() {
    return ops.canStore();
  }

  /** The whole current content (its ops' show). */
  public byte[] show() throws SysfsException {
    return ops.show(this);
  }

  /** Stores one write (its ops' store); returns the number of bytes consumed. */
  public int store(byte[] data) throws SysfsException {
    return ops.store(this, data);
  }

  /**
   * The file's show and store as an {@link AttributeOps} (e.g. to make another file that behaves
   * the same): the ops themselves when they serve this file alone, else a view of this file. Reads
   * and writes call {@link #show()} and {@link #store} of the file.
   */
  public AttributeOps ops() {
    return ops instanceof AttributeOps a ? a : new View(this);
  }

  /** The ops' state for this file ({@code kn->priv}); null when its ops keep none. */
  public Object priv() {
    return priv;
  }

  /** Replaces {@link #priv()}; for the file's ops (a store of a new value). */
  public void setPriv(Object priv) {
    this.priv = priv;
  }

  /** True for a binary attribute (served by offset up to its size, never cut to a page). */
  public boolean isBinary() {
    return false;
  }

  /** What stat reports: 4096 for text attributes, the declared size for binary ones. */
  public long size() {
    return PAGE_SIZE;
  }

  /** {@link #ops()} of a file whose ops are shared. */
  private record View(KernfsFile file) implements AttributeOps {
    @Override
    public boolean canShow() {
      return file.canShow();
    }

    @Override
    public boolean canStore() {
      return file.canStore();
    }

    @Override
    public byte[] show() throws SysfsException {
      return file.show();
    }

    @Override
    public int store(byte[] data) throws SysfsException {
      return file.store(data);
    }
  }
}
