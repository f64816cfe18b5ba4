/**
 * The emulated udev database (docs/udev.md): what udevd would have recorded for each device,
 * replayed from the recording. {@link org.sysfsemu.udevdb.UdevDbEntry} is one device's entry and
 * the exact bytes of its {@code /run/udev/data} file; {@link org.sysfsemu.udevdb.UdevDatabase}
 * follows the devices through the driver core's notifier chain and drives a {@link
 * org.sysfsemu.udevdb.UdevDbStore} (the files) and a {@link org.sysfsemu.udevdb.DevlinkTree} (the
 * links in /dev), and exports the same lines as one text ({@code /dev/.sysfs-emu/udevdb}). No I/O
 * here: the files are written by {@code udevdb.files}.
 */
package org.sysfsemu.udevdb;
