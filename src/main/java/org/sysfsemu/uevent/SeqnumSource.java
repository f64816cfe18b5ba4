package org.sysfsemu.uevent;

import java.util.List;

/**
 * Where an event's SEQNUM comes from. By default the emulator counts on its own ({@link
 * #COUNTER}); when events are injected into a real kernel's netlink, the kernel appends its own
 * global number, and that number becomes the event's SEQNUM everywhere (uevent_seqnum, the
 * control node, the helper), so that every channel agrees. Called in order with the event mutex
 * held; implementations must not wait on anything but the kernel.
 */
@FunctionalInterface
public interface SeqnumSource {
  /** The emulator's own counter: one more than the last. */
  SeqnumSource COUNTER = (last, header, env) -> last + 1;

  /**
   * The SEQNUM of the next event.
   *
   * @param last the SEQNUM handed out last (0 before the first event)
   * @param header {@code action@devpath}
   * @param env the event's entries without SEQNUM, in order
   * @return a number greater than {@code last}
   */
  long next(long last, String header, List<String> env);
}
