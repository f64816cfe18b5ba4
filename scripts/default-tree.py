#!/usr/bin/env python3
"""Writes the embedded default tree and the built-in hotplug scenarios (docs/default-tree.md).

The records are the source of truth that ships in the jar; this script keeps their many values
consistent (devnums, MODALIAS strings computed as the kernel formats them, udev properties).
Usage: scripts/default-tree.py src/main/resources/org/sysfsemu
"""
import sys
def rec(path, N=None, E=(), A=(), L=(), S=(), H=()):
    out = ["P: " + path]
    if N: out.append("N: " + N)
    for s in S: out.append("S: " + s)
    for k, v in E: out.append("E: %s=%s" % (k, v))
    for k, v in A: out.append("A: %s=%s" % (k, v))
    for k, v in L: out.append("L: %s=%s" % (k, v))
    for k, v in H: out.append("H: %s=%s" % (k, v))
    return "\n".join(out) + "\n"

PWR = [("power/control", "auto\\n"), ("power/runtime_status", "unsupported\\n")]
PWR_ON = [("power/control", "on\\n"), ("power/runtime_status", "active\\n")]
def up(n): return "/".join([".."] * n)

XHCI = "/devices/pci0000:00/0000:00:14.0"

def pci(slot, vid, did, svid, sdid, cls, rev, driver=None, irq=0, extra=()):
    path = "/devices/pci0000:00/" + slot
    c = "%06X" % cls
    E = []
    if driver: E.append(("DRIVER", driver))
    E += [("PCI_CLASS", "%X" % cls), ("PCI_ID", "%04X:%04X" % (vid, did)),
          ("PCI_SUBSYS_ID", "%04X:%04X" % (svid, sdid)), ("PCI_SLOT_NAME", slot),
          ("MODALIAS", "pci:v%08Xd%08Xsv%08Xsd%08Xbc%ssc%si%s" % (vid, did, svid, sdid, c[0:2], c[2:4], c[4:6])),
          ("SUBSYSTEM", "pci")] + list(extra)
    A = [("class", "0x%06x\\n" % cls), ("vendor", "0x%04x\\n" % vid), ("device", "0x%04x\\n" % did),
         ("subsystem_vendor", "0x%04x\\n" % svid), ("subsystem_device", "0x%04x\\n" % sdid),
         ("revision", "0x%02x\\n" % rev), ("irq", "%d\\n" % irq), ("enable", "1\\n" if driver else "0\\n"),
         ("local_cpulist", "0-3\\n"), ("numa_node", "-1\\n"), ("driver_override", "(null)\\n"),
         ("modalias", dict(E)["MODALIAS"] + "\\n"), ("power_state", "D0\\n")] + PWR_ON
    L = [("driver", up(3) + "/bus/pci/drivers/" + driver)] if driver else []
    return rec(path, E=E, A=A, L=L)

def usbdev(path, busnum, devnum, vid, pid, bcd, cls, sub, proto, manufacturer, product, serial, speed, maxchild, ver, nifs, maxpower, udev=()):
    depth = path.count("/") - 1
    E = [("DEVNAME", "/dev/bus/usb/%03d/%03d" % (busnum, devnum)), ("DEVTYPE", "usb_device"), ("DRIVER", "usb"),
         ("PRODUCT", "%x/%x/%x" % (vid, pid, bcd)), ("TYPE", "%d/%d/%d" % (cls, sub, proto)),
         ("BUSNUM", "%03d" % busnum), ("DEVNUM", "%03d" % devnum),
         ("MAJOR", "189"), ("MINOR", str((busnum - 1) * 128 + devnum - 1)), ("SUBSYSTEM", "usb")] + list(udev)
    A = [("idVendor", "%04x\\n" % vid), ("idProduct", "%04x\\n" % pid), ("bcdDevice", "%04x\\n" % bcd),
         ("bDeviceClass", "%02x\\n" % cls), ("bDeviceSubClass", "%02x\\n" % sub), ("bDeviceProtocol", "%02x\\n" % proto),
         ("bNumConfigurations", "1\\n"), ("bNumInterfaces", " %d\\n" % nifs), ("bConfigurationValue", "1\\n"),
         ("bmAttributes", "80\\n"), ("bMaxPower", "%dmA\\n" % maxpower), ("bMaxPacketSize0", "64\\n"),
         ("busnum", "%d\\n" % busnum), ("devnum", "%d\\n" % devnum), ("devpath", (path.split("/")[-1].split("-", 1)[1] if "-" in path.split("/")[-1] else "0") + "\\n"),
         ("maxchild", "%d\\n" % maxchild), ("speed", "%s\\n" % speed), ("version", "%s\\n" % ver),
         ("removable", "unknown\\n" if maxchild else "removable\\n"), ("authorized", "1\\n"),
         ("avoid_reset_quirk", "0\\n"), ("quirks", "0x0\\n"), ("urbnum", "42\\n"), ("ltm_capable", "no\\n")]
    if manufacturer: A.append(("manufacturer", manufacturer + "\\n"))
    if product: A.append(("product", product + "\\n"))
    if serial: A.append(("serial", serial + "\\n"))
    A += PWR_ON
    H = [("descriptors", "12010002%02x%02x%02x40%02x%02x%02x%02x%02x%02x0%d%d%d01" % (cls, sub, proto, vid & 0xff, vid >> 8, pid & 0xff, pid >> 8, bcd & 0xff, bcd >> 8, 1 if manufacturer else 0, 2 if product else 0, 3 if serial else 0))]
    L = [("driver", up(depth) + "/bus/usb/drivers/usb")]
    return rec(path, N="bus/usb/%03d/%03d" % (busnum, devnum), E=E, A=A, L=L, H=H)

def usbif(path, vid, pid, bcd, dcls, dsub, dproto, icls, isub, iproto, num, driver, udev=()):
    depth = path.count("/") - 1
    E = [("DEVTYPE", "usb_interface"), ("DRIVER", driver), ("PRODUCT", "%x/%x/%x" % (vid, pid, bcd)),
         ("TYPE", "%d/%d/%d" % (dcls, dsub, dproto)), ("INTERFACE", "%d/%d/%d" % (icls, isub, iproto)),
         ("MODALIAS", "usb:v%04Xp%04Xd%04Xdc%02Xdsc%02Xdp%02Xic%02Xisc%02Xip%02Xin%02X" % (vid, pid, bcd, dcls, dsub, dproto, icls, isub, iproto, num)),
         ("SUBSYSTEM", "usb")] + list(udev)
    A = [("bInterfaceClass", "%02x\\n" % icls), ("bInterfaceSubClass", "%02x\\n" % isub),
         ("bInterfaceProtocol", "%02x\\n" % iproto), ("bInterfaceNumber", "%02x\\n" % num),
         ("bAlternateSetting", " 0\\n"), ("bNumEndpoints", "0%d\\n" % (1 if icls in (3, 9) else 2)),
         ("authorized", "1\\n"), ("supports_autosuspend", "1\\n"), ("modalias", dict(E)["MODALIAS"] + "\\n")]
    L = [("driver", up(depth) + "/bus/usb/drivers/" + driver)]
    return rec(path, E=E, A=A, L=L)

def plain(path, subsystem, E=(), A=(), N=None, driver=None, S=(), udev=()):
    depth = path.count("/") - 1
    EE = list(E)
    if N:
        EE = [("DEVNAME", "/dev/" + N)] + EE
    if driver:
        EE.append(("DRIVER", driver))
    EE.append(("SUBSYSTEM", subsystem))
    EE += list(udev)
    L = []
    if driver:
        bus = subsystem
        L.append(("driver", up(depth) + "/bus/%s/drivers/%s" % (bus, driver)))
    return rec(path, N=N, E=EE, A=list(A), L=L, S=S)

def stick(port, busnum, devnum, host, sd, sg, diskseq, serial, bsg_major=243):
    """A SanDisk Cruzer Blade 16 GB at usb<busnum> port <port>: usb device, interface, scsi host,
    target, disk device, its class devices, the disk and its partition."""
    vid, pid, bcd = 0x0781, 0x5567, 0x0100
    u = XHCI + "/usb%d/%d-%d" % (busnum, busnum, port)
    i = u + "/%d-%d:1.0" % (busnum, port)
    h = i + "/host%d" % host
    t = h + "/target%d:0:0" % host
    d = t + "/%d:0:0:0" % host
    hctl = "%d:0:0:0" % host
    idpath = "pci-0000:00:14.0-usb-0:%d:1.0-scsi-0:0:0:0" % port
    idserial = "SanDisk_Cruzer_Blade_%s-0:0" % serial
    usb_udev = [("ID_VENDOR", "SanDisk"), ("ID_VENDOR_ID", "0781"), ("ID_MODEL", "Cruzer_Blade"), ("ID_MODEL_ID", "5567"),
                ("ID_REVISION", "0100"), ("ID_SERIAL", "SanDisk_Cruzer_Blade_" + serial), ("ID_SERIAL_SHORT", serial),
                ("ID_BUS", "usb"), ("ID_USB_INTERFACES", ":080650:"), ("ID_PATH", "pci-0000:00:14.0-usb-0:%d" % port),
                ("ID_PATH_TAG", "pci-0000_00_14_0-usb-0_%d" % port)]
    disk_udev = [("ID_BUS", "usb"), ("ID_MODEL", "Cruzer_Blade"), ("ID_MODEL_ID", "5567"), ("ID_VENDOR", "SanDisk"),
                 ("ID_VENDOR_ID", "0781"), ("ID_REVISION", "1.00"), ("ID_SERIAL", idserial), ("ID_SERIAL_SHORT", serial),
                 ("ID_TYPE", "disk"), ("ID_INSTANCE", "0:0"), ("ID_USB_DRIVER", "usb-storage"),
                 ("ID_USB_INTERFACES", ":080650:"), ("ID_USB_INTERFACE_NUM", "00"), ("ID_PATH", idpath),
                 ("ID_PATH_TAG", idpath.replace(":", "_").replace(".", "_").replace("-", "-")),
                 ("ID_PART_TABLE_TYPE", "dos"), ("ID_PART_TABLE_UUID", "4c5a3f21")]
    out = [
        usbdev(u, busnum, devnum, vid, pid, bcd, 0, 0, 0, " SanDisk", "Cruzer Blade", serial, "480", 0, " 2.00", 1, 200,
               udev=usb_udev + [("TAGS", ":systemd:"), ("CURRENT_TAGS", ":systemd:")]),
        usbif(i, vid, pid, bcd, 0, 0, 0, 8, 6, 0x50, 0, "usb-storage", udev=[("ID_VENDOR_FROM_DATABASE", "SanDisk Corp."),
              ("ID_MODEL_FROM_DATABASE", "Cruzer Blade")]),
        plain(h, "scsi", E=[("DEVTYPE", "scsi_host")], A=PWR_ON),
        plain(h + "/scsi_host/host%d" % host, "scsi_host",
              A=[("proc_name", "usb-storage\\n"), ("unique_id", "%d\\n" % host), ("can_queue", "1\\n"),
                 ("cmd_per_lun", "1\\n"), ("sg_tablesize", "2048\\n"), ("state", "running\\n"),
                 ("supported_mode", "Initiator\\n"), ("active_mode", "Initiator\\n"), ("host_busy", "0\\n"),
                 ("scan", "")] + PWR),
        plain(t, "scsi", E=[("DEVTYPE", "scsi_target")], A=PWR_ON),
        plain(d, "scsi", E=[("DEVTYPE", "scsi_device"), ("MODALIAS", "scsi:t-0x00")], driver="sd",
              A=[("vendor", "SanDisk \\n"), ("model", "Cruzer Blade    \\n"), ("rev", "1.00\\n"), ("type", "0\\n"),
                 ("scsi_level", "7\\n"), ("device_blocked", "0\\n"), ("state", "running\\n"), ("timeout", "30\\n"),
                 ("eh_timeout", "10\\n"), ("queue_depth", "1\\n"), ("queue_type", "none\\n"),
                 ("iocounterbits", "32\\n"), ("modalias", "scsi:t-0x00\\n"), ("evt_media_change", "0\\n"),
                 ("delete", ""), ("rescan", "")] + PWR_ON,
              udev=[("ID_SCSI", "1"), ("ID_VENDOR", "SanDisk"), ("ID_MODEL", "Cruzer_Blade")]),
        plain(d + "/scsi_disk/" + hctl, "scsi_disk",
              A=[("allow_restart", "1\\n"), ("cache_type", "write through\\n"), ("FUA", "0\\n"),
                 ("manage_start_stop", "1\\n"), ("protection_type", "0\\n"), ("thin_provisioning", "0\\n"),
                 ("max_medium_access_timeouts", "2\\n")] + PWR),
        plain(d + "/scsi_device/" + hctl, "scsi_device", A=PWR),
        plain(d + "/scsi_generic/sg%d" % sg, "scsi_generic", N="sg%d" % sg,
              E=[("MAJOR", "21"), ("MINOR", str(sg))], A=[("dev", "21:%d\\n" % sg)] + PWR),
        plain(d + "/bsg/" + hctl, "bsg", N="bsg/" + hctl, E=[("MAJOR", str(bsg_major)), ("MINOR", str(host))],
              A=[("dev", "%d:%d\\n" % (bsg_major, host))] + PWR),
        plain(d + "/block/" + sd, "block", N=sd,
              E=[("DEVTYPE", "disk"), ("DISKSEQ", str(diskseq)), ("MAJOR", "8"), ("MINOR", str(16 * (ord(sd[-1]) - ord("a"))))],
              S=["disk/by-id/usb-" + idserial, "disk/by-path/" + idpath, "disk/by-diskseq/%d" % diskseq],
              A=[("size", "30031872\\n"), ("ro", "0\\n"), ("removable", "1\\n"), ("range", "16\\n"),
                 ("ext_range", "256\\n"), ("capability", "1\\n"), ("hidden", "0\\n"), ("diskseq", "%d\\n" % diskseq),
                 ("alignment_offset", "0\\n"), ("discard_alignment", "0\\n"), ("events", "media_change\\n"),
                 ("events_async", ""), ("events_poll_msecs", "-1\\n"), ("inflight", "       0        0\\n"),
                 ("stat", "     173        0     8504      123        0        0        0        0        0      180      123        0        0        0        0        0        0\\n"),
                 ("queue/logical_block_size", "512\\n"), ("queue/physical_block_size", "512\\n"),
                 ("queue/hw_sector_size", "512\\n"), ("queue/rotational", "1\\n"), ("queue/nr_requests", "2\\n"),
                 ("queue/read_ahead_kb", "128\\n"), ("queue/max_sectors_kb", "240\\n"), ("queue/scheduler", "none [mq-deadline] \\n")] + PWR,
              udev=disk_udev + [("DEVLINKS", "/dev/disk/by-id/usb-%s /dev/disk/by-path/%s /dev/disk/by-diskseq/%d" % (idserial, idpath, diskseq)),
                                ("TAGS", ":systemd:"), ("CURRENT_TAGS", ":systemd:")]),
        plain(d + "/block/%s/%s1" % (sd, sd), "block", N=sd + "1",
              E=[("DEVTYPE", "partition"), ("DISKSEQ", str(diskseq)), ("PARTN", "1"), ("MAJOR", "8"), ("MINOR", str(16 * (ord(sd[-1]) - ord("a")) + 1))],
              S=["disk/by-id/usb-%s-part1" % idserial, "disk/by-path/%s-part1" % idpath, "disk/by-uuid/4A2B-1C3D",
                 "disk/by-label/CRUZER", "disk/by-diskseq/%d-part1" % diskseq],
              A=[("partition", "1\\n"), ("start", "2048\\n"), ("size", "30029824\\n"), ("ro", "0\\n"),
                 ("alignment_offset", "0\\n"), ("discard_alignment", "0\\n"), ("inflight", "       0        0\\n"),
                 ("stat", "     120        0     6104       98        0        0        0        0        0      140       98        0        0        0        0        0        0\\n")] + PWR,
              udev=disk_udev + [("ID_FS_TYPE", "vfat"), ("ID_FS_USAGE", "filesystem"), ("ID_FS_UUID", "4A2B-1C3D"),
                                ("ID_FS_LABEL", "CRUZER"), ("ID_FS_VERSION", "FAT32"), ("ID_PART_ENTRY_NUMBER", "1"),
                                ("ID_PART_ENTRY_TYPE", "0xc"), ("ID_PART_ENTRY_SCHEME", "dos"),
                                ("DEVLINKS", "/dev/disk/by-id/usb-%s-part1 /dev/disk/by-path/%s-part1 /dev/disk/by-uuid/4A2B-1C3D /dev/disk/by-label/CRUZER" % (idserial, idpath)),
                                ("TAGS", ":systemd:"), ("CURRENT_TAGS", ":systemd:")]),
    ]
    return out

def bits_from_words(s):
    words = s.split()
    bits = []
    for wi, w in enumerate(reversed(words)):
        v = int(w, 16)
        for b in range(64):
            if v >> b & 1:
                bits.append(wi * 64 + b)
    return sorted(bits)

def input_modalias(bus, vendor, product, version, ev, key, msc, led):
    s = "input:b%04Xv%04Xp%04Xe%04X-" % (bus, vendor, product, version)
    s += "e" + "".join("%X," % b for b in bits_from_words(ev))
    s += "k" + "".join("%X," % b for b in bits_from_words(key) if b >= 0x71)
    s += "r" + "a" + "m" + "".join("%X," % b for b in bits_from_words(msc))
    s += "l" + "".join("%X," % b for b in bits_from_words(led))
    s += "sfw"
    return s

def keyboard_input(path, bus, vendor, product, version, name, phys, ev, key, msc, led, event_n, udev=()):
    E = [("PRODUCT", "%x/%x/%x/%x" % (bus, vendor, product, version)), ("NAME", '"%s"' % name),
         ("PHYS", '"%s"' % phys), ("UNIQ", '""'), ("PROP", "0"), ("EV", ev), ("KEY", key), ("MSC", msc), ("LED", led),
         ("MODALIAS", input_modalias(bus, vendor, product, version, ev, key, msc, led))]
    if bus == 0x11:
        E = [e for e in E if e[0] != "UNIQ"]
    inp = plain(path, "input", E=E, udev=list(udev) + [("ID_INPUT", "1"), ("ID_INPUT_KEY", "1"), ("ID_INPUT_KEYBOARD", "1")],
                A=[("name", name + "\\n"), ("phys", phys + "\\n"), ("uniq", "\\n"), ("properties", "0\\n"),
                   ("capabilities/ev", ev + "\\n"), ("capabilities/key", key + "\\n"), ("capabilities/msc", msc + "\\n"),
                   ("capabilities/led", led + "\\n"), ("id/bustype", "%04x\\n" % bus), ("id/vendor", "%04x\\n" % vendor),
                   ("id/product", "%04x\\n" % product), ("id/version", "%04x\\n" % version),
                   ("modalias", dict(E)["MODALIAS"] + "\\n")] + PWR)
    ev_path = path + "/event%d" % event_n
    evt = plain(ev_path, "input", N="input/event%d" % event_n, E=[("MAJOR", "13"), ("MINOR", str(64 + event_n))],
                A=[("dev", "13:%d\\n" % (64 + event_n))] + PWR,
                udev=list(udev) + [("ID_INPUT", "1"), ("ID_INPUT_KEY", "1"), ("ID_INPUT_KEYBOARD", "1"),
                                   ("XKBMODEL", "pc105"), ("XKBLAYOUT", "us"), ("LIBINPUT_DEVICE_GROUP", "11/1/1:isa0060"),
                                   ("TAGS", ":seat:power-switch:"), ("CURRENT_TAGS", ":seat:power-switch:")])
    return [inp, evt]

def default_tree():
    r = []
    r.append(pci("0000:00:00.0", 0x8086, 0x1237, 0x1af4, 0x1100, 0x060000, 0x02,
                 extra=[("ID_PCI_CLASS_FROM_DATABASE", "Bridge"), ("ID_VENDOR_FROM_DATABASE", "Intel Corporation"),
                        ("ID_MODEL_FROM_DATABASE", "440FX - 82441FX PMC [Natoma]")]))
    r.append(pci("0000:00:03.0", 0x8086, 0x100e, 0x1af4, 0x1100, 0x020000, 0x03, driver="e1000", irq=11,
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
    r.append(pci("0000:00:14.0", 0x8086, 0xa12f, 0x8086, 0x7270, 0x0c0330, 0x31, driver="xhci_hcd", irq=16,
                 extra=[("ID_PCI_CLASS_FROM_DATABASE", "Serial bus controller"), ("ID_PCI_SUBCLASS_FROM_DATABASE", "USB controller"),
                        ("ID_PCI_INTERFACE_FROM_DATABASE", "XHCI"), ("ID_VENDOR_FROM_DATABASE", "Intel Corporation"),
                        ("ID_MODEL_FROM_DATABASE", "100 Series/C230 Series Chipset Family USB 3.0 xHCI Controller")]))
    r.append(usbdev(XHCI + "/usb1", 1, 1, 0x1d6b, 0x0002, 0x0606, 9, 0, 1, "Linux 6.6.0 xhci-hcd",
                    "xHCI Host Controller", "0000:00:14.0", "480", 16, " 2.00", 1, 0,
                    udev=[("ID_VENDOR", "Linux_6.6.0_xhci-hcd"), ("ID_VENDOR_ID", "1d6b"), ("ID_MODEL", "xHCI_Host_Controller"),
                          ("ID_MODEL_ID", "0002"), ("ID_SERIAL", "Linux_6.6.0_xhci-hcd_xHCI_Host_Controller_0000:00:14.0"),
                          ("ID_BUS", "usb"), ("ID_USB_INTERFACES", ":090000:"), ("ID_PATH", "pci-0000:00:14.0"),
                          ("ID_VENDOR_FROM_DATABASE", "Linux Foundation"), ("ID_MODEL_FROM_DATABASE", "2.0 root hub"),
                          ("TAGS", ":seat:"), ("CURRENT_TAGS", ":seat:")]))
    r.append(usbif(XHCI + "/usb1/1-0:1.0", 0x1d6b, 0x0002, 0x0606, 9, 0, 1, 9, 0, 0, 0, "hub"))
    r += stick(1, 1, 2, 0, "sda", 0, 9, "4C530001230825113112")
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

def usb_stick_scenario():
    return stick(2, 1, 3, 1, "sdb", 1, 10, "4C530001240825114224")

def usb_keyboard_scenario():
    u = XHCI + "/usb1/1-3"
    i = u + "/1-3:1.0"
    hid = i + "/0003:046D:C31C.0001"
    vid, pid, bcd = 0x046d, 0xc31c, 0x6400
    r = [usbdev(u, 1, 4, vid, pid, bcd, 0, 0, 0, "Logitech", "USB Keyboard", None, "1.5", 0, " 1.10", 2, 90,
                udev=[("ID_VENDOR", "Logitech"), ("ID_VENDOR_ID", "046d"), ("ID_MODEL", "USB_Keyboard"), ("ID_MODEL_ID", "c31c"),
                      ("ID_REVISION", "6400"), ("ID_SERIAL", "Logitech_USB_Keyboard"), ("ID_BUS", "usb"),
                      ("ID_USB_INTERFACES", ":030101:030000:"), ("ID_PATH", "pci-0000:00:14.0-usb-0:3"),
                      ("ID_VENDOR_FROM_DATABASE", "Logitech, Inc."), ("ID_MODEL_FROM_DATABASE", "Keyboard K120"),
                      ("TAGS", ":seat:"), ("CURRENT_TAGS", ":seat:")]),
         usbif(i, vid, pid, bcd, 0, 0, 0, 3, 1, 1, 0, "usbhid"),
         plain(hid, "hid", E=[("HID_ID", "0003:0000046D:0000C31C"), ("HID_NAME", "Logitech USB Keyboard"),
                              ("HID_PHYS", "usb-0000:00:14.0-3/input0"), ("HID_UNIQ", ""),
                              ("MODALIAS", "hid:b0003g0001v0000046Dp0000C31C")], driver="hid-generic",
               A=[("country", "00\\n"), ("modalias", "hid:b0003g0001v0000046Dp0000C31C\\n")] + PWR)]
    r += keyboard_input(hid + "/input/input1", 0x3, vid, pid, 0x110, "Logitech USB Keyboard", "usb-0000:00:14.0-3/input0",
                        "120013", "1000000000007 ff800000000007ff febeffdff3cfffff fffffffffffffffe", "10", "1f", 1,
                        udev=[("ID_PATH", "pci-0000:00:14.0-usb-0:3:1.0"), ("ID_PATH_TAG", "pci-0000_00_14_0-usb-0_3_1_0"),
                              ("ID_BUS", "usb"), ("ID_VENDOR_ID", "046d"), ("ID_MODEL_ID", "c31c")])
    r.append(plain(hid + "/hidraw/hidraw0", "hidraw", N="hidraw0", E=[("MAJOR", "241"), ("MINOR", "0")],
                   A=[("dev", "241:0\\n")] + PWR))
    return r

def net_interface_scenario():
    u = XHCI + "/usb1/1-4"
    i = u + "/1-4:1.0"
    vid, pid, bcd = 0x0bda, 0x8153, 0x3000
    return [usbdev(u, 1, 5, vid, pid, bcd, 0, 0, 0, "Realtek", "USB 10/100/1000 LAN", "000001", "480", 0, " 2.10", 1, 180,
                   udev=[("ID_VENDOR", "Realtek"), ("ID_VENDOR_ID", "0bda"), ("ID_MODEL", "USB_10_100_1000_LAN"),
                         ("ID_MODEL_ID", "8153"), ("ID_SERIAL", "Realtek_USB_10_100_1000_LAN_000001"), ("ID_BUS", "usb"),
                         ("ID_USB_INTERFACES", ":ffff00:"), ("ID_PATH", "pci-0000:00:14.0-usb-0:4"),
                         ("ID_VENDOR_FROM_DATABASE", "Realtek Semiconductor Corp."),
                         ("ID_MODEL_FROM_DATABASE", "RTL8153 Gigabit Ethernet Adapter")]),
            usbif(i, vid, pid, bcd, 0, 0, 0, 0xff, 0xff, 0, 0, "r8152"),
            plain(i + "/net/eth1", "net", E=[("INTERFACE", "eth1"), ("IFINDEX", "3")],
                  A=[("address", "00:e0:4c:68:01:23\\n"), ("broadcast", "ff:ff:ff:ff:ff:ff\\n"), ("addr_len", "6\\n"),
                     ("addr_assign_type", "0\\n"), ("ifindex", "3\\n"), ("iflink", "3\\n"), ("mtu", "1500\\n"),
                     ("operstate", "down\\n"), ("carrier", "0\\n"), ("flags", "0x1002\\n"), ("type", "1\\n"),
                     ("tx_queue_len", "1000\\n"), ("name_assign_type", "4\\n"), ("ifalias", "")] + PWR,
                  udev=[("ID_NET_NAMING_SCHEME", "v252"), ("ID_NET_NAME_MAC", "enx00e04c680123"),
                        ("ID_NET_NAME_PATH", "enp0s20f0u4"), ("ID_BUS", "usb"), ("ID_VENDOR_ID", "0bda"),
                        ("ID_MODEL_ID", "8153"), ("ID_PATH", "pci-0000:00:14.0-usb-0:4:1.0"), ("ID_NET_DRIVER", "r8152"),
                        ("TAGS", ":systemd:"), ("CURRENT_TAGS", ":systemd:")])]

HEAD = {
 "default-tree": "# The default tree of sysfs-emu (docs/default-tree.md): a small PC with a PCI host bridge, an\n# e1000 Ethernet controller, an xHCI controller with a SanDisk USB stick, a serial port, the mem\n# devices, loopback and an AT keyboard. umockdev record format.\n\n",
 "usb-stick": "# Scenario usb-stick: a second SanDisk Cruzer Blade at port 2 of usb1 (sdb, sdb1).\n\n",
 "usb-keyboard": "# Scenario usb-keyboard: a Logitech K120 at port 3 of usb1 (interface, HID device, input, event1, hidraw0).\n\n",
 "net-interface": "# Scenario net-interface: a Realtek RTL8153 USB Ethernet adapter at port 4 of usb1 (eth1).\n\n",
}
import os
base = sys.argv[1]
os.makedirs(base + "/scenarios", exist_ok=True)
for name, fn, path in (("default-tree", default_tree, base + "/default-tree.umockdev"),
                       ("usb-stick", usb_stick_scenario, base + "/scenarios/usb-stick.umockdev"),
                       ("usb-keyboard", usb_keyboard_scenario, base + "/scenarios/usb-keyboard.umockdev"),
                       ("net-interface", net_interface_scenario, base + "/scenarios/net-interface.umockdev")):
    with open(path, "w") as f:
        f.write("\n".join(fn()))
