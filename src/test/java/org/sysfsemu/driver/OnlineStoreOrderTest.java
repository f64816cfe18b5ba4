package org.sysfsemu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.KernfsFile;
import org.sysfsemu.testing.TestKernel;

/** A listener of {@code offline}/{@code online} reading {@code online} sees the new state, as in the kernel. */
class OnlineStoreOrderTest {
  @Test
  void theEventComesAfterTheStateChanged() throws Exception {
    try (TestKernel k = TestKernel.of("""
        P: /devices/platform/serial8250
        E: SUBSYSTEM=platform
        A: online=1\\n
        """)) {
      String online = "/devices/platform/serial8250/online";
      KernfsFile attr = (KernfsFile) k.kernel.core().node(online);
      List<String> seen = new ArrayList<>();
      k.kernel.engine().addSink(e -> {
        try {
          seen.add(e.action().wireName() + " " + new String(attr.show(), StandardCharsets.ISO_8859_1).strip());
        } catch (SysfsException ex) {
          seen.add(ex.toString());
        }
      });
      k.write(online, "0\n");
      k.write(online, "1\n");
      assertEquals(List.of("offline 0", "online 1"), seen);
    }
  }
}
