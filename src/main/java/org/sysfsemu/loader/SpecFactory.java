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
   * The spec each repeated {@code A:} line made, by its name, then its escaped value (pooled
   * strings): the same line on the next device costs two lookups and no allocation instead of
   * decoding, checking and pooling again.
   */
  private final Map<String, Map<String, DeviceSpec.AttributeSpec>> textAttributes = new HashMap<>();
  private int textAttributeCount;

  // one record's parts, filled again for each record (the spec copies what it keeps)
  private final Map<String, String> env = new LinkedHashMap<>(32); // E: lines, rarely more than 24
  private final List<DeviceSpec.AttributeSpec> attrs = new ArrayList<>();
  private final List<DeviceSpec.LinkSpec> links = new ArrayList<>();
  private final List<String> devlinks = new ArrayList<>();

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
    env.clear();
    attrs.clear();
    links.clear();
    devlinks.clear();
    String nodeName = null;
    String driverLink = null;
    String devAttr = null;
    int devAttrLine = 0;
    for (int i = 0; i < r.size(); i++) {
      char type = r.type(i);
      String key = r.key(i);
      String val = r.value(i);
      int line = r.lineNumber(i);
      switch (type) {
        case 'E' -> {
          if (key.equals("SUBSYSTEM") && env.containsKey(key)) {
            throw error(line, "duplicate SUBSYSTEM property");
          }
          env.put(key, val);
        }
        case 'A', 'H' -> {
          DeviceSpec.AttributeSpec known = type == 'A' ? knownText(key, val) : null;
          if (known != null) { // a name and value met before: checked and made then
            attrs.add(known);
            continue;
          }
          byte[] value = type == 'A' ? canon.bytes(val, Escapes::compress) : Escapes.unhex(val);
          if (value == null) {
            throw error(line, "malformed hexadecimal value for " + key);
          }
          checkName(key, line);
          if (key.equals("dev")) {
            devAttr = new String(value, StandardCharsets.ISO_8859_1);
            devAttrLine = line;
          } else if (!DERIVED.contains(key) || key.equals(DEVICE)) {
            DeviceSpec.AttributeSpec made = new DeviceSpec.AttributeSpec(key, value, type == 'H',
                WritableAttributes.isWritable(key));
            DeviceSpec.AttributeSpec a = canon.of(made);
            attrs.add(a);
            // kept from its second time on: a value met once (a serial number) is not kept
            if (type == 'A' && a != made && textAttributeCount < Canon.MAX
                && textAttributes.computeIfAbsent(key, k -> new HashMap<>()).put(val, a) == null) {
              textAttributeCount++;
            }
          }
        }
        case 'L' -> {
          checkName(key, line);
          if (key.equals("driver")) {
            driverLink = val.substring(val.lastIndexOf('/') + 1);
          } else if (!DERIVED.contains(key)) {
            links.add(canon.of(new DeviceSpec.LinkSpec(key, val)));
          }
        }
        case 'N' -> {
          if (key != null && !val.matches("[0-9A-F]*")) {
            throw error(line, "node contents must be upper-case hex");
          }
          nodeName = key != null ? key : val;
        }
        case 'S' -> devlinks.add(val);
        default -> throw error(line, "unexpected line type " + type);
      }
    }
    return build(r, env, attrs, links, devlinks, nodeName, driverLink, devAttr, devAttrLine);
  }

  /** The spec made before for the {@code A:} line {@code name=value}, or null. */
  private DeviceSpec.AttributeSpec knownText(String name, String value) {
    Map<String, DeviceSpec.AttributeSpec> byValue = textAttributes.get(name);
    return byValue == null ? null : byValue.get(value);
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
        devmode, devuid, devgid, split.ueventVars(), split.udevProperties(), canon.of(ImmutableList.copyOf(attrs)),
        canon.of(ImmutableList.copyOf(links)), ImmutableList.copyOf(devlinks), file, r.line());
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

  private void checkName(String k, int line) throws TreeFormatException {
    if (k.startsWith("/") || k.endsWith("/") || k.contains("//") || hasDotComponent(k)) {
      throw error(line, "bad attribute name '" + k + "'");
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
