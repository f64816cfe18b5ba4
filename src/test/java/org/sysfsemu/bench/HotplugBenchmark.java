package org.sysfsemu.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.sysfsemu.SysfsEmu;
import org.sysfsemu.uevent.UEventSink;

/**
 * Hotplug at runtime: the USB stick plugged and unplugged through the mount's control files in a
 * loop (events/s, heap and open descriptors before and after), and devices added one at a time
 * (time per device as the tree grows). Run by scripts/bench-hotplug; figures go to
 * docs/performance.md.
 */
public final class HotplugBenchmark {
  private HotplugBenchmark() {}

  public static void main(String[] args) throws Exception {
    int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int adds = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Path dir = Files.createTempDirectory("sysfs-emu-bench");
    try (SysfsEmu emu = SysfsEmu.builder().defaultTree()
        .mount(dir.resolve("sys"), dir.resolve("dev")).start()) {
      AtomicLong events = new AtomicLong();
      UEventSink counter = e -> events.incrementAndGet();
      emu.kernel().engine().addSink(counter);
      plugLoop(emu, 50, events); // warm-up
      long heap0 = EventBenchmark.usedAfterGc();
      long fds0 = openFds();
      long e0 = events.get();
      long t0 = System.nanoTime();
      plugLoop(emu, cycles, events);
      double s = (System.nanoTime() - t0) / 1e9;
      long n = events.get() - e0;
      long heap1 = EventBenchmark.usedAfterGc();
      long fds1 = openFds();
      System.out.printf("plug+unplug usb-stick via %s: cycles=%d events=%d seconds=%.2f events_per_s=%.0f"
              + " heap_before_kb=%d heap_after_kb=%d open_fds_before=%d open_fds_after=%d devices_after=%d%n",
          emu.dev().resolve(".sysfs-emu"), cycles, n, s, n / s, heap0 / 1024, heap1 / 1024, fds0, fds1,
          emu.kernel().core().devices().size());
      emu.kernel().engine().removeSink(counter);
      addOneByOne(emu, adds);
    } finally {
      Files.deleteIfExists(dir.resolve("sys"));
      Files.deleteIfExists(dir.resolve("dev"));
      Files.deleteIfExists(dir);
    }
  }

  private static void plugLoop(SysfsEmu emu, int cycles, AtomicLong events) throws Exception {
    Path plug = emu.dev().resolve(".sysfs-emu/plug");
    Path unplug = emu.dev().resolve(".sysfs-emu/unplug");
    byte[] stick = "usb-stick\n".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < cycles; i++) {
      Files.write(plug, stick);
      Files.write(unplug, stick);
    }
  }

  /** Adds {@code n} platform devices one at a time; prints the time per device per batch. */
  private static void addOneByOne(SysfsEmu emu, int n) throws Exception {
    int batch = n / 10;
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      String record = "P: /devices/platform/bench." + i + "\nE: SUBSYSTEM=platform\nE: MODALIAS=platform:bench\n"
          + "A: driver_override=(null)\\n\n\n";
      emu.hotplug().add("bench", record, Duration.ZERO);
      if ((i + 1) % batch == 0) {
        long t1 = System.nanoTime();
        System.out.printf("runtime add one at a time: devices_added=%d us_per_device_last_batch=%.1f%n",
            i + 1, (t1 - t0) / 1e3 / batch);
        t0 = t1;
      }
    }
  }

  private static long openFds() throws Exception {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }
}
