package org.sysfsemu.udevd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.sysfsemu.driver.Device;
import org.sysfsemu.driver.DriverCore;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kobject.KObjectAction;
import org.sysfsemu.uevent.UEventEngine;

/**
 * The coldplug {@code udevadm trigger --type=devices --action=add} does, done by the emulator
 * itself: an {@code add} event for every device that has a subsystem, in udevadm's order. The
 * events are those of writing {@code add} to each {@code uevent} file (kobject_synth_uevent
 * without arguments), sent without a round trip through the mounts.
 */
public final class Coldplug {
  /**
   * The order of systemd's device enumerator (sd-device, {@code device_compare}): md and dm block
   * devices after all others, otherwise by devpath, compared component by component (so a device
   * comes right before the devices below it).
   */
  public static final Comparator<String> UDEVADM_ORDER =
      Comparator.comparing(Coldplug::isLateBlock).thenComparing(Coldplug::comparePaths);

  private Coldplug() {}

  /**
   * Sends {@code add} for every device of {@code core} with a subsystem, in {@link #UDEVADM_ORDER},
   * under the hotplug lock (no device comes or goes meanwhile). Returns the number of events sent.
   */
  public static int addAll(DriverCore core, UEventEngine engine) throws SysfsException {
    return core.hotplugLocked(() -> {
      int sent = 0;
      for (Device dev : order(core.devices())) {
        if (engine.emit(dev, KObjectAction.ADD, List.of()) != null) {
          sent++;
        }
      }
      return sent;
    });
  }

  /** The devices udevadm would trigger, in its order. */
  public static List<Device> order(List<Device> devices) {
    List<Keyed> keyed = new ArrayList<>();
    for (Device d : devices) {
      if (d.hasSubsystem()) {
        keyed.add(new Keyed(d.devpath(), d)); // a devpath is a walk up the parents: once each
      }
    }
    keyed.sort(Comparator.comparing(Keyed::devpath, UDEVADM_ORDER));
    return keyed.stream().map(Keyed::device).toList();
  }

  private record Keyed(String devpath, Device device) {}

  private static boolean isLateBlock(String devpath) {
    return devpath.contains("/block/md") || devpath.contains("/block/dm-");
  }

  /** systemd's {@code path_compare} for clean absolute paths: component by component. */
  static int comparePaths(String a, String b) {
    int i = 0;
    int j = 0;
    while (true) {
      while (i < a.length() && a.charAt(i) == '/') {
        i++;
      }
      while (j < b.length() && b.charAt(j) == '/') {
        j++;
      }
      if (i >= a.length() || j >= b.length()) {
        return Boolean.compare(i < a.length(), j < b.length());
      }
      int ea = a.indexOf('/', i);
      int eb = b.indexOf('/', j);
      ea = ea < 0 ? a.length() : ea;
      eb = eb < 0 ? b.length() : eb;
      int c = a.substring(i, ea).compareTo(b.substring(j, eb));
      if (c != 0) {
        return c;
      }
      i = ea;
      j = eb;
    }
  }
}
