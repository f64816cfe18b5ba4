package org.sysfsemu.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.sysfsemu.SysfsEmu;
import org.sysfsemu.driver.Device;
import org.sysfsemu.kobject.KObjectAction;
import org.sysfsemu.sandbox.Sandbox;
import org.sysfsemu.uevent.UEvent;

/**
 * Events into the sandbox on real netlink, measured against umockdev in the same run: an
 * unmodified libudev monitor (src/test/c/udev-monitor-timer.c) timestamps each event it receives
 * with CLOCK_MONOTONIC, the emitter timestamps each send with the same clock ({@link
 * System#nanoTime} is CLOCK_MONOTONIC on Linux; Python's {@code time.monotonic_ns} too), and the
 * difference is the latency. The umockdev side is src/test/python/umockdev-bench.py, run under
 * umockdev's preload, with the same monitor and the same counts. The native reference is
 * src/test/c/uevent-injector.c, run in the sandbox: the bridge's two sends for each event (the
 * injection that gives the SEQNUM, then the libudev message on group 2) in C, with nothing else
 * around them, so that its latency is what this machine's kernel and scheduler take to wake a
 * monitor. The three alternate, phase by phase, for every repetition. Run by scripts/bench-sandbox;
 * figures go to docs/performance.md.
 *
 * <p>Measures: Java API ({@code UEventEngine.emit}) or umockdev's {@code Testbed.uevent} to a
 * {@code udev} and to a {@code kernel} monitor; {@code echo change > uevent} (open, write, close
 * as a shell does) to a {@code udev} monitor; events/s to 1 and to 4 {@code udev} monitors with
 * 128 MiB receive buffers (udevd's size), counting what each one missed.
 */
public final class SandboxBenchmark {
  private static final String DEVPATH = "/devices/virtual/mem/null";
  private static final int RCVBUF = 128 << 20;
  private static final int IDLE_MS = 3000;
  private static final String PRELOAD = "libumockdev-preload.so.0";
  private static final List<String> MEASURES =
      List.of("api-udev", "api-kernel", "echo-udev", "write-udev", "rate-1", "rate-4");

  private static String granted;
  /** The writer's open, write and close durations in the sandbox (ns): where the echo's time goes. */
  private final List<List<Long>> echoCalls = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
  private final Options opt;
  private final Map<String, Result> emu = new LinkedHashMap<>();
  private final Map<String, Result> umockdev = new LinkedHashMap<>();
  private final Map<String, Result> nativeRef = new LinkedHashMap<>();

  private SandboxBenchmark(Options opt) {
    this.opt = opt;
    for (String m : MEASURES) {
      emu.put(m, new Result());
      umockdev.put(m, new Result());
      nativeRef.put(m, new Result());
    }
  }

  /** Samples of one measure on one side, over all repetitions. */
  private static final class Result {
    final List<Long> latencies = new ArrayList<>();
    final List<Double> repMedians = new ArrayList<>();
    final List<Double> rates = new ArrayList<>();
    final List<Double> sendRates = new ArrayList<>();
    long sent;
    long lost;
    int aborted;
    int runs;
  }

  private record Options(int reps, int samples, int gapUs, int events, int echoSamples,
      Path monitor, Path writer, Path injector, Path umockdevScript, String python) {
    static Options parse(String[] args) {
      Map<String, String> m = new HashMap<>();
      for (int i = 0; i + 1 < args.length; i += 2) {
        m.put(args[i], args[i + 1]);
      }
      return new Options(Integer.parseInt(m.getOrDefault("--reps", "3")),
          Integer.parseInt(m.getOrDefault("--samples", "1000")),
          Integer.parseInt(m.getOrDefault("--gap-us", "500")),
          Integer.parseInt(m.getOrDefault("--events", "20000")),
          Integer.parseInt(m.getOrDefault("--echo-samples", "500")),
          Path.of(m.getOrDefault("--monitor", "target/bench/udev-monitor-timer")).toAbsolutePath(),
          Path.of(m.getOrDefault("--writer", "target/bench/uevent-writer")).toAbsolutePath(),
          Path.of(m.getOrDefault("--injector", "target/bench/uevent-injector")).toAbsolutePath(),
          Path.of(m.getOrDefault("--umockdev", "src/test/python/umockdev-bench.py")).toAbsolutePath(),
          m.getOrDefault("--python", "/usr/bin/python3"));
    }
  }

  public static void main(String[] args) throws Exception {
    new SandboxBenchmark(Options.parse(args)).run();
  }

  private void run() throws Exception {
    Path dir = Files.createTempDirectory("sysfs-emu-bench-sandbox");
    try (SysfsEmu e = SysfsEmu.builder().defaultTree().mount(dir.resolve("sys"), dir.resolve("dev")).start()) {
      if (e.netlinkBridge().isEmpty()) {
        throw new IOException("no real netlink in the sandbox (run as root)");
      }
      Sandbox sandbox = e.sandbox().orElseThrow();
      Device dev = e.kernel().core().device(DEVPATH);
      System.out.printf("machine: %d CPUs, load average %s", Runtime.getRuntime().availableProcessors(),
          Files.readString(Path.of("/proc/loadavg")));
      // warm-up of the emulator's paths (JIT), not recorded: the API's, and the FUSE requests of
      // the echo (without it the first repetition's echo ran while they were being compiled)
      apiLatency(e, sandbox, dev, "udev", 2 * opt.samples(), new Result());
      rate(e, sandbox, dev, 1, opt.events(), new Result());
      echoLatency(sandbox, new Result());
      echoCalls.forEach(List::clear);
      for (int rep = 1; rep <= opt.reps(); rep++) {
        System.out.printf("repetition %d/%d%n", rep, opt.reps());
        apiLatency(e, sandbox, dev, "udev", opt.samples(), emu.get("api-udev"));
        nativeLatency(sandbox, "udev", nativeRef.get("api-udev"));
        umockdevLatency("udev", umockdev.get("api-udev"));
        apiLatency(e, sandbox, dev, "kernel", opt.samples(), emu.get("api-kernel"));
        nativeLatency(sandbox, "kernel", nativeRef.get("api-kernel"));
        umockdevLatency("kernel", umockdev.get("api-kernel"));
        echoLatency(sandbox, emu.get("echo-udev"));
        if (rep == 1) {
          umockdevEcho(umockdev.get("echo-udev"));
        }
        rate(e, sandbox, dev, 1, opt.events(), emu.get("rate-1"));
        nativeRate(sandbox, 1, nativeRef.get("rate-1"));
        umockdevRate(1, umockdev.get("rate-1"));
        rate(e, sandbox, dev, 4, opt.events(), emu.get("rate-4"));
        nativeRate(sandbox, 4, nativeRef.get("rate-4"));
        umockdevRate(4, umockdev.get("rate-4"));
      }
    } finally {
      Files.deleteIfExists(dir.resolve("sys"));
      Files.deleteIfExists(dir.resolve("dev"));
      Files.deleteIfExists(dir);
    }
    printTable();
  }

  // ---- sysfs-emu side

  private void apiLatency(SysfsEmu e, Sandbox sandbox, Device dev, String source, int samples, Result into)
      throws Exception {
    Monitor m = Monitor.start(sandbox.enter(monitorArgv(source, samples, 0)), Map.of());
    long[] seqnums = new long[samples];
    long[] sent = new long[samples];
    for (int i = 0; i < samples; i++) {
      LockSupport.parkNanos(opt.gapUs() * 1000L);
      sent[i] = System.nanoTime();
      UEvent ev = e.kernel().engine().emit(dev, KObjectAction.CHANGE);
      seqnums[i] = ev.seqnum();
    }
    Map<Long, Long> bySeqnum = new HashMap<>();
    for (int i = 0; i < samples; i++) {
      bySeqnum.put(seqnums[i], sent[i]);
    }
    List<long[]> got = m.finish();
    List<Long> lat = new ArrayList<>();
    for (long[] r : got) {
      Long t = bySeqnum.get(r[0]);
      if (t != null) {
        lat.add(r[1] - t);
      }
    }
    record(into, lat, samples);
  }

  private void echoLatency(Sandbox sandbox, Result into) throws Exception {
    int samples = opt.echoSamples();
    Monitor m = Monitor.start(sandbox.enter(monitorArgv("udev", samples, 0)), Map.of());
    Process w = start(sandbox.enter(List.of(opt.writer().toString(), "/sys" + DEVPATH + "/uevent",
        Integer.toString(samples), Integer.toString(opt.gapUs()))), Map.of());
    List<Long> sent = new ArrayList<>();
    List<Long> written = new ArrayList<>();
    for (String line : lines(w)) {
      if (line.startsWith("W ")) {
        String[] f = line.split(" ");
        sent.add(Long.parseLong(f[1]));
        written.add(Long.parseLong(f[2]));
        for (int i = 0; i < 3; i++) {
          echoCalls.get(i).add(Long.parseLong(f[i + 2]) - Long.parseLong(f[i + 1]));
        }
      }
    }
    if (w.waitFor() != 0) {
      throw new IOException("uevent-writer failed in the sandbox");
    }
    List<long[]> got = m.finish();
    record(into, byOrder(sent, got), samples);
    record(emu.get("write-udev"), byOrder(written, got), samples);
  }

  private void rate(SysfsEmu e, Sandbox sandbox, Device dev, int monitors, int events, Result into) throws Exception {
    List<Monitor> ms = new ArrayList<>();
    for (int i = 0; i < monitors; i++) {
      ms.add(Monitor.start(sandbox.enter(monitorArgv("udev", events, i)), Map.of()));
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < events; i++) {
      e.kernel().engine().emit(dev, KObjectAction.CHANGE);
    }
    into.sendRates.add(events / ((System.nanoTime() - t0) / 1e9));
    List<List<long[]>> got = new ArrayList<>();
    for (Monitor m : ms) {
      got.add(m.finish());
    }
    recordRate(into, t0, events, got, 0);
  }

  // ---- native reference

  /** The injector's sends, as {SEQNUM, ns before the injection}. */
  private List<long[]> inject(Sandbox sandbox, int events, int gapUs) throws Exception {
    Process p = start(sandbox.enter(List.of(opt.injector().toString(), Integer.toString(events),
        Integer.toString(gapUs))), Map.of());
    List<long[]> sent = new ArrayList<>();
    for (String line : lines(p)) {
      if (line.startsWith("S ")) {
        sent.add(event(line));
      }
    }
    if (p.waitFor() != 0) {
      throw new IOException("uevent-injector failed in the sandbox");
    }
    return sent;
  }

  private void nativeLatency(Sandbox sandbox, String source, Result into) throws Exception {
    Monitor m = Monitor.start(sandbox.enter(monitorArgv(source, opt.samples(), 0)), Map.of());
    Map<Long, Long> bySeqnum = new HashMap<>();
    for (long[] s : inject(sandbox, opt.samples(), opt.gapUs())) {
      bySeqnum.put(s[0], s[1]);
    }
    List<Long> lat = new ArrayList<>();
    for (long[] r : m.finish()) {
      Long t = bySeqnum.get(r[0]);
      if (t != null) {
        lat.add(r[1] - t);
      }
    }
    record(into, lat, opt.samples());
  }

  private void nativeRate(Sandbox sandbox, int monitors, Result into) throws Exception {
    List<Monitor> ms = new ArrayList<>();
    for (int i = 0; i < monitors; i++) {
      ms.add(Monitor.start(sandbox.enter(monitorArgv("udev", opt.events(), i)), Map.of()));
    }
    List<long[]> sent = inject(sandbox, opt.events(), 0);
    long t0 = sent.isEmpty() ? System.nanoTime() : sent.get(0)[1];
    if (sent.size() > 1) {
      into.sendRates.add((sent.size() - 1) / ((sent.get(sent.size() - 1)[1] - t0) / 1e9));
    }
    List<List<long[]>> got = new ArrayList<>();
    for (Monitor m : ms) {
      got.add(m.finish());
    }
    recordRate(into, t0, opt.events(), got, 0);
  }

  // ---- umockdev side

  private void umockdevLatency(String source, Result into) throws Exception {
    Umockdev u = umockdevRun("latency", source, Integer.toString(opt.samples()), Integer.toString(opt.gapUs()));
    record(into, byOrder(u.sent, u.monitors.get(0)), opt.samples());
    into.aborted += u.exit == 0 ? 0 : 1;
  }

  private void umockdevEcho(Result into) throws Exception {
    int samples = 20; // umockdev sends nothing for these writes: the monitor waits IDLE_MS for nothing
    Umockdev u = umockdevRun("echo", Integer.toString(samples), Integer.toString(opt.gapUs()));
    into.runs++;
    into.sent += samples;
    into.lost += samples - u.monitors.get(0).size();
    into.latencies.addAll(byOrder(u.sent, u.monitors.get(0)));
  }

  private void umockdevRate(int monitors, Result into) throws Exception {
    Umockdev u = umockdevRun("throughput", Integer.toString(monitors), Integer.toString(opt.events()));
    recordRate(into, u.sent.get(0), opt.events(), u.monitors, u.exit == 0 ? 0 : 1);
  }

  private record Umockdev(List<Long> sent, List<List<long[]>> monitors, int exit) {}

  private Umockdev umockdevRun(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(opt.python(), opt.umockdevScript().toString(),
        opt.monitor().toString(), opt.writer().toString()));
    cmd.addAll(List.of(args));
    Process p = start(cmd, Map.of("LD_PRELOAD", PRELOAD));
    List<Long> sent = new ArrayList<>();
    List<List<long[]>> monitors = new ArrayList<>();
    int exit = -1;
    for (String line : lines(p)) {
      if (line.startsWith("S ")) {
        sent.add(Long.parseLong(line.substring(2)));
      } else if (line.startsWith("MON ")) {
        monitors.add(new ArrayList<>());
      } else if (line.startsWith("E ")) {
        monitors.get(monitors.size() - 1).add(event(line));
      } else if (line.startsWith("EMITTER ")) {
        exit = Integer.parseInt(line.substring(8));
      }
    }
    if (p.waitFor() != 0 || monitors.isEmpty()) {
      throw new IOException("umockdev side failed: " + cmd);
    }
    return new Umockdev(sent, monitors, exit);
  }

  // ---- monitors, samples, statistics

  private List<String> monitorArgv(String source, int count, int spareFds) {
    return List.of(opt.monitor().toString(), source, Integer.toString(count), Integer.toString(RCVBUF),
        Integer.toString(IDLE_MS), Integer.toString(spareFds));
  }

  /** A running udev-monitor-timer, past its READY line. */
  private record Monitor(Process process, BufferedReader out) {
    static Monitor start(List<String> cmd, Map<String, String> env) throws IOException {
      Process p = SandboxBenchmark.start(cmd, env);
      BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
      String first = r.readLine();
      if (first == null || !first.startsWith("READY")) {
        p.destroyForcibly();
        throw new IOException("monitor did not start: " + first);
      }
      if (!first.equals(granted)) {
        granted = first;
        System.out.println("sandbox monitor: " + first.substring(6) + " (asked: " + RCVBUF + ")");
      }
      return new Monitor(p, r);
    }

    /** Waits for the monitor's end; its events as {SEQNUM, receive ns}. */
    List<long[]> finish() throws IOException, InterruptedException {
      List<long[]> events = new ArrayList<>();
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("E ")) {
          events.add(event(line));
        }
      }
      process.waitFor();
      return events;
    }
  }

  private static long[] event(String line) {
    String[] f = line.split(" ");
    return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
  }

  private static Process start(List<String> cmd, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("SYSTEMD_DEVICE_VERIFY_SYSFS", "0");
    pb.environment().putAll(env);
    return pb.start();
  }

  private static List<String> lines(Process p) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
      return r.lines().toList();
    }
  }

  /**
   * Latencies when the i-th event received is the i-th sent (no SEQNUM known to the sender). Only
   * a lost tail can be paired (umockdev's sender aborting); a loss in the middle cannot, and
   * gives no latencies.
   */
  private static List<Long> byOrder(List<Long> sent, List<long[]> received) {
    List<Long> lat = new ArrayList<>();
    if (received.size() > sent.size()) {
      return lat;
    }
    for (int i = 0; i < received.size(); i++) {
      lat.add(received.get(i)[1] - sent.get(i));
    }
    return lat;
  }

  private static void record(Result into, List<Long> lat, int samples) {
    into.runs++;
    into.sent += samples;
    into.lost += samples - lat.size();
    into.latencies.addAll(lat);
    if (!lat.isEmpty()) {
      into.repMedians.add(percentile(lat, 50) / 1e3);
    }
  }

  private static void recordRate(Result into, long t0, int events, List<List<long[]>> monitors, int aborted) {
    into.runs++;
    into.aborted += aborted;
    double slowest = Double.MAX_VALUE;
    for (List<long[]> got : monitors) {
      into.sent += events;
      into.lost += events - got.size();
      double rate = got.isEmpty() ? 0 : got.size() / ((got.get(got.size() - 1)[1] - t0) / 1e9);
      slowest = Math.min(slowest, rate);
    }
    into.rates.add(slowest);
  }

  private static double percentile(List<Long> values, int p) {
    long[] v = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(v);
    return v[Math.min(v.length - 1, (int) ((long) v.length * p / 100))];
  }

  private static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length == 0 ? Double.NaN : v[v.length / 2];
  }

  // ---- report

  private void printTable() {
    System.out.println();
    System.out.printf("%-36s | %-46s | %-46s | %-46s | %s%n", "measure", "sysfs-emu", "native injector (C)",
        "umockdev 0.17.16", "ratio emu/native, emu/umockdev");
    latencyRow("Java API -> udev monitor", "api-udev", 35);
    latencyRow("Java API -> kernel monitor", "api-kernel", 35);
    latencyRow("echo change > uevent -> udev monitor", "echo-udev", 150);
    latencyRow("  the same from write(2) (open excluded)", "write-udev", 150);
    rateRow("events/s to 1 udev monitor", "rate-1");
    rateRow("events/s to 4 udev monitors (each)", "rate-4");
    if (!echoCalls.get(0).isEmpty()) {
      System.out.printf("echo in the sandbox, median per call: open %.1f us, write %.1f us, close %.1f us%n",
          percentile(echoCalls.get(0), 50) / 1e3, percentile(echoCalls.get(1), 50) / 1e3,
          percentile(echoCalls.get(2), 50) / 1e3);
    }
    System.out.println();
    System.out.println("latency: median / p99 in microseconds over all samples (range of the per-repetition medians);"
        + " events/s: the slowest monitor of a run, median over runs (range); sender: the emitting loop's own rate");
  }

  private void latencyRow(String name, String key, double targetUs) {
    Result a = emu.get(key);
    Result n = nativeRef.get(key);
    Result b = umockdev.get(key);
    String verdict = a.latencies.isEmpty() ? "no samples"
        : percentile(a.latencies, 50) / 1e3 <= targetUs ? "met" : "MISSED";
    System.out.printf("%-36s | %-46s | %-46s | %-46s | %s, %s   target median <= %.0f us: %s%n", name,
        latencyCell(a), latencyCell(n), latencyCell(b), latencyRatio(a, n), latencyRatio(a, b), targetUs, verdict);
  }

  private static String latencyRatio(Result a, Result b) {
    return a.latencies.isEmpty() || b.latencies.isEmpty() ? "-"
        : String.format("%.2f", percentile(a.latencies, 50) / percentile(b.latencies, 50));
  }

  private static String latencyCell(Result r) {
    if (r.latencies.isEmpty()) {
      return r.runs == 0 ? "-" : String.format("no event (%d of %d lost)", r.lost, r.sent);
    }
    return String.format("%.1f / %.1f (%.1f-%.1f)%s%s", percentile(r.latencies, 50) / 1e3,
        percentile(r.latencies, 99) / 1e3, r.repMedians.stream().min(Double::compare).orElse(0.0),
        r.repMedians.stream().max(Double::compare).orElse(0.0), r.lost > 0 ? " lost " + r.lost : "",
        r.aborted > 0 ? ", aborted " + r.aborted + "/" + r.runs : "");
  }

  private void rateRow(String name, String key) {
    Result a = emu.get(key);
    Result n = nativeRef.get(key);
    Result b = umockdev.get(key);
    boolean met = median(a.rates) >= 20_000 && a.lost == 0;
    System.out.printf("%-36s | %-46s | %-46s | %-46s | %.2f, %.2f   target >= 20000/s, no loss: %s%n", name,
        rateCell(a), rateCell(n), rateCell(b), median(a.rates) / median(n.rates), median(a.rates) / median(b.rates),
        met ? "met" : "MISSED");
  }

  private static String rateCell(Result r) {
    String s = String.format("%.0f (%.0f-%.0f) lost %d/%d", median(r.rates),
        r.rates.stream().min(Double::compare).orElse(0.0), r.rates.stream().max(Double::compare).orElse(0.0),
        r.lost, r.sent);
    if (!r.sendRates.isEmpty()) {
      s += String.format(", sender %.0f", median(r.sendRates));
    }
    return r.aborted > 0 ? s + ", aborted " + r.aborted + "/" + r.runs : s;
  }
}
