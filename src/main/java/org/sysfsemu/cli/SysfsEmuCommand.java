package org.sysfsemu.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.sysfsemu.SysfsEmu;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sysfs-emu} command and its subcommands. picocli builds a command's model by
 * reflection, which took most of a CLI command's start when done for all of them
 * (docs/performance.md): a run that names a command builds that one only, {@code --version}
 * none; anything else (help, a misspelt command, the manual page and completion, which list
 * every command) gets the whole model.
 */
@Command(
    name = "sysfs-emu",
    mixinStandardHelpOptions = true,
    version = "sysfs-emu 0.1.0",
    description = "An emulated Linux /sys and /dev: device model, uevents, netlink, uevent_helper.")
public final class SysfsEmuCommand implements Runnable {
  /**
   * The subcommands by name, in the order help lists them; each name is also its class's {@code
   * @Command} name (a test checks that they agree), so that a command is found without reading
   * every class's annotations.
   */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands(
      "mount", MountCommand.class,
      "run", RunCommand.class,
      "shell", ShellCommand.class,
      "enter", EnterCommand.class,
      "monitor", MonitorCommand.class,
      "add", HotplugCommands.Add.class,
      "remove", HotplugCommands.Remove.class,
      "set", HotplugCommands.Set.class,
      "change", HotplugCommands.Change.class,
      "rename", HotplugCommands.Rename.class,
      "plug", HotplugCommands.Plug.class,
      "unplug", HotplugCommands.Unplug.class,
      "settle", SettleCommand.class,
      "trigger", TriggerCommand.class,
      "record", RecordCommand.class,
      "info", InfoCommand.class,
      "tree", TreeCommand.class,
      "generate-man", ManPageCommand.class,
      "generate-completion", AutoComplete.GenerateCompletion.class);
  /** Commands that start an emulator: libfuse is bound and the default tree read while their arguments are read. */
  private static final Set<String> MOUNTING = Set.of("mount", "run", "shell");
  /** Commands that read the whole model (the manual page, the completion script). */
  private static final Set<String> WHOLE_MODEL = Set.of("generate-man", "generate-completion");
  /** What a run of {@code --version} alone needs: the top command, no subcommand. */
  private static final Set<String> VERSION = Set.of("-V", "--version");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (" + String.join(", ",
        spec.subcommands().entrySet().stream().filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
            .map(java.util.Map.Entry::getKey).toList()) + ")");
  }

  /** The command line model: every command and option (docs/cli.md is checked against it). */
  public static CommandLine commandLine() {
    return commandLine(SUBCOMMANDS.keySet());
  }

  /** The model with the subcommands named {@code names}. */
  private static CommandLine commandLine(Set<String> names) {
    CommandLine cl = new CommandLine(new SysfsEmuCommand());
    SUBCOMMANDS.forEach((name, c) -> {
      if (names.contains(name)) {
        cl.addSubcommand(c);
      }
    });
    if (names.contains("generate-completion")) {
      cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(true);
    }
    return cl;
  }

  /** The subcommands a run with {@code args} needs in its model. */
  private static Set<String> needed(String[] args) {
    if (args.length == 0 || WHOLE_MODEL.contains(args[0])) {
      return SUBCOMMANDS.keySet();
    }
    if (args.length == 1 && VERSION.contains(args[0])) {
      return Set.of();
    }
    return SUBCOMMANDS.containsKey(args[0]) ? Set.of(args[0]) : SUBCOMMANDS.keySet();
  }

  /** Runs the command line with the process's streams; returns the exit code. */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the command line with the given streams (for tests); returns the exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    if (args.length > 0 && MOUNTING.contains(args[0])) {
      SysfsEmu.prepareStart();
    }
    CommandLine cl = commandLine(needed(args));
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }

  private static Map<String, Class<?>> subcommands(Object... nameAndClass) {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    for (int i = 0; i < nameAndClass.length; i += 2) {
      m.put((String) nameAndClass[i], (Class<?>) nameAndClass[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
