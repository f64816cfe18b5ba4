package org.sysfsemu.cli;

import java.io.PrintStream;

/**
 * A progress line on standard error ({@code recording: 1200/10000}), redrawn in place at most
 * ten times a second, only when standard error is a terminal; nothing in a pipe or a log.
 */
final class Progress {
  private final String what;
  private final long total;
  private final PrintStream err;
  private long done;
  private long lastDraw;

  private Progress(String what, long total, PrintStream err) {
    this.what = what;
    this.total = total;
    this.err = err;
  }

  /** A progress line when standard error is a terminal, else one that prints nothing. */
  static Progress onTerminal(String what, long total) {
    return new Progress(what, total, Terminal.stderrIsTerminal() ? System.err : null);
  }

  void step() {
    done++;
    long now = System.nanoTime();
    if (err != null && now - lastDraw > 100_000_000L) {
      lastDraw = now;
      err.print("\r" + what + ": " + done + "/" + total);
      err.flush();
    }
  }

  void done() {
    if (err != null && lastDraw != 0) {
      err.print("\r\033[K");
      err.flush();
    }
  }
}
