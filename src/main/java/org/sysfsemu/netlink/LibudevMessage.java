package org.sysfsemu.netlink;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
    return encode(event, UdevPart.of(udev));
  }

  /**
   * {@link #encode(UEvent, UdevRecord)} with the udev side of the message already built: the
   * properties after the kernel keys, which depend on the device's udev record alone (unless a
   * kernel key of the event shadows one of them, which this checks).
   */
  public static byte[] encode(UEvent event, UdevPart udev) {
    Nulstr out = new Nulstr(HEADER_SIZE + 256 + udev.bytes.length);
    out.length = HEADER_SIZE;
    visitKernelPart(event.env(), out);
    if (udev.shadowedBy(event.env())) {
      visitUdevPart(event.env(), udev.record, out);
    } else {
      out.append(udev.bytes);
    }
    int propsLength = out.length - HEADER_SIZE;
    String devtype = event.get("DEVTYPE");
    ByteBuffer b = ByteBuffer.wrap(out.bytes, 0, HEADER_SIZE);
    b.put(PREFIX);
    b.order(ByteOrder.BIG_ENDIAN).putInt(MAGIC);
    b.order(ByteOrder.LITTLE_ENDIAN).putInt(HEADER_SIZE).putInt(HEADER_SIZE).putInt(propsLength);
    b.order(ByteOrder.BIG_ENDIAN).putInt(MurmurHash2.hash(event.subsystem()));
    b.putInt(devtype == null ? 0 : MurmurHash2.hash(devtype));
    b.putInt(TagBloom.hi(udev.tagBloom)).putInt(TagBloom.lo(udev.tagBloom));
    return Arrays.copyOf(out.bytes, out.length);
  }

  /**
   * The udev side of a device's messages, built once for its record: the properties that follow
   * the kernel keys, as bytes, and the tag bloom.
   */
  public static final class UdevPart {
    private final UdevRecord record;
    private final byte[] bytes;
    private final long tagBloom;

    private UdevPart(UdevRecord record) {
      this.record = record;
      Nulstr out = new Nulstr(512);
      visitUdevPart(List.of(), record, out);
      this.bytes = Arrays.copyOf(out.bytes, out.length);
      this.tagBloom = TagBloom.of(record.tags());
    }

    /** The udev side of the messages of a device udev knows as {@code record}. */
    public static UdevPart of(UdevRecord record) {
      return new UdevPart(record);
    }

    /** The record this was built from. */
    public UdevRecord record() {
      return record;
    }

    /** Whether a kernel key in {@code env} is also one of the properties placed among the others. */
    private boolean shadowedBy(List<String> env) {
      for (String k : record.properties().keySet()) {
        if (!MOVED_LAST.contains(k) && shadows(env, k)) {
          return true;
        }
      }
      return false;
    }
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
    ImmutableList.Builder<String> out = ImmutableList.builder();
    PropertySink list = new PropertySink() {
      @Override
      public void entry(String keyValue) {
        out.add(keyValue);
      }

      @Override
      public void entry(String prefix, String rest) {
        out.add(prefix + rest);
      }
    };
    visitKernelPart(event.env(), list);
    visitUdevPart(event.env(), udev, list);
    return out.build();
  }

  /** Where the visits put each property; one with two parts is their concatenation. */
  private interface PropertySink {
    void entry(String keyValue);

    void entry(String prefix, String rest);
  }

  /**
   * The order's first part, the kernel keys. With {@link #visitUdevPart}, the one definition of
   * the order: {@link #properties} lists it, {@link #encode} writes the same entries straight
   * into the datagram (it runs for every event, under the event mutex).
   */
  private static void visitKernelPart(List<String> env, PropertySink out) {
    out.entry(DATABASE_VERSION);
    for (String e : env) {
      if (isKey(e, "MAJOR") || isKey(e, "MINOR")) {
        continue;
      }
      if (isKey(e, "DEVNAME") && !e.startsWith("DEVNAME=/")) {
        out.entry("DEVNAME=/dev/", e.substring("DEVNAME=".length()));
      } else {
        out.entry(e);
      }
    }
    for (String e : env) {
      if (isKey(e, "MAJOR") || isKey(e, "MINOR")) {
        out.entry(e);
      }
    }
  }

  /** The order's second part: udev's properties, less those a kernel key in {@code env} shadows. */
  private static void visitUdevPart(List<String> env, UdevRecord udev, PropertySink out) {
    Map<String, String> props = udev.properties();
    addIfValid(out, "USEC_INITIALIZED", props.get("USEC_INITIALIZED"));
    props.forEach((k, v) -> {
      if (!MOVED_LAST.contains(k) && !shadows(env, k)) {
        addIfValid(out, k, v);
      }
    });
    addIfValid(out, "DEVLINKS", props.get("DEVLINKS"));
    if (!udev.tags().isEmpty()) {
      out.entry("TAGS=", UdevRecord.formatTags(udev.tags()));
    }
    if (!udev.currentTags().isEmpty()) {
      out.entry("CURRENT_TAGS=", UdevRecord.formatTags(udev.currentTags()));
    }
  }

  /** Whether {@code entry} is {@code key=...}. */
  private static boolean isKey(String entry, String key) {
    return entry.length() > key.length() && entry.charAt(key.length()) == '=' && entry.startsWith(key);
  }

  /**
   * Whether a kernel key in {@code env} takes the place of the udev property {@code key} (one of
   * {@code env}'s entries has that key, the part before its first {@code =}).
   */
  private static boolean shadows(List<String> env, String key) {
    for (String e : env) {
      if (isKey(e, key)) {
        return true;
      }
    }
    return false;
  }

  private static void addIfValid(PropertySink out, String key, String value) {
    if (value != null && !key.isEmpty() && key.indexOf('=') < 0 && key.indexOf('\0') < 0
        && value.indexOf('\0') < 0) {
      out.entry(key + "=", value);
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

  /** A growing byte array of ISO-8859-1 strings, each followed by a NUL. */
  private static final class Nulstr implements PropertySink {
    byte[] bytes;
    int length;

    Nulstr(int capacity) {
      bytes = new byte[capacity];
    }

    @Override
    public void entry(String keyValue) {
      append(keyValue);
      bytes[length++] = 0;
    }

    @Override
    public void entry(String prefix, String rest) {
      append(prefix);
      append(rest);
      bytes[length++] = 0;
    }

    void append(byte[] b) {
      if (length + b.length > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + b.length));
      }
      System.arraycopy(b, 0, bytes, length, b.length);
      length += b.length;
    }

    private void append(String s) {
      int n = s.length();
      if (length + n + 1 > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + n + 1));
      }
      int at = length;
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++; // one character, one '?', as getBytes(ISO_8859_1)
        }
        bytes[at++] = c <= 0xff ? (byte) c : (byte) '?';
      }
      length = at;
    }
  }
}
