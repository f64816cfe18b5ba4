package org.sysfsemu.udevdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import org.sysfsemu.driver.Device;
import org.sysfsemu.driver.DeviceNotifier;
import org.sysfsemu.netlink.UdevRecord;

/**
 * The emulated udev database: what udevd would have recorded for each device after running its
 * rules, taken from the recording ({@link RecordedUdev}). Follows the devices through the driver
 * core's {@link DeviceNotifier} chain, keeps the {@link UdevDbStore} (the files of /run/udev)
 * current and makes the links to device nodes in the {@link DevlinkTree} (/dev), as udevd does
 * before it announces an event; answers the multicaster's lookups for group-2 messages.
 *
 * <p>Changes are serialised on this object; {@link #record} only reads a concurrent map, so the
 * multicaster may call it under the event mutex.
 */
public final class UdevDatabase implements DeviceNotifier {
  private final Map<Device, UdevDbEntry> entries = new ConcurrentHashMap<>();
  /** Per link, the nodes that claim it, the latest last: the link points to the latest. */
  private final Map<String, Deque<String>> claims = new HashMap<>();
  private final LongSupplier monotonicMicros;
  private final DevlinkTree devlinks;
  private volatile UdevDbStore store = UdevDbStore.NONE;

  /**
   * @param monotonicMicros CLOCK_MONOTONIC in µs, the clock of USEC_INITIALIZED
   * @param devlinks where links to nodes are made
   */
  public UdevDatabase(LongSupplier monotonicMicros, DevlinkTree devlinks) {
    this.monotonicMicros = monotonicMicros;
    this.devlinks = devlinks;
  }

  /** Writes the files to {@code store} from now on, starting with every entry already known. */
  public void setStore(UdevDbStore store) {
    setStore(store, written -> {});
  }

  /** {@link #setStore(UdevDbStore)}, telling {@code written} the count after each entry. */
  public synchronized void setStore(UdevDbStore store, IntConsumer written) {
    this.store = store;
    store.putAll(entries.values(), written);
  }

  /** How many devices udev knows. */
  public int size() {
    return entries.size();
  }

  /** The entry of {@code dev}, or null when udev has not seen it. */
  public UdevDbEntry entry(Device dev) {
    return entries.get(dev);
  }

  /** The udev side of {@code dev} for a group-2 message; {@link UdevRecord#EMPTY} when unknown. */
  public UdevRecord record(Device dev) {
    UdevDbEntry e = dev == null ? null : entries.get(dev);
    if (e == null) {
      return UdevRecord.EMPTY;
    }
    RecordMemo m = lastRecord;
    if (m != null && m.entry == e) {
      return m.record;
    }
    UdevRecord r = e.toUdevRecord();
    lastRecord = new RecordMemo(e, r);
    return r;
  }

  /**
   * The record made last, with the entry it was made from: entries are immutable, so the same
   * entry gives the same record, and events about one device in a row build it once.
   */
  private volatile RecordMemo lastRecord;

  private record RecordMemo(UdevDbEntry entry, UdevRecord record) {}

  /**
   * The database as one text, for {@code /dev/.sysfs-emu/udevdb} (read by {@code sysfs-emu record}
   * and {@code info}): for each device udev knows something about, a {@code P: devpath} line, the
   * lines of its file ({@link UdevDbEntry#contents()}), then an empty line. The entries are made
   * from the recording alone ({@code I:} only when USEC_INITIALIZED was recorded, never a stamp of
   * now), so that a recording of the export gives back the tree it was loaded from; with the real
   * udevd too.
   */
  public static String export(List<Device> devices) {
    StringBuilder sb = new StringBuilder();
    for (Device d : devices) {
      UdevDbEntry e = entryOf(d, 0);
      if (e.hasInfo()) {
        sb.append("P: ").append(d.devpath()).append('\n')
            .append(new String(e.contents(), StandardCharsets.ISO_8859_1)).append('\n');
      }
    }
    return sb.toString();
  }

  /** The entry udev keeps for {@code dev} as it is now. */
  static UdevDbEntry entryOf(Device dev, long usecNow) {
    String devnode = dev.devNode() != null ? dev.devnodeName() : null;
    int ifindex = ifindex(dev);
    String id = DeviceId.of(dev.subsystem(), dev.devt(), ifindex, dev.name()); // the sysname is all it takes
    return RecordedUdev.entry(id, devnode, ifindex, dev.udevProperties(), dev.devlinks(), usecNow);
  }

  private static int ifindex(Device dev) {
    for (String v : dev.ueventVars()) {
      if (v.startsWith("IFINDEX=")) {
        try {
          return Integer.parseInt(v.substring("IFINDEX=".length()));
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  @Override
  public synchronized void added(Device dev) {
    if (dev.subsystem() == null) {
      return; // its events are filtered: udevd never hears of it
    }
    UdevDbEntry e = entryOf(dev, monotonicMicros.getAsLong());
    entries.put(dev, e);
    store.put(e);
    claimLinks(e);
  }

  @Override
  public synchronized void renamed(Device dev, String oldDevpath) {
    update(dev);
  }

  @Override
  public synchronized void changing(Device dev) {
    update(dev);
  }

  /** Rewrites the entry of {@code dev} as it is now, keeping its USEC_INITIALIZED (a new id replaces the old file). */
  private void update(Device dev) {
    UdevDbEntry old = entries.get(dev);
    if (old == null) {
      added(dev);
      return;
    }
    UdevDbEntry e = entryOf(dev, old.usecInitialized()).withUsecInitialized(old.usecInitialized());
    if (!e.id().equals(old.id())) {
      store.remove(old);
    }
    entries.put(dev, e);
    store.put(e);
    if (!e.devlinks().equals(old.devlinks()) || !java.util.Objects.equals(e.devnode(), old.devnode())) {
      releaseLinks(old);
      claimLinks(e);
    }
  }

  @Override
  public synchronized void removing(Device dev) {
    UdevDbEntry e = entries.get(dev);
    if (e != null) {
      store.remove(e);
      releaseLinks(e);
    }
  }

  @Override
  public synchronized void removed(Device dev) {
    entries.remove(dev);
  }

  private void claimLinks(UdevDbEntry e) {
    if (e.devnode() == null) {
      return;
    }
    for (String link : e.devlinks()) {
      Deque<String> c = claims.computeIfAbsent(link, k -> new ArrayDeque<>());
      c.remove(e.devnode());
      c.addLast(e.devnode());
      devlinks.link(link, relativeTarget(link, e.devnode()));
    }
  }

  private void releaseLinks(UdevDbEntry e) {
    if (e.devnode() == null) {
      return;
    }
    for (String link : e.devlinks()) {
      Deque<String> c = claims.get(link);
      if (c == null || !c.remove(e.devnode())) {
        continue;
      }
      if (c.isEmpty()) {
        claims.remove(link);
        devlinks.unlink(link);
      } else {
        devlinks.link(link, relativeTarget(link, c.peekLast()));
      }
    }
  }

  /**
   * The target udev gives the link {@code link} to the node {@code devnode} (both relative to
   * /dev): the node's path relative to the link's directory, {@code disk/by-id/x} to {@code sdb1}
   * giving {@code ../../sdb1}.
   */
  public static String relativeTarget(String link, String devnode) {
    String[] from = link.split("/");
    String[] to = devnode.split("/");
    int dirs = from.length - 1;
    int common = 0;
    while (common < dirs && common < to.length - 1 && from[common].equals(to[common])) {
      common++;
    }
    StringBuilder b = new StringBuilder();
    for (int i = common; i < dirs; i++) {
      b.append("../");
    }
    for (int i = common; i < to.length; i++) {
      b.append(to[i]);
      if (i < to.length - 1) {
        b.append('/');
      }
    }
    return b.toString();
  }
}
