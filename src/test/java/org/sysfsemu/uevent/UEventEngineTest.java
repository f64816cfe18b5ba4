package org.sysfsemu.uevent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kobject.KObjectAction;
import org.sysfsemu.testing.TestKernel;

/** kobject_uevent_env: order, limits and their seqnum effects, filter, suppress, helper env. */
class UEventEngineTest {
  private static final String UUID = "01234567-89ab-cdef-0123-456789abcdef";
  private static final String NULL_UEVENT = "/devices/virtual/mem/null/uevent";
  private TestKernel k;
  private final List<List<String>> helperCalls = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    k = TestKernel.of(TestKernel.BASIC);
    k.kernel.engine().setHelperLauncher((seq, argv, envp) -> {
      List<String> call = new ArrayList<>(argv);
      call.add("|");
      call.addAll(envp);
      helperCalls.add(call);
    });
  }

  @AfterEach
  void tearDown() {
    k.close();
  }

  @Test
  void changeOnNullHasTheKernelsBytes() throws Exception {
    assertEquals(6, k.write(NULL_UEVENT, "change"));
    assertEquals(1, k.events.size());
    String dg = new String(k.events.get(0).datagram(), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertEquals("change@/devices/virtual/mem/null\0ACTION=change\0DEVPATH=/devices/virtual/mem/null\0"
        + "SUBSYSTEM=mem\0SYNTH_UUID=0\0MAJOR=1\0MINOR=3\0DEVNAME=null\0DEVMODE=0666\0SEQNUM=1\0", dg);
    assertEquals(1, k.seqnum());
  }

  @Test
  void uevenFileShowsKernelKeysOnlyInKernelOrder() throws Exception {
    assertEquals("MAJOR=1\nMINOR=3\nDEVNAME=null\nDEVMODE=0666\n", k.read(NULL_UEVENT));
    assertEquals("MAJOR=4\nMINOR=64\nDEVNAME=ttyS0\n", k.read("/devices/platform/serial8250/tty/ttyS0/uevent"));
    assertEquals("DRIVER=virtio-pci\nPCI_CLASS=18000\nPCI_ID=1AF4:1042\nPCI_SUBSYS_ID=1AF4:1042\n"
        + "PCI_SLOT_NAME=0000:00:02.0\nMODALIAS=pci:v00001AF4d00001042sv00001AF4sd00001042bc01sc80i00\n",
        k.read("/devices/pci0000:00/0000:00:02.0/uevent"));
  }

  @Test
  void filteredObjectAcceptsWriteSendsNothingAndKeepsSeqnum() throws Exception {
    assertEquals("", k.read("/devices/platform/uevent"));
    assertEquals(7, k.write("/devices/platform/uevent", "change\n"));
    assertEquals(List.of(), k.events);
    assertEquals(0, k.seqnum());
  }

  @Test
  void synthArgsComeRightAfterSubsystem() throws Exception {
    k.write(NULL_UEVENT, "add " + UUID + " FOO=bar");
    assertEquals(ImmutableList.of("ACTION=add", "DEVPATH=/devices/virtual/mem/null", "SUBSYSTEM=mem",
        "SYNTH_UUID=" + UUID, "SYNTH_ARG_FOO=bar", "MAJOR=1", "MINOR=3", "DEVNAME=null", "DEVMODE=0666",
        "SEQNUM=1"), k.events.get(0).env());
  }

  /** docs/linux-reference.md §3.4, measured on /dev/null (9 base keys). */
  @ParameterizedTest(name = "{0} args -> {1}, seqnum +{2}")
  @CsvSource({"55, OK, 1", "56, ENOMEM, 1", "60, ENOMEM, 1", "61, ENOMEM, 0", "62, ENOMEM, 0",
      "63, ENOMEM, 0", "64, EINVAL, 0", "70, EINVAL, 0"})
  void keyCountLimits(int args, String result, int seqDelta) throws Exception {
    StringBuilder sb = new StringBuilder("change " + UUID);
    for (int i = 0; i < args; i++) {
      sb.append(" k").append(i).append("=v");
    }
    if (result.equals("OK")) {
      assertEquals(sb.length(), k.write(NULL_UEVENT, sb.toString()));
      assertEquals(64, k.events.get(0).env().size());
    } else {
      SysfsException e = assertThrows(SysfsException.class, () -> k.write(NULL_UEVENT, sb.toString()));
      assertEquals(Errno.valueOf(result), e.errno());
      assertEquals(List.of(), k.events);
    }
    assertEquals(seqDelta, k.seqnum());
  }

  @Test
  void oversizedValueIsEinvalWithoutSeqnum() {
    SysfsException e = assertThrows(SysfsException.class,
        () -> k.write(NULL_UEVENT, "change " + UUID + " a=" + "x".repeat(1990)));
    assertEquals(Errno.EINVAL, e.errno());
    assertEquals(0, k.seqnum());
  }

  @Test
  void suppressedObjectSendsNothing() throws Exception {
    k.kernel.core().device("/devices/virtual/mem/null").setUeventSuppress(true);
    assertEquals(3, k.write(NULL_UEVENT, "add"));
    assertEquals(List.of(), k.events);
    assertEquals(0, k.seqnum());
  }

  @Test
  void unbindDropsModaliasAndRemoveSetsTheFlag() throws Exception {
    k.write("/devices/pci0000:00/0000:00:02.0/uevent", "unbind");
    UEvent ev = k.events.get(0);
    assertEquals(null, ev.get("MODALIAS"));
    assertEquals("virtio-pci", ev.get("DRIVER")); // synthetic: the driver is still bound
    var dev = k.kernel.core().device("/devices/pci0000:00/0000:00:02.0");
    k.kernel.engine().emit(dev, KObjectAction.REMOVE);
    assertTrue(dev.removeUeventSent());
  }

  @Test
  void helperGetsArgvSubsystemAndEnvPlusHomeAndPath() throws Exception {
    k.kernel.engine().helperPath().set("/sbin/mdev");
    k.write(NULL_UEVENT, "change");
    assertEquals(List.of("/sbin/mdev", "mem", "|", "ACTION=change", "DEVPATH=/devices/virtual/mem/null",
        "SUBSYSTEM=mem", "SYNTH_UUID=0", "MAJOR=1", "MINOR=3", "DEVNAME=null", "DEVMODE=0666", "SEQNUM=1",
        "HOME=/", "PATH=/sbin:/bin:/usr/sbin:/usr/bin"), helperCalls.get(0));
  }

  @Test
  void helperOverflowIsEnomemAfterTheBroadcast() throws Exception {
    k.kernel.engine().helperPath().set("/sbin/mdev");
    StringBuilder sb = new StringBuilder("change " + UUID);
    for (int i = 0; i < 54; i++) {
      sb.append(" k").append(i).append("=v");
    }
    // 3 + 55 + 4 + SEQNUM = 63 entries: HOME fits, PATH is the 65th.
    SysfsException e = assertThrows(SysfsException.class, () -> k.write(NULL_UEVENT, sb.toString()));
    assertEquals(Errno.ENOMEM, e.errno());
    assertEquals(1, k.events.size(), "the event was already published");
    assertEquals(List.of(), helperCalls, "the helper is not run");
  }

  @Test
  void busAndDriverUeventFilesSendBusAndDriversEvents() throws Exception {
    assertEquals(7, k.write("/bus/platform/uevent", "change\n"));
    assertEquals("change@/bus/platform", new String(k.events.get(0).datagram()).split("\0")[0]);
    assertEquals("bus", k.events.get(0).subsystem());
    k.write("/bus/platform/drivers/serial8250/uevent", "add");
    assertEquals("/bus/platform/drivers/serial8250", k.events.get(1).devpath());
    assertEquals("drivers", k.events.get(1).subsystem());
  }
}
