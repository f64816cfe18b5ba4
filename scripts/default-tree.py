#!/usr/bin/env python3
"""Writes the embedded default tree and the built-in hotplug scenarios (docs/default-tree.md).

The records are the source of truth that ships in the jar; this script keeps their many values
consistent (devnums, MODALIAS strings computed as the kernel formats them, udev properties).
Usage: scripts/default-tree.py src/main/resources/org/sysfsemu
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from tree_records import XHCI, PWR, keyboard_input, pci, plain, stick, tablet_input, usbdev, usbif  # noqa: E402
from hw_descriptors import Bar, Endpoint, Interface, hid_descriptor, msix_cap  # noqa: E402


def default_tree():
    r = []
    r.append(pci("0000:00:00.0", 0x8086, 0x1237, 0x1af4, 0x1100, 0x060000, 0x02,
                 extra=[("ID_PCI_CLASS_FROM_DATABASE", "Bridge"), ("ID_VENDOR_FROM_DATABASE", "Intel Corporation"),
                        ("ID_MODEL_FROM_DATABASE", "440FX - 82441FX PMC [Natoma]")]))
    r.append(pci("0000:00:03.0", 0x8086, 0x100e, 0x1af4, 0x1100, 0x020000, 0x03, driver="e1000", irq=11,
                 bars=[Bar("mem32", 0xFEBC0000, 0x20000), Bar("io", 0xC000, 0x40)], rom=Bar("mem32", 0xFEB80000, 0x40000),
                 extra=[("ID_PCI_CLASS_FROM_DATABASE", "Network controller"), ("ID_VENDOR_FROM_DATABASE", "Intel Corporation"),
                        ("ID_MODEL_FROM_DATABASE", "82540EM Gigabit Ethernet Controller")]))
    r.append(plain("/devices/pci0000:00/0000:00:03.0/net/eth0", "net", E=[("INTERFACE", "eth0"), ("IFINDEX", "2")],
                   A=[("address", "52:54:00:12:34:56\\n"), ("broadcast", "ff:ff:ff:ff:ff:ff\\n"), ("addr_len", "6\\n"),
                      ("addr_assign_type", "0\\n"), ("ifindex", "2\\n"), ("iflink", "2\\n"), ("mtu", "1500\\n"),
                      ("operstate", "up\\n"), ("carrier", "1\\n"), ("dormant", "0\\n"), ("duplex", "full\\n"),
                      ("speed", "1000\\n"), ("flags", "0x1003\\n"), ("type", "1\\n"), ("tx_queue_len", "1000\\n"),
                      ("link_mode", "0\\n"), ("name_assign_type", "4\\n"), ("dev_id", "0x0\\n"), ("dev_port", "0\\n"),
                      ("ifalias", ""), ("netdev_group", "0\\n"), ("proto_down", "0\\n"), ("carrier_changes", "1\\n"),
                      ("statistics/rx_bytes", "1048576\\n"), ("statistics/rx_packets", "1024\\n"),
                      ("statistics/tx_bytes", "65536\\n"), ("statistics/tx_packets", "512\\n"),
                      ("statistics/rx_errors", "0\\n"), ("statistics/tx_errors", "0\\n")] + PWR,
                   udev=[("ID_NET_NAMING_SCHEME", "v252"), ("ID_NET_NAME_MAC", "enx525400123456"),
                         ("ID_NET_NAME_PATH", "enp0s3"), ("ID_BUS", "pci"), ("ID_VENDOR_ID", "0x8086"),
                         ("ID_MODEL_ID", "0x100e"), ("ID_PATH", "pci-0000:00:03.0"), ("ID_PATH_TAG", "pci-0000_00_03_0"),
                         ("ID_NET_DRIVER", "e1000"), ("ID_NET_LINK_FILE", "/usr/lib/systemd/network/99-default.link"),
                         ("SYSTEMD_ALIAS", "/sys/subsystem/net/devices/eth0"), ("TAGS", ":systemd:"), ("CURRENT_TAGS", ":systemd:")]))
    r.append(pci("0000:00:14.0", 0x1b36, 0x000d, 0x1af4, 0x1100, 0x0c0330, 0x01, driver="xhci_hcd", irq=10,
                 bars=[Bar("mem64", 0xFEBF0000, 0x4000)], caps=[msix_cap(0x90, 0, 16, 0x3000, 0x3800)],
                 extra=[("ID_PCI_CLASS_FROM_DATABASE", "Serial bus controller"), ("ID_PCI_SUBCLASS_FROM_DATABASE", "USB controller"),
                        ("ID_PCI_INTERFACE_FROM_DATABASE", "XHCI"), ("ID_VENDOR_FROM_DATABASE", "Red Hat, Inc."),
                        ("ID_MODEL_FROM_DATABASE", "QEMU XHCI Host Controller")]))
    for bus, pid, speed, ver, ifs in ((1, 0x0002, "480", " 2.00", ":090000:"), (2, 0x0003, "5000", " 3.00", ":090000:")):
        r.append(usbdev(XHCI + "/usb%d" % bus, bus, 1, 0x1d6b, pid, 0x0601, 9, 0, 1 if bus == 1 else 3,
                        "Linux 6.1.0-13-amd64 xhci-hcd", "xHCI Host Controller", "0000:00:14.0", speed, 4, ver, 1, 0,
                        udev=[("ID_VENDOR", "Linux_6.1.0-13-amd64_xhci-hcd"), ("ID_VENDOR_ID", "1d6b"),
                              ("ID_MODEL", "xHCI_Host_Controller"), ("ID_MODEL_ID", "%04x" % pid),
                              ("ID_SERIAL", "Linux_6.1.0-13-amd64_xhci-hcd_xHCI_Host_Controller_0000:00:14.0"),
                              ("ID_BUS", "usb"), ("ID_USB_INTERFACES", ifs), ("ID_PATH", "pci-0000:00:14.0"),
                              ("ID_VENDOR_FROM_DATABASE", "Linux Foundation"),
                              ("ID_MODEL_FROM_DATABASE", "%d.0 root hub" % (2 if bus == 1 else 3)),
                              ("TAGS", ":seat:"), ("CURRENT_TAGS", ":seat:")],
                        ifaces=[root_hub_interface(bus == 2)], attrs=0xe0, mps0=64 if bus == 1 else 9, strings=(3, 2, 1)))
        r.append(usbif(XHCI + "/usb%d/%d-0:1.0" % (bus, bus), 0x1d6b, pid, 0x0601, 9, 0, 1 if bus == 1 else 3, 9, 0, 0, 0, "hub"))
    r += stick(1, 1, 2, 0, "sda", 0, 9, "4C530001230825113112")
    r += usb_tablet()
    r.append(plain("/devices/platform/serial8250", "platform", E=[("MODALIAS", "platform:serial8250")], driver="serial8250",
                   A=[("driver_override", "(null)\\n"), ("modalias", "platform:serial8250\\n")] + PWR))
    r.append(plain("/devices/platform/serial8250/tty/ttyS0", "tty", N="ttyS0", E=[("MAJOR", "4"), ("MINOR", "64")],
                   A=[("dev", "4:64\\n"), ("type", "4\\n"), ("line", "0\\n"), ("port", "0x3F8\\n"), ("irq", "4\\n"),
                      ("flags", "0x10000040\\n"), ("xmit_fifo_size", "16\\n"), ("uartclk", "1843200\\n"),
                      ("baud_base", "115200\\n"), ("close_delay", "50\\n"), ("closing_wait", "3000\\n"),
                      ("custom_divisor", "0\\n"), ("io_type", "0\\n"), ("iomem_base", "0x0\\n"), ("iomem_reg_shift", "0\\n"),
                      ("console", "N\\n")] + PWR,
                   udev=[("ID_PATH", "platform-serial8250"), ("ID_PATH_TAG", "platform-serial8250"),
                         ("TAGS", ":systemd:"), ("CURRENT_TAGS", ":systemd:")]))
    for name, minor in (("null", 3), ("zero", 5), ("random", 8), ("urandom", 9)):
        r.append(plain("/devices/virtual/mem/" + name, "mem", N=name, E=[("MAJOR", "1"), ("MINOR", str(minor)), ("DEVMODE", "0666")],
                       A=[("dev", "1:%d\\n" % minor)] + PWR))
    r.append(plain("/devices/virtual/net/lo", "net", E=[("INTERFACE", "lo"), ("IFINDEX", "1")],
                   A=[("address", "00:00:00:00:00:00\\n"), ("broadcast", "00:00:00:00:00:00\\n"), ("addr_len", "6\\n"),
                      ("ifindex", "1\\n"), ("iflink", "1\\n"), ("mtu", "65536\\n"), ("operstate", "unknown\\n"),
                      ("carrier", "1\\n"), ("flags", "0x9\\n"), ("type", "772\\n"), ("tx_queue_len", "1000\\n"),
                      ("link_mode", "0\\n"), ("name_assign_type", "unknown\\n"), ("ifalias", "")] + PWR,
                   udev=[("ID_NET_LINK_FILE", "/usr/lib/systemd/network/99-default.link"), ("TAGS", ":systemd:"),
                         ("CURRENT_TAGS", ":systemd:")]))
    r.append(plain("/devices/platform/i8042", "platform", E=[("MODALIAS", "platform:i8042")], driver="i8042",
                   A=[("driver_override", "(null)\\n"), ("modalias", "platform:i8042\\n")] + PWR))
    r.append(plain("/devices/platform/i8042/serio0", "serio",
                   E=[("SERIO_TYPE", "06"), ("SERIO_PROTO", "00"), ("SERIO_ID", "00"), ("SERIO_EXTRA", "00"),
                      ("MODALIAS", "serio:ty06pr00id00ex00")], driver="atkbd",
                   A=[("description", "i8042 KBD port\\n"), ("bind_mode", "auto\\n"), ("drvctl", ""),
                      ("modalias", "serio:ty06pr00id00ex00\\n"), ("id/type", "06\\n"), ("id/proto", "00\\n"),
                      ("id/id", "00\\n"), ("id/extra", "00\\n"), ("err_count", "0\\n"), ("extra", "0\\n"),
                      ("force_release", "369-370\\n"), ("scroll", "0\\n"), ("set", "2\\n"), ("softraw", "1\\n"),
                      ("softrepeat", "0\\n")] + PWR))
    r += keyboard_input("/devices/platform/i8042/serio0/input/input0", 0x11, 0x1, 0x1, 0xab41,
                        "AT Translated Set 2 keyboard", "isa0060/serio0/input0", "120013",
                        "402000000 3803078f800d001 feffffdfffefffff fffffffffffffffe", "10", "7", 0,
                        udev=[("ID_PATH", "platform-i8042-serio-0"), ("ID_PATH_TAG", "platform-i8042-serio-0")])
    return r

def root_hub_interface(superspeed):
    """The hub interface of a root hub: one interrupt endpoint for port status changes."""
    return Interface(9, 0, 0, [Endpoint(0x81, "int", 4, 12 if not superspeed else 12, superspeed)])

def usb_tablet():
    """QEMU's USB tablet at port 5, as libvirt adds to every VM: usbhid, hid-generic, input, hidraw."""
    u = XHCI + "/usb1/1-5"
    i = u + "/1-5:1.0"
    hid = i + "/0003:0627:0001.0001"
    serial = "28754-0000:00:14.0-5"
    vid, pid, bcd = 0x0627, 0x0001, 0x0000
    r = [usbdev(u, 1, 3, vid, pid, bcd, 0, 0, 0, "QEMU", "QEMU USB Tablet", serial, "480", 0, " 2.00", 1, 100,
                udev=[("ID_VENDOR", "QEMU"), ("ID_VENDOR_ID", "0627"), ("ID_MODEL", "QEMU_USB_Tablet"), ("ID_MODEL_ID", "0001"),
                      ("ID_SERIAL", "QEMU_QEMU_USB_Tablet_" + serial), ("ID_BUS", "usb"), ("ID_USB_INTERFACES", ":030000:"),
                      ("ID_PATH", "pci-0000:00:14.0-usb-0:5"), ("ID_VENDOR_FROM_DATABASE", "Adomax Technology Co., Ltd"),
                      ("TAGS", ":seat:"), ("CURRENT_TAGS", ":seat:")],
                ifaces=[Interface(3, 0, 0, [Endpoint(0x81, "int", 8, 4)], hid_descriptor(0x0001, 74))], attrs=0xa0),
         usbif(i, vid, pid, bcd, 0, 0, 0, 3, 0, 0, 0, "usbhid"),
         plain(hid, "hid", E=[("HID_ID", "0003:00000627:00000001"), ("HID_NAME", "QEMU QEMU USB Tablet"),
                              ("HID_PHYS", "usb-0000:00:14.0-5/input0"), ("HID_UNIQ", serial),
                              ("MODALIAS", "hid:b0003g0001v00000627p00000001")], driver="hid-generic",
               A=[("country", "00\\n"), ("modalias", "hid:b0003g0001v00000627p00000001\\n")] + PWR)]
    r += tablet_input(hid + "/input", "QEMU QEMU USB Tablet", "usb-0000:00:14.0-5/input0", serial, 1, 1, 0,
                      udev=[("ID_PATH", "pci-0000:00:14.0-usb-0:5:1.0"), ("ID_PATH_TAG", "pci-0000_00_14_0-usb-0_5_1_0"),
                            ("ID_BUS", "usb")])
    r.append(plain(hid + "/hidraw/hidraw0", "hidraw", N="hidraw0", E=[("MAJOR", "242"), ("MINOR", "0")],
                   A=[("dev", "242:0\\n")] + PWR))
    return r


def usb_stick_scenario():
    return stick(2, 1, 4, 1, "sdb", 1, 10, "4C530001240825114224")

def usb_keyboard_scenario():
    u = XHCI + "/usb1/1-3"
    i = u + "/1-3:1.0"
    hid = i + "/0003:046D:C31C.0001"
    vid, pid, bcd = 0x046d, 0xc31c, 0x6400
    r = [usbdev(u, 1, 5, vid, pid, bcd, 0, 0, 0, "Logitech", "USB Keyboard", None, "1.5", 0, " 1.10", 1, 90,
                udev=[("ID_VENDOR", "Logitech"), ("ID_VENDOR_ID", "046d"), ("ID_MODEL", "USB_Keyboard"), ("ID_MODEL_ID", "c31c"),
                      ("ID_REVISION", "6400"), ("ID_SERIAL", "Logitech_USB_Keyboard"), ("ID_BUS", "usb"),
                      ("ID_USB_INTERFACES", ":030101:"), ("ID_PATH", "pci-0000:00:14.0-usb-0:3"),
                      ("ID_VENDOR_FROM_DATABASE", "Logitech, Inc."), ("ID_MODEL_FROM_DATABASE", "Keyboard K120"),
                      ("TAGS", ":seat:"), ("CURRENT_TAGS", ":seat:")],
                ifaces=[Interface(3, 1, 1, [Endpoint(0x81, "int", 8, 10)], hid_descriptor(0x0110, 65))], attrs=0xa0, mps0=8),
         usbif(i, vid, pid, bcd, 0, 0, 0, 3, 1, 1, 0, "usbhid"),
         plain(hid, "hid", E=[("HID_ID", "0003:0000046D:0000C31C"), ("HID_NAME", "Logitech USB Keyboard"),
                              ("HID_PHYS", "usb-0000:00:14.0-3/input0"), ("HID_UNIQ", ""),
                              ("MODALIAS", "hid:b0003g0001v0000046Dp0000C31C")], driver="hid-generic",
               A=[("country", "00\\n"), ("modalias", "hid:b0003g0001v0000046Dp0000C31C\\n")] + PWR)]
    r += keyboard_input(hid + "/input/input2", 0x3, vid, pid, 0x110, "Logitech USB Keyboard", "usb-0000:00:14.0-3/input0",
                        "120013", "1000000000007 ff800000000007ff febeffdff3cfffff fffffffffffffffe", "10", "1f", 2,
                        udev=[("ID_PATH", "pci-0000:00:14.0-usb-0:3:1.0"), ("ID_PATH_TAG", "pci-0000_00_14_0-usb-0_3_1_0"),
                              ("ID_BUS", "usb"), ("ID_VENDOR_ID", "046d"), ("ID_MODEL_ID", "c31c")])
    r.append(plain(hid + "/hidraw/hidraw1", "hidraw", N="hidraw1", E=[("MAJOR", "242"), ("MINOR", "1")],
                   A=[("dev", "242:1\\n")] + PWR))
    return r

def net_interface_scenario():
    u = XHCI + "/usb1/1-4"
    i = u + "/1-4:1.0"
    vid, pid, bcd = 0x0bda, 0x8153, 0x3000
    return [usbdev(u, 1, 6, vid, pid, bcd, 0, 0, 0, "Realtek", "USB 10/100/1000 LAN", "000001", "480", 0, " 2.10", 1, 180,
                   udev=[("ID_VENDOR", "Realtek"), ("ID_VENDOR_ID", "0bda"), ("ID_MODEL", "USB_10_100_1000_LAN"),
                         ("ID_MODEL_ID", "8153"), ("ID_SERIAL", "Realtek_USB_10_100_1000_LAN_000001"), ("ID_BUS", "usb"),
                         ("ID_USB_INTERFACES", ":ffff00:"), ("ID_PATH", "pci-0000:00:14.0-usb-0:4"),
                         ("ID_VENDOR_FROM_DATABASE", "Realtek Semiconductor Corp."),
                         ("ID_MODEL_FROM_DATABASE", "RTL8153 Gigabit Ethernet Adapter")],
                   ifaces=[Interface(0xff, 0xff, 0, [Endpoint(0x81, "bulk", 512), Endpoint(0x02, "bulk", 512),
                                                     Endpoint(0x83, "int", 2, 8)])], attrs=0xa0),
            usbif(i, vid, pid, bcd, 0, 0, 0, 0xff, 0xff, 0, 0, "r8152", neps=3),
            plain(i + "/net/eth1", "net", E=[("INTERFACE", "eth1"), ("IFINDEX", "3")],
                  A=[("address", "00:e0:4c:68:01:23\\n"), ("broadcast", "ff:ff:ff:ff:ff:ff\\n"), ("addr_len", "6\\n"),
                     ("addr_assign_type", "0\\n"), ("ifindex", "3\\n"), ("iflink", "3\\n"), ("mtu", "1500\\n"),
                     ("operstate", "down\\n"), ("carrier", "0\\n"), ("flags", "0x1002\\n"), ("type", "1\\n"),
                     ("tx_queue_len", "1000\\n"), ("name_assign_type", "4\\n"), ("ifalias", "")] + PWR,
                  udev=[("ID_NET_NAMING_SCHEME", "v252"), ("ID_NET_NAME_MAC", "enx00e04c680123"),
                        ("ID_NET_NAME_PATH", "enp0s20f0u4"), ("ID_BUS", "usb"), ("ID_VENDOR_ID", "0bda"),
                        ("ID_MODEL_ID", "8153"), ("ID_PATH", "pci-0000:00:14.0-usb-0:4:1.0"), ("ID_NET_DRIVER", "r8152"),
                        ("TAGS", ":systemd:"), ("CURRENT_TAGS", ":systemd:")])]

base = sys.argv[1]
os.makedirs(base + "/scenarios", exist_ok=True)
for name, fn, path in (("default-tree", default_tree, base + "/default-tree.umockdev"),
                       ("usb-stick", usb_stick_scenario, base + "/scenarios/usb-stick.umockdev"),
                       ("usb-keyboard", usb_keyboard_scenario, base + "/scenarios/usb-keyboard.umockdev"),
                       ("net-interface", net_interface_scenario, base + "/scenarios/net-interface.umockdev")):
    with open(path, "w") as f:
        f.write("\n".join(fn()))
