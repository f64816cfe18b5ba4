package org.sysfsemu.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

class FuseCallTest {
  private final Logger log = Logger.getLogger("FuseCallTest." + System.nanoTime());
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          records.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private final FuseCall call = new FuseCall(log);

  @BeforeEach
  void captureLog() {
    log.setUseParentHandlers(false);
    log.setLevel(Level.ALL);
    log.addHandler(capture);
  }

  @AfterEach
  void release() {
    log.removeHandler(capture);
  }

  @Test
  void resultOfTheBodyIsReturned() {
    assertEquals(42, call.run("read", "/a", () -> 42));
    assertEquals(0, call.run("getattr", "/", () -> 0));
  }

  @Test
  void sysfsExceptionBecomesNegativeErrnoAndIsLoggedOnlyAtFine() {
    int r =
        call.run(
            "open",
            "/dev",
            () -> {
              throw new SysfsException(Errno.EACCES, "read-only");
            });
    assertEquals(-13, r);
    assertEquals(1, records.size());
    assertEquals(Level.FINE, records.get(0).getLevel());
  }

  @Test
  void unexpectedExceptionIsLoggedWithOpAndPathAndBecomesEio() {
    RuntimeException bug = new IllegalStateException("bug");
    int r =
        call.run(
            "write",
            "/devices/x/value",
            () -> {
              throw bug;
            });
    assertEquals(-5, r);
    assertEquals(1, records.size());
    LogRecord rec = records.get(0);
    assertEquals(Level.WARNING, rec.getLevel());
    assertTrue(rec.getMessage().startsWith("write /devices/x/value "), rec.getMessage());
    assertSame(bug, rec.getThrown());
  }

  @Test
  void errorsAreCaughtToo() {
    assertEquals(
        -5,
        call.run(
            "read",
            "/a",
            () -> {
              throw new AssertionError("boom");
            }));
    assertEquals(
        -5,
        call.run(
            "read",
            "/a",
            () -> {
              throw new StackOverflowError();
            }));
  }

  @Test
  void aFailingLogHandlerCannotLetAnythingEscape() {
    log.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            throw new IllegalStateException("handler broken");
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
    assertEquals(
        -5,
        call.run(
            "read",
            "/a",
            () -> {
              throw new NullPointerException();
            }));
  }
}
