/**
 * The uevent pipeline: {@code kobject_uevent_env()} ({@link org.sysfsemu.uevent.UEventEngine}),
 * the parser of writes to {@code uevent} files, the published event and its datagram bytes, and
 * the interfaces through which events leave the model (sinks for netlink, a launcher for the
 * helper).
 */
package org.sysfsemu.uevent;
