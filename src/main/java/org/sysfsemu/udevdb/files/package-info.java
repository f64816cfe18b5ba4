/** The emulated udev database as files: a directory laid out like udevd's {@code /run/udev}. */
package org.sysfsemu.udevdb.files;
