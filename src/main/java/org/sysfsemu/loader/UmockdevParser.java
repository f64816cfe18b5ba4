package org.sysfsemu.loader;

/**
 * Splits the {@code .umockdev} record format into paragraphs and typed lines, with the loader
 * rules of umockdev (see docs/format.md): a paragraph per device, {@code P:} first, lines
 * {@code X: value}, {@code key=value} for E/A/H/L, no comments, no CRLF. One pass, linear in the
 * input; each paragraph can be handed on as soon as it ends ({@link #parse(String, Sink)}), so
 * that a large file's records need not all be held at once.
 */
public final class UmockdevParser {
  private final String file;
  private final Canon canon;

  public UmockdevParser(String file) {
    this(file, new Canon());
  }

  /** A parser whose keys and E/A/L values come from {@code canon}, shared with the rest of a load. */
  UmockdevParser(String file, Canon canon) {
    this.file = file;
    this.canon = canon;
  }

  /**
   * Takes each record as the parser finishes it. The record is the parser's, filled again for the
   * next paragraph: read it before returning.
   */
  @FunctionalInterface
  public interface Sink {
    void accept(Record r) throws TreeFormatException;
  }

  /**
   * Parses the whole text, handing each record to {@code sink} in file order. A format error
   * stops the parse; what {@code sink} does with the records before it is its own business.
   */
  public void parse(String text, Sink sink) throws TreeFormatException {
    parse(text, 0, text.length(), 1, sink);
  }

  /**
   * Parses {@code text[from, to)}, whose first line is line {@code firstLine} of the file, as
   * {@link #parse(String, Sink)} parses a whole text. {@code from} is the start of a line; a
   * part that starts after an empty line parses exactly as it does within the whole text.
   */
  void parse(String text, int from, int to, int firstLine, Sink sink) throws TreeFormatException {
    String devpath = null;
    Record record = new Record();
    int lineNo = firstLine - 1;
    int pos = from;
    int n = to;
    while (pos < n) {
      int nl = text.indexOf('\n', pos);
      int end = nl < 0 || nl > n ? n : nl;
      int start = pos;
      pos = end + 1;
      lineNo++;
      if (end == start) {
        if (devpath != null) {
          sink.accept(record);
          devpath = null;
        }
        continue;
      }
      if (text.charAt(end - 1) == '\r') {
        throw error(lineNo, "CRLF line ending (the format uses LF only)");
      }
      if (end - start < 3 || text.charAt(start + 1) != ':' || text.charAt(start + 2) != ' ') {
        if (text.charAt(start) == '#') {
          throw error(lineNo, "comment lines are not allowed in a record file");
        }
        throw error(lineNo, "malformed line (want 'X: value'): " + abbreviate(text.substring(start, end)));
      }
      char type = text.charAt(start);
      if (devpath == null) {
        if (type != 'P') {
          throw error(lineNo, "device descriptions must start with a P: line");
        }
        devpath = text.substring(start + 3, end);
        record.start(devpath, lineNo);
        continue;
      }
      typedLine(record, type, text, start + 3, end, lineNo);
    }
    if (devpath != null) {
      sink.accept(record);
    }
  }

  /**
   * Whether the line {@code text[start, end)} is a {@code P:} line (its devpath from {@code start
   * + 3}): in a text that parses, exactly the first line of each paragraph.
   */
  static boolean isDevpathLine(String text, int start, int end) {
    return end - start >= 3 && text.charAt(start) == 'P' && text.charAt(start + 1) == ':' && text.charAt(start + 2) == ' ';
  }

  /** Appends to {@code record} the line whose value is {@code text[from, to)}. */
  private void typedLine(Record record, char type, String text, int from, int to, int lineNo) throws TreeFormatException {
    switch (type) {
      case 'P':
        throw error(lineNo, "second P: line in one paragraph (separate devices with an empty line)");
      case 'S':
        record.add(type, null, text.substring(from, to), lineNo);
        return;
      case 'N':
        int eq = indexOf(text, '=', from, to);
        if (eq < 0) {
          record.add(type, null, text.substring(from, to), lineNo);
        } else {
          record.add(type, canon.of(text, from, eq), text.substring(eq + 1, to), lineNo);
        }
        return;
      case 'E':
      case 'A':
      case 'H':
      case 'L':
        // the '=' a well-formed line has: the library's (vectorized) search, which may look past
        // the line's end only for a malformed line, which ends the parse
        int i = text.indexOf('=', from);
        if (i <= from || i >= to) {
          throw error(lineNo, "malformed " + type + ": line (want " + type + ": key=value): "
              + abbreviate(text.substring(from, to)));
        }
        // names and most values repeat from device to device; hex contents seldom do
        String value = type == 'H' ? text.substring(i + 1, to) : canon.of(text, i + 1, to);
        record.add(type, canon.of(text, from, i), value, lineNo);
        return;
      default:
        throw error(lineNo, "unknown line type '" + type + ":' (known: P N S E A H L)");
    }
  }

  /** The first {@code c} in {@code s[from, to)}, or -1: never looks past the line's end. */
  private static int indexOf(String s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private TreeFormatException error(int line, String reason) {
    return new TreeFormatException(file, line, reason);
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
