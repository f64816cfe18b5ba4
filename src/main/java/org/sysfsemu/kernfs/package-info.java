/**
 * The sysfs namespace as the kernel's kernfs keeps it: directories, attribute files with
 * show/store operations, and symlinks, in one tree under one read/write lock. The driver core
 * builds it; the FUSE adapter only reads it and forwards attribute reads and writes. No I/O here.
 */
package org.sysfsemu.kernfs;
