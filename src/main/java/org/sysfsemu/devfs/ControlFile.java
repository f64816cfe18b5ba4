package org.sysfsemu.devfs;

import org.sysfsemu.error.SysfsException;

/**
 * A file of the /dev mount whose contents the emulator serves: the uevent node (each open is a
 * netlink subscriber) and the hotplug control files. Stored as the kind of a {@link
 * DevfsNode.ControlNode}; the FUSE layer opens a {@link ControlSession} per {@code open()}.
 */
public interface ControlFile {
  /** Opens one session; {@code uid} is the caller's, for policy checks beyond the mode bits. */
  ControlSession open(int uid) throws SysfsException;
}
