package org.sysfsemu.cli;

import java.io.PrintWriter;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sysfs-emu} command and its subcommands. */
@Command(
    name = "sysfs-emu",
    mixinStandardHelpOptions = true,
    version = "sysfs-emu 0.1.0",
    description = "An emulated Linux /sys and /dev: device model, uevents, netlink, uevent_helper.",
    subcommands = {
      MountCommand.class,
      RunCommand.class,
      ShellCommand.class,
      EnterCommand.class,
      MonitorCommand.class,
      HotplugCommands.Add.class,
      HotplugCommands.Remove.class,
      HotplugCommands.Set.class,
      HotplugCommands.Change.class,
      HotplugCommands.Rename.class,
      HotplugCommands.Plug.class,
      HotplugCommands.Unplug.class,
      SettleCommand.class,
      TriggerCommand.class,
      RecordCommand.class,
      InfoCommand.class,
      TreeCommand.class,
      ManPageCommand.class,
      AutoComplete.GenerateCompletion.class
    })
public final class SysfsEmuCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (" + String.join(", ",
        spec.subcommands().entrySet().stream().filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
            .map(java.util.Map.Entry::getKey).toList()) + ")");
  }

  /** The command line model: every command and option (docs/cli.md is checked against it). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new SysfsEmuCommand());
    cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(true);
    return cl;
  }

  /** Runs the command line with the process's streams; returns the exit code. */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the command line with the given streams (for tests); returns the exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = commandLine();
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }
}
