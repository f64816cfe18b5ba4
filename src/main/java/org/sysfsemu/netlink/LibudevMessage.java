package org.sysfsemu.netlink;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sysfsemu.uevent.UEvent;

/**
 * A libudev-format datagram: what udevd multicasts on group 2 after processing an event ({@code
 * device_monitor_send_device} in sd-device). The layout (docs/linux-reference.md §11.4): {@code
 * "libudev\0"}, magic {@code 0xfeedcafe} big-endian, header_size, properties_off and
 * properties_len in host order (little-endian, as on x86 and ARM-LE hosts), the subsystem and
 * devtype {@link MurmurHash2}es and the {@link TagBloom} halves big-endian, then the properties as
 * {@code KEY=VALUE\0} with no extra final NUL.
 *
 * <p>Decoded, this record holds the header fields and the properties.
 *
 * @param headerSize header_size (40 from udevd; receivers ignore it)
 * @param propertiesOff where the properties start
 * @param propertiesLen properties_len (receivers ignore it and read to the end)
 * @param subsystemHash filter_subsystem_hash
 * @param devtypeHash filter_devtype_hash, 0 without DEVTYPE
 * @param tagBloom filter_tag_bloom_hi and _lo as one value, 0 without tags
 * @param properties the {@code KEY=VALUE} strings in datagram order
 */
public record LibudevMessage(
    int headerSize,
    int propertiesOff,
    int propertiesLen,
    int subsystemHash,
    int devtypeHash,
    long tagBloom,
    ImmutableList<String> properties) {

  /** The size of the header udevd writes. */
  public static final int HEADER_SIZE = 40;

  /** The magic, compared by receivers as {@code htobe32(0xfeedcafe)}. */
  public static final int MAGIC = 0xfeedcafe;

  private static final byte[] PREFIX = "libudev\0".getBytes(StandardCharsets.ISO_8859_1);
  private static final String DATABASE_VERSION = "UDEV_DATABASE_VERSION=1";
  private static final Set<String> MOVED_LAST =
      Set.of("UDEV_DATABASE_VERSION", "USEC_INITIALIZED", "DEVLINKS", "TAGS", "CURRENT_TAGS");

  /** The value of {@code key} among the properties, or null. */
  public String get(String key) {
    return UEvent.valueOf(properties, key);
  }

  /** The group-2 datagram udevd would send for {@code event} of a device udev knows as {@code udev}. */
  public static byte[] encode(UEvent event, UdevRecord udev) {
    byte[] props = nulstr(properties(event, udev));
    String devtype = event.get("DEVTYPE");
    long bloom = TagBloom.of(udev.tags());
    ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE + props.length);
    b.put(PREFIX);
    b.order(ByteOrder.BIG_ENDIAN).putInt(MAGIC);
    b.order(ByteOrder.LITTLE_ENDIAN).putInt(HEADER_SIZE).putInt(HEADER_SIZE).putInt(props.length);
    b.order(ByteOrder.BIG_ENDIAN).putInt(MurmurHash2.hash(event.subsystem()));
    b.putInt(devtype == null ? 0 : MurmurHash2.hash(devtype));
    b.putInt(TagBloom.hi(bloom)).putInt(TagBloom.lo(bloom));
    return b.put(props).array();
  }

  /**
   * The properties in udevd 252's order (docs/linux-reference.md §11.4): {@code UDEV_DATABASE_VERSION=1}; the kernel keys
   * in the kernel's order with DEVNAME made absolute and MAJOR/MINOR moved after SEQNUM;
   * USEC_INITIALIZED; the other udev properties in database order (a key the kernel event also
   * has keeps the kernel's value); DEVLINKS; TAGS and CURRENT_TAGS when there are tags. Entries
   * that could not travel as {@code KEY=VALUE\0} (empty key, {@code =} in the key, a NUL) are
   * left out.
   */
  public static ImmutableList<String> properties(UEvent event, UdevRecord udev) {
    List<String> out = new ArrayList<>();
    List<String> devnum = new ArrayList<>();
    Set<String> kernelKeys = new HashSet<>();
    out.add(DATABASE_VERSION);
    for (String e : event.env()) {
      String key = e.substring(0, Math.max(e.indexOf('='), 0));
      kernelKeys.add(key);
      if (key.equals("MAJOR") || key.equals("MINOR")) {
        devnum.add(e);
      } else if (key.equals("DEVNAME") && !e.startsWith("DEVNAME=/")) {
        out.add("DEVNAME=/dev/" + e.substring("DEVNAME=".length()));
      } else {
        out.add(e);
      }
    }
    out.addAll(devnum);
    Map<String, String> props = udev.properties();
    addIfValid(out, "USEC_INITIALIZED", props.get("USEC_INITIALIZED"));
    props.forEach((k, v) -> {
      if (!kernelKeys.contains(k) && !MOVED_LAST.contains(k)) {
        addIfValid(out, k, v);
      }
    });
    addIfValid(out, "DEVLINKS", props.get("DEVLINKS"));
    if (!udev.tags().isEmpty()) {
      out.add("TAGS=" + UdevRecord.formatTags(udev.tags()));
    }
    if (!udev.currentTags().isEmpty()) {
      out.add("CURRENT_TAGS=" + UdevRecord.formatTags(udev.currentTags()));
    }
    return ImmutableList.copyOf(out);
  }

  private static void addIfValid(List<String> out, String key, String value) {
    if (value != null && !key.isEmpty() && key.indexOf('=') < 0 && key.indexOf('\0') < 0
        && value.indexOf('\0') < 0) {
      out.add(key + "=" + value);
    }
  }

  /** Whether {@code datagram} starts like a libudev message (prefix and magic). */
  public static boolean isLibudev(byte[] datagram) {
    if (datagram.length < 12) {
      return false;
    }
    ByteBuffer b = ByteBuffer.wrap(datagram);
    return b.slice(0, PREFIX.length).equals(ByteBuffer.wrap(PREFIX)) && b.getInt(8) == MAGIC;
  }

  /**
   * Parses a group-2 datagram with sd-device's checks (docs/linux-reference.md §11.3): the prefix, the magic, {@code
   * properties_off + 32 <= length}, properties read from properties_off to the end (each must
   * contain {@code =}, no empty string, the last NUL-terminated), and ACTION, DEVPATH, SUBSYSTEM
   * and SEQNUM present. Stricter than sd-device in one point: the whole 40-byte header and
   * properties_off ≥ 40 are required, so that every field can be returned.
   *
   * @throws IllegalArgumentException naming the first check that failed
   */
  public static LibudevMessage decode(byte[] datagram) {
    checkArgument(datagram.length >= HEADER_SIZE, "shorter than the header: %s bytes", datagram.length);
    checkArgument(isLibudev(datagram), "no libudev prefix and magic");
    ByteBuffer host = ByteBuffer.wrap(datagram).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer network = ByteBuffer.wrap(datagram).order(ByteOrder.BIG_ENDIAN);
    int off = host.getInt(16);
    checkArgument(off >= HEADER_SIZE && off <= datagram.length - 32, "bad properties_off %s", off);
    long bloom = (long) network.getInt(32) << 32 | (network.getInt(36) & 0xffffffffL);
    LibudevMessage m = new LibudevMessage(host.getInt(12), off, host.getInt(20), network.getInt(24),
        network.getInt(28), bloom, parseNulstr(datagram, off));
    for (String key : List.of("ACTION", "DEVPATH", "SUBSYSTEM", "SEQNUM")) {
      checkArgument(m.get(key) != null, "no %s", key);
    }
    return m;
  }

  private static ImmutableList<String> parseNulstr(byte[] data, int from) {
    checkArgument(from < data.length && data[data.length - 1] == 0, "properties not NUL-terminated");
    ImmutableList.Builder<String> out = ImmutableList.builder();
    for (int i = from; i < data.length; ) {
      int end = i;
      while (data[end] != 0) {
        end++;
      }
      String s = new String(data, i, end - i, StandardCharsets.ISO_8859_1);
      checkArgument(s.indexOf('=') > 0, "property without KEY=: \"%s\"", s);
      out.add(s);
      i = end + 1;
    }
    return out.build();
  }

  private static byte[] nulstr(List<String> strings) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    for (String s : strings) {
      byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
      out.write(bytes, 0, bytes.length);
      out.write(0);
    }
    return out.toByteArray();
  }
}
