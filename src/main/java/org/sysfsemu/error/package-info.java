/**
 * Symbolic errors of the emulated kernel. Model code throws {@link
 * org.sysfsemu.error.SysfsException} carrying an {@link org.sysfsemu.error.Errno}; only the FUSE
 * boundary turns it into a negative number.
 */
package org.sysfsemu.error;
