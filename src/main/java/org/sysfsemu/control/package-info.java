/**
 * Hotplug at runtime: {@link org.sysfsemu.control.Hotplug} (plug, unplug, rename, change, set,
 * settle; built-in scenarios) and the control files in {@code /dev/.sysfs-emu/} through which the
 * shell and the CLI drive a running emulator.
 */
package org.sysfsemu.control;
