package org.sysfsemu.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code sysfs-emu generate-man} (hidden): writes the sysfs-emu(1) manual page in roff, made from
 * the same picocli model that parses the command line, so the page lists exactly the commands and
 * options that exist. {@code scripts/install} installs its output.
 */
@Command(name = "generate-man", hidden = true, mixinStandardHelpOptions = true,
    description = "Write the sysfs-emu(1) manual page (roff) to standard output.")
final class ManPageCommand implements Callable<Integer> {
  @CommandLine.Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    CommandSpec top = spec.parent();
    out.print(page(top));
    out.flush();
    return ExitCode.OK;
  }

  static String page(CommandSpec top) {
    StringBuilder sb = new StringBuilder();
    String version = top.version().length > 0 ? top.version()[0] : "sysfs-emu";
    sb.append(".TH SYSFS-EMU 1 \"\" \"").append(esc(version)).append("\" \"User Commands\"\n");
    sb.append(".SH NAME\nsysfs\\-emu \\- ").append(esc(String.join(" ", top.usageMessage().description()))).append('\n');
    sb.append(".SH SYNOPSIS\n.B sysfs\\-emu\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]\n");
    sb.append(".SH DESCRIPTION\nEach command below is a subcommand of \\fBsysfs\\-emu\\fR. ")
        .append("Commands that talk to a running emulator take the same \\fB\\-\\-sys\\fR/\\fB\\-\\-dev\\fR pair, ")
        .append("or find the running emulator by themselves. Every command takes \\fB\\-h\\fR, \\fB\\-\\-help\\fR ")
        .append("and \\fB\\-V\\fR, \\fB\\-\\-version\\fR.\n");
    sb.append(".SH COMMANDS\n");
    for (CommandLine sub : top.subcommands().values()) {
      CommandSpec s = sub.getCommandSpec();
      if (s.usageMessage().hidden()) {
        continue;
      }
      sb.append(".SS \"sysfs\\-emu ").append(esc(s.name())).append("\"\n");
      sb.append(esc(String.join(" ", s.usageMessage().description()))).append('\n');
      for (OptionSpec o : s.options()) {
        if (o.usageHelp() || o.versionHelp() || o.hidden()) {
          continue;
        }
        sb.append(".TP\n");
        List<String> names = List.of(o.names());
        for (int i = 0; i < names.size(); i++) {
          sb.append(i > 0 ? ", " : "").append("\\fB").append(esc(names.get(i))).append("\\fR");
        }
        if (o.arity().max() > 0) {
          sb.append(" \\fI").append(esc(o.paramLabel())).append("\\fR");
        }
        sb.append('\n').append(esc(describe(o.description(), o.defaultValue()))).append('\n');
      }
      for (PositionalParamSpec p : s.positionalParameters()) {
        sb.append(".TP\n\\fI").append(esc(p.paramLabel())).append("\\fR\n")
            .append(esc(describe(p.description(), p.defaultValue()))).append('\n');
      }
    }
    sb.append(".SH EXIT STATUS\n.TP\n0\nDone.\n.TP\n1\nThe operation was refused or failed (no emulator running, ")
        .append("a command the emulator refused, a timeout).\n.TP\n2\nBad usage: an option, an argument or a tree file was wrong; nothing was changed.\n");
    sb.append(".SH FILES\n.TP\n\\fI/tmp/sys\\fR, \\fI/tmp/dev\\fR\nThe default mount points.\n")
        .append(".TP\n\\fI<dev>/.sysfs\\-emu/\\fR\nThe control files of a running emulator.\n")
        .append(".TP\n\\fIsysfs\\-emu\\-helpers.log\\fR\nThe helpers' output, next to the /dev mount point (see \\fB\\-\\-helper\\-log\\fR).\n");
    sb.append(".SH SEE ALSO\n\\fBudevadm\\fR(8), \\fBumockdev\\-run\\fR(1), \\fBmdev\\fR\n");
    return sb.toString();
  }

  private static String describe(String[] description, String defaultValue) {
    return String.join(" ", description).replace("${DEFAULT-VALUE}", String.valueOf(defaultValue));
  }

  /** roff escapes: backslash, hyphen, and a leading dot or quote. */
  static String esc(String s) {
    String e = s.replace("\\", "\\e").replace("-", "\\-");
    return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
  }
}
