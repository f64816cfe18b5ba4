"""Binary contents that hardware tools read from sysfs, for scripts/default-tree.py: PCI
configuration space (`config`, `resource`) and USB descriptors (`descriptors`), built field by
field from the same values as the device's text attributes so that both always agree.

Layouts: the PCI Local Bus Specification 3.0, section 6.1 (type 0 header) and section 6.8.2
(MSI-X capability); the USB 2.0 specification, section 9.6 (device, configuration, interface and
endpoint descriptors), the USB 3.0 specification 9.6.7 (SuperSpeed endpoint companion) and HID 1.11
section 6.2.1 (HID descriptor). The kernel's `resource` file format is resource_show() in
drivers/pci/pci-sysfs.c.
"""
import struct

# ---- PCI ----

PCI_COMMAND_IO, PCI_COMMAND_MEMORY, PCI_COMMAND_MASTER, PCI_COMMAND_SERR = 0x1, 0x2, 0x4, 0x100
PCI_STATUS_CAP_LIST = 0x10

# struct resource flags as resource_show() prints them
IORESOURCE_IO, IORESOURCE_MEM, IORESOURCE_MEM_64 = 0x100, 0x200, 0x100000
IORESOURCE_SIZEALIGN, IORESOURCE_READONLY, IORESOURCE_CACHEABLE = 0x40000, 0x4000, 0x2000
PCI_RESOURCE_LINES = 13  # 6 BARs, the ROM, 6 SR-IOV BARs (non-bridges, CONFIG_PCI_IOV)


class Bar:
    """A base address register: kind 'mem32', 'mem64' or 'io', its address and size."""

    def __init__(self, kind, addr, size):
        self.kind, self.addr, self.size = kind, addr, size

    def words(self):
        if self.kind == "io":
            return [self.addr | 0x1]
        if self.kind == "mem64":
            return [(self.addr & 0xFFFFFFFF) | 0x4, self.addr >> 32]
        return [self.addr]

    def flags(self):
        if self.kind == "io":
            return IORESOURCE_IO | IORESOURCE_SIZEALIGN | 0x1
        f = IORESOURCE_MEM | IORESOURCE_SIZEALIGN
        return f | IORESOURCE_MEM_64 | 0x4 if self.kind == "mem64" else f


def msix_cap(offset, next_ptr, table_size, table_offset, pba_offset, enabled=True):
    """An MSI-X capability (id 0x11) at `offset`: message control, table and PBA locations (BIR 0)."""
    control = (table_size - 1) | (0x8000 if enabled else 0)
    return offset, struct.pack("<BBHII", 0x11, next_ptr, control, table_offset, pba_offset)


def pci_config(vid, did, cls, rev, svid, sdid, irq, command, bars=(), rom=None, caps=(), size=256):
    """The configuration space of a type 0 (non-bridge) function, `size` bytes (256, or 4096 for
    PCI Express): the 64-byte header, then the capabilities at their offsets, zero elsewhere."""
    status = PCI_STATUS_CAP_LIST if caps else 0
    bar_words = []
    for b in bars:
        bar_words += b.words()
    bar_words += [0] * (6 - len(bar_words))
    hdr = struct.pack("<HHHHB3sBBBB", vid, did, command, status, rev, cls.to_bytes(3, "little"), 0, 0, 0x00, 0)
    hdr += struct.pack("<6I", *bar_words)
    hdr += struct.pack("<IHHIB3xIBBBB", 0, svid, sdid, rom.addr if rom else 0, caps[0][0] if caps else 0, 0,
                       irq, 1 if irq else 0, 0, 0)
    assert len(hdr) == 64
    space = bytearray(size)
    space[0:64] = hdr
    for offset, body in caps:
        space[offset:offset + len(body)] = body
    return space.hex().upper()


def pci_resource(bars=(), rom=None):
    """The `resource` attribute: start, end and flags of each BAR, the ROM, the SR-IOV BARs."""
    lines = []
    for b in bars:
        lines.append((b.addr, b.addr + b.size - 1, b.flags()))
        if b.kind == "mem64":
            lines.append((0, 0, 0))  # the upper half of a 64-bit BAR is no resource of its own
    lines += [(0, 0, 0)] * (6 - len(lines))
    lines.append((rom.addr, rom.addr + rom.size - 1,
                  IORESOURCE_MEM | IORESOURCE_SIZEALIGN | IORESOURCE_READONLY | IORESOURCE_CACHEABLE) if rom else (0, 0, 0))
    lines += [(0, 0, 0)] * (PCI_RESOURCE_LINES - len(lines))
    return "".join("0x%016x 0x%016x 0x%016x\\n" % l for l in lines)


# ---- USB ----

class Endpoint:
    """An endpoint: address (0x81 = IN 1), type ('bulk', 'int'), max packet size, interval, and for
    SuperSpeed the companion descriptor."""
    TYPES = {"control": 0, "isoc": 1, "bulk": 2, "int": 3}

    def __init__(self, address, kind, max_packet, interval=0, superspeed=False):
        self.address, self.kind, self.max_packet = address, kind, max_packet
        self.interval, self.superspeed = interval, superspeed

    def bytes(self):
        b = struct.pack("<BBBBHB", 7, 5, self.address, self.TYPES[self.kind], self.max_packet, self.interval)
        if self.superspeed:
            b += struct.pack("<BBBBH", 6, 0x30, 0, 0, 2 if self.kind == "int" else 0)
        return b


class Interface:
    """An interface (alternate setting 0): class triple, endpoints, and a class descriptor (HID)
    written between the interface and its endpoints."""

    def __init__(self, cls, sub, proto, endpoints, class_desc=b""):
        self.cls, self.sub, self.proto = cls, sub, proto
        self.endpoints, self.class_desc = endpoints, class_desc


def hid_descriptor(bcd_hid, report_length, country=0):
    return struct.pack("<BBHBBBH", 9, 0x21, bcd_hid, country, 1, 0x22, report_length)


def usb_descriptors(bcd_usb, cls, sub, proto, max_packet0, vid, pid, bcd, strings, interfaces, attributes,
                    max_power_ma, superspeed=False):
    """The `descriptors` attribute: the device descriptor followed by the one configuration
    descriptor with its interfaces and endpoints, as the device sent them. `strings` gives the
    string indexes (manufacturer, product, serial), 0 for none."""
    dev = struct.pack("<BBHBBBBHHHBBBB", 18, 1, bcd_usb, cls, sub, proto, max_packet0, vid, pid, bcd,
                      strings[0], strings[1], strings[2], 1)
    body = b""
    for n, i in enumerate(interfaces):
        body += struct.pack("<BBBBBBBBB", 9, 4, n, 0, len(i.endpoints), i.cls, i.sub, i.proto, 0)
        body += i.class_desc
        for e in i.endpoints:
            body += e.bytes()
    power = max_power_ma // (8 if superspeed else 2)
    conf = struct.pack("<BBHBBBBB", 9, 2, 9 + len(body), len(interfaces), 1, 0, attributes, power)
    return (dev + conf + body).hex().upper()
