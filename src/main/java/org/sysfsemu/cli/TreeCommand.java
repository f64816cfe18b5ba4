package org.sysfsemu.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sysfs-emu tree}: the device tree as {@code lsblk} or {@code lsusb -t} draw it: under each
 * top directory of /sys/devices (a bus root, {@code platform}, {@code virtual}), each device below
 * its parent device (bus device, interface, class devices), with subsystem and device type,
 * driver and /dev node. Coloured on a terminal, plain in a pipe.
 */
@Command(name = "tree", mixinStandardHelpOptions = true,
    description = "Draw the device tree: buses, devices, interfaces, class devices, drivers and /dev nodes.")
final class TreeCommand implements Callable<Integer> {
  private static final String RESET = "\033[0m";
  private static final String BOLD = "\033[1m";
  private static final String CYAN = "\033[36m";
  private static final String GREEN = "\033[32m";
  private static final String YELLOW = "\033[33m";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin EmulatorOptions emulator;

  @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
      description = "auto (on a terminal), always or never (default: ${DEFAULT-VALUE}).")
  String color;

  @Parameters(paramLabel = "DEVICE", arity = "0..1",
      description = "Only this device and what is below it (a path in /sys, a devpath or a /dev name).")
  String root;

  private boolean colored;
  /** Box-drawing characters in a UTF-8 locale, ASCII otherwise (as lsblk does). */
  private final String[] lines = java.nio.charset.Charset.defaultCharset().equals(java.nio.charset.StandardCharsets.UTF_8)
      ? new String[] {"├─ ", "└─ ", "│  "} : new String[] {"|- ", "`- ", "|  "};

  /** A device of the picture and the devices drawn below it. */
  private record Node(SysDevice device, String label, List<Node> children) {}

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    if (!List.of("auto", "always", "never").contains(color)) {
      err.println("sysfs-emu tree: --color takes auto, always or never, not '" + color + "'");
      return ExitCode.USAGE;
    }
    colored = color.equals("always") || (color.equals("auto") && Terminal.stdoutIsTerminal());
    Path sys = emulator.sys();
    if (!Files.isDirectory(sys.resolve("devices"))) {
      err.println("sysfs-emu tree: " + sys.resolve("devices") + " does not exist: is 'sysfs-emu mount --sys " + sys + "' running?");
      return ExitCode.FAILURE;
    }
    try {
      SysTree tree = new SysTree(sys, emulator.dev());
      String prefix = "/devices";
      if (root != null) {
        SysDevice d = tree.find(root, UdevData.none());
        if (d == null) {
          err.println("sysfs-emu tree: " + root + ": no such device");
          return ExitCode.USAGE;
        }
        prefix = d.devpath();
      }
      Map<String, List<Node>> tops = build(tree.all(), prefix);
      for (var top : tops.entrySet()) {
        out.println(paint(BOLD, top.getKey()));
        draw(top.getValue(), "", out);
      }
      out.flush();
      return ExitCode.OK;
    } catch (IOException e) {
      err.println("sysfs-emu tree: " + e.getMessage());
      return ExitCode.FAILURE;
    }
  }

  /** The devices at or below {@code prefix}, each under its nearest device ancestor, grouped by top directory. */
  private static Map<String, List<Node>> build(List<SysDevice> all, String prefix) {
    TreeMap<String, Node> nodes = new TreeMap<>();
    Map<String, List<Node>> tops = new TreeMap<>();
    for (SysDevice d : all) {
      String p = d.devpath();
      if (!p.equals(prefix) && !p.startsWith(prefix + "/")) {
        continue;
      }
      String parent = nearest(p, nodes);
      String label = parent != null ? p.substring(parent.length() + 1) : null;
      if (parent == null) {
        String rest = p.substring("/devices/".length());
        int slash = rest.indexOf('/');
        String top = slash < 0 ? rest : rest.substring(0, slash);
        label = slash < 0 ? rest : rest.substring(slash + 1);
        Node n = new Node(d, label, new ArrayList<>());
        tops.computeIfAbsent(top, k -> new ArrayList<>()).add(n);
        nodes.put(p, n);
      } else {
        Node n = new Node(d, label, new ArrayList<>());
        nodes.get(parent).children().add(n);
        nodes.put(p, n);
      }
    }
    return tops;
  }

  /** The devpath of the nearest ancestor of {@code p} already placed, or null. */
  private static String nearest(String p, Map<String, Node> nodes) {
    for (int slash = p.lastIndexOf('/'); slash > 0; slash = p.lastIndexOf('/', slash - 1)) {
      String a = p.substring(0, slash);
      if (nodes.containsKey(a)) {
        return a;
      }
    }
    return null;
  }

  private void draw(List<Node> nodes, String indent, PrintWriter out) {
    for (int i = 0; i < nodes.size(); i++) {
      boolean last = i == nodes.size() - 1;
      Node n = nodes.get(i);
      out.println(indent + (last ? lines[1] : lines[0]) + describe(n));
      draw(n.children(), indent + (last ? "   " : lines[2]), out);
    }
  }

  private String describe(Node n) {
    SysDevice d = n.device();
    StringBuilder sb = new StringBuilder(paint(BOLD, n.label()));
    String type = d.ueventValue("DEVTYPE");
    sb.append("  ").append(paint(CYAN, d.subsystem() + (type != null ? "/" + type : "")));
    if (d.driver() != null) {
      sb.append("  ").append(paint(GREEN, "driver=" + d.driver()));
    }
    if (d.devname() != null) {
      sb.append("  ").append(paint(YELLOW, "/dev/" + d.devname()));
    }
    return sb.toString();
  }

  private String paint(String code, String text) {
    return colored ? code + text + RESET : text;
  }
}
