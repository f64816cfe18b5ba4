package org.sysfsemu.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The compiled C reader of src/test/c/uevent-reader.c, run as a real process: a program that
 * polls and reads the control node the way udev-like tools read a netlink socket. Compiled once
 * per build into target/ with the system's {@code cc}.
 */
public final class CReader implements AutoCloseable {
  /** One thing the reader reported: a datagram ({@code data}), an errno name, OPEN or EOF. */
  public record Item(String kind, byte[] data) {
    public String text() {
      return new String(data, StandardCharsets.ISO_8859_1);
    }
  }

  private static final Path SOURCE = Path.of("src/test/c/uevent-reader.c");
  private static final Path BINARY = Path.of("target/uevent-reader");

  private final Process process;
  private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();

  private CReader(Process process) {
    this.process = process;
    Thread t = new Thread(this::pump, "c-reader");
    t.setDaemon(true);
    t.start();
  }

  /** Compiles the reader if it is missing or older than its source; returns the binary. */
  public static synchronized Path binary() throws IOException, InterruptedException {
    if (!Files.exists(BINARY) || Files.getLastModifiedTime(BINARY).compareTo(Files.getLastModifiedTime(SOURCE)) < 0) {
      Process cc = new ProcessBuilder("cc", "-O2", "-Wall", "-Wextra", "-Werror", "-o", BINARY.toString(), SOURCE.toString())
          .redirectErrorStream(true).start();
      String out = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (cc.waitFor() != 0) {
        throw new IOException("cc failed: " + out);
      }
    }
    return BINARY.toAbsolutePath();
  }

  /** Starts the reader with {@code args} (options, then the path) and waits until it has opened. */
  public static CReader start(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary().toString());
    cmd.addAll(List.of(args));
    CReader r = new CReader(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    Item first = r.next(10);
    if (!first.kind().equals("OPEN")) {
      r.close();
      throw new AssertionError("the reader did not open: " + first.kind());
    }
    return r;
  }

  /** Lets a reader started with {@code -w} begin reading. */
  public void go() throws IOException {
    OutputStream in = process.getOutputStream();
    in.write('\n');
    in.flush();
  }

  /** The next item, waiting up to {@code seconds}. */
  public Item next(int seconds) throws InterruptedException {
    Item i = items.poll(seconds, TimeUnit.SECONDS);
    if (i == null) {
      throw new AssertionError("the reader reported nothing within " + seconds + " s");
    }
    return i;
  }

  /** The next {@code n} items. */
  public List<Item> next(int n, int seconds) throws InterruptedException {
    List<Item> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      out.add(next(seconds));
    }
    return out;
  }

  public Process process() {
    return process;
  }

  private void pump() {
    try (InputStream in = new BufferedInputStream(process.getInputStream())) {
      while (true) {
        String header = line(in);
        if (header == null) {
          return;
        }
        if (header.startsWith("D ")) {
          byte[] data = in.readNBytes(Integer.parseInt(header.substring(2)));
          in.read(); // the newline after the bytes
          items.add(new Item("D", data));
        } else if (header.startsWith("E ")) {
          items.add(new Item(header.substring(2), new byte[0]));
        } else {
          items.add(new Item(header, new byte[0]));
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c; (c = in.read()) != '\n'; ) {
      if (c < 0) {
        return null;
      }
      b.write(c);
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(5, TimeUnit.SECONDS);
  }
}
