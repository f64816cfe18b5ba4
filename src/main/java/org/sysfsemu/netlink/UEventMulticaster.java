package org.sysfsemu.netlink;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.uevent.UEvent;
import org.sysfsemu.uevent.UEventSink;

/**
 * The {@code NETLINK_KOBJECT_UEVENT} multicast table: 32 groups whose members are {@link
 * Subscription}s. Each published event goes to group 1 in the kernel's format ({@link
 * UEvent#datagram()}) and, standing in for udevd's re-broadcast, to group 2 in libudev format
 * ({@link LibudevMessage}) with the device's udev properties and tags, from the {@link UdevGroup}
 * shared with the other senders of group 2; nothing is ever sent to groups 3..32. A member of both groups gets the group-1
 * datagram of an event, then its group-2 datagram. Each member's filters are applied here, as
 * sd-device applies them on receipt. Each datagram is built at most once per event, the
 * libudev one only if some member (or another sender) needs it.
 *
 * <p>{@link #publish} is called in SEQNUM order with the event mutex held: it never blocks, takes
 * no lock of its own (members are a copy-on-write list) and wakes nobody; it notes which members
 * have something new. {@link #wakeReaders}, called after the mutex is released, wakes each noted
 * member once (its blocked reads and its poll handle), however many events it got meanwhile.
 * Subscribing and closing are safe from any thread meanwhile.
 */
public final class UEventMulticaster implements UEventSink {
  /** The default cap on members: open files of the uevent node. */
  public static final int DEFAULT_MAX_SUBSCRIBERS = 1024;

  private final List<Subscription> members = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Subscription> toWake = new ConcurrentLinkedQueue<>();
  private final UdevGroup udevGroup;
  private final int rcvbuf;
  private final int maxSubscribers;
  private boolean shutdown; // guarded by this

  /** A table with no udev database, the default budget and the default cap. */
  public UEventMulticaster() {
    this(UdevProperties.NONE, Subscription.DEFAULT_RCVBUF, DEFAULT_MAX_SUBSCRIBERS);
  }

  /**
   * A table whose group-2 messages take udev properties from {@code udev}, whose members get
   * {@code rcvbuf} bytes each, and which refuses more than {@code maxSubscribers} members.
   */
  public UEventMulticaster(UdevProperties udev, int rcvbuf, int maxSubscribers) {
    this(new UdevGroup(udev), rcvbuf, maxSubscribers);
  }

  /**
   * A table whose group-2 messages come from {@code udevGroup} (shared with the other senders of
   * group 2, and switched off with them), whose members get {@code rcvbuf} bytes each, and which
   * refuses more than {@code maxSubscribers} members.
   */
  public UEventMulticaster(UdevGroup udevGroup, int rcvbuf, int maxSubscribers) {
    checkArgument(rcvbuf > 0 && maxSubscribers > 0, "rcvbuf %s, maxSubscribers %s", rcvbuf, maxSubscribers);
    this.udevGroup = udevGroup;
    this.rcvbuf = rcvbuf;
    this.maxSubscribers = maxSubscribers;
  }

  /**
   * Adds a member that receives events published from now on; closing it removes it. After
   * {@link #shutdown}, the new member is already shut down (reads return EOF).
   *
   * @throws SysfsException ENFILE when {@code maxSubscribers} members exist
   */
  public Subscription subscribe(SubscriptionOptions options) throws SysfsException {
    Subscription s;
    boolean ended;
    synchronized (this) {
      if (!shutdown && members.size() >= maxSubscribers) {
        throw new SysfsException(Errno.ENFILE, "too many uevent readers (" + maxSubscribers + ")");
      }
      s = new Subscription(options, rcvbuf, this::removeClosed);
      ended = shutdown;
      if (!ended) {
        members.add(s);
      }
    }
    if (ended) {
      s.shutdown();
    }
    return s;
  }

  private void removeClosed() {
    members.removeIf(Subscription::isClosed);
  }

  /** The number of members. */
  public int subscribers() {
    return members.size();
  }

  /** Whether some member is bound to {@code group}. */
  public boolean hasListeners(int group) {
    return members.stream().anyMatch(s -> s.options().hasGroup(group));
  }

  @Override
  public void publish(UEvent event) {
    if (members.isEmpty()) {
      return;
    }
    String devtype = event.get("DEVTYPE");
    byte[] kernel = null;
    boolean udevOn = udevGroup.isOn();
    for (Subscription s : members) {
      SubscriptionOptions o = s.options();
      boolean toKernel = o.hasGroup(SubscriptionOptions.KERNEL_GROUP);
      boolean toUdev = udevOn && o.hasGroup(SubscriptionOptions.UDEV_GROUP);
      if (!(toKernel || toUdev) || !o.matchesSubsystem(event.subsystem(), devtype)) {
        continue;
      }
      boolean wake = false;
      if (toKernel && o.tags().isEmpty()) { // kernel events carry no tags: a tag filter drops them
        kernel = kernel == null ? event.datagram() : kernel;
        wake = s.deliver(kernel, o).wakes();
      }
      if (toUdev && o.matchesTags(udevGroup.record(event).tags())) {
        wake |= s.deliver(udevGroup.message(event), o).wakes();
      }
      if (wake && s.markWakePending()) {
        toWake.add(s);
      }
    }
  }

  @Override
  public void wakeReaders() {
    Subscription s;
    while ((s = toWake.poll()) != null) {
      s.wake();
    }
  }

  /** Shuts every member down for unmount: reads return EOF; later members start shut down. */
  public void shutdown() {
    List<Subscription> all;
    synchronized (this) {
      shutdown = true;
      all = new ArrayList<>(members);
      members.clear();
    }
    all.forEach(Subscription::shutdown);
  }
}
