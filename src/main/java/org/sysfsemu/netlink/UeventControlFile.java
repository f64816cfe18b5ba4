package org.sysfsemu.netlink;

import java.nio.charset.StandardCharsets;
import org.sysfsemu.devfs.ControlFile;
import org.sysfsemu.devfs.ControlSession;
import org.sysfsemu.error.SysfsException;

/**
 * The uevent node of the emulated /dev: each {@code open()} is a netlink socket bound to group 1
 * with no filters ({@link SubscriptionOptions#DEFAULT}), so {@code cat} shows kernel events at
 * once. A write of an option line rebinds it: before the first read, what was queued under the
 * default binding is dropped (as if the socket had been bound only now, so the reader never sees
 * a datagram it did not ask for); after reading has started, the queue is kept (like a second
 * {@code bind()}). Each write is one whole line; a bad line fails the write with EINVAL and
 * changes nothing. Reads return one datagram (or its rest, for short buffers), null on timeout,
 * EOF after unmount; {@code close()} leaves the group.
 */
public final class UeventControlFile implements ControlFile {
  private final UEventMulticaster multicaster;

  public UeventControlFile(UEventMulticaster multicaster) {
    this.multicaster = multicaster;
  }

  /**
   * Subscribes a new reader.
   *
   * @throws SysfsException ENFILE when the multicaster's cap on readers is reached
   */
  @Override
  public ControlSession open(int uid) throws SysfsException {
    return new Session(multicaster.subscribe(SubscriptionOptions.DEFAULT));
  }

  /** One open file: an adapter of one {@link Subscription}. */
  static final class Session implements ControlSession {
    private final Subscription subscription;
    private volatile boolean readStarted;

    Session(Subscription subscription) {
      this.subscription = subscription;
    }

    @Override
    public byte[] read(int size, long timeoutMillis) throws SysfsException {
      readStarted = true;
      return subscription.read(size, timeoutMillis);
    }

    @Override
    public int write(byte[] data) throws SysfsException {
      if (data.length == 0) {
        return 0;
      }
      SubscriptionOptions options = SubscriptionOptions.parse(new String(data, StandardCharsets.ISO_8859_1));
      subscription.rebind(options, !readStarted);
      return data.length;
    }

    @Override
    public boolean readable() {
      return subscription.readable();
    }

    @Override
    public void setWakeup(Runnable wakeup) {
      subscription.setWakeup(wakeup);
    }

    @Override
    public void close() {
      subscription.close();
    }
  }
}
