package org.sysfsemu.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sysfs-emu trigger}: like {@code udevadm trigger}, writes an action to the {@code uevent}
 * file of every matching device of the /sys mount, so each one sends a synthetic event. Works on
 * the mount alone (no control file): devices are found as udevadm finds them, through
 * {@code bus/*}{@code /devices} and {@code class/*}, and triggered in devpath order (parents first).
 */
@Command(name = "trigger", mixinStandardHelpOptions = true,
    description = "Request events for devices (writes ACTION to their uevent files), like 'udevadm trigger'.")
final class TriggerCommand implements Callable<Integer> {
  private static final List<String> ACTIONS =
      List.of("add", "remove", "change", "move", "online", "offline", "bind", "unbind");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--sys", defaultValue = "${env:SYSFS_EMU_SYS:-/tmp/sys}", paramLabel = "DIR",
      description = "The /sys mount (default: ${DEFAULT-VALUE}).")
  Path sys;

  @Option(names = {"-c", "--action"}, defaultValue = "change", paramLabel = "ACTION",
      description = "add, remove, change, move, online, offline, bind or unbind (default: ${DEFAULT-VALUE}).")
  String action;

  @Option(names = {"-s", "--subsystem-match"}, paramLabel = "SUBSYSTEM",
      description = "Only devices of a matching subsystem (glob); may be repeated.")
  List<String> subsystemMatch = new ArrayList<>();

  @Option(names = {"-S", "--subsystem-nomatch"}, paramLabel = "SUBSYSTEM",
      description = "Not devices of a matching subsystem (glob); may be repeated.")
  List<String> subsystemNomatch = new ArrayList<>();

  @Option(names = {"-y", "--sysname-match"}, paramLabel = "NAME",
      description = "Only devices whose name matches (glob); may be repeated.")
  List<String> sysnameMatch = new ArrayList<>();

  @Option(names = {"-a", "--attr-match"}, paramLabel = "ATTR[=VALUE]",
      description = "Only devices with this attribute (whose value matches the glob); may be repeated.")
  List<String> attrMatch = new ArrayList<>();

  @Option(names = {"-p", "--property-match"}, paramLabel = "KEY=VALUE",
      description = "Only devices whose uevent file has KEY with a matching value (glob); any of them.")
  List<String> propertyMatch = new ArrayList<>();

  @Option(names = {"-n", "--dry-run"}, description = "Do not write; only list the devices.")
  boolean dryRun;

  @Option(names = {"-v", "--verbose"}, description = "Print the path of each device triggered.")
  boolean verbose;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    if (!ACTIONS.contains(action)) {
      err.println("sysfs-emu trigger: unknown action '" + action + "' (one of " + String.join(", ", ACTIONS) + ")");
      return ExitCode.USAGE;
    }
    for (String p : propertyMatch) {
      if (!p.contains("=")) {
        err.println("sysfs-emu trigger: --property-match needs KEY=VALUE, got '" + p + "'");
        return ExitCode.USAGE;
      }
    }
    if (!Files.isDirectory(sys.resolve("devices"))) {
      err.println("sysfs-emu trigger: " + sys.resolve("devices") + " does not exist: is 'sysfs-emu mount --sys " + sys + "' running?");
      return ExitCode.FAILURE;
    }
    int failures = 0;
    try {
      Path root = sys.toRealPath();
      for (var e : devices(root).entrySet()) {
        Path dir = e.getKey();
        if (!matches(dir, e.getValue())) {
          continue;
        }
        if (verbose || dryRun) {
          out.println(dir);
        }
        if (!dryRun) {
          try {
            Files.write(dir.resolve("uevent"), action.getBytes(StandardCharsets.ISO_8859_1));
          } catch (IOException ex) {
            err.println("sysfs-emu trigger: " + dir + ": " + ex.getMessage());
            failures++;
          }
        }
      }
    } catch (IOException e) {
      err.println("sysfs-emu trigger: " + e.getMessage());
      return ExitCode.FAILURE;
    }
    out.flush();
    return failures == 0 ? ExitCode.OK : ExitCode.FAILURE;
  }

  /** Every device of a bus or a class, by real path (sorted), with its subsystem. */
  private static TreeMap<Path, String> devices(Path root) throws IOException {
    TreeMap<Path, String> found = new TreeMap<>();
    collect(root.resolve("bus"), "devices", found);
    collect(root.resolve("class"), null, found);
    return found;
  }

  private static void collect(Path top, String sub, TreeMap<Path, String> found) throws IOException {
    if (!Files.isDirectory(top)) {
      return;
    }
    try (DirectoryStream<Path> subsystems = Files.newDirectoryStream(top)) {
      for (Path s : subsystems) {
        Path dir = sub == null ? s : s.resolve(sub);
        if (!Files.isDirectory(dir)) {
          continue;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
          for (Path link : entries) {
            if (Files.isSymbolicLink(link)) {
              found.put(link.toRealPath(), s.getFileName().toString());
            }
          }
        }
      }
    }
  }

  private boolean matches(Path dir, String subsystem) throws IOException {
    if (!subsystemMatch.isEmpty() && subsystemMatch.stream().noneMatch(g -> glob(g, subsystem))) {
      return false;
    }
    if (subsystemNomatch.stream().anyMatch(g -> glob(g, subsystem))) {
      return false;
    }
    String name = dir.getFileName().toString();
    if (!sysnameMatch.isEmpty() && sysnameMatch.stream().noneMatch(g -> glob(g, name))) {
      return false;
    }
    for (String a : attrMatch) {
      String[] kv = a.split("=", 2);
      Path attr = dir.resolve(kv[0]);
      if (!Files.isRegularFile(attr)) {
        return false;
      }
      if (kv.length == 2 && !glob(kv[1], read(attr).strip())) {
        return false;
      }
    }
    if (!propertyMatch.isEmpty()) {
      List<String> props = List.of(read(dir.resolve("uevent")).split("\n"));
      boolean any = false;
      for (String p : propertyMatch) {
        String[] kv = p.split("=", 2);
        any |= props.stream().anyMatch(l -> l.startsWith(kv[0] + "=") && glob(kv[1], l.substring(kv[0].length() + 1)));
      }
      if (!any) {
        return false;
      }
    }
    return true;
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

  /** fnmatch(3) without flags, as udevadm matches: '*', '?' and '[...]'. */
  static boolean glob(String pattern, String text) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      int close = c == '[' ? pattern.indexOf(']', i + 2) : -1;
      if (c == '*') {
        re.append(".*");
      } else if (c == '?') {
        re.append('.');
      } else if (close > 0) {
        String set = pattern.substring(i + 1, close).replace("\\", "\\\\");
        re.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
        i = close;
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL).matcher(text).matches();
  }
}
