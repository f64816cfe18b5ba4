package org.sysfsemu.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sysfs-emu shell}: {@code run} with the user's shell ($SHELL, else /bin/sh). */
@Command(name = "shell", mixinStandardHelpOptions = true,
    description = "An interactive shell in the sandbox (see 'run').")
final class ShellCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin StartOptions start;

  @Override
  public Integer call() {
    String shell = System.getenv().getOrDefault("SHELL", "");
    return SandboxRunner.run("shell", start, null, null, List.of(shell.isEmpty() ? "/bin/sh" : shell), spec.commandLine().getErr());
  }
}
