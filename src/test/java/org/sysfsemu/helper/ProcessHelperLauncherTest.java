package org.sysfsemu.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The helper as a real process: argv, exact environment, concurrency cap, failures. */
class ProcessHelperLauncherTest {
  @TempDir Path dir;

  private Path script(String name, String body) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  @Test
  void runsWithArgvAndExactlyTheEventEnvironment() throws Exception {
    Path out = dir.resolve("out");
    Path helper = script("helper", "{ echo \"argc=$# argv1=$1\"; env | sort; pwd; } > " + out + "\n");
    try (ProcessHelperLauncher l = new ProcessHelperLauncher(4, 100)) {
      l.launch(7, ImmutableList.of(helper.toString(), "block"),
          ImmutableList.of("ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM=block", "SEQNUM=7", "HOME=/",
              "PATH=/sbin:/bin:/usr/sbin:/usr/bin"));
      assertTrue(l.awaitIdle(Duration.ofSeconds(10)));
      List<String> lines = Files.readAllLines(out);
      assertEquals("argc=1 argv1=block", lines.get(0));
      // sh adds PWD, SHLVL and _ of its own; everything else must be the event's.
      List<String> env = lines.subList(1, lines.size() - 1).stream()
          .filter(s -> !s.startsWith("PWD=") && !s.startsWith("SHLVL=") && !s.startsWith("_=")).toList();
      assertEquals(List.of("ACTION=add", "DEVPATH=/devices/x", "HOME=/", "PATH=/sbin:/bin:/usr/sbin:/usr/bin",
          "SEQNUM=7", "SUBSYSTEM=block"), env);
      assertEquals("/", lines.get(lines.size() - 1));
      assertEquals(1, l.started());
      assertEquals(0, l.failed());
    }
  }

  @Test
  void argvIsNotInterpretedByAShell() throws Exception {
    Path out = dir.resolve("out");
    Path helper = script("helper", "printf '%s' \"$1\" > " + out + "\n");
    try (ProcessHelperLauncher l = new ProcessHelperLauncher(1, 10)) {
      l.launch(1, ImmutableList.of(helper.toString(), "a;touch " + dir.resolve("pwned") + " $HOME"),
          ImmutableList.of("HOME=/"));
      assertTrue(l.awaitIdle(Duration.ofSeconds(10)));
      assertEquals("a;touch " + dir.resolve("pwned") + " $HOME", Files.readString(out));
      assertTrue(Files.notExists(dir.resolve("pwned")));
    }
  }

  @Test
  void concurrencyIsCappedAndTheRestRunsInSeqnumOrder() throws Exception {
    Path log = dir.resolve("log");
    Path running = dir.resolve("running");
    Path release = dir.resolve("release");
    Files.createDirectory(running);
    // Each helper logs itself, then waits for the test's release: while the first two wait, a
    // third can only start if the cap is broken, however late the machine runs each shell.
    Path helper = script("helper",
        "touch " + running + "/$SEQNUM; n=$(ls " + running + " | wc -l); echo \"$SEQNUM $n\" >> " + log
            + "; while [ ! -e " + release + " ]; do sleep 0.05; done; rm " + running + "/$SEQNUM\n");
    try (ProcessHelperLauncher l = new ProcessHelperLauncher(2, 100)) {
      for (int i = 1; i <= 6; i++) {
        l.launch(i, ImmutableList.of(helper.toString(), "x"), ImmutableList.of("SEQNUM=" + i));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (lines(log).size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(300); // time for a third to start, were the cap not kept
      List<String> first = lines(log);
      assertEquals(List.of("1", "2"), first.stream().map(s -> s.split(" ")[0]).sorted().toList(),
          "the two lowest SEQNUMs run first, and only they: " + first);
      Files.createFile(release);
      assertTrue(l.awaitIdle(Duration.ofSeconds(30)));
      List<String> all = lines(log);
      assertEquals(6, all.size());
      for (String line : all) {
        int n = Integer.parseInt(line.split(" ")[1]);
        assertTrue(n <= 2, "at most 2 helpers at once: " + all);
      }
      assertEquals(6, l.started());
    }
  }

  private static List<String> lines(Path file) throws java.io.IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  @Test
  void missingOrFailingHelperIsCountedAndDoesNotStopTheNext() throws Exception {
    Path out = dir.resolve("out");
    Path ok = script("ok", "echo done > " + out + "\n");
    Path fails = script("fails", "exit 3\n");
    try (ProcessHelperLauncher l = new ProcessHelperLauncher(1, 10)) {
      l.launch(1, ImmutableList.of(dir.resolve("missing").toString(), "x"), ImmutableList.of());
      l.launch(2, ImmutableList.of(fails.toString(), "x"), ImmutableList.of());
      l.launch(3, ImmutableList.of(ok.toString(), "x"), ImmutableList.of());
      assertTrue(l.awaitIdle(Duration.ofSeconds(10)));
      assertEquals(2, l.failed());
      assertEquals("done\n", Files.readString(out));
    }
  }

  @Test
  void aFullQueueDropsAndCounts() throws Exception {
    Path slow = script("slow", "sleep 0.5\n");
    try (ProcessHelperLauncher l = new ProcessHelperLauncher(1, 2)) {
      for (int i = 1; i <= 5; i++) {
        l.launch(i, ImmutableList.of(slow.toString(), "x"), ImmutableList.of());
      }
      assertEquals(2, l.dropped());
      assertTrue(l.awaitIdle(Duration.ofSeconds(10)));
      assertEquals(3, l.started());
    }
  }
}
