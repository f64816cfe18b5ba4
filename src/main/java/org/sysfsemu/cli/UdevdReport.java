package org.sysfsemu.cli;

import java.io.PrintWriter;
import java.util.concurrent.CompletableFuture;
import org.sysfsemu.SysfsEmu;

/**
 * What the commands say about a real systemd-udevd ({@code --udevd}): problems udevd logged about
 * the user's rules, one clear line each, and a future that completes with a message if udevd
 * ends while the emulator still serves.
 */
final class UdevdReport {
  private UdevdReport() {}

  /** Prints udevd's complaints about the rules, as udevd wrote them, after the command's name. */
  static void ruleProblems(String command, SysfsEmu emu, PrintWriter err) {
    emu.udevd().ifPresent(u -> {
      for (String line : u.ruleProblems()) {
        err.println("sysfs-emu " + command + ": udevd reports a problem in the rules: " + line.strip());
      }
      err.flush();
    });
  }

  /** Completes with udevd's exit message if it ends unexpectedly; never without --udevd. */
  static CompletableFuture<String> unexpectedExit(SysfsEmu emu) {
    CompletableFuture<String> f = new CompletableFuture<>();
    emu.udevd().ifPresent(u -> u.onUnexpectedExit(status -> f.complete(u.exitMessage(status))));
    return f;
  }
}
