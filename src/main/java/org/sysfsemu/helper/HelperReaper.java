package org.sysfsemu.helper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Ends the helpers still running when the emulator stops: each helper and every process it
 * started (its process tree) gets SIGTERM, then, after a grace period, SIGKILL. A helper that
 * hangs or leaves children behind so never outlives the daemon.
 */
final class HelperReaper {
  private static final Logger LOG = Logger.getLogger(HelperReaper.class.getName());

  /** How long helpers may take to exit after SIGTERM before they get SIGKILL. */
  static final Duration GRACE = Duration.ofSeconds(1);

  private final Set<ProcessHandle> live = ConcurrentHashMap.newKeySet();

  /** Follows {@code p} until it exits. */
  void track(Process p) {
    ProcessHandle h = p.toHandle();
    live.add(h);
    h.onExit().thenRun(() -> live.remove(h));
  }

  /** Helpers running now. */
  int running() {
    return live.size();
  }

  /** SIGTERM to every tracked helper and its descendants, SIGKILL to those left after {@code grace}. */
  void killAll(Duration grace) {
    List<ProcessHandle> all = new ArrayList<>();
    for (ProcessHandle h : live) {
      h.descendants().forEach(all::add); // before the parent dies and they are reparented
      all.add(h);
    }
    if (all.isEmpty()) {
      return;
    }
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle h : all) {
      long left = deadline - System.nanoTime();
      try {
        if (left > 0) {
          h.onExit().get(left, TimeUnit.NANOSECONDS);
        }
      } catch (Exception e) {
        // still alive: killed below
      }
    }
    int killed = 0;
    for (ProcessHandle h : all) {
      if (h.isAlive() && h.destroyForcibly()) {
        killed++;
      }
    }
    int n = all.size();
    int k = killed;
    LOG.info(() -> "stopped " + n + " helper processes (" + k + " with SIGKILL after " + grace.toMillis() + " ms)");
  }
}
