package org.sysfsemu.uevent;

/**
 * Receives every published event, once, in SEQNUM order: the emulated netlink group 1. Called with
 * the event mutex held, so implementations must never block (offer to a bounded queue, count
 * what does not fit).
 */
@FunctionalInterface
public interface UEventSink {
  void publish(UEvent event);
}
