package org.sysfsemu.loader;

import java.util.Arrays;

/**
 * One paragraph of a {@code .umockdev} file, split into typed lines but not yet interpreted: the
 * {@code P:} line's devpath and line number, then every other line in file order, each a type,
 * a key (null for {@code S:} and a bare {@code N:}), a value and a line number. The parser fills
 * one record and hands it on for each paragraph in turn, so that a file's millions of lines cost
 * no object each: a sink reads it before returning and keeps only the strings.
 */
public final class Record {
  private String devpath;
  private int line;
  private int size;
  private char[] types = new char[32];
  private String[] keys = new String[32];
  private String[] values = new String[32];
  private int[] lines = new int[32];

  Record() {}

  /** The {@code P:} value. */
  public String devpath() {
    return devpath;
  }

  /** The line number of the {@code P:} line. */
  public int line() {
    return line;
  }

  /** The number of lines after {@code P:}. */
  public int size() {
    return size;
  }

  /** The type letter of line {@code i} ({@code E}, {@code A}, ...). */
  public char type(int i) {
    return types[i];
  }

  /** The key of line {@code i}, or null for {@code S:} and a bare {@code N:}. */
  public String key(int i) {
    return keys[i];
  }

  /** The value of line {@code i}. */
  public String value(int i) {
    return values[i];
  }

  /** The line number in the file of line {@code i}. */
  public int lineNumber(int i) {
    return lines[i];
  }

  /** Starts the paragraph of {@code devpath}, recorded at {@code lineNumber}. */
  void start(String devpath, int lineNumber) {
    Arrays.fill(keys, 0, size, null);
    Arrays.fill(values, 0, size, null);
    this.devpath = devpath;
    this.line = lineNumber;
    this.size = 0;
  }

  /** Appends one line. */
  void add(char type, String key, String value, int lineNumber) {
    if (size == types.length) {
      int n = 2 * size;
      types = Arrays.copyOf(types, n);
      keys = Arrays.copyOf(keys, n);
      values = Arrays.copyOf(values, n);
      lines = Arrays.copyOf(lines, n);
    }
    types[size] = type;
    keys[size] = key;
    values[size] = value;
    lines[size] = lineNumber;
    size++;
  }
}
