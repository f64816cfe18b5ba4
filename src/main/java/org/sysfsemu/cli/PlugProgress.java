package org.sysfsemu.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.sysfsemu.control.Hotplug;
import org.sysfsemu.driver.DeviceSpec;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.loader.TreeFormatException;
import org.sysfsemu.loader.TreeLoader;

/**
 * The progress line of a long {@code plug} on a terminal: listens on the emulator's uevent node
 * (subscribed before the command is sent) and counts the {@code add} events of the scenario's
 * devices ({@code sysfs-emu: plugging usb-stick 3/6}). Not started in a pipe.
 */
final class PlugProgress implements AutoCloseable {
  private final RandomAccessFile node;
  private final Progress progress;

  private PlugProgress(RandomAccessFile node, Progress progress) {
    this.node = node;
    this.progress = progress;
  }

  /**
   * Starts counting the devices of {@code nameOrFile} as the emulator at {@code dev} adds them;
   * null when standard error is no terminal or the scenario cannot be read here (the emulator
   * then says why).
   */
  static PlugProgress start(Path dev, String nameOrFile) {
    if (!Terminal.stderrIsTerminal()) {
      return null;
    }
    Set<String> devpaths = new HashSet<>();
    try {
      for (DeviceSpec s : TreeLoader.parse(nameOrFile, Hotplug.scenario(nameOrFile))) {
        devpaths.add(s.devpath());
      }
      RandomAccessFile node = new RandomAccessFile(dev.resolve("uevent").toFile(), "rw");
      node.write("groups=1\n".getBytes(StandardCharsets.ISO_8859_1));
      Progress progress = Progress.onTerminal("plugging " + Path.of(nameOrFile).getFileName(), devpaths.size());
      PlugProgress p = new PlugProgress(node, progress);
      Thread t = new Thread(() -> p.count(devpaths), "plug-progress");
      t.setDaemon(true);
      t.start();
      return p;
    } catch (SysfsException | TreeFormatException | IOException | RuntimeException e) {
      return null;
    }
  }

  /** Reads events until the node is closed, one step per {@code add} of a scenario device. */
  private void count(Set<String> devpaths) {
    byte[] buf = new byte[128 * 1024];
    try {
      for (int n; (n = node.read(buf)) > 0; ) {
        int end = 0;
        while (end < n && buf[end] != 0) {
          end++;
        }
        String header = new String(buf, 0, end, StandardCharsets.ISO_8859_1);
        if (header.startsWith("add@") && devpaths.contains(header.substring(4))) {
          progress.step();
        }
      }
    } catch (IOException e) {
      // closed, or events lost: the line just stops
    }
  }

  /** Stops listening and erases the line. */
  @Override
  public void close() {
    try {
      node.close();
    } catch (IOException e) {
      // nothing to do
    }
    progress.done();
  }
}
