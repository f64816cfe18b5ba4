package org.sysfsemu.udevdb;

import org.sysfsemu.driver.DevNum;

/**
 * The name udev files a device under in its database and tag index ({@code
 * sd_device_get_device_id} of systemd 252): {@code b8:1} or {@code c189:1} for a device with a
 * number ({@code b} for the block subsystem, {@code c} for any other), {@code n2} for a network
 * interface (its IFINDEX), else {@code +subsystem:sysname} with the sysname as the devpath's last
 * component ({@code +usb:1-1}, {@code +pci:0000:00:14.0}; a {@code !} stays as it is).
 */
public final class DeviceId {
  private DeviceId() {}

  /**
   * The id of a device.
   *
   * @param devt its number, or null (a major of 0 counts as none)
   * @param ifindex its IFINDEX, or 0
   * @param devpath its devpath, or only the devpath's last component (the sysname)
   */
  public static String of(String subsystem, DevNum devt, int ifindex, String devpath) {
    if (devt != null && devt.major() > 0) {
      return ("block".equals(subsystem) ? "b" : "c") + devt.major() + ":" + devt.minor();
    }
    if (ifindex > 0) {
      return "n" + ifindex;
    }
    return "+" + subsystem + ":" + devpath.substring(devpath.lastIndexOf('/') + 1);
  }
}
