import static org.junit.jupiter.api.Assertions.*;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sysfsemu.junit.SysfsEmuExtension;
class StickTest {
  @RegisterExtension static final SysfsEmuExtension emu = SysfsEmuExtension.mounted();  // default tree
  @Test void stick() throws Exception {
    try (var events = emu.get().subscribe()) {
      emu.get().plug("usb-stick");
      assertEquals("sdb1", events.await(e -> e.devpath().endsWith("/sdb1"), Duration.ofSeconds(5)).get("DEVNAME"));
      assertTrue(java.nio.file.Files.exists(emu.get().dev().resolve("sdb1")));
    }
  }
}
