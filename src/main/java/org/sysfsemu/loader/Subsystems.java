package org.sysfsemu.loader;

import com.google.common.collect.ImmutableSet;

/**
 * Whether a subsystem is a bus or a class. A recording does not say (umockdev-record skips the
 * {@code subsystem} link), so known names decide, and for unknown ones the placement does: a
 * device directly in {@code /devices/virtual/<subsystem>/} or in a directory named after its
 * subsystem sits in a class glue directory, so it is a class device; devices under {@code
 * /devices/system/} and anything unknown elsewhere are on a bus. (The bus root {@code
 * /devices/platform} is named like its bus, so known names come before placement.)
 */
final class Subsystems {
  private static final ImmutableSet<String> BUSES =
      ImmutableSet.of("pci", "usb", "platform", "virtio", "pnp", "serio", "hid", "spi", "i2c", "scsi",
          "cpu", "acpi", "serial-base", "serial", "memory", "node", "container", "workqueue", "memory_tiering",
          "mdio_bus", "gpio", "sdio", "mmc", "thunderbolt", "typec", "nvmem", "event_source",
          "clockevents", "clocksource", "machinecheck", "xen", "hdaudio", "ac97", "media", "mei",
          "wmi", "amba", "usb-serial", "pci_express", "edac", "nd", "soundwire", "auxiliary", "cxl",
          "iio", "w1", "nvme-subsystem", "snd_seq", "virtio-pci", "vmbus", "i3c", "mipi-dsi", "hsi");

  private static final ImmutableSet<String> CLASSES =
      ImmutableSet.of("block", "net", "tty", "input", "mem", "misc", "hidraw", "sound", "drm",
          "spi_master", "spidev", "usbmisc", "bdi", "vc", "graphics", "power_supply", "rtc", "leds",
          "backlight", "thermal", "hwmon", "dmi", "scsi_host", "scsi_device", "scsi_disk",
          "scsi_generic", "bsg", "nvme", "ptp", "watchdog", "video4linux", "usb_device", "udc",
          "typec", "firmware", "dma_heap", "i2c-dev", "i2c-adapter", "pps", "wakeup", "tpm",
          "tpmrm", "mtd", "ubi", "net_queues", "iommu", "devlink", "dax", "cpuid", "msr", "vfio",
          "raw", "printer", "lirc", "rc", "regulator", "extcon", "devfreq", "remoteproc", "gpio",
          "cros_ec", "chromeos", "hid_device", "fpga_manager", "mdio_bus", "ieee80211", "bluetooth",
          "usb_role", "typec_mux", "pwm", "tee", "accel", "intel_scu_ipc", "dvb", "media");

  private Subsystems() {}

  /** Decides bus or class for a device at {@code devpath} with {@code subsystem}. */
  static boolean isClass(String subsystem, String devpath) {
    String parentPath = devpath.substring(0, devpath.lastIndexOf('/'));
    String parentName = parentPath.substring(parentPath.lastIndexOf('/') + 1);
    if (parentPath.startsWith("/devices/system/")) {
      return false; // subsystem root devices: /devices/system/cpu/cpu0
    }
    boolean bus = BUSES.contains(subsystem);
    boolean cls = CLASSES.contains(subsystem);
    if (bus != cls) {
      return cls;
    }
    return parentName.equals(subsystem) || parentPath.equals("/devices/virtual/" + subsystem);
  }
}
