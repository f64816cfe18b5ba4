package org.sysfsemu.driver;

/**
 * The device notifier chain ({@code bus_register_notifier()}: BUS_NOTIFY_ADD_DEVICE,
 * BUS_NOTIFY_DEL_DEVICE, BUS_NOTIFY_REMOVED_DEVICE), through which what stands in for user space's
 * device manager (the emulated udev database) follows the devices. Called by {@link DriverCore}
 * outside the tree lock and the event mutex (under the hotplug lock, except {@link #changing}),
 * each step before the event
 * it goes with (so that the state is there when a listener hears of it), except {@link #removed},
 * after the {@code remove} event. Errors are the notifier's business: it must not throw.
 */
public interface DeviceNotifier {
  /** Notifies nobody. */
  DeviceNotifier NONE = new DeviceNotifier() {};

  /** The device was added (its node exists); its {@code add} event comes next. */
  default void added(Device dev) {}

  /** The device was renamed from {@code oldDevpath}; its {@code move} event comes next. */
  default void renamed(Device dev, String oldDevpath) {}

  /** A driver is about to send {@code change} for the device. */
  default void changing(Device dev) {}

  /** The device is being deleted (its node is gone); its {@code unbind}/{@code remove} events come next. */
  default void removing(Device dev) {}

  /** The device's {@code remove} event was sent; it is gone. */
  default void removed(Device dev) {}
}
