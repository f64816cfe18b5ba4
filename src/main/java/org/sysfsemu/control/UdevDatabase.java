package org.sysfsemu.control;

import java.util.List;
import java.util.Map;
import org.sysfsemu.driver.Device;

/**
 * The emulator's udev database as text: for each device udev knows something about, a {@code P:
 * devpath} line, then the lines systemd-udevd writes to {@code /run/udev/data/<id>} ({@code
 * S:link}, {@code I:usec}, {@code E:KEY=VALUE}, {@code G:tag}, {@code Q:tag}, {@code V:1}), then
 * an empty line. Read by {@code sysfs-emu record} and {@code info} through {@code
 * /dev/.sysfs-emu/udevdb}.
 */
public final class UdevDatabase {
  private UdevDatabase() {}

  /** The database paragraphs of {@code devices} (those without udev data are left out). */
  public static String export(List<Device> devices) {
    StringBuilder sb = new StringBuilder();
    for (Device d : devices) {
      if (d.udevProperties().isEmpty() && d.devlinks().isEmpty()) {
        continue;
      }
      sb.append("P: ").append(d.devpath()).append('\n');
      for (String link : d.devlinks()) {
        sb.append("S:").append(link).append('\n');
      }
      Map<String, String> props = d.udevProperties();
      String usec = props.get("USEC_INITIALIZED");
      if (usec != null) {
        sb.append("I:").append(usec).append('\n');
      }
      props.forEach((k, v) -> {
        if (!k.equals("USEC_INITIALIZED") && !k.equals("TAGS") && !k.equals("CURRENT_TAGS")
            && !(k.equals("DEVLINKS") && !d.devlinks().isEmpty())) {
          sb.append("E:").append(k).append('=').append(v).append('\n');
        }
      });
      tags(sb, 'G', props.get("TAGS"));
      tags(sb, 'Q', props.getOrDefault("CURRENT_TAGS", props.get("TAGS")));
      sb.append("V:1\n\n");
    }
    return sb.toString();
  }

  private static void tags(StringBuilder sb, char type, String list) {
    if (list != null) {
      for (String t : list.split(":")) {
        if (!t.isEmpty()) {
          sb.append(type).append(':').append(t).append('\n');
        }
      }
    }
  }
}
