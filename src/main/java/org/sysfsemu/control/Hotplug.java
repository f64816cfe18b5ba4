package org.sysfsemu.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sysfsemu.EmulatedKernel;
import org.sysfsemu.driver.Device;
import org.sysfsemu.driver.DeviceSpec;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.MessageText;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.loader.TreeFormatException;
import org.sysfsemu.loader.TreeLoader;
import org.sysfsemu.udevdb.UdevDatabase;

/**
 * Hotplug at runtime: plug and unplug devices or whole scenarios, rename, change, set attributes,
 * settle. The one service behind the control files, the CLI and the Java API; every failure is a
 * {@link SysfsException} with a one-line message, and leaves the tree, /dev and SEQNUM as they
 * were.
 */
public final class Hotplug {
  /** Where the built-in scenarios live in the jar. */
  static final String SCENARIOS = "/org/sysfsemu/scenarios/";

  /** The largest record file read (the default tree is about 100 KB). */
  static final long MAX_FILE_BYTES = 16 << 20;

  /** The longest pause between the devices of a plug. */
  public static final Duration MAX_DELAY = Duration.ofSeconds(10);

  private final EmulatedKernel kernel;

  public Hotplug(EmulatedKernel kernel) {
    this.kernel = kernel;
  }

  /** Adds the devices of {@code records} (record format), all or nothing, with events. */
  public List<Device> add(String source, String records, Duration delay) throws SysfsException {
    return addAll(source, parse(source, records), delay);
  }

  private List<Device> addAll(String source, List<DeviceSpec> specs, Duration delay) throws SysfsException {
    if (specs.isEmpty()) {
      throw new SysfsException(Errno.EINVAL, source + ": no devices");
    }
    return kernel.core().deviceAddAll(specs, true, delay);
  }

  /** Removes the device at {@code devpath} and everything below it, with events. */
  public void remove(String devpath) throws SysfsException {
    kernel.core().hotplugLockedRun(() -> kernel.core().deviceDel(device(devpath), true));
  }

  /** Plugs a built-in scenario ({@code usb-stick}) or a record file (a path with a '/'). */
  public List<Device> plug(String nameOrFile, Duration delay) throws SysfsException {
    checkName(nameOrFile, "NAME|FILE");
    if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
      throw new SysfsException(Errno.EINVAL, "delay must be between 0 and " + MAX_DELAY.toMillis() + " ms");
    }
    String source = nameOrFile.contains("/") ? nameOrFile : nameOrFile + ".umockdev";
    List<DeviceSpec> specs = parse(source, scenario(nameOrFile));
    return kernel.core().hotplugLocked(() -> {
      for (String root : roots(specs)) {
        if (kernel.core().device(root) != null) {
          throw new SysfsException(Errno.EEXIST, nameOrFile + " is already plugged (" + root + "); unplug it first");
        }
      }
      return addAll(source, specs, delay);
    });
  }

  /** Unplugs a scenario (its top devices, children first) or the device at a devpath. */
  public void unplug(String nameOrDevpath) throws SysfsException {
    checkName(nameOrDevpath, "NAME|FILE|DEVPATH");
    if (nameOrDevpath.startsWith("/devices/") || nameOrDevpath.startsWith("/sys/")) {
      remove(nameOrDevpath);
      return;
    }
    List<String> roots = roots(parse(nameOrDevpath, scenario(nameOrDevpath)));
    kernel.core().hotplugLockedRun(() -> { // looked up and removed in one step
      List<Device> present = new ArrayList<>();
      for (String root : roots) {
        Device d = kernel.core().device(root);
        if (d != null) {
          present.add(d);
        }
      }
      if (present.isEmpty()) {
        throw new SysfsException(Errno.ENODEV, nameOrDevpath + " is not plugged");
      }
      for (int i = present.size() - 1; i >= 0; i--) {
        kernel.core().deviceDel(present.get(i), true);
      }
    });
  }

  /** Sets attribute {@code name} of a device to {@code value} as its driver would. */
  public void set(String devpath, String name, byte[] value) throws SysfsException {
    kernel.core().setAttribute(device(devpath), name, value);
  }

  /** Sends {@code change} for a device with extra {@code KEY=VALUE} keys. */
  public void change(String devpath, List<String> env) throws SysfsException {
    kernel.core().hotplugLockedRun(() -> kernel.core().change(device(devpath), env));
  }

  /** Renames a device ({@code move} event with DEVPATH_OLD). */
  public void rename(String devpath, String newName) throws SysfsException {
    kernel.core().hotplugLockedRun(() -> kernel.core().rename(device(devpath), newName));
  }

  /** Binds a bus device to a driver of its bus (which must exist). */
  public void bind(String devpath, String driver) throws SysfsException {
    kernel.core().hotplugLockedRun(() -> kernel.core().bind(device(devpath), driver, true));
  }

  /** Releases a device's driver. */
  public void unbind(String devpath) throws SysfsException {
    kernel.core().hotplugLockedRun(() -> kernel.core().unbind(device(devpath), true));
  }

  /**
   * Waits until every helper started so far has exited (events are delivered synchronously, so
   * they are already queued for every reader); false if {@code timeout} passed first.
   */
  public boolean settle(Duration timeout) throws InterruptedException {
    return kernel.helper().awaitIdle(timeout);
  }

  /** What udev knows of every device, in the udev database format (see {@link UdevDatabase}). */
  public String udevDatabase() {
    return UdevDatabase.export(kernel.core().devices());
  }

  /** The names of the built-in scenarios. */
  public static List<String> scenarioNames() {
    return List.of("usb-stick", "usb-keyboard", "net-interface");
  }

  private Device device(String devpath) throws SysfsException {
    checkName(devpath, "DEVPATH");
    String p = devpath.startsWith("/sys/") ? devpath.substring(4) : devpath;
    Device d = kernel.core().device(p);
    if (d == null) {
      throw new SysfsException(Errno.ENODEV, "no device at " + devpath);
    }
    return d;
  }

  /** The records of a built-in scenario or of a file. */
  public static String scenario(String nameOrFile) throws SysfsException {
    if (nameOrFile.contains("/")) {
      try {
        Path file = Paths.get(nameOrFile);
        if (Files.exists(file) && !Files.isRegularFile(file)) {
          throw new SysfsException(Errno.EINVAL, nameOrFile + ": not a regular file");
        }
        return TreeLoader.read(file, MAX_FILE_BYTES);
      } catch (IOException e) {
        throw new SysfsException(Errno.ENOENT, nameOrFile + ": cannot read: " + MessageText.escape(String.valueOf(e.getMessage())));
      }
    }
    try (InputStream in = Hotplug.class.getResourceAsStream(SCENARIOS + nameOrFile + ".umockdev")) {
      if (in == null) {
        throw new SysfsException(Errno.ENOENT, "no scenario '" + nameOrFile + "' (built in: "
            + String.join(", ", scenarioNames()) + "; or give a file path)");
      }
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new SysfsException(Errno.EIO, nameOrFile + ": " + e.getMessage());
    }
  }

  /**
   * EINVAL for an empty name or one with a NUL or another control byte: no device, scenario or
   * file is called so, and such bytes would reach terminals through messages.
   */
  private static void checkName(String name, String what) throws SysfsException {
    if (name.isEmpty()) {
      throw new SysfsException(Errno.EINVAL, "usage: " + what + " (got an empty name)");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new SysfsException(Errno.EINVAL, "a name may not hold control bytes: " + MessageText.escape(name));
      }
    }
  }

  /** Parses records; a malformed one is EINVAL with its file, line and reason. */
  private static List<DeviceSpec> parse(String source, String records) throws SysfsException {
    try {
      return TreeLoader.parse(source, records);
    } catch (TreeFormatException e) {
      throw new SysfsException(Errno.EINVAL, e.getMessage());
    }
  }

  /** The devpaths of a scenario's top devices: those whose parent is not in the scenario. */
  static List<String> roots(List<DeviceSpec> specs) {
    Set<String> all = new HashSet<>();
    specs.forEach(s -> all.add(s.devpath()));
    List<String> roots = new ArrayList<>();
    for (DeviceSpec s : specs) {
      boolean covered = false;
      for (String p = s.parentPath(); p.length() > "/devices".length(); p = p.substring(0, p.lastIndexOf('/'))) {
        if (all.contains(p)) {
          covered = true;
          break;
        }
      }
      if (!covered) {
        roots.add(s.devpath());
      }
    }
    return roots;
  }
}
