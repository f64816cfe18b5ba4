package org.sysfsemu.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sysfsemu.control.ControlFiles;
import org.sysfsemu.sandbox.Sandbox;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code sysfs-emu enter [--dev DIR] [-- CMD...]}: joins the sandbox of a running emulator (of
 * {@code mount}, or of {@code run} from another terminal through its /dev), for a daemon under
 * test in one terminal and a test driver in another.
 */
@Command(name = "enter", mixinStandardHelpOptions = true,
    description = "Run a command (default: $SHELL) in the sandbox of a running sysfs-emu.")
final class EnterCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin EmulatorOptions emulator;

  @Parameters(arity = "0..*", paramLabel = "CMD", description = "The command and its arguments (after --).")
  List<String> command = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Path file = emulator.dev().resolve(ControlFiles.DIR.substring(1)).resolve("sandbox");
    long pid;
    try {
      pid = Long.parseLong(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).strip());
    } catch (NoSuchFileException e) {
      err.println("sysfs-emu enter: " + file + " does not exist: is 'sysfs-emu mount --dev " + emulator.dev()
          + "' running (with its sandbox)?");
      return ExitCode.FAILURE;
    } catch (IOException | NumberFormatException e) {
      err.println("sysfs-emu enter: cannot read " + file + ": " + e.getMessage());
      return ExitCode.FAILURE;
    }
    List<String> argv = command.isEmpty() ? List.of(System.getenv().getOrDefault("SHELL", "/bin/sh")) : command;
    ProcessBuilder pb = new ProcessBuilder(Sandbox.enter("nsenter", pid, argv)).inheritIO();
    SandboxEnv.apply(pb.environment());
    try {
      return pb.start().waitFor();
    } catch (IOException e) {
      err.println("sysfs-emu enter: " + e.getMessage());
      return ExitCode.FAILURE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.FAILURE;
    }
  }
}
