package org.sysfsemu.loader;

import org.sysfsemu.error.MessageText;

/** A tree file that cannot be loaded: names the file, the line and the reason. */
public class TreeFormatException extends Exception {
  private final String file;
  private final int line;

  public TreeFormatException(String file, int line, String reason) {
    super(MessageText.escape(file + ":" + line + ": " + reason)); // quoted lines may hold control bytes
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
