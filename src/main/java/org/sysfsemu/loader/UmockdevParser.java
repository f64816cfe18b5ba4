package org.sysfsemu.loader;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the {@code .umockdev} record format into paragraphs and typed lines, with the loader
 * rules of umockdev (see docs/format.md): a paragraph per device, {@code P:} first, lines
 * {@code X: value}, {@code key=value} for E/A/H/L, no comments, no CRLF. One pass, linear in the
 * input.
 */
public final class UmockdevParser {
  private final String file;

  public UmockdevParser(String file) {
    this.file = file;
  }

  /** Parses the whole text (bytes held one per char, ISO-8859-1). */
  public List<Record> parse(String text) throws TreeFormatException {
    List<Record> records = new ArrayList<>();
    String devpath = null;
    int pLine = 0;
    List<Record.Line> lines = new ArrayList<>();
    int lineNo = 0;
    int pos = 0;
    int n = text.length();
    while (pos < n) {
      int nl = text.indexOf('\n', pos);
      int end = nl < 0 ? n : nl;
      String line = text.substring(pos, end);
      pos = end + 1;
      lineNo++;
      if (line.isEmpty()) {
        if (devpath != null) {
          records.add(new Record(devpath, pLine, ImmutableList.copyOf(lines)));
          devpath = null;
          lines.clear();
        }
        continue;
      }
      if (line.endsWith("\r")) {
        throw error(lineNo, "CRLF line ending (the format uses LF only)");
      }
      if (line.length() < 3 || line.charAt(1) != ':' || line.charAt(2) != ' ') {
        if (line.startsWith("#")) {
          throw error(lineNo, "comment lines are not allowed in a record file");
        }
        throw error(lineNo, "malformed line (want 'X: value'): " + abbreviate(line));
      }
      char type = line.charAt(0);
      String value = line.substring(3);
      if (devpath == null) {
        if (type != 'P') {
          throw error(lineNo, "device descriptions must start with a P: line");
        }
        devpath = value;
        pLine = lineNo;
        continue;
      }
      lines.add(typedLine(type, value, lineNo));
    }
    if (devpath != null) {
      records.add(new Record(devpath, pLine, ImmutableList.copyOf(lines)));
    }
    return records;
  }

  private Record.Line typedLine(char type, String value, int lineNo) throws TreeFormatException {
    switch (type) {
      case 'P':
        throw error(lineNo, "second P: line in one paragraph (separate devices with an empty line)");
      case 'S':
        return new Record.Line(type, null, value, lineNo);
      case 'N':
        int eq = value.indexOf('=');
        if (eq < 0) {
          return new Record.Line(type, null, value, lineNo);
        }
        return new Record.Line(type, value.substring(0, eq), value.substring(eq + 1), lineNo);
      case 'E':
      case 'A':
      case 'H':
      case 'L':
        int i = value.indexOf('=');
        if (i <= 0) {
          throw error(lineNo, "malformed " + type + ": line (want " + type + ": key=value): " + abbreviate(value));
        }
        return new Record.Line(type, value.substring(0, i), value.substring(i + 1), lineNo);
      default:
        throw error(lineNo, "unknown line type '" + type + ":' (known: P N S E A H L)");
    }
  }

  private TreeFormatException error(int line, String reason) {
    return new TreeFormatException(file, line, reason);
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
