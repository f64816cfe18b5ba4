package org.sysfsemu.uevent;

/**
 * Receives every published event, once, in SEQNUM order: the emulated netlink group 1. Publishing
 * has two phases. {@link #publish} is called with the event mutex held, so it must never block
 * nor wake anyone: it only offers to bounded queues and counts what does not fit. {@link
 * #wakeReaders} is called after the mutex is released, by the same publisher, and wakes whoever
 * waits for what {@code publish} queued.
 */
@FunctionalInterface
public interface UEventSink {
  /** Phase one, under the event mutex: queue {@code event}, never block, wake nobody. */
  void publish(UEvent event);

  /** Phase two, without the event mutex: wake the readers of what was queued; never throws. */
  default void wakeReaders() {}
}
