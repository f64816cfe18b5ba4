package org.sysfsemu.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import org.sysfsemu.SysfsEmu;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sysfs-emu} command and its subcommands. picocli builds a command's model by
 * reflection; a run that names a command builds that one only (building all of them took most of
 * a CLI command's start, docs/performance.md), anything else (help, a misspelt command, the
 * manual page and completion, which list every command) gets the whole model.
 */
@Command(
    name = "sysfs-emu",
    mixinStandardHelpOptions = true,
    version = "sysfs-emu 0.1.0",
    description = "An emulated Linux /sys and /dev: device model, uevents, netlink, uevent_helper.")
public final class SysfsEmuCommand implements Runnable {
  /** The subcommands, in the order help lists them; their names are in their {@code @Command}. */
  private static final List<Class<?>> SUBCOMMANDS = List.of(
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
      AutoComplete.GenerateCompletion.class);
  /** Commands that start an emulator with mounts: libfuse is bound while their arguments are read. */
  private static final Set<Class<?>> MOUNTING = Set.of(MountCommand.class, RunCommand.class, ShellCommand.class);
  /** Commands that read the whole model (the manual page, the completion script). */
  private static final List<String> WHOLE_MODEL = List.of("generate-man", "generate-completion");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (" + String.join(", ",
        spec.subcommands().entrySet().stream().filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
            .map(java.util.Map.Entry::getKey).toList()) + ")");
  }

  /** The command line model: every command and option (docs/cli.md is checked against it). */
  public static CommandLine commandLine() {
    return commandLine(null);
  }

  /** The model with the subcommand named {@code only}, or with all of them when null. */
  private static CommandLine commandLine(Class<?> only) {
    CommandLine cl = new CommandLine(new SysfsEmuCommand());
    for (Class<?> c : SUBCOMMANDS) {
      if (only == null || only == c) {
        cl.addSubcommand(c);
      }
    }
    if (only == null) {
      cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(true);
    }
    return cl;
  }

  /** The subcommand {@code args} runs when it needs no other one's model; else null. */
  private static Class<?> only(String[] args) {
    if (args.length == 0 || WHOLE_MODEL.contains(args[0])) {
      return null;
    }
    for (Class<?> c : SUBCOMMANDS) {
      if (c.getAnnotation(Command.class).name().equals(args[0])) {
        return c;
      }
    }
    return null;
  }

  /** Runs the command line with the process's streams; returns the exit code. */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the command line with the given streams (for tests); returns the exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    Class<?> only = only(args);
    if (only != null && MOUNTING.contains(only)) {
      SysfsEmu.prepareMounts();
    }
    CommandLine cl = commandLine(only);
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }
}
