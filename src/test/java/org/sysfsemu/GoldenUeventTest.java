package org.sysfsemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sysfsemu.driver.Device;
import org.sysfsemu.kernfs.KernfsFile;
import org.sysfsemu.loader.TreeLoader;
import org.sysfsemu.testing.TestData;
import org.sysfsemu.uevent.UEvent;

/**
 * The devices recorded from a real machine, loaded from their sorted {@code .umockdev} record:
 * their {@code uevent} files and the datagrams sent for {@code change} must equal, byte for byte
 * (SEQNUM aside), what that machine's kernel produced.
 */
class GoldenUeventTest {
  private EmulatedKernel kernel;
  private final List<UEvent> sent = new ArrayList<>();
  private JsonObject golden;

  @BeforeEach
  void load() throws Exception {
    kernel = EmulatedKernel.create(EmulatedKernel.Config.defaults());
    String file = TestData.kernelUevents().resolve("devices.umockdev").toString();
    kernel.coldplug(TreeLoader.parse(file, TreeLoader.read(TestData.kernelUevents().resolve("devices.umockdev"))));
    kernel.engine().addSink(sent::add);
    String json = Files.readString(TestData.kernelUevents().resolve("real-events.json"), StandardCharsets.UTF_8);
    golden = JsonParser.parseString(json).getAsJsonObject();
  }

  @AfterEach
  void close() {
    kernel.close();
  }

  @Test
  void ueventFilesMatchTheKernel() throws Exception {
    for (Map.Entry<String, JsonElement> e : golden.entrySet()) {
      String expected = e.getValue().getAsJsonObject().get("uevent").getAsString();
      KernfsFile f = (KernfsFile) kernel.core().node(e.getKey() + "/uevent");
      assertNotNull(f, e.getKey() + "/uevent must exist");
      assertEquals(expected, new String(f.ops().show(), StandardCharsets.ISO_8859_1), e.getKey());
    }
  }

  @Test
  void changeDatagramsMatchTheKernelSeqnumAside() throws Exception {
    for (Map.Entry<String, JsonElement> e : golden.entrySet()) {
      JsonElement dg = e.getValue().getAsJsonObject().get("datagram");
      KernfsFile f = (KernfsFile) kernel.core().node(e.getKey() + "/uevent");
      long before = kernel.engine().seqnum();
      sent.clear();
      assertEquals(6, f.ops().store("change".getBytes(StandardCharsets.ISO_8859_1)), e.getKey());
      if (dg.isJsonNull()) {
        assertEquals(List.of(), sent, e.getKey() + " is filtered: no event");
        assertEquals(before, kernel.engine().seqnum(), e.getKey() + " is filtered: seqnum unchanged");
        continue;
      }
      assertEquals(1, sent.size(), e.getKey());
      UEvent ev = sent.get(0);
      assertEquals(before + 1, ev.seqnum());
      String actual = new String(ev.datagram(), StandardCharsets.ISO_8859_1);
      assertEquals(maskSeqnum(dg.getAsString()), maskSeqnum(actual), e.getKey());
    }
  }

  @Test
  void recordedParentsWithoutRecordsAreFilteredDevices() {
    Device platform = kernel.core().device("/devices/platform");
    assertNotNull(platform);
    assertNull(platform.subsystem());
  }

  private static String maskSeqnum(String datagram) {
    return datagram.replaceAll("SEQNUM=[0-9]+\u0000$", "SEQNUM=N\u0000");
  }
}
