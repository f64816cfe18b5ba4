package org.sysfsemu.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.sysfsemu.host.KobjectUeventSocket;
import org.sysfsemu.netlink.UdevGroup;
import org.sysfsemu.uevent.SeqnumSource;
import org.sysfsemu.uevent.UEvent;
import org.sysfsemu.uevent.UEventSink;

/**
 * Delivers every event on real netlink inside the sandbox's network namespace:
 *
 * <ul>
 *   <li>group 1, as the SEQNUM source: the event is injected into the kernel, which appends its
 *       own SEQNUM and multicasts it with sender portid 0 (what sd-device requires of kernel
 *       events); that number becomes the event's SEQNUM on every channel;
 *   <li>group 2, as a sink: the libudev message udevd would re-broadcast, with the device's udev
 *       properties and tags, unless a real udevd runs in the sandbox and sends its own.
 * </ul>
 *
 * <p>Both run under the event mutex, in SEQNUM order; neither waits on listeners (a slow listener
 * gets the kernel's own ENOBUFS). A failure is logged once and the event goes on to the other
 * channels with the emulator's next number.
 */
public final class NetlinkBridge implements SeqnumSource, UEventSink, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(NetlinkBridge.class.getName());

  private final KobjectUeventSocket socket;
  private final UdevGroup udevGroup;
  private boolean injectFailureLogged;
  private boolean multicastFailureLogged;

  private NetlinkBridge(KobjectUeventSocket socket, UdevGroup udevGroup) {
    this.socket = socket;
    this.udevGroup = udevGroup;
  }

  /**
   * Opens the bridge's socket in {@code netns}; group-2 messages come from {@code udevGroup}
   * (none while it is off).
   */
  public static NetlinkBridge open(Path netns, UdevGroup udevGroup) throws IOException {
    return new NetlinkBridge(KobjectUeventSocket.open(netns), udevGroup);
  }

  @Override
  public long next(long last, String header, List<String> env) {
    try {
      return socket.inject(UEvent.encode(header, env));
    } catch (IOException e) {
      if (!injectFailureLogged) {
        injectFailureLogged = true;
        LOG.log(Level.WARNING, "netlink group 1 in the sandbox: " + e.getMessage()
            + " (" + header + "; further failures are not logged)");
      }
      return last + 1;
    }
  }

  @Override
  public void publish(UEvent event) {
    if (!udevGroup.isOn()) {
      return;
    }
    try {
      socket.multicast(2, udevGroup.message(event));
    } catch (IOException | RuntimeException e) {
      if (!multicastFailureLogged) {
        multicastFailureLogged = true;
        LOG.log(Level.WARNING, "netlink group 2 in the sandbox: " + e.getMessage()
            + " (SEQNUM " + event.seqnum() + "; further failures are not logged)");
      }
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
