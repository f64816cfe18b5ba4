package org.sysfsemu.kernfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.sysfsemu.error.SysfsException;

/** Which moves change a link's text: those above exactly one of the link and its target. */
class KernfsLinkTest {
  private final Kernfs kernfs = new Kernfs(Clock.systemUTC());
  private KernfsDir devices;
  private KernfsDir pci;
  private KernfsDir eth0;
  private KernfsDir net;
  private KernfsLink subsystem;
  private KernfsLink device;
  private KernfsLink firmware;

  KernfsLinkTest() throws SysfsException {
    kernfs.writeRun(() -> {
      devices = kernfs.mkdir(kernfs.root(), "devices", 0755);
      pci = kernfs.mkdirs(devices, "pci0000:00");
      KernfsDir nic = kernfs.mkdir(pci, "0000:00:03.0", 0755);
      eth0 = kernfs.mkdirs(kernfs.mkdirs(nic, "net"), "eth0");
      net = kernfs.mkdirs(kernfs.mkdir(kernfs.root(), "class", 0755), "net");
      subsystem = kernfs.symlink(eth0, "subsystem", net);
      device = kernfs.symlink(eth0, "device", nic);
      firmware = kernfs.symlinkLiteral(eth0, "firmware_node", "../../../LNXSYSTM:00");
    });
  }

  @Test
  void aMoveAboveTheLinkButNotItsTargetChangesIt() throws SysfsException {
    assertEquals("../../../../../class/net", subsystem.readlink());
    assertTrue(subsystem.textChangedBy(eth0));
    assertTrue(subsystem.textChangedBy(subsystem), "the link itself moved");
    assertTrue(subsystem.textChangedBy(net), "the target itself renamed");
    assertTrue(subsystem.textChangedBy(net.parent()));
  }

  @Test
  void aRenameOfATargetAboveTheLinkChangesIt() {
    assertEquals("../../../0000:00:03.0", device.readlink());
    assertTrue(device.textChangedBy(device.target()), "the text ends with the target's name");
  }

  @Test
  void aMoveAboveBothOrNeitherLeavesIt() {
    assertFalse(subsystem.textChangedBy(kernfs.root()));
    assertFalse(device.textChangedBy(pci), "above the link and its target: the path between them keeps");
    assertFalse(device.textChangedBy(devices));
    assertFalse(subsystem.textChangedBy(device));
  }

  @Test
  void aLiteralLinkNeverChanges() {
    assertFalse(firmware.textChangedBy(eth0));
    assertFalse(firmware.textChangedBy(firmware));
  }
}
