package org.sysfsemu.loader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.sysfsemu.driver.DeviceSpec;

/** Where the devices come from: the embedded default tree or a file. */
public final class TreeSource {
  /** The embedded default tree (docs/default-tree.md). */
  public static final String DEFAULT_RESOURCE = "/org/sysfsemu/default-tree.umockdev";

  private TreeSource() {}

  /** The specs of the embedded default tree. */
  public static List<DeviceSpec> defaultTree() throws IOException, TreeFormatException {
    try (InputStream in = TreeSource.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IOException("the default tree is missing from the jar: " + DEFAULT_RESOURCE);
      }
      return TreeLoader.parse("default-tree.umockdev", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
    }
  }

  /**
   * Reads and parses {@code file}, handing its specs to {@code sink} while the rest is parsed
   * ({@link TreeLoader#parse(String, String, TreeLoader.SpecSink)}); returns their number.
   */
  public static <X extends Exception> int load(Path file, TreeLoader.SpecSink<X> sink)
      throws IOException, TreeFormatException, X {
    String text;
    try {
      text = TreeLoader.read(file);
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": no such file");
    }
    return TreeLoader.parse(file.toString(), text, sink);
  }

  /**
   * Fails as {@link #load(Path, TreeLoader.SpecSink)} would on a file that is missing, not a
   * regular file, unreadable or too large: what can be told without reading it.
   */
  public static void check(Path file) throws IOException {
    try {
      TreeLoader.check(file, TreeLoader.MAX_FILE_BYTES);
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": no such file");
    }
  }
}
