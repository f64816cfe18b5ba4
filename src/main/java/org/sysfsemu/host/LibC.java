package org.sysfsemu.host;

import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The few C library calls the sandbox needs, through JNR-FFI: sockets of the netlink family and
 * {@code setns(2)}. Structures are passed as byte arrays laid out by the callers; the datagram
 * buffers of {@code sendto} and {@code recvfrom} are native memory the caller keeps, so that no
 * call copies more than the datagram. Public only
 * because JNR implements it in another class loader; {@link KobjectUeventSocket} is its user.
 */
public interface LibC {
  int AF_NETLINK = 16;
  int SOCK_RAW = 3;
  int SOCK_CLOEXEC = 0x80000;
  int NETLINK_KOBJECT_UEVENT = 15;
  int SOL_SOCKET = 1;
  int SO_RCVBUF = 8;
  int SO_RCVBUFFORCE = 33;
  int MSG_DONTWAIT = 0x40;
  int MSG_TRUNC = 0x20;
  int CLONE_NEWNET = 0x40000000;
  int O_RDONLY = 0;
  int O_CLOEXEC = 0x80000;
  short POLLIN = 0x1;
  int EINTR = 4;
  int EAGAIN = 11;

  int socket(int domain, int type, int protocol);

  int bind(int fd, @In byte[] addr, int addrlen);

  int setsockopt(int fd, int level, int optname, @In int[] optval, int optlen);

  @ssize_t long sendto(int fd, Pointer buf, @size_t long len, int flags, Pointer addr, int addrlen);

  @ssize_t long recvfrom(int fd, Pointer buf, @size_t long len, int flags, Pointer addr, Pointer addrlen);

  int poll(@In @Out byte[] fds, long nfds, int timeout);

  int setns(int fd, int nstype);

  int open(String path, int flags);

  int close(int fd);

  /** The loaded library, errno saved after every call. */
  static LibC load() {
    return Holder.LIBC;
  }

  /** The JNR runtime, for errno. */
  static Runtime runtime() {
    return Runtime.getRuntime(Holder.LIBC);
  }

  /** Loads libc once, on first use. */
  final class Holder {
    // by its soname: a short name ("c") makes jnr list the library directories and read the
    // libc.so linker script
    static final LibC LIBC = LibraryLoader.create(LibC.class)
        .option(LibraryOption.SaveError, true)
        .load("libc.so.6");

    private Holder() {}
  }
}
