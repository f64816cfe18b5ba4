package org.sysfsemu.bench;

import java.util.List;
import org.sysfsemu.EmulatedKernel;
import org.sysfsemu.driver.DeviceSpec;
import org.sysfsemu.loader.TreeLoader;

/**
 * Measures loading generated trees (parse + coldplug) and the heap they take. Run by
 * scripts/bench-load; prints one line per size. Not a test: figures go to docs/performance.md.
 */
public final class LoadBenchmark {
  private LoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int[] sizes = args.length == 0 ? new int[] {10_000, 100_000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    load(TreeGenerator.generate(4_000)); // warm-up
    load(TreeGenerator.generate(4_000));
    for (int n : sizes) {
      String text = TreeGenerator.generate(n);
      long attrs = text.lines().filter(l -> l.startsWith("A: ")).count();
      long before = usedAfterGc();
      long t0 = System.nanoTime();
      EmulatedKernel k = load(text);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      long after = usedAfterGc();
      int devices = k.core().devices().size();
      System.out.printf("devices=%d (with implicit parents %d) attributes=%d bytes=%d load_ms=%d heap_per_device_bytes=%d%n",
          n, devices, attrs, text.length(), ms, (after - before) / devices);
      k.close();
    }
  }

  private static EmulatedKernel load(String text) throws Exception {
    EmulatedKernel k = EmulatedKernel.create(EmulatedKernel.Config.defaults());
    List<DeviceSpec> specs = TreeLoader.parse("generated", text);
    k.coldplug(specs);
    return k;
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
