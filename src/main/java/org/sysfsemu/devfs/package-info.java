/**
 * The emulated /dev as a model: a small tmpfs that devtmpfs fills and empties as devices come and
 * go, that users and tools (mdev, udev) change freely, and that carries the emulator's control
 * nodes. No FUSE types: the FUSE layer serves it.
 */
package org.sysfsemu.devfs;
