package org.sysfsemu.loader;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sysfsemu.driver.DevNum;
import org.sysfsemu.driver.DeviceSpec;
import org.sysfsemu.error.SysfsException;

/**
 * Interprets one {@link Record} as the kernel would hold that device: bus or class, device
 * number, node name and mode, driver, kernel uevent keys (in the kernel's order) apart from udev
 * properties, attributes and links. Every inconsistency is a {@link TreeFormatException} naming
 * the line.
 */
final class SpecFactory {
  /** Entries the driver core derives; recorded values of these are checked or ignored. */
  private static final ImmutableSet<String> DERIVED =
      ImmutableSet.of("uevent", "dev", "subsystem", "driver", "device");

  /**
   * A class device's {@code device} is the derived link to its parent; on a bus device a recorded
   * {@code device} file is an attribute of its own (PCI's device id).
   */
  private static final String DEVICE = "device";

  private final String file;
  private final Canon canon;

  /**
   * The spec each repeated {@code A:} line made, by its name and value (pooled strings): the same
   * line on the next device costs one lookup instead of decoding, checking and pooling again.
   */
  private final Map<TextAttribute, DeviceSpec.AttributeSpec> textAttributes = new HashMap<>();

  /** An {@code A:} line's name and escaped value. */
  private record TextAttribute(String name, String value) {}

  /** A factory for the records of {@code file}, pooling what it makes in {@code canon}. */
  SpecFactory(String file, Canon canon) {
    this.file = file;
    this.canon = canon;
  }

  DeviceSpec toSpec(Record r) throws TreeFormatException {
    String devpath = r.devpath();
    if (!devpath.startsWith("/devices/") || devpath.endsWith("/") || devpath.contains("//")
        || hasDotComponent(devpath)) {
      throw error(r.line(), "device path must start with /devices/ and be normalized: " + devpath);
    }
    Map<String, String> env = new LinkedHashMap<>(32); // a record's E: lines, rarely more than 24
    List<DeviceSpec.AttributeSpec> attrs = new ArrayList<>();
    List<DeviceSpec.LinkSpec> links = new ArrayList<>();
    List<String> devlinks = new ArrayList<>();
    String nodeName = null;
    String driverLink = null;
    String devAttr = null;
    int devAttrLine = 0;
    for (Record.Line l : r.lines()) {
      switch (l.type()) {
        case 'E' -> {
          if (env.containsKey(l.key()) && l.key().equals("SUBSYSTEM")) {
            throw error(l.line(), "duplicate SUBSYSTEM property");
          }
          env.put(l.key(), l.value());
        }
        case 'A', 'H' -> {
          DeviceSpec.AttributeSpec known = l.type() == 'A' ? textAttributes.get(new TextAttribute(l.key(), l.value())) : null;
          if (known != null) { // a name and value met before: checked and made then
            attrs.add(known);
            continue;
          }
          byte[] value = l.type() == 'A' ? canon.bytes(l.value(), Escapes::compress) : Escapes.unhex(l.value());
          if (value == null) {
            throw error(l.line(), "malformed hexadecimal value for " + l.key());
          }
          checkName(l);
          if (l.key().equals("dev")) {
            devAttr = new String(value, StandardCharsets.ISO_8859_1);
            devAttrLine = l.line();
          } else if (!DERIVED.contains(l.key()) || l.key().equals(DEVICE)) {
            DeviceSpec.AttributeSpec made = new DeviceSpec.AttributeSpec(l.key(), value, l.type() == 'H',
                WritableAttributes.isWritable(l.key()));
            DeviceSpec.AttributeSpec a = canon.of(made);
            attrs.add(a);
            // kept from its second time on: a value met once (a serial number) is not kept
            if (l.type() == 'A' && a != made && textAttributes.size() < Canon.MAX) {
              textAttributes.put(new TextAttribute(l.key(), l.value()), a);
            }
          }
        }
        case 'L' -> {
          checkName(l);
          if (l.key().equals("driver")) {
            driverLink = l.value().substring(l.value().lastIndexOf('/') + 1);
          } else if (!DERIVED.contains(l.key())) {
            links.add(canon.of(new DeviceSpec.LinkSpec(l.key(), l.value())));
          }
        }
        case 'N' -> {
          if (l.key() != null && !l.value().matches("[0-9A-F]*")) {
            throw error(l.line(), "node contents must be upper-case hex");
          }
          nodeName = l.key() != null ? l.key() : l.value();
        }
        case 'S' -> devlinks.add(l.value());
        default -> throw error(l.line(), "unexpected line type " + l.type());
      }
    }
    return build(r, env, attrs, links, devlinks, nodeName, driverLink, devAttr, devAttrLine);
  }

  private DeviceSpec build(Record r, Map<String, String> env, List<DeviceSpec.AttributeSpec> attrs,
      List<DeviceSpec.LinkSpec> links, List<String> devlinks, String nodeName, String driverLink,
      String devAttr, int devAttrLine) throws TreeFormatException {
    String subsystem = env.remove("SUBSYSTEM");
    if (subsystem == null || subsystem.isEmpty()) {
      throw error(r.line(), "missing SUBSYSTEM property (add an 'E: SUBSYSTEM=...' line)");
    }
    env.remove("DEVPATH");
    env.remove("ACTION");
    env.remove("SEQNUM");
    DevNum devt = devnum(r, env, devAttr, devAttrLine);
    String devname = env.remove("DEVNAME");
    if (devname != null && devname.startsWith("/dev/")) {
      devname = devname.substring(5);
    }
    if (devt != null && devname == null) {
      devname = nodeName != null ? nodeName : r.devpath().substring(r.devpath().lastIndexOf('/') + 1).replace('!', '/');
    }
    if (devname != null && (devname.isEmpty() || devname.startsWith("/") || devname.endsWith("/")
        || devname.contains("//") || hasDotComponent(devname))) {
      throw error(r.line(), "bad device node name '" + devname + "' (a path below /dev without . or ..)");
    }
    int devmode = parseInt(r, env.remove("DEVMODE"), 8, "DEVMODE");
    int devuid = parseInt(r, env.remove("DEVUID"), 10, "DEVUID");
    int devgid = parseInt(r, env.remove("DEVGID"), 10, "DEVGID");
    String devtype = env.remove("DEVTYPE");
    String driver = env.remove("DRIVER");
    if (driver != null && driverLink != null && !driver.equals(driverLink)) {
      throw error(r.line(), "E: DRIVER=" + driver + " disagrees with the driver link (" + driverLink + ")");
    }
    if (driver == null) {
      driver = driverLink;
    }
    boolean isClass = Subsystems.isClass(subsystem, r.devpath());
    if (isClass) {
      attrs.removeIf(a -> a.name().equals(DEVICE));
    }
    if (isClass && driver != null) {
      env.put("DRIVER", driver); // class devices are never bound: keep it as a udev property
      driver = null;
    }
    KernelKeys.Split split = KernelKeys.split(subsystem, env, canon);
    return new DeviceSpec(r.devpath(), subsystem, isClass, devtype, driver, devt, devt == null ? null : devname,
        devmode, devuid, devgid, split.ueventVars(), split.udevProperties(), ImmutableList.copyOf(attrs),
        ImmutableList.copyOf(links), ImmutableList.copyOf(devlinks), file + ":" + r.line());
  }

  private DevNum devnum(Record r, Map<String, String> env, String devAttr, int devAttrLine)
      throws TreeFormatException {
    String major = env.remove("MAJOR");
    String minor = env.remove("MINOR");
    DevNum fromEnv = null;
    if (major != null || minor != null) {
      if (major == null || minor == null) {
        throw error(r.line(), "MAJOR and MINOR must be given together");
      }
      try {
        fromEnv = new DevNum(Integer.parseInt(major), Integer.parseInt(minor));
      } catch (IllegalArgumentException e) {
        throw error(r.line(), "bad MAJOR/MINOR " + major + ":" + minor);
      }
    }
    if (devAttr == null) {
      return fromEnv;
    }
    DevNum fromAttr;
    try {
      fromAttr = DevNum.parse(devAttr);
    } catch (SysfsException e) {
      throw error(devAttrLine, e.getMessage());
    }
    if (fromEnv != null && !fromEnv.equals(fromAttr)) {
      throw error(devAttrLine, "dev=" + fromAttr + " disagrees with MAJOR/MINOR " + fromEnv);
    }
    return fromAttr;
  }

  private int parseInt(Record r, String s, int radix, String what) throws TreeFormatException {
    if (s == null) {
      return 0;
    }
    try {
      return Integer.parseInt(s, radix);
    } catch (NumberFormatException e) {
      throw error(r.line(), "bad " + what + " value '" + s + "'");
    }
  }

  private void checkName(Record.Line l) throws TreeFormatException {
    String k = l.key();
    if (k.startsWith("/") || k.endsWith("/") || k.contains("//") || hasDotComponent(k)) {
      throw error(l.line(), "bad attribute name '" + k + "'");
    }
  }

  /** Whether a component of the slash-separated {@code path} is {@code .} or {@code ..}. */
  static boolean hasDotComponent(String path) {
    if (path.indexOf('.') < 0) { // most names: one quick scan
      return false;
    }
    int n = path.length();
    for (int start = 0; start <= n; ) {
      int slash = path.indexOf('/', start);
      int end = slash < 0 ? n : slash;
      int len = end - start;
      if ((len == 1 || len == 2) && path.charAt(start) == '.' && (len == 1 || path.charAt(start + 1) == '.')) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }

  private TreeFormatException error(int line, String reason) {
    return new TreeFormatException(file, line, reason);
  }
}
