package org.sysfsemu.control;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.sysfsemu.devfs.DevfsTree;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/**
 * The hotplug control files, in {@code /dev/.sysfs-emu/}: kept apart from the device nodes in a
 * hidden directory, and never in /sys, where the kernel has no such files. Each takes one
 * command per line (for {@code add}: record paragraphs, run when a write ends with an empty line
 * or at close). See docs/hotplug.md.
 */
public final class ControlFiles implements AutoCloseable {
  /** The directory, relative to the /dev mount. */
  public static final String DIR = "/.sysfs-emu";

  private final CommandQueue queue = new CommandQueue();

  private ControlFiles() {}

  /**
   * Creates the directory and its files in {@code dev}; closing the result stops the thread that
   * runs their commands.
   */
  public static ControlFiles install(DevfsTree dev, Hotplug hotplug) throws SysfsException {
    ControlFiles files = new ControlFiles();
    Results results = new Results();
    CommandQueue queue = files.queue;
    dev.mkdir(DIR, 0755, 0, 0);
    dev.addControlNode(DIR + "/add", 0600, new CommandFile(
        text -> "ok: added " + hotplug.add("add", text, Duration.ZERO).size() + " devices", true, results, queue));
    dev.addControlNode(DIR + "/remove", 0600, new CommandFile(line -> {
      hotplug.remove(line);
      return "ok: removed " + line;
    }, false, results, queue));
    dev.addControlNode(DIR + "/plug", 0600, new CommandFile(line -> {
      String[] w = words(line, 1, 2, "NAME|FILE [delay=MS]");
      return "ok: plugged " + w[0] + " (" + hotplug.plug(w[0], delay(w)).size() + " devices)";
    }, false, results, queue));
    dev.addControlNode(DIR + "/unplug", 0600, new CommandFile(line -> {
      hotplug.unplug(line);
      return "ok: unplugged " + line;
    }, false, results, queue));
    dev.addControlNode(DIR + "/set", 0600, new CommandFile(line -> {
      String[] w = line.split(" ", 3);
      if (w.length < 3) {
        throw usage("DEVPATH ATTRIBUTE VALUE");
      }
      hotplug.set(w[0], w[1], (w[2] + "\n").getBytes(StandardCharsets.ISO_8859_1));
      return "ok: set " + w[1] + " of " + w[0];
    }, false, results, queue));
    dev.addControlNode(DIR + "/change", 0600, new CommandFile(line -> {
      String[] w = line.split(" +");
      hotplug.change(w[0], List.of(Arrays.copyOfRange(w, 1, w.length)));
      return "ok: change sent for " + w[0];
    }, false, results, queue));
    dev.addControlNode(DIR + "/rename", 0600, new CommandFile(line -> {
      String[] w = words(line, 2, 2, "DEVPATH NEWNAME");
      hotplug.rename(w[0], w[1]);
      return "ok: renamed " + w[0] + " to " + w[1];
    }, false, results, queue));
    dev.addControlNode(DIR + "/settle", 0444, new TextFile(
        (uid, wait) -> hotplug.settle(Duration.ofMillis(Math.max(1, wait))) ? "settled\n" : null));
    dev.addControlNode(DIR + "/status", 0444, TextFile.perUser(uid -> results.get(uid) + "\n"));
    dev.addControlNode(DIR + "/udevdb", 0444, TextFile.of(hotplug::udevDatabase));
    return files;
  }

  /** Stops the hotplug thread: waiting commands are dropped, a running one is interrupted. */
  @Override
  public void close() {
    queue.close();
  }

  private static String[] words(String line, int min, int max, String usage) throws SysfsException {
    String[] w = line.split(" +");
    if (w.length < min || w.length > max) {
      throw usage(usage);
    }
    return w;
  }

  private static Duration delay(String[] w) throws SysfsException {
    if (w.length < 2) {
      return Duration.ZERO;
    }
    if (!w[1].matches("delay=[0-9]{1,5}")) {
      throw usage("NAME|FILE [delay=MS]");
    }
    return Duration.ofMillis(Long.parseLong(w[1].substring(6)));
  }

  private static SysfsException usage(String usage) {
    return new SysfsException(Errno.EINVAL, "usage: " + usage);
  }
}
