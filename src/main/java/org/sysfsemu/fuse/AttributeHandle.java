package org.sysfsemu.fuse;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.KernfsFile;

/**
 * One open attribute file, as {@code struct kernfs_open_file} with its seq_file buffer. A read at
 * offset 0, or the first read of the handle, calls {@code show()} once and keeps the output; reads
 * at other offsets are served from that snapshot, so sequential reads of one open file see one
 * consistent value and a reader that seeks back to 0 sees a fresh one. Text output is cut to 4095
 * bytes; binary output is served up to the attribute's declared size. Writes pass at most one page
 * to {@code store()} and ignore the offset. Once the attribute is removed, reads and writes fail
 * with ENODEV.
 */
final class AttributeHandle {
  /** The kernel's PAGE_SIZE: the most one write passes to {@code store()}. */
  static final int PAGE_SIZE = 4096;

  /** Text show output is cut to this length, as {@code sysfs_kf_seq_show()} does. */
  static final int MAX_TEXT = PAGE_SIZE - 1;

  private static final ByteBuffer EOF = ByteBuffer.allocate(0);

  private final KernfsFile file;
  private byte[] snapshot; // guarded by this

  AttributeHandle(KernfsFile file) {
    this.file = file;
  }

  /** Up to {@code size} bytes of the content at {@code offset}; empty at or past the end. */
  synchronized ByteBuffer read(long offset, int size) throws SysfsException {
    checkArgument(offset >= 0 && size >= 0, "offset %s size %s", offset, size);
    requireLive();
    if (snapshot == null || offset == 0) {
      snapshot = show();
    }
    if (offset >= snapshot.length) {
      return EOF;
    }
    int n = (int) Math.min(size, snapshot.length - offset);
    return ByteBuffer.wrap(snapshot, (int) offset, n).slice();
  }

  /** Passes {@code data} (at most one page of it) to {@code store()}; 0 bytes return 0. */
  int write(byte[] data) throws SysfsException {
    requireLive();
    if (data.length == 0) {
      return 0;
    }
    byte[] chunk = data.length > PAGE_SIZE ? Arrays.copyOf(data, PAGE_SIZE) : data;
    int stored = file.store(chunk);
    checkState(
        stored >= 0 && stored <= chunk.length,
        "store() of %s returned %s for %s bytes",
        file,
        stored,
        chunk.length);
    return stored;
  }

  private byte[] show() throws SysfsException {
    byte[] out = file.show();
    long limit = file.isBinary() ? binaryLimit(out.length) : Math.min(out.length, MAX_TEXT);
    return Arrays.copyOf(out, (int) limit); // a copy: show() may hand out an array it reuses
  }

  private long binaryLimit(int length) {
    long size = file.size();
    return size > 0 ? Math.min(size, length) : length;
  }

  private void requireLive() throws SysfsException {
    if (file.isRemoved()) {
      throw new SysfsException(Errno.ENODEV, file.name() + " was removed");
    }
  }
}
