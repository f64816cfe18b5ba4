package org.sysfsemu.loader;

/** A tree file that cannot be loaded: names the file, the line and the reason. */
public class TreeFormatException extends Exception {
  private final String file;
  private final int line;

  public TreeFormatException(String file, int line, String reason) {
    super(file + ":" + line + ": " + reason);
    this.file = file;
    this.line = line;
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }
}
