/**
 * The emulator's calls into the host kernel beyond FUSE, through jffi (JNR-FFI's lower layer): real {@code
 * NETLINK_KOBJECT_UEVENT} sockets opened inside the sandbox's network namespace, through which
 * events reach unmodified listeners. Like {@code org.sysfsemu.fuse}, an edge: the model never
 * sees these types.
 */
package org.sysfsemu.host;
