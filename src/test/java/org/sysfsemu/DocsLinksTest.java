package org.sysfsemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository's documentation points only at things inside it: every relative Markdown link
 * (and its {@code #anchor}) of every {@code .md} file, every {@code docs/}, {@code scripts/} and
 * {@code src/} path named in Markdown or in Java comments, every {@code linux-reference.md §N}
 * section, and every test named in docs/linux-reference.md.
 */
class DocsLinksTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final String REFERENCE = "docs/linux-reference.md";

  private static final Pattern MD_LINK = Pattern.compile("\\[[^\\]\\n]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern FILE_REF =
      Pattern.compile("(?<![\\w./-])((?:docs|scripts|src)/[A-Za-z0-9_./-]*[A-Za-z0-9_])");
  /** A path component that stands for any name, as in {@code src/test/c/NAME.c}. */
  private static final Pattern PLACEHOLDER = Pattern.compile("(?!README|COPYING|LICENSE)[A-Z][A-Z0-9_]*(\\..*)?");
  private static final Pattern SECTION = Pattern.compile("§(\\d+(?:\\.\\d+)?)");
  private static final Pattern NUMBERED_HEADING = Pattern.compile("^#{2,3} (\\d+(?:\\.\\d+)?)\\.? ");
  private static final Pattern TEST_NAME =
      Pattern.compile("`([A-Z][A-Za-z0-9]*(?:Test|IT))(?:\\.([a-z][A-Za-z0-9]*))?`");

  @Test
  void markdownLinksAndAnchorsResolve() {
    List<String> broken = new ArrayList<>();
    int links = 0;
    for (Path md : markdownFiles()) {
      links += brokenLinks(md, read(md), broken);
    }
    assertTrue(links > 20, "the check found the links (" + links + ")");
    assertEquals(List.of(), broken);
  }

  @Test
  void fileReferencesInMarkdownAndJavaCommentsResolve() {
    List<String> broken = new ArrayList<>();
    int refs = 0;
    for (Path md : markdownFiles()) {
      refs += brokenFileRefs(md, read(md), broken);
    }
    for (Path java : javaFiles()) {
      refs += brokenFileRefs(java, javaComments(read(java)), broken);
    }
    assertTrue(refs > 20, "the check found the references (" + refs + ")");
    assertEquals(List.of(), broken);
  }

  @Test
  void sectionReferencesNameALinuxReferenceSection() {
    Set<String> sections = numberedSections(read(ROOT.resolve(REFERENCE)));
    assertTrue(sections.containsAll(List.of("3.4", "11.5", "12")), sections.toString());
    List<String> broken = new ArrayList<>();
    markdownFiles().forEach(f -> brokenSections(f, read(f), sections, broken));
    javaFiles().forEach(f -> brokenSections(f, javaComments(read(f)), sections, broken));
    assertEquals(List.of(), broken);
  }

  @Test
  void testsNamedInTheLinuxReferenceExist() {
    Map<String, String> sources = new HashMap<>();
    for (Path java : javaFiles()) {
      if (java.startsWith(ROOT.resolve("src/test"))) {
        sources.put(java.getFileName().toString().replace(".java", ""), read(java));
      }
    }
    List<String> missing = new ArrayList<>();
    Matcher m = TEST_NAME.matcher(read(ROOT.resolve(REFERENCE)));
    int names = 0;
    while (m.find()) {
      names++;
      String source = sources.get(m.group(1));
      if (source == null) {
        missing.add(m.group());
      } else if (m.group(2) != null && !Pattern.compile("\\bvoid " + m.group(2) + "\\(").matcher(source).find()) {
        missing.add(m.group());
      }
    }
    assertTrue(names > 100, "the check found the test names (" + names + ")");
    assertEquals(List.of(), missing);
  }

  /** The checks themselves: each kind of broken reference is reported, and good ones are not. */
  @Test
  void theChecksReportWhatIsBroken() {
    Path md = ROOT.resolve("docs/example.md");
    String text = """
        # Title

        ## 2. A section `with code`

        [ok](semantics.md) [ok too](../README.md#sysfs-emu) [here](#2-a-section-with-code)
        [web](https://example.org/x) [gone](nosuch.md) [bad anchor](semantics.md#no-such-heading)
        [escape](../../outside.md) docs/architecture.md and docs/missing.md, src/test/c/NAME.c, docs/README.md
        ```sh
        # not a heading
        ```
        """;
    List<String> broken = new ArrayList<>();
    assertEquals(7, brokenLinks(md, text, broken));
    assertEquals(List.of("docs/example.md: link nosuch.md", "docs/example.md: link semantics.md#no-such-heading",
        "docs/example.md: link ../../outside.md"), broken);
    broken.clear();
    assertEquals(4, brokenFileRefs(md, text, broken));
    assertEquals(List.of("docs/example.md: file docs/missing.md", "docs/example.md: file docs/README.md"), broken);

    String java = """
        /** See docs/nosuch.md and docs/linux-reference.md §99. */
        class X { String s = "src/not/a/comment"; // scripts/test
        }
        """;
    assertEquals("/** See docs/nosuch.md and docs/linux-reference.md §99. */ // scripts/test",
        javaComments(java).replaceAll("\\s+", " ").trim());
    assertEquals(java.split("\n", -1).length, javaComments(java).split("\n", -1).length, "lines are kept");
    broken.clear();
    brokenFileRefs(ROOT.resolve("src/X.java"), javaComments(java), broken);
    assertEquals(List.of("src/X.java: file docs/nosuch.md"), broken);
    broken.clear();
    brokenSections(ROOT.resolve("src/X.java"), javaComments(java + "// §3 without naming the page\n"), Set.of("3"),
        broken);
    assertEquals(List.of("src/X.java:1: §99 is not a section of " + REFERENCE,
        "src/X.java:4: §3 without naming " + REFERENCE), broken);
    assertEquals(Set.of("2"), numberedSections(text));
  }

  // ---------------------------------------------------------------------------------------------

  private static int brokenLinks(Path md, String text, List<String> broken) {
    int count = 0;
    for (String line : outsideFences(text)) {
      Matcher m = MD_LINK.matcher(line);
      while (m.find()) {
        count++;
        String target = m.group(1);
        if (target.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
          continue; // https:, mailto:
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? md : md.getParent().resolve(file).normalize();
        boolean ok = file.isEmpty() || resolved.startsWith(ROOT) && Files.exists(resolved);
        if (ok && anchor != null) {
          ok = file.isEmpty() ? anchors(text).contains(anchor)
              : Files.isRegularFile(resolved) && resolved.toString().endsWith(".md")
                  && anchors(read(resolved)).contains(anchor);
        }
        if (!ok) {
          broken.add(rel(md) + ": link " + target);
        }
      }
    }
    return count;
  }

  private static int brokenFileRefs(Path file, String text, List<String> broken) {
    int count = 0;
    Matcher m = FILE_REF.matcher(text);
    while (m.find()) {
      count++;
      Path path = Path.of(m.group(1));
      boolean template = false;
      for (Path part : path) {
        template |= PLACEHOLDER.matcher(part.toString()).matches();
      }
      if (!template && !Files.exists(ROOT.resolve(path))) {
        broken.add(rel(file) + ": file " + m.group(1));
      }
    }
    return count;
  }

  /**
   * Every {@code §N} must name a section of the Linux reference: inside it, any; elsewhere, only
   * on a line that names the page.
   */
  private static void brokenSections(Path file, String text, Set<String> sections, List<String> broken) {
    boolean inReference = file.equals(ROOT.resolve(REFERENCE));
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = SECTION.matcher(lines[i]);
      while (m.find()) {
        if (!inReference && !lines[i].contains("linux-reference.md")) {
          broken.add(rel(file) + ":" + (i + 1) + ": §" + m.group(1) + " without naming " + REFERENCE);
        } else if (!sections.contains(m.group(1))) {
          broken.add(rel(file) + ":" + (i + 1) + ": §" + m.group(1) + " is not a section of " + REFERENCE);
        }
      }
    }
  }

  private static Set<String> numberedSections(String markdown) {
    Set<String> out = new HashSet<>();
    for (String line : outsideFences(markdown)) {
      Matcher m = NUMBERED_HEADING.matcher(line);
      if (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, -1 for repeats. */
  static Set<String> anchors(String markdown) {
    Set<String> out = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : outsideFences(markdown)) {
      if (!line.matches("#{1,6} .*")) {
        continue;
      }
      String text = line.replaceFirst("^#+ ", "").replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
      String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum);
      out.add(n == 1 ? slug : slug + "-" + (n - 1));
    }
    return out;
  }

  private static List<String> outsideFences(String markdown) {
    List<String> out = new ArrayList<>();
    boolean fenced = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.stripLeading().startsWith("```")) {
        fenced = !fenced;
      } else if (!fenced) {
        out.add(line);
      }
    }
    return out;
  }

  /**
   * The comments of a Java source: code, strings and text blocks become spaces, so that lines keep
   * their numbers.
   */
  static String javaComments(String src) {
    StringBuilder out = new StringBuilder(src.length());
    int i = 0;
    int n = src.length();
    while (i < n) {
      int end;
      boolean keep;
      if (src.startsWith("//", i)) {
        end = src.indexOf('\n', i);
        end = end < 0 ? n : end;
        keep = true;
      } else if (src.startsWith("/*", i)) {
        end = src.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        keep = true;
      } else if (src.startsWith("\"\"\"", i)) {
        end = src.indexOf("\"\"\"", i + 3);
        end = end < 0 ? n : end + 3;
        keep = false;
      } else if (src.charAt(i) == '"' || src.charAt(i) == '\'') {
        char quote = src.charAt(i);
        end = i + 1;
        while (end < n && src.charAt(end) != quote && src.charAt(end) != '\n') {
          end += src.charAt(end) == '\\' ? 2 : 1;
        }
        end = Math.min(end + 1, n);
        keep = false;
      } else {
        end = i + 1;
        keep = false;
      }
      for (int j = i; j < end; j++) {
        char c = src.charAt(j);
        out.append(keep || c == '\n' ? c : ' ');
      }
      i = end;
    }
    return out.toString();
  }

  private static List<Path> markdownFiles() {
    return files(".md");
  }

  private static List<Path> javaFiles() {
    return files(".java").stream().filter(p -> p.startsWith(ROOT.resolve("src"))).toList();
  }

  /** Files of the repository (not the build's output, not hidden directories) ending in suffix. */
  private static List<Path> files(String suffix) {
    assertTrue(Files.isRegularFile(ROOT.resolve("pom.xml")), "run from the project directory: " + ROOT);
    try (Stream<Path> s = Files.walk(ROOT)) {
      return s.filter(p -> p.toString().endsWith(suffix) && Files.isRegularFile(p))
          .filter(p -> {
            Path r = ROOT.relativize(p);
            for (Path part : r) {
              if (part.toString().equals("target") || part.toString().startsWith(".")) {
                return false;
              }
            }
            return true;
          })
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String rel(Path p) {
    return ROOT.relativize(p).toString();
  }
}
