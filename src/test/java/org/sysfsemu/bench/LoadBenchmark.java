package org.sysfsemu.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.sysfsemu.EmulatedKernel;
import org.sysfsemu.driver.DeviceSpec;
import org.sysfsemu.loader.TreeLoader;
import org.sysfsemu.udevdb.files.UdevDbDirectory;

/**
 * Measures loading generated trees (parse + coldplug) and the heap they take. Run by
 * scripts/bench-load; prints one line per size: the load's wall time, the heap kept per device,
 * the loading thread's CPU time, the collectors' time meanwhile (on a shared machine the wall
 * time swings with the load; the CPU and GC times much less) and the bytes the load allocated
 * (the same on every run). With {@code --udev-db}, also the time
 * to write each loaded tree's udev database into a new directory, as a sandbox's start does. Not a
 * test: figures go to docs/performance.md.
 */
public final class LoadBenchmark {
  private LoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    boolean udevDb = java.util.Arrays.asList(args).contains("--udev-db");
    String[] numbers = java.util.Arrays.stream(args).filter(a -> !a.equals("--udev-db")).toArray(String[]::new);
    int[] sizes = numbers.length == 0 ? new int[] {10_000, 100_000}
        : java.util.Arrays.stream(numbers).mapToInt(Integer::parseInt).toArray();
    load(TreeGenerator.generate(4_000)); // warm-up
    load(TreeGenerator.generate(4_000));
    for (int n : sizes) {
      String text = TreeGenerator.generate(n);
      long attrs = text.lines().filter(l -> l.startsWith("A: ")).count();
      long before = usedAfterGc();
      long gc0 = gcMillis();
      long cpu0 = THREADS.getCurrentThreadCpuTime();
      long alloc0 = allocated();
      long t0 = System.nanoTime();
      EmulatedKernel k = load(text);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      long cpuMs = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
      long gcMs = gcMillis() - gc0;
      long allocMb = (allocated() - alloc0) >> 20;
      long after = usedAfterGc();
      int devices = k.core().devices().size();
      System.out.printf("devices=%d (with implicit parents %d) attributes=%d bytes=%d load_ms=%d heap_per_device_bytes=%d"
          + " cpu_ms=%d gc_ms=%d alloc_mb=%d%n", n, devices, attrs, text.length(), ms, (after - before) / devices, cpuMs, gcMs,
          allocMb);
      if (udevDb) {
        writeUdevDb(k);
      }
      k.close();
    }
  }

  /**
   * Writes the loaded kernel's udev database into a new directory as a sandbox's start does
   * (open, then every entry at once) and prints how long it took; then deletes it.
   */
  private static void writeUdevDb(EmulatedKernel k) throws Exception {
    Path tmp = Files.createTempDirectory("bench-load-udevdb");
    long t0 = System.nanoTime();
    UdevDbDirectory db = UdevDbDirectory.open(tmp.resolve("udev"));
    k.udev().setStore(db);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    long files;
    try (Stream<Path> s = Files.list(tmp.resolve("udev/data"))) {
      files = s.count();
    }
    System.out.printf("udev database: entries=%d data_files=%d write_ms=%d%n", k.udev().size(), files, ms);
    db.close();
    Files.delete(tmp);
  }

  private static EmulatedKernel load(String text) throws Exception {
    EmulatedKernel k = EmulatedKernel.create(EmulatedKernel.Config.defaults());
    List<DeviceSpec> specs = TreeLoader.parse("generated", text);
    k.coldplug(specs);
    return k;
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** The bytes the loading thread has allocated so far (HotSpot's count; the same on every run of one build). */
  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) THREADS).getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  /** The collectors' accumulated time (with G1, concurrent phases are not in it). */
  private static long gcMillis() {
    long ms = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ms += Math.max(0, gc.getCollectionTime());
    }
    return ms;
  }

  private static long usedAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
