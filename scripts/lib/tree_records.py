"""Builders of device records in umockdev's format, for scripts/default-tree.py: each returns the
text of one record (or a list of them) with the values the kernel would have for such a device."""
from hw_descriptors import Endpoint, Interface, pci_config, pci_resource, usb_descriptors

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

def pci(slot, vid, did, svid, sdid, cls, rev, driver=None, irq=0, extra=(), bars=(), rom=None, caps=()):
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
    A += pci_files(vid, did, cls, rev, svid, sdid, irq, driver, bars, rom, caps)
    L = [("driver", up(3) + "/bus/pci/drivers/" + driver)] if driver else []
    return rec(path, E=E, A=A, L=L, H=pci_binary(vid, did, cls, rev, svid, sdid, irq, driver, bars, rom, caps))

def pci_files(vid, did, cls, rev, svid, sdid, irq, driver, bars, rom, caps):
    """The text attributes lspci and lshw read besides the ids: the BARs' `resource`."""
    return [("resource", pci_resource(bars, rom))]

def pci_binary(vid, did, cls, rev, svid, sdid, irq, driver, bars, rom, caps):
    """The `config` attribute: a bound driver has enabled decoding and bus mastering."""
    command = 0
    if driver:
        command = 0x4 | 0x100 | (0x1 if any(b.kind == "io" for b in bars) else 0) | (0x2 if any(b.kind != "io" for b in bars) else 0)
    elif not bars:
        command = 0x6  # a host bridge: memory and bus master, as firmware leaves it
    return [("config", pci_config(vid, did, cls, rev, svid, sdid, irq, command, bars, rom, caps))]

def usbdev(path, busnum, devnum, vid, pid, bcd, cls, sub, proto, manufacturer, product, serial, speed, maxchild, ver, nifs, maxpower, udev=(),
           ifaces=None, attrs=0x80, mps0=64, strings=None):
    depth = path.count("/") - 1
    E = [("DEVNAME", "/dev/bus/usb/%03d/%03d" % (busnum, devnum)), ("DEVTYPE", "usb_device"), ("DRIVER", "usb"),
         ("PRODUCT", "%x/%x/%x" % (vid, pid, bcd)), ("TYPE", "%d/%d/%d" % (cls, sub, proto)),
         ("BUSNUM", "%03d" % busnum), ("DEVNUM", "%03d" % devnum),
         ("MAJOR", "189"), ("MINOR", str((busnum - 1) * 128 + devnum - 1)), ("SUBSYSTEM", "usb")] + list(udev)
    A = [("idVendor", "%04x\\n" % vid), ("idProduct", "%04x\\n" % pid), ("bcdDevice", "%04x\\n" % bcd),
         ("bDeviceClass", "%02x\\n" % cls), ("bDeviceSubClass", "%02x\\n" % sub), ("bDeviceProtocol", "%02x\\n" % proto),
         ("bNumConfigurations", "1\\n"), ("bNumInterfaces", " %d\\n" % nifs), ("bConfigurationValue", "1\\n"),
         ("bmAttributes", "%x\\n" % attrs), ("bMaxPower", "%dmA\\n" % maxpower), ("bMaxPacketSize0", "%d\\n" % mps0),
         ("busnum", "%d\\n" % busnum), ("devnum", "%d\\n" % devnum), ("devpath", (path.split("/")[-1].split("-", 1)[1] if "-" in path.split("/")[-1] else "0") + "\\n"),
         ("maxchild", "%d\\n" % maxchild), ("speed", "%s\\n" % speed), ("version", "%s\\n" % ver),
         ("removable", "unknown\\n" if maxchild else "removable\\n"), ("authorized", "1\\n"),
         ("avoid_reset_quirk", "0\\n"), ("quirks", "0x0\\n"), ("urbnum", "42\\n"), ("ltm_capable", "no\\n")] + usb_lanes()
    if manufacturer: A.append(("manufacturer", manufacturer + "\\n"))
    if product: A.append(("product", product + "\\n"))
    if serial: A.append(("serial", serial + "\\n"))
    A += PWR_ON
    H = usb_binary(cls, sub, proto, vid, pid, bcd, manufacturer, product, serial, speed, ver, nifs, maxpower, ifaces, attrs, mps0, strings)
    L = [("driver", up(depth) + "/bus/usb/drivers/usb")]
    return rec(path, N="bus/usb/%03d/%03d" % (busnum, devnum), E=E, A=A, L=L, H=H)

def usb_lanes():
    """Attributes every USB device has that lsusb -t reads: the configuration's string (empty
    without one) and the lane counts (1 below USB 3.2)."""
    return [("configuration", ""), ("rx_lanes", "1\\n"), ("tx_lanes", "1\\n")]

def usb_binary(cls, sub, proto, vid, pid, bcd, manufacturer, product, serial, speed, ver, nifs, maxpower, ifaces, attrs, mps0, strings):
    """The `descriptors` attribute, from the same values as the text attributes."""
    assert ifaces is not None and len(ifaces) == nifs, "give the interfaces of the configuration"
    major, minor = ver.strip().split(".")
    bcd_usb = int(major) << 8 | int(minor, 16)
    if strings is None:
        strings = (1 if manufacturer else 0, 2 if product else 0, 3 if serial else 0)
    return [("descriptors", usb_descriptors(bcd_usb, cls, sub, proto, mps0, vid, pid, bcd, strings, ifaces, attrs,
                                            maxpower, superspeed=float(speed) >= 5000))]

def usbif(path, vid, pid, bcd, dcls, dsub, dproto, icls, isub, iproto, num, driver, udev=(), neps=None):
    depth = path.count("/") - 1
    E = [("DEVTYPE", "usb_interface"), ("DRIVER", driver), ("PRODUCT", "%x/%x/%x" % (vid, pid, bcd)),
         ("TYPE", "%d/%d/%d" % (dcls, dsub, dproto)), ("INTERFACE", "%d/%d/%d" % (icls, isub, iproto)),
         ("MODALIAS", "usb:v%04Xp%04Xd%04Xdc%02Xdsc%02Xdp%02Xic%02Xisc%02Xip%02Xin%02X" % (vid, pid, bcd, dcls, dsub, dproto, icls, isub, iproto, num)),
         ("SUBSYSTEM", "usb")] + list(udev)
    A = [("bInterfaceClass", "%02x\\n" % icls), ("bInterfaceSubClass", "%02x\\n" % isub),
         ("bInterfaceProtocol", "%02x\\n" % iproto), ("bInterfaceNumber", "%02x\\n" % num),
         ("bAlternateSetting", " 0\\n"), ("bNumEndpoints", "%02x\\n" % (neps if neps is not None else 1 if icls in (3, 9) else 2)),
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
               udev=usb_udev + [("TAGS", ":systemd:"), ("CURRENT_TAGS", ":systemd:")],
               ifaces=[Interface(8, 6, 0x50, [Endpoint(0x81, "bulk", 512), Endpoint(0x02, "bulk", 512)])]),
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

def input_modalias(bus, vendor, product, version, ev, key, msc, led, rel="0", abs_="0"):
    """input_devices_modalias: each capability as its letter, then its set bits in hex."""
    hexbits = lambda words, start=0: "".join("%X," % b for b in bits_from_words(words) if b >= start)
    s = "input:b%04Xv%04Xp%04Xe%04X-" % (bus, vendor, product, version)
    s += "e" + hexbits(ev) + "k" + hexbits(key, 0x71) + "r" + hexbits(rel) + "a" + hexbits(abs_)
    s += "m" + hexbits(msc) + "l" + hexbits(led) + "sfw"
    return s


def tablet_input(path, name, phys, uniq, input_n, event_n, mouse_n, udev=()):
    """The input device of QEMU's USB tablet (absolute X/Y, three buttons, wheels), with its
    mouse and event nodes."""
    bus, vendor, product, version = 0x3, 0x627, 0x1, 0x0
    ev, key, rel, abs_, msc = "1f", "70000 0 0 0 0", "1940", "3", "10"
    modalias = input_modalias(bus, vendor, product, version, ev, key, msc, "0", rel, abs_)
    E = [("PRODUCT", "%x/%x/%x/%x" % (bus, vendor, product, version)), ("NAME", '"%s"' % name),
         ("PHYS", '"%s"' % phys), ("UNIQ", '"%s"' % uniq), ("PROP", "0"), ("EV", ev), ("KEY", key), ("REL", rel),
         ("ABS", abs_), ("MSC", msc), ("MODALIAS", modalias)]
    ids = [("ID_INPUT", "1"), ("ID_INPUT_TABLET", "1"), ("ID_INPUT_MOUSE", "1")] + list(udev)
    inp = plain(path + "/input%d" % input_n, "input", E=E, udev=ids,
                A=[("name", name + "\\n"), ("phys", phys + "\\n"), ("uniq", uniq + "\\n"), ("properties", "0\\n"),
                   ("capabilities/ev", ev + "\\n"), ("capabilities/key", key + "\\n"), ("capabilities/rel", rel + "\\n"),
                   ("capabilities/abs", abs_ + "\\n"), ("capabilities/msc", msc + "\\n"),
                   ("id/bustype", "0003\\n"), ("id/vendor", "0627\\n"), ("id/product", "0001\\n"),
                   ("id/version", "0000\\n"), ("modalias", modalias + "\\n")] + PWR)
    base = path + "/input%d" % input_n
    mouse = plain(base + "/mouse%d" % mouse_n, "input", N="input/mouse%d" % mouse_n,
                  E=[("MAJOR", "13"), ("MINOR", str(32 + mouse_n))], A=[("dev", "13:%d\\n" % (32 + mouse_n))] + PWR,
                  udev=ids)
    evt = plain(base + "/event%d" % event_n, "input", N="input/event%d" % event_n,
                E=[("MAJOR", "13"), ("MINOR", str(64 + event_n))], A=[("dev", "13:%d\\n" % (64 + event_n))] + PWR,
                udev=ids + [("LIBINPUT_DEVICE_GROUP", "3/627/1:usb-0000:00:14.0-5"), ("TAGS", ":seat:"),
                            ("CURRENT_TAGS", ":seat:")])
    return [inp, mouse, evt]

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

