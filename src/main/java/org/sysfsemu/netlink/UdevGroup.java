package org.sysfsemu.netlink;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.sysfsemu.uevent.UEvent;

/**
 * The emulator's stand-in for udevd's re-broadcast on netlink group 2, shared by every sink that
 * sends it (the control node's readers, real netlink in the sandbox): one switch for whether the
 * emulator sends group-2 messages at all (off while a real udevd sends its own, so that nobody
 * hears of an event twice), and each event's udev record and libudev message, looked up and built
 * once for all sinks. The sinks call it under the event mutex, one event after another; the memo
 * holds the latest event only, and the udev side of the latest record's messages (the bytes after
 * the kernel keys), so that events about one device in a row build that part once.
 */
public final class UdevGroup {
  private static final Logger LOG = Logger.getLogger(UdevGroup.class.getName());

  private final UdevProperties udev;
  private volatile boolean on = true;
  private UEvent event; // guarded by this: the event the two fields below belong to
  private UdevRecord record;
  private byte[] message;
  private LibudevMessage.UdevPart udevPart; // guarded by this: the latest record's, kept across events

  /** A group whose messages take the devices' udev properties and tags from {@code udev}. */
  public UdevGroup(UdevProperties udev) {
    this.udev = udev;
  }

  /** Whether the emulator sends group-2 messages (default: yes). */
  public boolean isOn() {
    return on;
  }

  /** Turns the emulator's group-2 messages on or off, for every sink. */
  public void setOn(boolean on) {
    this.on = on;
  }

  /** The udev record of {@code event}'s device; {@link UdevRecord#EMPTY} if unknown or failing. */
  public synchronized UdevRecord record(UEvent event) {
    if (this.event != event) {
      this.event = event;
      this.record = lookup(event.devpath());
      this.message = null;
    }
    return record;
  }

  /** The libudev message of {@code event}, with its device's udev record. */
  public synchronized byte[] message(UEvent event) {
    UdevRecord r = record(event);
    if (message == null) {
      if (udevPart == null || udevPart.record() != r) {
        udevPart = LibudevMessage.UdevPart.of(r);
      }
      message = LibudevMessage.encode(event, udevPart);
    }
    return message;
  }

  private UdevRecord lookup(String devpath) {
    try {
      UdevRecord r = udev.lookup(devpath);
      return r == null ? UdevRecord.EMPTY : r;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "udev properties of " + devpath + " unavailable", e);
      return UdevRecord.EMPTY;
    }
  }
}
