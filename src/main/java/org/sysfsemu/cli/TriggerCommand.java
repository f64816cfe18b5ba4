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
import picocli.CommandLine.Parameters;

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

  @CommandLine.Mixin EmulatorOptions emulator;

  @Option(names = {"-t", "--type"}, defaultValue = "devices", paramLabel = "TYPE",
      description = "devices, subsystems (buses and their drivers) or all (default: ${DEFAULT-VALUE}).")
  String type;

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

  @Option(names = {"-A", "--attr-nomatch"}, paramLabel = "ATTR[=VALUE]",
      description = "Not devices with this attribute (whose value matches the glob); may be repeated.")
  List<String> attrNomatch = new ArrayList<>();

  @Option(names = {"-g", "--tag-match"}, paramLabel = "TAG",
      description = "Only devices with this udev tag (from the udev database); may be repeated, all must match.")
  List<String> tagMatch = new ArrayList<>();

  @Option(names = {"-b", "--parent-match"}, paramLabel = "DEVICE",
      description = "Only this device and the devices below it (a path in /sys or a devpath); may be repeated.")
  List<String> parentMatch = new ArrayList<>();

  @Option(names = "--name-match", paramLabel = "NAME",
      description = "Only the device of this /dev name and the devices below it; may be repeated.")
  List<String> nameMatch = new ArrayList<>();

  @Option(names = {"-w", "--settle"}, description = "Wait until the events sent are delivered and their helpers have exited.")
  boolean settle;

  @Option(names = {"-q", "--quiet"}, description = "Print no error for devices whose uevent file refuses the write.")
  boolean quietErrors;

  @Parameters(paramLabel = "DEVICE", arity = "0..*",
      description = "Like --parent-match: a path in /sys, a devpath or a /dev name.")
  List<String> deviceArgs = new ArrayList<>();

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
    if (!List.of("devices", "subsystems", "all").contains(type)) {
      err.println("sysfs-emu trigger: unknown type '" + type + "' (devices, subsystems or all)");
      return ExitCode.USAGE;
    }
    for (String p : propertyMatch) {
      if (!p.contains("=")) {
        err.println("sysfs-emu trigger: --property-match needs KEY=VALUE, got '" + p + "'");
        return ExitCode.USAGE;
      }
    }
    Path sys = emulator.sys();
    if (!Files.isDirectory(sys.resolve("devices"))) {
      err.println("sysfs-emu trigger: " + sys.resolve("devices") + " does not exist: is 'sysfs-emu mount --sys " + sys + "' running?");
      return ExitCode.FAILURE;
    }
    int failures = 0;
    try {
      Path root = sys.toRealPath();
      SysTree tree = new SysTree(sys, emulator.dev());
      UdevData udev = tagMatch.isEmpty() ? UdevData.none() : UdevData.forTree(emulator.dev(), emulator.isHostSys());
      List<String> parents = new ArrayList<>();
      for (String arg : concat(parentMatch, deviceArgs, nameMatch)) {
        SysDevice d = nameMatch.contains(arg) && !deviceArgs.contains(arg) && !parentMatch.contains(arg)
            ? tree.byName(arg, udev) : tree.find(arg, udev);
        if (d == null) {
          err.println("sysfs-emu trigger: " + arg + ": no such device");
          return ExitCode.USAGE;
        }
        parents.add(d.devpath());
      }
      List<Path> targets = new ArrayList<>();
      if (!type.equals("devices")) {
        targets.addAll(subsystems(root));
      }
      if (!type.equals("subsystems")) {
        for (var e : devices(root).entrySet()) {
          Path dir = e.getKey();
          String devpath = "/" + root.relativize(dir);
          if (underAny(devpath, parents) && matches(dir, e.getValue())
              && (tagMatch.isEmpty() || tags(tree, devpath, udev).containsAll(tagMatch))) {
            targets.add(dir);
          }
        }
      }
      for (Path dir : targets) {
        if (verbose || dryRun) {
          out.println(dir);
        }
        if (!dryRun) {
          try {
            Files.write(dir.resolve("uevent"), action.getBytes(StandardCharsets.ISO_8859_1));
          } catch (IOException ex) {
            if (!quietErrors) {
              err.println("sysfs-emu trigger: " + dir + ": " + ex.getMessage());
            }
            failures++;
          }
        }
      }
    } catch (IOException e) {
      err.println("sysfs-emu trigger: " + e.getMessage());
      return ExitCode.FAILURE;
    }
    out.flush();
    if (settle && !dryRun) {
      int settled = SettleCommand.settle(new ControlClient(emulator.dev()), 120, null, err);
      if (settled != ExitCode.OK) {
        return settled;
      }
    }
    return failures == 0 ? ExitCode.OK : ExitCode.FAILURE;
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    List<String> all = new ArrayList<>();
    for (List<String> l : lists) {
      all.addAll(l);
    }
    return all;
  }

  private static boolean underAny(String devpath, List<String> parents) {
    return parents.isEmpty() || parents.stream().anyMatch(p -> devpath.equals(p) || devpath.startsWith(p + "/"));
  }

  private static List<String> tags(SysTree tree, String devpath, UdevData udev) {
    SysDevice d = tree.device(devpath);
    return d == null ? List.of() : udev.of(d).tags();
  }

  /** The uevent files of buses, their drivers and modules, as udevadm's subsystems type. */
  private static List<Path> subsystems(Path root) throws IOException {
    List<Path> out = new ArrayList<>();
    for (String top : List.of("module", "bus")) {
      Path dir = root.resolve(top);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        List<Path> sorted = new ArrayList<>();
        ds.forEach(sorted::add);
        sorted.sort(null);
        for (Path s : sorted) {
          if (Files.exists(s.resolve("uevent"))) {
            out.add(s);
          }
          Path drivers = s.resolve("drivers");
          if (top.equals("bus") && Files.isDirectory(drivers)) {
            try (DirectoryStream<Path> dd = Files.newDirectoryStream(drivers)) {
              List<Path> ds2 = new ArrayList<>();
              dd.forEach(ds2::add);
              ds2.sort(null);
              for (Path d : ds2) {
                if (Files.exists(d.resolve("uevent"))) {
                  out.add(d);
                }
              }
            }
          }
        }
      }
    }
    return out;
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
    for (String a : attrNomatch) {
      String[] kv = a.split("=", 2);
      Path attr = dir.resolve(kv[0]);
      if (Files.isRegularFile(attr) && (kv.length == 1 || glob(kv[1], read(attr).strip()))) {
        return false;
      }
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
