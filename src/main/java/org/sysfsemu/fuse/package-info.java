/**
 * The FUSE boundary: with {@code host} (netlink), the only package that imports {@code jnr.*} and
 * {@code com.kenai.jffi.*}, and the only one that imports {@code ru.serce.*}. {@link
 * org.sysfsemu.fuse.SysfsFs} serves a {@link org.sysfsemu.kernfs.Kernfs} tree with sysfs's rules,
 * {@link org.sysfsemu.fuse.FuseCall} turns every model error into a negative errno exactly once,
 * and {@link org.sysfsemu.fuse.FuseMount} owns a mount's lifecycle. libfuse is called by address
 * through jffi ({@link org.sysfsemu.fuse.FuseExt}) and calls back through jffi closures ({@link
 * org.sysfsemu.fuse.OperationsTable}); jnr-fuse 0.5.8 gives the struct layouts. Also here: {@code
 * direct_io} and {@code flag_nopath} by raw memory, and libfuse's session run on its own thread
 * without {@code fuse_main()}'s signal handlers ({@link org.sysfsemu.fuse.FuseSession}), with
 * the answer to the kernel's {@code INIT} as the ready signal (libfuse's for /dev; /sys answers
 * every request itself, {@link org.sysfsemu.fuse.SysfsRequests}). {@link
 * org.sysfsemu.fuse.UserLimits} keeps one user of the /dev mount from taking what others need.
 */
package org.sysfsemu.fuse;
