/**
 * The FUSE boundary: the only package that imports {@code jnr.*} and {@code ru.serce.*}. {@link
 * org.sysfsemu.fuse.SysfsFs} serves a {@link org.sysfsemu.kernfs.Kernfs} tree with sysfs's rules,
 * {@link org.sysfsemu.fuse.FuseCall} turns every model error into a negative errno exactly once,
 * and {@link org.sysfsemu.fuse.FuseMount} owns a mount's lifecycle. It also carries the jnr-fuse
 * 0.5.8 workarounds: {@code direct_io} and {@code flag_nopath} by raw memory, extra libfuse
 * bindings, and libfuse's session run on its own thread without {@code fuse_main()}'s signal
 * handlers ({@link org.sysfsemu.fuse.FuseSession}), with {@code init()} as the ready signal. {@link
 * org.sysfsemu.fuse.UserLimits} keeps one user of the /dev mount from taking what others need.
 */
package org.sysfsemu.fuse;
