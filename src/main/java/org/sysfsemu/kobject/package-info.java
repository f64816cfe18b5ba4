/**
 * Kernel objects and ksets ({@code include/linux/kobject.h}): the named, parented objects that
 * own sysfs directories, the uevent actions, and the bounded environment in which an event is
 * built. Nothing here does I/O.
 */
package org.sysfsemu.kobject;
