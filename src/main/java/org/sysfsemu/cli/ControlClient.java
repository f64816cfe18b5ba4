package org.sysfsemu.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.sysfsemu.control.ControlFiles;

/**
 * Talks to a running emulator through its control files in {@code <dev>/.sysfs-emu/}: writes one
 * command to an open file and reads back that command's one-line result ({@code ok: ...} or
 * {@code error: ...}) from the same open file, so concurrent clients never see each other's
 * results.
 */
final class ControlClient {
  private final Path dev;
  private final Path dir;

  ControlClient(Path dev) {
    this.dev = dev;
    this.dir = dev.resolve(ControlFiles.DIR.substring(1));
  }

  /** The outcome of one command. */
  record Reply(boolean ok, String message) {}

  /**
   * Null when an emulator serves the /dev directory (its control directory is there), else the
   * message telling the user none does.
   */
  String notRunning() {
    return Files.isDirectory(dir) ? null : dir + " does not exist: is 'sysfs-emu mount --dev " + dev + "' running?";
  }

  /** Writes {@code command} to control file {@code file} and returns its result. */
  Reply send(String file, String command) throws IOException {
    Path path = dir.resolve(file);
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer data = ByteBuffer.wrap(command.getBytes(StandardCharsets.ISO_8859_1));
      boolean failed = false;
      try {
        while (data.hasRemaining()) {
          ch.write(data);
        }
      } catch (IOException e) {
        failed = true;
      }
      String result = readAll(ch).strip();
      if (result.isEmpty()) {
        result = failed ? "error: the command failed" : "ok";
      }
      return new Reply(!failed && result.startsWith("ok"), stripPrefix(result));
    }
  }

  /** Reads control file {@code file} to its end (blocking until it has an answer). */
  String read(String file) throws IOException {
    try (FileChannel ch = FileChannel.open(dir.resolve(file), StandardOpenOption.READ)) {
      return readAll(ch);
    }
  }

  private static String readAll(FileChannel ch) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(4096);
    while (ch.read(buf) > 0) {
      out.write(buf.array(), 0, buf.position());
      buf.clear();
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  private static String stripPrefix(String result) {
    if (result.startsWith("ok: ")) {
      return result.substring(4);
    }
    if (result.startsWith("error: ")) {
      return result.substring(7);
    }
    return result;
  }
}
