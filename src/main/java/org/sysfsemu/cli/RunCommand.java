package org.sysfsemu.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code sysfs-emu run [options] -- CMD [ARGS...]}: CMD in the sandbox, where the emulated /sys
 * and /dev are at /sys and /dev and events arrive on real netlink (docs/sandbox.md).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run a command where the emulated /sys and /dev are /sys and /dev, and events arrive on a real"
        + " NETLINK_KOBJECT_UEVENT socket. Exits with the command's status; everything stops when it ends."})
final class RunCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin StartOptions start;

  @CommandLine.Option(names = "--sys", paramLabel = "DIR",
      description = "Also mount the emulated /sys here, for commands outside (default: a temporary directory).")
  java.nio.file.Path sys;

  @CommandLine.Option(names = "--dev", paramLabel = "DIR",
      description = "Also mount the emulated /dev here, so that 'sysfs-emu plug --dev DIR' and 'enter' work from outside"
          + " (default: a temporary directory).")
  java.nio.file.Path dev;

  @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments (after --).")
  List<String> command;

  @Override
  public Integer call() {
    return SandboxRunner.run("run", start, sys, dev, command, spec.commandLine().getErr());
  }
}
