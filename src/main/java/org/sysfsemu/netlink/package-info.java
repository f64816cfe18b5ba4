/**
 * The emulated {@code NETLINK_KOBJECT_UEVENT} protocol: a table of 32 multicast groups ({@link
 * org.sysfsemu.netlink.UEventMulticaster}) whose members are per-open {@link
 * org.sysfsemu.netlink.Subscription}s with a receive budget charged like a socket's {@code
 * sk_rcvbuf}, the libudev (group 2) datagram format with its filter hashes, and the {@code
 * /dev/uevent} control file that serves a subscription to readers. No FUSE types.
 */
package org.sysfsemu.netlink;
