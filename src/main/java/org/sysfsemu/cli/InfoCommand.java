package org.sysfsemu.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sysfs-emu info}: what {@code udevadm info} (systemd 252) prints, read from a running
 * emulator's /sys and udev database (or the machine's, with {@code --sys /sys}): a query
 * ({@code -q}), the attribute walk ({@code -a}), the database export ({@code -e}), or JSON.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = "Query devices like 'udevadm info': properties, node, links, the attribute walk, the database export.")
final class InfoCommand implements Callable<Integer> {
  static final String WALK_HEADER = "\nUdevadm info starts with the device specified by the devpath and then\n"
      + "walks up the chain of parent devices. It prints for every device\n"
      + "found, all possible attributes in the udev rules key format.\n"
      + "A rule to match, can be composed by the attributes of the device\n"
      + "and the attributes from one single parent device.\n\n";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin EmulatorOptions emulator;

  @Option(names = {"-q", "--query"}, paramLabel = "TYPE", defaultValue = "all",
      description = "name, symlink, path, property or all (default: ${DEFAULT-VALUE}).")
  String query;

  @Option(names = "--property", paramLabel = "NAME", split = ",",
      description = "With -q property: only these properties; may be repeated.")
  List<String> properties = new ArrayList<>();

  @Option(names = "--value", description = "With -q property: print only the values.")
  boolean value;

  @Option(names = {"-p", "--path"}, paramLabel = "SYSPATH", description = "The device's path in /sys or its devpath.")
  String path;

  @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "The device's node or devlink name (sda1, /dev/sda1).")
  String name;

  @Option(names = {"-r", "--root"}, description = "Print node and link names with /dev/ in front.")
  boolean root;

  @Option(names = {"-a", "--attribute-walk"}, description = "Print the device's and its parents' attributes as udev rule keys.")
  boolean attributeWalk;

  @Option(names = {"-x", "--export"}, description = "With -q property: print KEY='VALUE'.")
  boolean export;

  @Option(names = {"-P", "--export-prefix"}, paramLabel = "PREFIX", description = "With -x: put PREFIX before each key.")
  String exportPrefix = "";

  @Option(names = {"-e", "--export-db"}, description = "Print every device's record.")
  boolean exportDb;

  @Option(names = "--json", paramLabel = "MODE", defaultValue = "off",
      description = "pretty, short or off: records as JSON objects, like recent udevadm (default: ${DEFAULT-VALUE}).")
  String json;

  @Parameters(paramLabel = "DEVPATH|FILE", arity = "0..1",
      description = "A path in /sys, a devpath or a /dev name.")
  String device;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    if (!List.of("name", "symlink", "path", "property", "all").contains(query)) {
      err.println("sysfs-emu info: unknown query type '" + query + "' (name, symlink, path, property or all)");
      return ExitCode.USAGE;
    }
    if (!List.of("pretty", "short", "off").contains(json)) {
      err.println("sysfs-emu info: --json takes pretty, short or off, not '" + json + "'");
      return ExitCode.USAGE;
    }
    int given = (path != null ? 1 : 0) + (name != null ? 1 : 0) + (device != null ? 1 : 0);
    if (exportDb ? given > 0 : given != 1) {
      err.println("sysfs-emu info: " + (exportDb ? "-e takes no device" : "give one device: -p SYSPATH, -n NAME or DEVPATH|FILE"));
      return ExitCode.USAGE;
    }
    Path sys = emulator.sys();
    if (!Files.isDirectory(sys.resolve("devices"))) {
      err.println("sysfs-emu info: " + sys.resolve("devices") + " does not exist: is 'sysfs-emu mount --sys " + sys + "' running?");
      return ExitCode.FAILURE;
    }
    try {
      SysTree tree = new SysTree(sys, emulator.dev());
      UdevData udev = UdevData.forTree(emulator.dev(), emulator.isHostSys());
      if (exportDb) {
        for (SysDevice d : tree.all()) {
          out.print(json.equals("off") ? record(d, udev.of(d), true) : json(d, udev.of(d)));
        }
        out.flush();
        return ExitCode.OK;
      }
      String arg = path != null ? path : name != null ? name : device;
      SysDevice d = name != null ? tree.byName(name, udev) : tree.find(arg, udev);
      if (d == null) {
        err.println("sysfs-emu info: Unknown device \"" + arg + "\": No such device");
        return ExitCode.FAILURE;
      }
      if (attributeWalk) {
        out.print(WALK_HEADER);
        out.print(attributes(d, false));
        for (SysDevice p : tree.parents(d)) {
          out.print(attributes(p, true));
        }
        out.flush();
        return ExitCode.OK;
      }
      boolean byName = name != null || (path == null && tree.find(arg, UdevData.none()) == null)
          || (path == null && !arg.startsWith("/"));
      int code = query(d, udev.of(d), byName, out, err);
      out.flush();
      return code;
    } catch (IOException e) {
      err.println("sysfs-emu info: " + e.getMessage());
      return ExitCode.FAILURE;
    }
  }

  private int query(SysDevice d, UdevData.Entry udev, boolean byName, PrintWriter out, PrintWriter err) {
    String dev = root ? "/dev/" : "";
    switch (query) {
      case "name" -> {
        if (d.devname() == null) {
          err.println("sysfs-emu info: No device node found");
          return ExitCode.FAILURE;
        }
        out.println(dev + d.devname());
      }
      case "symlink" -> out.println(String.join(" ", udev.links().stream().map(l -> dev + l).toList()));
      case "path" -> out.println(d.devpath());
      case "property" -> {
        for (String p : DeviceProperties.of(d, udev, false)) {
          int eq = p.indexOf('=');
          String key = p.substring(0, eq);
          if (!properties.isEmpty() && !properties.contains(key)) {
            continue;
          }
          if (export) {
            out.println(exportPrefix + key + "='" + p.substring(eq + 1) + "'");
          } else {
            out.println(value ? p.substring(eq + 1) : p);
          }
        }
      }
      default -> out.print(json.equals("off") ? record(d, udev, !byName) : json(d, udev));
    }
    return ExitCode.OK;
  }

  /** udevadm's print_record: P M R U T D I N L S Q V, the E: lines, an empty line. */
  static String record(SysDevice d, UdevData.Entry udev, boolean subsystemFirst) {
    StringBuilder sb = new StringBuilder();
    sb.append("P: ").append(d.devpath()).append('\n');
    sb.append("M: ").append(d.sysname()).append('\n');
    if (d.sysnum() != null) {
      sb.append("R: ").append(d.sysnum()).append('\n');
    }
    if (d.subsystem() != null) {
      sb.append("U: ").append(d.subsystem()).append('\n');
    }
    if (d.ueventValue("DEVTYPE") != null) {
      sb.append("T: ").append(d.ueventValue("DEVTYPE")).append('\n');
    }
    if (d.devnum() != null) {
      sb.append("D: ").append(d.devnum()).append('\n');
    }
    if ("net".equals(d.subsystem()) && d.ueventValue("IFINDEX") != null) {
      sb.append("I: ").append(d.ueventValue("IFINDEX")).append('\n');
    }
    if (d.devname() != null) {
      sb.append("N: ").append(d.devname()).append('\n');
      sb.append("L: ").append(udev.priority()).append('\n');
      udev.links().forEach(l -> sb.append("S: ").append(l).append('\n'));
    }
    if (d.ueventValue("DISKSEQ") != null) {
      sb.append("Q: ").append(d.ueventValue("DISKSEQ")).append('\n');
    }
    if (d.driver() != null) {
      sb.append("V: ").append(d.driver()).append('\n');
    }
    DeviceProperties.of(d, udev, subsystemFirst).forEach(p -> sb.append("E: ").append(p).append('\n'));
    return sb.append('\n').toString();
  }

  /** Recent udevadm's JSON record: SYSNAME, SYSNUM, DEVICE_ID, then every property. */
  private String json(SysDevice d, UdevData.Entry udev) {
    List<String[]> fields = new ArrayList<>();
    fields.add(new String[] {"SYSNAME", d.sysname()});
    if (d.sysnum() != null) {
      fields.add(new String[] {"SYSNUM", d.sysnum()});
    }
    fields.add(new String[] {"DEVICE_ID", d.udevId()});
    for (String p : DeviceProperties.of(d, udev, true)) {
      int eq = p.indexOf('=');
      fields.add(new String[] {p.substring(0, eq), p.substring(eq + 1)});
    }
    boolean pretty = json.equals("pretty");
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < fields.size(); i++) {
      sb.append(i > 0 ? "," : "").append(pretty ? "\n\t" : "").append(Json.quote(fields.get(i)[0]))
          .append(pretty ? " : " : ":").append(Json.quote(fields.get(i)[1]));
    }
    return sb.append(pretty ? "\n}\n" : "}\n").toString();
  }

  /** One device of the attribute walk, as udevadm's print_all_attributes. */
  static String attributes(SysDevice d, boolean parent) {
    StringBuilder sb = new StringBuilder();
    sb.append("  looking at ").append(parent ? "parent " : "").append("device '").append(d.devpath()).append("':\n");
    sb.append("    ").append(parent ? "KERNELS" : "KERNEL").append("==\"").append(d.sysname()).append("\"\n");
    sb.append("    ").append(parent ? "SUBSYSTEMS" : "SUBSYSTEM").append("==\"").append(nonNull(d.subsystem())).append("\"\n");
    sb.append("    ").append(parent ? "DRIVERS" : "DRIVER").append("==\"").append(nonNull(d.driver())).append("\"\n");
    for (SysDevice.Entry e : d.entries()) {
      if (e.isLink() || List.of("uevent", "dev", "modalias", "resource", "driver", "subsystem", "module").contains(e.name())) {
        continue; // links have no value; these udevadm shows apart or not at all
      }
      String v = walkValue(e.path());
      if (v != null) {
        sb.append("    ").append(parent ? "ATTRS{" : "ATTR{").append(e.name()).append("}==\"").append(v).append("\"\n");
      }
    }
    return sb.append('\n').toString();
  }

  /**
   * The value udevadm shows: up to the first NUL, without trailing newlines; null (left out) when
   * it starts with '/' or holds a character that is not printable; "(not readable)" without read
   * permission.
   */
  private static String walkValue(Path file) {
    byte[] data;
    try {
      var perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      if (!perms.contains(PosixFilePermission.OWNER_READ)) {
        return perms.contains(PosixFilePermission.OWNER_WRITE) ? "(not readable)" : null;
      }
      data = Files.readAllBytes(file);
    } catch (AccessDeniedException e) {
      return "(not readable)";
    } catch (IOException | RuntimeException e) {
      return null;
    }
    int n = 0;
    while (n < data.length && data[n] != 0) {
      n++;
    }
    while (n > 0 && (data[n - 1] == '\n' || data[n - 1] == '\r')) {
      n--;
    }
    for (int i = 0; i < n; i++) {
      if (data[i] < 0x20 || data[i] > 0x7e) {
        return null;
      }
    }
    String s = new String(data, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    return s.startsWith("/") ? null : s;
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
