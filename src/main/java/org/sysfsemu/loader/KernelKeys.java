package org.sysfsemu.loader;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which {@code E:} keys of a recording are kernel uevent keys, and in which order the kernel
 * emits them. A recording's {@code E:} lines are sorted, so the order comes from here: the bus,
 * class and type uevent callbacks of drivers/ (pci_uevent, usb_uevent + usb_dev_uevent /
 * usb_if_uevent, input_dev_uevent, serio_uevent, hid_uevent, net's netdev_uevent, block's
 * disk/part uevents, ...). Keys not listed for the subsystem are udev properties.
 */
final class KernelKeys {
  /** Per subsystem: the keys its bus/class/type callbacks add, in their order. */
  private static final ImmutableMap<String, ImmutableList<String>> ORDER =
      ImmutableMap.<String, ImmutableList<String>>builder()
          .put("pci", ImmutableList.of("PCI_CLASS", "PCI_ID", "PCI_SUBSYS_ID", "PCI_SLOT_NAME", "MODALIAS"))
          .put("usb", ImmutableList.of("PRODUCT", "TYPE", "BUSNUM", "DEVNUM", "INTERFACE", "MODALIAS"))
          .put("input", ImmutableList.of("PRODUCT", "NAME", "PHYS", "UNIQ", "PROP", "EV", "KEY", "REL",
              "ABS", "MSC", "LED", "SND", "FF", "SW", "MODALIAS"))
          .put("serio", ImmutableList.of("SERIO_TYPE", "SERIO_PROTO", "SERIO_ID", "SERIO_EXTRA", "MODALIAS",
              "SERIO_FIRMWARE_ID"))
          .put("hid", ImmutableList.of("HID_ID", "HID_NAME", "HID_PHYS", "HID_UNIQ", "MODALIAS"))
          .put("net", ImmutableList.of("INTERFACE", "IFINDEX"))
          .put("block", ImmutableList.of("DISKSEQ", "PARTN", "PARTNAME", "PARTUUID"))
          .put("mmc", ImmutableList.of("MMC_TYPE", "MMC_NAME", "MODALIAS"))
          .put("sdio", ImmutableList.of("SDIO_CLASS", "SDIO_ID", "SDIO_REVISION", "MODALIAS"))
          .put("scsi", ImmutableList.of("MODALIAS"))
          .put("platform", ImmutableList.of("MODALIAS"))
          .put("virtio", ImmutableList.of("MODALIAS"))
          .put("cpu", ImmutableList.of("MODALIAS"))
          .put("acpi", ImmutableList.of("MODALIAS"))
          .put("spi", ImmutableList.of("MODALIAS"))
          .put("i2c", ImmutableList.of("MODALIAS"))
          .put("serial", ImmutableList.of("MODALIAS"))
          .put("amba", ImmutableList.of("MODALIAS"))
          .put("wmi", ImmutableList.of("MODALIAS"))
          .put("thunderbolt", ImmutableList.of("USB4_VERSION", "DEVICE", "MODALIAS"))
          .put("typec", ImmutableList.of("SVID", "MODE", "MODALIAS"))
          .put("power_supply", ImmutableList.of("POWER_SUPPLY_NAME", "POWER_SUPPLY_TYPE"))
          .put("hidraw", ImmutableList.of())
          .put("pnp", ImmutableList.of())
          .put("serial-base", ImmutableList.of())
          .build();

  /** Every key any listed callback adds, for subsystems not in the table. */
  private static final ImmutableSet<String> ALL_KNOWN;

  static {
    ImmutableSet.Builder<String> b = ImmutableSet.builder();
    ORDER.values().forEach(b::addAll);
    ALL_KNOWN = b.build();
  }

  private KernelKeys() {}

  /** The result of splitting a record's {@code E:} lines. */
  record Split(ImmutableList<String> ueventVars, ImmutableMap<String, String> udevProperties) {}

  /**
   * Splits {@code env} (core keys already taken out) into kernel variables, in the kernel's
   * order, and udev properties: the {@code OF_*} keys first, then the subsystem's keys in its
   * order, then its other kernel keys (a prefixed family, or every known key for a subsystem not
   * listed) in the record's order.
   */
  static Split split(String subsystem, Map<String, String> env, Canon canon) {
    ImmutableList<String> order = ORDER.get(subsystem);
    String[] inOrder = order == null || order.isEmpty() ? null : new String[order.size()];
    List<String> vars = new ArrayList<>(env.size());
    List<String> others = null;
    ImmutableMap.Builder<String, String> udev = ImmutableMap.builderWithExpectedSize(env.size());
    for (Map.Entry<String, String> e : env.entrySet()) {
      String k = e.getKey();
      if (isOfKey(k)) {
        vars.add(canon.join(k, e.getValue()));
        continue;
      }
      int at = inOrder == null ? -1 : order.indexOf(k);
      if (at >= 0) {
        inOrder[at] = canon.join(k, kernelValue(subsystem, k, e.getValue()));
      } else if (order != null ? isPrefixed(subsystem, k) : ALL_KNOWN.contains(k)) {
        if (others == null) {
          others = new ArrayList<>();
        }
        others.add(canon.join(k, kernelValue(subsystem, k, e.getValue())));
      } else {
        udev.put(k, e.getValue());
      }
    }
    if (inOrder != null) {
      for (String v : inOrder) {
        if (v != null) {
          vars.add(v);
        }
      }
    }
    if (others != null) {
      vars.addAll(others);
    }
    return new Split(canon.of(ImmutableList.copyOf(vars)), canon.of(udev.buildOrThrow()));
  }

  /**
   * The value as the kernel sends it. The cpu bus prints MODALIAS with a trailing newline
   * (print_cpu_modalias), which udev, and so every recording, cuts off.
   */
  private static String kernelValue(String subsystem, String key, String value) {
    if (subsystem.equals("cpu") && key.equals("MODALIAS") && !value.endsWith("\n")) {
      return value + "\n";
    }
    return value;
  }

  private static boolean isOfKey(String k) {
    return k.startsWith("OF_");
  }

  /** Families of keys named by a prefix: {@code POWER_SUPPLY_*}, {@code SDIO_INFO*}. */
  private static boolean isPrefixed(String subsystem, String k) {
    return (subsystem.equals("power_supply") && k.startsWith("POWER_SUPPLY_"))
        || (subsystem.equals("sdio") && k.startsWith("SDIO_INFO"));
  }
}
