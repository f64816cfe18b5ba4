package org.sysfsemu.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.sysfsemu.EmulatedKernel;
import org.sysfsemu.kernfs.KernfsFile;
import org.sysfsemu.kernfs.KernfsLink;
import org.sysfsemu.kernfs.KernfsNode;
import org.sysfsemu.loader.TreeLoader;
import org.sysfsemu.uevent.UEvent;

/** An in-process kernel loaded from inline record text, recording every published event. */
public final class TestKernel implements AutoCloseable {
  /**
   * The devices most tests use.
   *
   * <pre>
   * /devices/virtual/mem/null            mem, 1:3, DEVMODE 0666
   * /devices/platform/serial8250         platform, driver serial8250
   * /devices/platform/serial8250/tty/ttyS0   tty, 4:64
   * /devices/pci0000:00/0000:00:02.0     pci, driver virtio-pci
   * </pre>
   */
  public static final String BASIC =
      """
      P: /devices/virtual/mem/null
      N: null
      E: DEVMODE=0666
      E: DEVNAME=/dev/null
      E: MAJOR=1
      E: MINOR=3
      E: SUBSYSTEM=mem
      A: dev=1:3\\n

      P: /devices/platform/serial8250
      E: DRIVER=serial8250
      E: MODALIAS=platform:serial8250
      E: SUBSYSTEM=platform
      A: driver_override=(null)\\n
      L: driver=../../../bus/platform/drivers/serial8250

      P: /devices/platform/serial8250/tty/ttyS0
      N: ttyS0
      E: DEVNAME=/dev/ttyS0
      E: MAJOR=4
      E: MINOR=64
      E: SUBSYSTEM=tty
      E: ID_PATH=platform-serial8250
      A: dev=4:64\\n
      A: type=4\\n

      P: /devices/pci0000:00/0000:00:02.0
      E: DRIVER=virtio-pci
      E: MODALIAS=pci:v00001AF4d00001042sv00001AF4sd00001042bc01sc80i00
      E: PCI_CLASS=18000
      E: PCI_ID=1AF4:1042
      E: PCI_SLOT_NAME=0000:00:02.0
      E: PCI_SUBSYS_ID=1AF4:1042
      E: SUBSYSTEM=pci
      A: vendor=0x1af4\\n
      A: power/control=on\\n
      H: config=F41A4210
      """;

  public final EmulatedKernel kernel;
  public final List<UEvent> events = new ArrayList<>();

  private TestKernel(EmulatedKernel kernel) {
    this.kernel = kernel;
    kernel.engine().addSink(events::add);
  }

  /** A kernel with {@code records} coldplugged. */
  public static TestKernel of(String records) throws Exception {
    EmulatedKernel k = EmulatedKernel.create(EmulatedKernel.Config.defaults());
    k.coldplug(TreeLoader.parse("test.umockdev", records));
    return new TestKernel(k);
  }

  public KernfsNode node(String path) {
    return kernel.core().node(path);
  }

  /** The text a read of the attribute at {@code path} returns. */
  public String read(String path) throws Exception {
    return new String(((KernfsFile) node(path)).ops().show(), StandardCharsets.ISO_8859_1);
  }

  /** Writes {@code text} to the attribute at {@code path}; returns the store result. */
  public int write(String path, String text) throws Exception {
    return ((KernfsFile) node(path)).ops().store(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public String readlink(String path) {
    return ((KernfsLink) node(path)).readlink();
  }

  public long seqnum() {
    return kernel.engine().seqnum();
  }

  @Override
  public void close() {
    kernel.close();
  }
}
