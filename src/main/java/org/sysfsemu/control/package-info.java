/**
 * Hotplug at runtime: {@link org.sysfsemu.control.Hotplug} (plug, unplug, rename, change, set,
 * settle; built-in scenarios) and the control files in {@code /dev/.sysfs-emu/} through which the
 * shell and the CLI drive a running emulator. Their commands run on one hotplug thread ({@link
 * org.sysfsemu.control.CommandQueue}), so a writer can always be interrupted; each user reads only
 * their own results in {@code status}.
 */
package org.sysfsemu.control;
