/**
 * The sandbox: user, mount, network and PID namespaces where unmodified tools find the emulated
 * /sys and /dev at their real paths and hear the emulator's events on real {@code
 * NETLINK_KOBJECT_UEVENT} sockets ({@link org.sysfsemu.sandbox.NetlinkBridge}). The emulator's
 * own process never enters it. See docs/sandbox.md.
 */
package org.sysfsemu.sandbox;
