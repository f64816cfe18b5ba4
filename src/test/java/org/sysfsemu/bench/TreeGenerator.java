package org.sysfsemu.bench;

/**
 * Generates large trees in the record format: USB sticks behind PCI controllers, each a usb
 * device, an interface, a SCSI disk and a partition, 15 attributes per device.
 */
public final class TreeGenerator {
  private TreeGenerator() {}

  /** Writes a tree of about {@code args[0]} devices to standard output (for scripts/bench-compare). */
  public static void main(String[] args) {
    System.out.print(generate(Integer.parseInt(args[0])));
  }

  /** About {@code devices} devices (a multiple of 4), in one string. */
  public static String generate(int devices) {
    StringBuilder sb = new StringBuilder(devices * 700);
    int sticks = devices / 4;
    for (int i = 0; i < sticks; i++) {
      int bus = i / 100 + 1;
      int port = i % 100 + 1;
      String pci = String.format("/devices/pci0000:00/0000:%02x:%02x.0", (i / 100) / 32, (i / 100) % 32);
      String usb = pci + "/usb" + bus + "/" + bus + "-" + port;
      String intf = usb + "/" + bus + "-" + port + ":1.0";
      String disk = intf + "/host" + i + "/target" + i + ":0:0/" + i + ":0:0:0/block/sd" + i;
      int minor = (i * 16) % (1 << 20);
      sb.append("P: ").append(usb).append('\n')
          .append("N: bus/usb/").append(String.format("%03d/%03d", bus % 1000, port)).append('\n')
          .append("E: SUBSYSTEM=usb\nE: DEVTYPE=usb_device\nE: DRIVER=usb\n")
          .append("E: MAJOR=189\nE: MINOR=").append(i).append('\n')
          .append("E: DEVNAME=/dev/bus/usb/").append(String.format("%03d/%03d", bus % 1000, port)).append('\n')
          .append("E: PRODUCT=781/5567/100\nE: TYPE=0/0/0\nE: BUSNUM=").append(String.format("%03d", bus % 1000))
          .append("\nE: DEVNUM=").append(String.format("%03d", port)).append('\n')
          .append("E: ID_VENDOR=SanDisk\nE: ID_MODEL=Cruzer_Blade\nE: ID_SERIAL=SanDisk_Cruzer_").append(i).append('\n');
      attrs(sb, "idVendor=0781", "idProduct=5567", "bcdDevice=0100", "manufacturer=SanDisk", "product=Cruzer Blade",
          "serial=4C53000" + i, "speed=480", "busnum=" + bus, "devnum=" + port, "maxchild=0", "power/control=auto",
          "bDeviceClass=00", "bNumConfigurations=1", "version= 2.00", "removable=removable");
      sb.append("\nP: ").append(intf).append('\n')
          .append("E: SUBSYSTEM=usb\nE: DEVTYPE=usb_interface\nE: DRIVER=usb-storage\n")
          .append("E: PRODUCT=781/5567/100\nE: TYPE=0/0/0\nE: INTERFACE=8/6/80\n")
          .append("E: MODALIAS=usb:v0781p5567d0100dc00dsc00dp00ic08isc06ip50in00\n");
      attrs(sb, "bInterfaceClass=08", "bInterfaceSubClass=06", "bInterfaceProtocol=50", "bNumEndpoints=02",
          "bInterfaceNumber=00", "bAlternateSetting= 0", "modalias=usb:v0781p5567d0100dc00dsc00dp00ic08isc06ip50in00",
          "supports_autosuspend=1", "authorized=1", "power/control=auto", "interface=Mass Storage",
          "power/runtime_status=active", "power/async=enabled", "power/wakeup=disabled", "uevent_extra=0");
      sb.append("\nP: ").append(disk).append('\n')
          .append("N: sd").append(i).append('\n')
          .append("E: SUBSYSTEM=block\nE: DEVTYPE=disk\nE: MAJOR=259\nE: MINOR=").append(minor).append('\n')
          .append("E: DEVNAME=/dev/sd").append(i).append("\nE: DISKSEQ=").append(i + 10).append('\n')
          .append("E: ID_BUS=usb\nE: ID_TYPE=disk\nE: TAGS=:systemd:\n");
      attrs(sb, "dev=259:" + minor, "size=31260672", "ro=0", "removable=1", "range=16", "ext_range=256",
          "alignment_offset=0", "discard_alignment=0", "capability=1", "hidden=0", "queue/rotational=1",
          "queue/logical_block_size=512", "queue/scheduler=[mq-deadline] none", "events=media_change",
          "events_poll_msecs=-1");
      sb.append("\nP: ").append(disk).append("/sd").append(i).append("p1\n")
          .append("N: sd").append(i).append("p1\n")
          .append("E: SUBSYSTEM=block\nE: DEVTYPE=partition\nE: MAJOR=259\nE: MINOR=").append(minor + 1).append('\n')
          .append("E: DEVNAME=/dev/sd").append(i).append("p1\nE: PARTN=1\nE: ID_FS_TYPE=vfat\n");
      attrs(sb, "dev=259:" + (minor + 1), "partition=1", "start=2048", "size=31258624", "ro=0",
          "alignment_offset=0", "discard_alignment=0", "inflight=       0        0", "stat=0 0 0 0",
          "power/control=auto", "power/runtime_status=unsupported", "holders_count=0", "partscan=0", "uuid=0",
          "whole_disk=0");
      sb.append('\n');
    }
    return sb.toString();
  }

  private static void attrs(StringBuilder sb, String... kv) {
    for (String a : kv) {
      sb.append("A: ").append(a).append("\\n\n");
    }
  }
}
