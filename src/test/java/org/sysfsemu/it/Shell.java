package org.sysfsemu.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs real shell commands ({@code sh -c}) and captures what they print. */
public final class Shell {
  private Shell() {}

  /** The result of one command. */
  public record Result(int exit, String out, String err) {
    /** stdout, failing the test with everything when the command did not exit 0. */
    public String ok() {
      if (exit != 0) {
        throw new AssertionError("command failed (" + exit + "): " + err + out);
      }
      return out;
    }
  }

  /** Runs {@code sh -c script}; gives up (and fails) after 60 s. */
  public static Result sh(String script) {
    return run(List.of("sh", "-c", script));
  }

  /** Runs {@code argv} directly; gives up (and fails) after 60 s. */
  public static Result run(List<String> argv) {
    ProcessBuilder pb = new ProcessBuilder(argv);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      var out = p.getInputStream().readAllBytes();
      var err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("command timed out: " + argv);
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.ISO_8859_1),
          new String(err, StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      throw new AssertionError("cannot run sh: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Quotes {@code s} for a shell command line. */
  public static String q(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
