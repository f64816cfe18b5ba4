package org.sysfsemu.driver;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What the drivers the emulation models do in {@code probe()} and {@code remove()} beyond the
 * driver core's links, and the order in which {@code device_del()} takes a subtree away.
 *
 * <p>A modelled driver's {@code remove()} takes away the devices its {@code probe()} made (the
 * usb-storage SCSI host and all below it, the usbhid HID device, sd's scsi_disk and disk); a later
 * {@code bind} runs the probe again and adds them back, as re-probing the same hardware finds the
 * same devices. Any other driver's unbind only removes the links.
 *
 * <p>Removal order follows the kernel's: a device's own children go before it, the latest made
 * first, except where a subsystem or driver removes its devices in a fixed order: the SCSI
 * midlayer removes a SCSI device's bsg, sg and scsi_device before {@code device_del()} of the
 * device ({@code __scsi_remove_device}), sd's {@code sd_remove()} removes the scsi_disk, then
 * the disk with its partitions, and hid-generic's {@code hid_disconnect()} the input devices, then
 * hidraw.
 */
final class DriverModels {
  /** Per modelled driver: which children of a bound device its probe makes. */
  private static final ImmutableMap<String, Predicate<Device>> PROBE_MAKES =
      ImmutableMap.of(
          "usb-storage", child -> true,
          "usbhid", child -> true,
          "hid-generic", child -> true,
          "e1000", child -> true,
          "r8152", child -> true,
          "sd", child -> child.devClass() != null
              && (child.subsystem().equals("scsi_disk") || child.subsystem().equals(DeviceClass.BLOCK)));

  /**
   * Drivers whose remove() takes their devices away in the order probe() made them: sd_remove()
   * (scsi_disk, then the disk), hid_disconnect() (input devices, then hidraw).
   */
  private static final ImmutableSet<String> REMOVE_IN_PROBE_ORDER = ImmutableSet.of("sd", "hid-generic");

  /** The SCSI midlayer's class devices of a SCSI device, in the order it removes them first. */
  private static final ImmutableList<String> SCSI_FIRST = ImmutableList.of("bsg", "scsi_generic", "scsi_device");

  /** The devices each unbound device's remove() took away, to be made again by its next probe. */
  private final Map<Device, Removed> removedByUnbind = new ConcurrentHashMap<>();

  /** What {@code driver}'s remove() took away from a device: only that driver's probe finds it again. */
  private record Removed(String driver, ImmutableList<DeviceSpec> specs) {}

  /** Whether {@code driver}'s probe and remove effects are modelled. */
  static boolean isModelled(String driver) {
    return PROBE_MAKES.containsKey(driver);
  }

  /**
   * The whole subtree of {@code dev} in {@code device_del()} order, ending with {@code dev};
   * {@code subtree} holds its devices (in any order). Linear in the subtree's size.
   */
  List<Device> removalOrder(Device dev, Collection<Device> subtree) {
    List<Device> out = new ArrayList<>();
    addRemovalOrder(dev, childrenOf(subtree), out);
    return out;
  }

  /**
   * What {@code dev}'s driver's remove() takes away, in removal order (not {@code dev}); empty for
   * an unmodelled driver. {@code subtree} holds the devices below {@code dev}. Their specs are
   * kept for the next probe of {@code dev} by the same driver.
   */
  List<Device> unbindEffects(Device dev, Collection<Device> subtree) {
    Driver drv = dev.driver();
    Predicate<Device> made = drv == null ? null : PROBE_MAKES.get(drv.driverName());
    if (made == null) {
      return List.of();
    }
    Map<Device, List<Device>> children = childrenOf(subtree);
    List<Device> out = new ArrayList<>();
    for (Device c : childrenInRemovalOrder(dev, children)) {
      if (made.test(c)) {
        addRemovalOrder(c, children, out);
      }
    }
    List<Device> byCreation = new ArrayList<>(out);
    byCreation.sort(Comparator.comparingLong(Device::created));
    ImmutableList.Builder<DeviceSpec> specs = ImmutableList.builder();
    for (Device d : byCreation) {
      if (d.spec().subsystem() != null) { // implicit parents come back by themselves
        specs.add(d.spec());
      }
    }
    if (!out.isEmpty()) {
      removedByUnbind.put(dev, new Removed(drv.driverName(), specs.build()));
    }
    return out;
  }

  /** What a probe of {@code dev} by {@code driver} makes again (parents first); empty if nothing. */
  ImmutableList<DeviceSpec> probeEffects(Device dev, String driver) {
    if (!isModelled(driver)) {
      return ImmutableList.of();
    }
    Removed r = removedByUnbind.get(dev);
    if (r == null || !r.driver().equals(driver)) {
      return ImmutableList.of();
    }
    removedByUnbind.remove(dev);
    return r.specs();
  }

  /** Keeps {@code specs} again for the next probe of {@code dev} by {@code driver} (this one failed). */
  void keepForProbe(Device dev, String driver, List<DeviceSpec> specs) {
    removedByUnbind.put(dev, new Removed(driver, ImmutableList.copyOf(specs)));
  }

  /** Forgets what {@code dev}'s remove() took away (the device itself is gone). */
  void forget(Device dev) {
    removedByUnbind.remove(dev);
  }

  private static void addRemovalOrder(Device dev, Map<Device, List<Device>> children, List<Device> out) {
    for (Device c : childrenInRemovalOrder(dev, children)) {
      addRemovalOrder(c, children, out);
    }
    out.add(dev);
  }

  /** Each device's child devices, from a list of devices. */
  private static Map<Device, List<Device>> childrenOf(Collection<Device> devices) {
    Map<Device, List<Device>> children = new HashMap<>();
    for (Device d : devices) {
      if (d.parentDevice() != null) {
        children.computeIfAbsent(d.parentDevice(), p -> new ArrayList<>()).add(d);
      }
    }
    return children;
  }

  /** The devices whose parent device is {@code dev}, in the order the kernel removes them. */
  private static List<Device> childrenInRemovalOrder(Device dev, Map<Device, List<Device>> all) {
    List<Device> children = new ArrayList<>(all.getOrDefault(dev, List.of()));
    Driver drv = dev.driver();
    if (drv != null && REMOVE_IN_PROBE_ORDER.contains(drv.driverName())) {
      children.sort(Comparator.comparingLong(Device::created));
    } else {
      children.sort(Comparator.comparingLong(Device::created).reversed()); // the latest made goes first
    }
    if (!"scsi_device".equals(dev.devtype())) {
      return children;
    }
    List<Device> first = new ArrayList<>();
    for (String cls : SCSI_FIRST) {
      children.stream().filter(c -> c.devClass() != null && cls.equals(c.subsystem())).forEach(first::add);
    }
    children.removeAll(first);
    first.addAll(children);
    return first;
  }

}
