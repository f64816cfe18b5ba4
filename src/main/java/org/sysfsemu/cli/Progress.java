package org.sysfsemu.cli;

import java.io.PrintStream;

/**
 * A progress line on standard error ({@code sysfs-emu: adding devices 1200/10000}), redrawn in
 * place at most ten times a second, only when standard error is a terminal: nothing in a pipe or a
 * log. Work that ends within 300 ms draws nothing; {@link #done()} erases the line for good.
 */
final class Progress {
  private static final long FIRST_DRAW_NANOS = 300_000_000L;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream err;
  private final long created = System.nanoTime();
  private String what;
  private long total;
  private long done;
  private long lastDraw;
  private boolean drawn;
  private boolean ended;

  private Progress(PrintStream err, String what, long total) {
    this.err = err;
    this.what = what;
    this.total = total;
  }

  /** A progress line when standard error is a terminal, else one that prints nothing. */
  static Progress onTerminal() {
    return onTerminal("", 0);
  }

  /** A counted progress line ({@code what: done/total}) advanced with {@link #step()}. */
  static Progress onTerminal(String what, long total) {
    return new Progress(Terminal.stderrIsTerminal() ? System.err : null, what, total);
  }

  /** One more of the counted work done. */
  void step() {
    show(what, done + 1, total);
  }

  /** Shows {@code what} with {@code done} of {@code total} (no count when {@code total} is 0). */
  synchronized void show(String what, long done, long total) {
    boolean newStep = !what.equals(this.what);
    this.what = what;
    this.done = done;
    this.total = total;
    if (err == null || ended) {
      return;
    }
    long now = System.nanoTime();
    if (now - created < FIRST_DRAW_NANOS || (!newStep && now - lastDraw < REDRAW_NANOS)) {
      return;
    }
    lastDraw = now;
    drawn = true;
    err.print("\r\033[Ksysfs-emu: " + what + (total > 0 ? " " + done + "/" + total : "..."));
    err.flush();
  }

  /** Erases the line if one was drawn; nothing is drawn after. */
  synchronized void done() {
    ended = true;
    if (drawn) {
      err.print("\r\033[K");
      err.flush();
      drawn = false;
    }
  }
}
