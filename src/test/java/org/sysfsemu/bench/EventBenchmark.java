package org.sysfsemu.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.sysfsemu.SysfsEmu;
import org.sysfsemu.driver.Device;
import org.sysfsemu.kobject.KObjectAction;

/**
 * Event delivery through the mounts: write-to-read latency of {@code echo change > uevent} seen by
 * a reader of /dev/uevent, control-node throughput with one and ten readers, and the heap an idle
 * subscriber and a queued event take. Run by scripts/bench-events; figures go to
 * docs/performance.md.
 */
public final class EventBenchmark {
  private EventBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("sysfs-emu-bench");
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    try (SysfsEmu emu = SysfsEmu.builder().defaultTree().rcvbuf(256 << 20)
        .mount(dir.resolve("sys"), dir.resolve("dev")).start()) {
      latency(emu, 200); // warm-up
      latency(emu, 2_000);
      throughput(emu, 1, events / 4); // warm-up
      throughput(emu, 1, events);
      throughput(emu, 10, events / 4);
      memory(emu);
    } finally {
      Files.deleteIfExists(dir.resolve("sys"));
      Files.deleteIfExists(dir.resolve("dev"));
      Files.deleteIfExists(dir);
    }
  }

  /** {@code change} written to a uevent file through the /sys mount, read from the /dev mount. */
  private static void latency(SysfsEmu emu, int samples) throws Exception {
    Path uevent = emu.sys().resolve("devices/virtual/mem/null/uevent");
    byte[] change = "change".getBytes(StandardCharsets.US_ASCII);
    long[] nanos = new long[samples];
    try (FileChannel reader = FileChannel.open(emu.dev().resolve("uevent"), StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(8192);
      for (int i = 0; i < samples; i++) {
        long t0 = System.nanoTime();
        Files.write(uevent, change);
        buf.clear();
        if (reader.read(buf) <= 0) {
          throw new IOException("no event");
        }
        nanos[i] = System.nanoTime() - t0;
      }
    }
    Arrays.sort(nanos);
    System.out.printf("latency echo>uevent -> read(/dev/uevent): samples=%d median_us=%.0f p90_us=%.0f p99_us=%.0f%n",
        samples, nanos[samples / 2] / 1e3, nanos[samples * 9 / 10] / 1e3, nanos[samples * 99 / 100] / 1e3);
  }

  /** {@code events} kernel events sent in-process as fast as possible, read by {@code readers}. */
  private static void throughput(SysfsEmu emu, int readers, int events) throws Exception {
    Device dev = emu.kernel().core().device("/devices/virtual/mem/null");
    List<Thread> threads = new ArrayList<>();
    List<AtomicLong> received = new ArrayList<>();
    List<AtomicLong> lost = new ArrayList<>();
    long base = emu.kernel().engine().seqnum();
    List<FileChannel> channels = new ArrayList<>();
    for (int r = 0; r < readers; r++) {
      FileChannel ch = FileChannel.open(emu.dev().resolve("uevent"), StandardOpenOption.READ);
      channels.add(ch);
      AtomicLong got = new AtomicLong();
      AtomicLong enobufs = new AtomicLong();
      received.add(got);
      lost.add(enobufs);
      Thread t = new Thread(() -> drain(ch, base + events, got, enobufs), "reader-" + r);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    long t0 = System.nanoTime();
    for (int i = 0; i < events; i++) {
      emu.kernel().engine().emit(dev, KObjectAction.CHANGE);
    }
    long sent = System.nanoTime() - t0;
    for (Thread t : threads) {
      t.join();
    }
    long all = System.nanoTime() - t0;
    for (FileChannel ch : channels) {
      ch.close();
    }
    long min = received.stream().mapToLong(AtomicLong::get).min().orElse(0);
    System.out.printf("throughput readers=%d events=%d send_s=%.2f total_s=%.2f per_reader_events_per_s=%.0f"
            + " min_received=%d enobufs=%s%n",
        readers, events, sent / 1e9, all / 1e9, min / (all / 1e9), min,
        lost.stream().map(AtomicLong::get).toList());
  }

  /** Reads until the datagram with SEQNUM {@code last}. */
  private static void drain(FileChannel ch, long last, AtomicLong got, AtomicLong enobufs) {
    ByteBuffer buf = ByteBuffer.allocate(8192);
    String end = "SEQNUM=" + last + "\0";
    while (true) {
      buf.clear();
      try {
        int n = ch.read(buf);
        if (n <= 0) {
          return;
        }
        got.incrementAndGet();
        if (new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1).endsWith(end)) {
          return;
        }
      } catch (IOException e) {
        enobufs.incrementAndGet();
      }
    }
  }

  /** Heap per idle subscriber (an open /dev/uevent) and per queued event. */
  private static void memory(SysfsEmu emu) throws Exception {
    int n = 500;
    long before = usedAfterGc();
    List<FileChannel> open = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      open.add(FileChannel.open(emu.dev().resolve("uevent"), StandardOpenOption.READ));
    }
    long idle = usedAfterGc();
    Device dev = emu.kernel().core().device("/devices/virtual/mem/null");
    int queued = 200;
    for (int i = 0; i < queued; i++) {
      emu.kernel().engine().emit(dev, KObjectAction.CHANGE);
    }
    long full = usedAfterGc();
    System.out.printf("memory subscribers=%d heap_per_idle_subscriber_bytes=%d queued_events_each=%d"
            + " heap_per_queued_event_per_subscriber_bytes=%d datagram_bytes=%d%n",
        n, (idle - before) / n, queued, (full - idle) / ((long) n * queued),
        emu.kernel().engine().seqnum() > 0 ? lastDatagramLength(emu, dev) : 0);
    for (FileChannel ch : open) {
      ch.close();
    }
  }

  private static int lastDatagramLength(SysfsEmu emu, Device dev) throws Exception {
    try (var q = emu.subscribe()) {
      emu.kernel().engine().emit(dev, KObjectAction.CHANGE);
      return q.drain().get(0).datagram().length;
    }
  }

  static long usedAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
