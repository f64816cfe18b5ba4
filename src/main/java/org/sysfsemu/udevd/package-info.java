/**
 * The system's systemd-udevd inside the sandbox ({@code --udevd}, docs/udev.md), its coldplug
 * (the emulator's own {@code add} events, in udevadm's order), and {@code node-open}, the small C
 * program under which it runs so that opening an emulated device node fails with ENXIO and its
 * {@code READY=1} reaches the emulator.
 */
package org.sysfsemu.udevd;
