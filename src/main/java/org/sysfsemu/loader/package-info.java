/**
 * Device trees in the {@code .umockdev} record format: a strict, linear parser, the
 * interpretation of each record as the kernel would hold the device (kernel keys in the kernel's
 * order, udev properties apart), and an all-or-nothing loader through the driver core.
 */
package org.sysfsemu.loader;
