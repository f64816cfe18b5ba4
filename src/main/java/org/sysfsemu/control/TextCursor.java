package org.sysfsemu.control;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.sysfsemu.devfs.ControlSession;

/** A text read in pieces by successive reads of an open control file, then end of file. */
final class TextCursor {
  private final byte[] bytes;
  private int pos;

  TextCursor(String text) {
    this.bytes = text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The next at most {@code size} bytes, or {@link ControlSession#EOF} at the end. */
  byte[] next(int size) {
    if (pos >= bytes.length) {
      return ControlSession.EOF;
    }
    int n = Math.min(size, bytes.length - pos);
    byte[] out = Arrays.copyOfRange(bytes, pos, pos + n);
    pos += n;
    return out;
  }
}
