package org.sysfsemu;

import org.sysfsemu.cli.SysfsEmuCommand;

/** Entry point of {@code sysfs-emu}: runs the command line and exits with its code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(SysfsEmuCommand.execute(args));
  }
}
