/**
 * The driver model (drivers/base): devices, buses, classes and drivers, and the driver core that
 * adds, removes and binds devices in the kernel's order, building their sysfs directories, links
 * and {@code uevent} files and sending their events. No I/O: /dev is reached through the {@link
 * org.sysfsemu.driver.Devtmpfs} hooks.
 */
package org.sysfsemu.driver;
