package org.sysfsemu.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import org.sysfsemu.EmulatedKernel;
import org.sysfsemu.driver.DeviceSpec;
import org.sysfsemu.loader.TreeLoader;

/**
 * The steps of a start's load of a tree file, timed in a fresh JVM: reading the file, parsing it
 * while adding the devices as their parts are parsed (in the start's batches of 1,000: when the
 * first batch came, and how long adding took in all) and counting them for the {@code ready}
 * line; with the collectors' time and the process's CPU time (every thread: the JIT compilers'
 * too). Run it with the launcher's options ({@code scripts/lib/jvm-options JAR mount --tree
 * FILE}) to see where the time to {@code ready} goes. Not a test: figures go to
 * docs/performance.md.
 */
public final class LoadPhases {
  private LoadPhases() {}

  public static void main(String[] args) throws Exception {
    long up = ManagementFactory.getRuntimeMXBean().getUptime();
    Path file = Path.of(args[0]);
    long t0 = System.nanoTime();
    String text = TreeLoader.read(file);
    long t1 = System.nanoTime();
    EmulatedKernel k = EmulatedKernel.create(EmulatedKernel.Config.defaults());
    long[] firstBatch = {0};
    long[] adding = {0};
    // as a start adds a tree file: each batch as soon as its part is parsed, in steps of 1,000
    TreeLoader.parse(file.toString(), text, (List<DeviceSpec> batch, int total) -> {
      long a = System.nanoTime();
      if (firstBatch[0] == 0) {
        firstBatch[0] = a;
      }
      for (int from = 0; from < batch.size(); from += 1000) {
        k.coldplug(batch.subList(from, Math.min(batch.size(), from + 1000)));
      }
      adding[0] += System.nanoTime() - a;
    });
    long t3 = System.nanoTime();
    int devices = k.core().deviceCount();
    long t4 = System.nanoTime();
    System.out.printf("jvm_start_ms=%d read_ms=%d parse_and_add_ms=%d (first batch after %d, adding %d) count_ms=%d"
            + " total_ms=%d devices=%d gc_ms=%d process_cpu_ms=%d%n",
        up, ms(t1 - t0), ms(t3 - t1), ms(firstBatch[0] - t1), ms(adding[0]), ms(t4 - t3), up + ms(t4 - t0), devices,
        gcMillis(), processCpuMillis());
    k.close();
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  private static long gcMillis() {
    long ms = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ms += Math.max(0, gc.getCollectionTime());
    }
    return ms;
  }

  private static long processCpuMillis() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1_000_000;
  }
}
