/**
 * The system's systemd-udevd inside the sandbox ({@code --udevd}, docs/udev.md), and {@code
 * node-open}, the small C program under which it runs so that opening an emulated device node
 * fails with ENXIO.
 */
package org.sysfsemu.udevd;
