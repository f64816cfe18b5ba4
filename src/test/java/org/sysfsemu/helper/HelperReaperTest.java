package org.sysfsemu.helper;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Helpers that hang, and the children they start, do not outlive the launcher. */
class HelperReaperTest {
  @TempDir Path dir;

  @Test
  void closingKillsHangingHelpersAndTheirChildren() throws Exception {
    Path pids = dir.resolve("pids");
    Path helper = dir.resolve("helper");
    // ignores SIGTERM, so only SIGKILL ends it; its child sleeps too
    Files.writeString(helper, "#!/bin/sh\ntrap '' TERM\nsleep 60 &\necho $$ $! >> " + pids + "\nwait\n");
    helper.toFile().setExecutable(true);
    ProcessHelperLauncher launcher = new ProcessHelperLauncher(4, 4);
    launcher.launch(1, ImmutableList.of(helper.toString()), ImmutableList.of("ACTION=add"));
    launcher.launch(2, ImmutableList.of(helper.toString()), ImmutableList.of("ACTION=add"));
    long deadline = System.nanoTime() + 10_000_000_000L;
    while ((!Files.exists(pids) || Files.readAllLines(pids).size() < 2) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    List<Long> all = Files.readAllLines(pids).stream()
        .flatMap(l -> java.util.Arrays.stream(l.trim().split(" "))).map(Long::parseLong).toList();
    assertTrue(all.size() == 4, "two helpers and their children: " + all);
    long t0 = System.nanoTime();
    launcher.close();
    // bounded: the grace period, then SIGKILL; the margin is wide for a loaded 2-CPU machine
    assertTrue(System.nanoTime() - t0 < HelperReaper.GRACE.plusSeconds(10).toNanos(), "close is bounded");
    for (long pid : all) {
      long until = System.nanoTime() + 10_000_000_000L;
      while (running(pid) && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertFalse(running(pid), "pid " + pid + " still runs");
    }
  }

  /** Whether {@code pid} runs: exists and is not a zombie waiting for a parent to reap it. */
  private static boolean running(long pid) throws Exception {
    Path stat = Path.of("/proc/" + pid + "/stat");
    if (!Files.exists(stat)) {
      return false;
    }
    try {
      String s = Files.readString(stat);
      return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
    } catch (java.io.IOException e) {
      return false; // gone meanwhile
    }
  }

  @Test
  void aQuietLauncherClosesAtOnce() {
    ProcessHelperLauncher launcher = new ProcessHelperLauncher(1, 0);
    long t0 = System.nanoTime();
    launcher.close();
    assertTrue(System.nanoTime() - t0 < Duration.ofMillis(500).toNanos());
  }
}
