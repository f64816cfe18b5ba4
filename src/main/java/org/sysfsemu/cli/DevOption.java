package org.sysfsemu.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --dev} option of every command that talks to a running emulator. */
final class DevOption {
  @Option(names = "--dev", defaultValue = "${env:SYSFS_EMU_DEV:-/tmp/dev}", paramLabel = "DIR",
      description = "The emulated /dev of the running emulator (default: ${DEFAULT-VALUE}).")
  Path dev;
}
