package org.sysfsemu.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sysfs-emu record}: writes devices of a /sys tree (a running emulator's, or the machine's
 * with {@code --sys /sys}) in the {@code .umockdev} format, each selected device with its parents,
 * parents first. See docs/format.md.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
    description = "Write devices (with their parents) of a running emulator, or of this machine with --sys /sys, as .umockdev records.")
final class RecordCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin EmulatorOptions emulator;

  @Option(names = "--all", description = "Every device.")
  boolean all;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
  Path output;

  @Parameters(paramLabel = "DEVICE", arity = "0..*",
      description = "A path in /sys (/sys/class/block/sda1), a devpath (/devices/...) or a /dev name (sda1, /dev/sda1).")
  List<String> devices = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (all == !devices.isEmpty()) {
      err.println("sysfs-emu record: give either --all or one or more DEVICEs");
      return ExitCode.USAGE;
    }
    Path sys = emulator.sys();
    if (!Files.isDirectory(sys.resolve("devices"))) {
      err.println("sysfs-emu record: " + sys.resolve("devices") + " does not exist: is 'sysfs-emu mount --sys " + sys + "' running?");
      return ExitCode.FAILURE;
    }
    try {
      SysTree tree = new SysTree(sys, emulator.dev());
      UdevData udev = UdevData.forTree(emulator.dev(), emulator.isHostSys());
      TreeMap<String, SysDevice> chosen = new TreeMap<>();
      if (all) {
        tree.all().forEach(d -> chosen.put(d.devpath(), d));
      }
      for (String arg : devices) {
        SysDevice d = tree.find(arg, udev);
        if (d == null) {
          err.println("sysfs-emu record: " + arg + ": no such device");
          return ExitCode.USAGE;
        }
        chosen.put(d.devpath(), d);
        for (SysDevice p : tree.parents(d)) {
          if (p.subsystem() != null) {
            chosen.put(p.devpath(), p);
          }
        }
      }
      StringBuilder out = new StringBuilder();
      Progress progress = Progress.onTerminal("recording", chosen.size());
      for (SysDevice d : chosen.values()) {
        if (d.subsystem() != null) {
          RecordWriter.write(d, udev.of(d), out);
        }
        progress.step();
      }
      progress.done();
      byte[] bytes = out.toString().getBytes(StandardCharsets.ISO_8859_1);
      if (output != null) {
        Files.write(output, bytes);
      } else {
        System.out.write(bytes);
        System.out.flush();
      }
      return ExitCode.OK;
    } catch (IOException e) {
      err.println("sysfs-emu record: " + e.getMessage());
      return ExitCode.FAILURE;
    }
  }
}
