package org.sysfsemu.loader;

import com.google.common.collect.ImmutableList;

/**
 * One paragraph of a {@code .umockdev} file, split into typed lines but not yet interpreted.
 *
 * @param devpath the {@code P:} value
 * @param line the line number of the {@code P:} line
 * @param lines every other line, in file order
 */
public record Record(String devpath, int line, ImmutableList<Line> lines) {

  /** One {@code X: key=value} line; {@code key} is null for {@code S:} and a bare {@code N:}. */
  public record Line(char type, String key, String value, int line) {}
}
