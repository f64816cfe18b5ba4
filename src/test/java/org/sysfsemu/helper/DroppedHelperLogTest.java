package org.sysfsemu.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** A storm of events beyond the helper queue logs one line, not one per dropped run. */
class DroppedHelperLogTest {
  @Test
  void droppedRunsAreLoggedOncePerInterval() {
    Logger log = Logger.getLogger(ProcessHelperLauncher.class.getName());
    List<LogRecord> records = new ArrayList<>();
    Handler h = new Handler() {
      @Override
      public synchronized void publish(LogRecord r) {
        if (r.getMessage().contains("queue full")) {
          records.add(r);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    log.addHandler(h);
    try (ProcessHelperLauncher l = new ProcessHelperLauncher(1, 0)) {
      for (int i = 1; i <= 1000; i++) {
        l.launch(i, ImmutableList.of("/bin/sleep", "5"), ImmutableList.of());
      }
      assertEquals(999, l.dropped());
      assertEquals(1, records.size(), "one warning for 999 dropped runs");
    } finally {
      log.removeHandler(h);
    }
  }
}
