package org.sysfsemu.loader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.sysfsemu.driver.DeviceSpec;

/** Where the devices come from: the embedded default tree, a file, or nothing. */
public final class TreeSource {
  /** The embedded default tree (docs/default-tree.md). */
  public static final String DEFAULT_RESOURCE = "/org/sysfsemu/default-tree.umockdev";

  private TreeSource() {}

  /** The specs of the embedded default tree. */
  public static List<DeviceSpec> defaultTree() throws IOException, TreeFormatException {
    return load(null);
  }

  /** The specs of {@code file}, or of the default tree when {@code file} is null. */
  public static List<DeviceSpec> load(Path file) throws IOException, TreeFormatException {
    if (file == null) {
      try (InputStream in = TreeSource.class.getResourceAsStream(DEFAULT_RESOURCE)) {
        if (in == null) {
          throw new IOException("the default tree is missing from the jar: " + DEFAULT_RESOURCE);
        }
        return TreeLoader.parse("default-tree.umockdev", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
      }
    }
    try {
      return TreeLoader.parse(file.toString(), TreeLoader.read(file));
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": no such file");
    }
  }
}
