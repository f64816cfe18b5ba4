package org.sysfsemu.cli;

/** The exit codes of every command. */
public final class ExitCode {
  /** Done. */
  public static final int OK = 0;
  /** The command ran and failed (mount failed, the emulator is not running, I/O error). */
  public static final int FAILURE = 1;
  /** Bad input: an option, an argument or a tree file was wrong; nothing was changed. */
  public static final int USAGE = 2;

  private ExitCode() {}
}
