package org.sysfsemu.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sysfsemu.loader.TreeLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The hotplug commands: each writes one line (or, for {@code add}, record paragraphs) to its
 * control file in {@code <dev>/.sysfs-emu/} and prints the result. See docs/hotplug.md.
 */
final class HotplugCommands {
  private HotplugCommands() {}

  /** Devpaths may be given as {@code /devices/...}, {@code /sys/devices/...} or a path in the mount. */
  static final String DEVPATH_HELP =
      "A devpath (/devices/...), or the device's path in /sys (/sys/class/block/sda1 means the emulator's; /tmp/sys/class/block/sda1 works too).";

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add devices described by .umockdev records (parents first), with their events.")
  static final class Add extends ControlCommand {
    @Parameters(paramLabel = "FILE|-", description = "A record file, or - for standard input.")
    String file;

    @Override
    String[] command() {
      String text;
      try {
        text = "-".equals(file) ? new String(System.in.readAllBytes(), StandardCharsets.ISO_8859_1)
            : TreeLoader.read(Path.of(file));
      } catch (IOException e) {
        return usage(file + ": cannot read: " + e.getMessage());
      }
      if (text.isBlank()) {
        return usage(file + ": no records");
      }
      return new String[] {"add", text.endsWith("\n\n") ? text : text.endsWith("\n") ? text + "\n" : text + "\n\n"};
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Remove a device and everything below it (unbind and remove events, children first).")
  static final class Remove extends ControlCommand {
    @Parameters(paramLabel = "DEVPATH", description = DEVPATH_HELP)
    String devpath;

    @Override
    String[] command() {
      return new String[] {"remove", devpath(devpath) + "\n"};
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true,
      description = "Set a device attribute as its driver would (readers see it on their next open).")
  static final class Set extends ControlCommand {
    @Parameters(index = "0", paramLabel = "DEVPATH", description = DEVPATH_HELP)
    String devpath;

    @Parameters(index = "1", paramLabel = "ATTRIBUTE")
    String attribute;

    @Parameters(index = "2", paramLabel = "VALUE", description = "The new value; a newline is added.")
    String value;

    @Override
    String[] command() {
      if (attribute.contains("/") || attribute.contains(" ") || value.contains("\n")) {
        return usage("ATTRIBUTE must be a name without '/' or spaces, VALUE one line");
      }
      return new String[] {"set", devpath(devpath) + " " + attribute + " " + value + "\n"};
    }
  }

  @Command(name = "change", mixinStandardHelpOptions = true,
      description = "Send a 'change' event for a device, with extra KEY=VALUE keys (e.g. DISK_MEDIA_CHANGE=1).")
  static final class Change extends ControlCommand {
    @Parameters(index = "0", paramLabel = "DEVPATH", description = DEVPATH_HELP)
    String devpath;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Extra keys of the event.")
    List<String> env = new ArrayList<>();

    @Override
    String[] command() {
      for (String e : env) {
        if (!e.matches("[^=\\s]+=\\S*")) {
          return usage("bad key '" + e + "': expected KEY=VALUE without spaces");
        }
      }
      StringBuilder line = new StringBuilder(devpath(devpath));
      env.forEach(e -> line.append(' ').append(e));
      return new String[] {"change", line.append('\n').toString()};
    }
  }

  @Command(name = "rename", mixinStandardHelpOptions = true,
      description = "Rename a network interface (Linux renames no other device: EPERM): a 'move' event with DEVPATH_OLD.")
  static final class Rename extends ControlCommand {
    @Parameters(index = "0", paramLabel = "DEVPATH", description = DEVPATH_HELP)
    String devpath;

    @Parameters(index = "1", paramLabel = "NEWNAME")
    String newName;

    @Override
    String[] command() {
      if (newName.isEmpty() || newName.contains("/") || newName.contains(" ")) {
        return usage("NEWNAME must be a name without '/' or spaces");
      }
      return new String[] {"rename", devpath(devpath) + " " + newName + "\n"};
    }
  }

  @Command(name = "plug", mixinStandardHelpOptions = true,
      description = "Plug a built-in scenario (usb-stick, usb-keyboard, net-interface) or a record file.")
  static final class Plug extends ControlCommand {
    @Parameters(paramLabel = "NAME|FILE")
    String what;

    @Option(names = "--delay", paramLabel = "MS", defaultValue = "0",
        description = "Wait this long between devices, as slow hardware would (default: ${DEFAULT-VALUE}).")
    long delayMillis;

    @Override
    String[] command() {
      if (delayMillis < 0 || delayMillis > 9_999_999) {
        return usage("--delay must be between 0 and 9999999 ms");
      }
      String target = what;
      if (what.contains("/") || Files.isRegularFile(Path.of(what))) {
        Path file = Path.of(what).toAbsolutePath();
        if (!Files.isReadable(file)) {
          return usage(what + ": no such file");
        }
        target = file.toString();
      }
      if (target.contains(" ")) {
        return usage("NAME|FILE must not contain spaces");
      }
      return new String[] {"plug", target + (delayMillis > 0 ? " delay=" + delayMillis : "") + "\n"};
    }

    @Override
    AutoCloseableProgress progress() {
      String target = what.contains("/") || Files.isRegularFile(Path.of(what)) ? Path.of(what).toAbsolutePath().toString() : what;
      PlugProgress p = PlugProgress.start(emulator.dev(), target);
      return p == null ? () -> {} : p::close;
    }
  }

  @Command(name = "unplug", mixinStandardHelpOptions = true,
      description = "Unplug a scenario or record file plugged before, or the device at a devpath (children first).")
  static final class Unplug extends ControlCommand {
    @Parameters(paramLabel = "NAME|FILE|DEVPATH")
    String what;

    @Override
    String[] command() {
      Path file = Path.of(what);
      if (!what.startsWith("/devices/") && Files.isRegularFile(file)) {
        return new String[] {"unplug", file.toAbsolutePath() + "\n"};
      }
      return new String[] {"unplug", devpath(what) + "\n"};
    }
  }
}
