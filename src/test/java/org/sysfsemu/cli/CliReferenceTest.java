package org.sysfsemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/cli.md against the command-line model, both ways: every command and option the model has
 * is documented in the command's section, and every one the page names exists.
 */
class CliReferenceTest {
  private static final Pattern SECTION = Pattern.compile("^## sysfs-emu (\\S+)$");
  private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\|");

  /** Per command, the option names its section's table lists. */
  private static Map<String, TreeSet<String>> documented() throws Exception {
    Map<String, TreeSet<String>> doc = new TreeMap<>();
    TreeSet<String> current = null;
    for (String line : Files.readAllLines(Path.of("docs/cli.md"))) {
      Matcher s = SECTION.matcher(line);
      if (s.matches()) {
        current = new TreeSet<>();
        doc.put(s.group(1), current);
        continue;
      }
      Matcher r = ROW.matcher(line);
      if (current != null && r.find()) {
        for (String word : r.group(1).split("[ ,]+")) {
          if (word.startsWith("-")) {
            current.add(word);
          }
        }
      }
    }
    return doc;
  }

  /** Per command, the option names of the model (the standard -h/-V pair is documented once for all). */
  private static Map<String, TreeSet<String>> model() {
    Map<String, TreeSet<String>> model = new TreeMap<>();
    for (var e : SysfsEmuCommand.commandLine().getSubcommands().entrySet()) {
      TreeSet<String> names = new TreeSet<>();
      for (OptionSpec o : e.getValue().getCommandSpec().options()) {
        if (!o.usageHelp() && !o.versionHelp()) {
          names.addAll(List.of(o.names()));
        }
      }
      model.put(e.getKey(), names);
    }
    return model;
  }

  @Test
  void everyCommandAndOptionIsDocumentedAndEveryDocumentedOneExists() throws Exception {
    assertEquals(model(), documented());
  }

  @Test
  void everyCommandTakesHelpAndVersion() {
    List<String> missing = new ArrayList<>();
    for (var e : SysfsEmuCommand.commandLine().getSubcommands().entrySet()) {
      CommandLine.Model.CommandSpec spec = e.getValue().getCommandSpec();
      if (spec.findOption("--help") == null || spec.findOption("--version") == null) {
        missing.add(e.getKey());
      }
    }
    assertEquals(List.of(), missing);
  }

  @Test
  void everyCommandIsFoundByTheNameItsAnnotationGives() {
    List<String> wrong = new ArrayList<>();
    SysfsEmuCommand.SUBCOMMANDS.forEach((name, c) -> {
      if (!name.equals(c.getAnnotation(CommandLine.Command.class).name())) {
        wrong.add(name + " -> " + c.getName());
      }
    });
    assertEquals(List.of(), wrong);
    assertEquals(List.copyOf(SysfsEmuCommand.SUBCOMMANDS.keySet()),
        List.copyOf(SysfsEmuCommand.commandLine().getSubcommands().keySet()));
  }
}
