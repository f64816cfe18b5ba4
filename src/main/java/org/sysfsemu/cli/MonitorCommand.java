package org.sysfsemu.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sysfs-emu monitor}: reads the uevent control node of a running emulator and prints the
 * events as {@code udevadm monitor --kernel [--property]} does, or raw.
 */
@Command(name = "monitor", mixinStandardHelpOptions = true,
    description = "Print the uevents of a running sysfs-emu, like 'udevadm monitor'.")
final class MonitorCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin EmulatorOptions emulator;

  @Option(names = {"-p", "--property"}, description = "Print the event properties too.")
  boolean property;

  @Option(names = {"-k", "--kernel"}, description = "Kernel events (netlink group 1); the default.")
  boolean kernel;

  @Option(names = {"-u", "--udev"}, description = "libudev-format events (netlink group 2).")
  boolean udev;

  @Option(names = {"-s", "--subsystem-match"}, paramLabel = "SUBSYSTEM[/DEVTYPE]",
      description = "Only events of this subsystem (and device type); may be repeated.")
  List<String> subsystems = new ArrayList<>();

  @Option(names = {"-t", "--tag-match"}, paramLabel = "TAG", description = "Only events of devices with this udev tag; may be repeated.")
  List<String> tags = new ArrayList<>();

  @Option(names = "--raw", description = "Write the datagrams unchanged to standard output.")
  boolean raw;

  @Option(names = "--count", paramLabel = "N", description = "Exit after N events.")
  long count = -1;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Path node = emulator.dev().resolve("uevent");
    if (!Files.exists(node)) {
      err.println("sysfs-emu monitor: " + node + " does not exist: is 'sysfs-emu mount --dev " + emulator.dev() + "' running?");
      return ExitCode.FAILURE;
    }
    try (RandomAccessFile f = new RandomAccessFile(node.toFile(), "rw")) {
      f.write(optionLine().getBytes(StandardCharsets.ISO_8859_1));
      err.println("sysfs-emu monitor: listening on " + node); // subscribed: events from now on are seen
      err.flush();
      if (!raw) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("monitor will print the received events for:");
        if (kernel || !udev) {
          out.println("KERNEL - the kernel uevent");
        }
        if (udev) {
          out.println("UDEV - the event which udev sends out after rule processing");
        }
        out.println();
        out.flush();
      }
      return loop(f, err);
    } catch (IOException e) {
      err.println("sysfs-emu monitor: " + node + ": " + e.getMessage());
      return ExitCode.FAILURE;
    }
  }

  /** The subscription line written to the node before reading (see docs/devfs.md). */
  String optionLine() {
    StringBuilder sb = new StringBuilder("groups=");
    sb.append(udev && !kernel ? "2" : udev ? "1,2" : "1");
    subsystems.forEach(s -> sb.append(" subsystem=").append(s));
    tags.forEach(t -> sb.append(" tag=").append(t));
    return sb.append('\n').toString();
  }

  private int loop(RandomAccessFile f, PrintWriter err) throws IOException {
    byte[] buf = new byte[128 * 1024];
    OutputStream rawOut = System.out;
    PrintWriter out = spec.commandLine().getOut();
    for (long seen = 0; count < 0 || seen < count; ) {
      int n;
      try {
        n = f.read(buf);
      } catch (IOException e) {
        if (String.valueOf(e.getMessage()).contains("No buffer space")) {
          err.println("sysfs-emu monitor: events were lost (ENOBUFS): the reader was too slow");
          continue;
        }
        throw e;
      }
      if (n <= 0) {
        return ExitCode.OK; // the emulator unmounted
      }
      seen++;
      if (raw) {
        rawOut.write(buf, 0, n);
        rawOut.flush();
      } else {
        out.print(EventFormat.format(Arrays.copyOf(buf, n), property, System.nanoTime()));
        out.flush();
      }
    }
    return ExitCode.OK;
  }
}
