package org.sysfsemu.driver;

/**
 * The size {@code stat()} reports for a recorded binary attribute: the size its {@code struct
 * bin_attribute} declares. A USB device's {@code descriptors} declares room for the device
 * descriptor and the largest configuration ({@code 18 + 65535}, drivers/usb/core/sysfs.c); PCI
 * {@code config} declares the configuration space (256, or 4096 for PCI Express), which a
 * recording holds whole; any other recorded binary attribute is as long as its recorded bytes.
 */
final class BinarySizes {
  static final long USB_DESCRIPTORS = 18 + 65535;

  private BinarySizes() {}

  static long declared(String name, int recordedLength) {
    return name.equals("descriptors") ? USB_DESCRIPTORS : recordedLength;
  }
}
