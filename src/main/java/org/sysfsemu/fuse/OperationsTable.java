package org.sysfsemu.fuse;

import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Closure;
import com.kenai.jffi.ClosureManager;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.sysfsemu.error.Errno;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * libfuse 2.9's {@code struct fuse_operations} in native memory, each callback a jffi closure: one
 * call of {@link Closure#invoke} with the raw arguments, which the filesystem reads with {@link
 * #path} and {@link #pointer} (jnr-fuse's structs, {@code FileStat}, {@code FuseFileInfo} and the
 * others, give the layouts behind the pointers). jnr-fuse's own table ({@code AbstractFuseFS})
 * binds libfuse once more for each filesystem and generates a class per callback, about 25 for
 * /dev: a few hundred milliseconds of CPU at every start, which this table does not spend.
 *
 * <p>The slots are the members of {@code struct fuse_operations} in the order of libfuse 2.9's
 * {@code fuse.h}, a pointer each on 64-bit Linux, with the flag bits ({@link PathlessOps}) after
 * {@code bmap}.
 */
final class OperationsTable {
  static final int GETATTR = 0;
  static final int READLINK = 1;
  static final int MKNOD = 3;
  static final int MKDIR = 4;
  static final int UNLINK = 5;
  static final int RMDIR = 6;
  static final int SYMLINK = 7;
  static final int RENAME = 8;
  static final int LINK = 9;
  static final int CHMOD = 10;
  static final int CHOWN = 11;
  static final int TRUNCATE = 12;
  static final int OPEN = 14;
  static final int READ = 15;
  static final int WRITE = 16;
  static final int STATFS = 17;
  static final int FLUSH = 18;
  static final int RELEASE = 19;
  static final int OPENDIR = 25;
  static final int READDIR = 26;
  static final int RELEASEDIR = 27;
  static final int INIT = 29;
  static final int CREATE = 32;
  static final int FTRUNCATE = 33;
  static final int UTIMENS = 36;
  static final int POLL = 40;

  /** {@code sizeof(struct fuse_operations)} of libfuse 2.9 on 64-bit Linux. */
  static final int STRUCT_SIZE = 360;

  /** Argument types of the callbacks ({@code mode_t}, {@code uid_t}, {@code gid_t}: 32 bits). */
  static final Type P = Type.POINTER;
  static final Type U32 = Type.UINT32;
  static final Type U64 = Type.UINT64;
  static final Type S64 = Type.SINT64;

  private static final Runtime RUNTIME = Runtime.getSystemRuntime();
  private static final MemoryIO IO = MemoryIO.getInstance();

  /** A callback that returns an int: 0 or a count, or -errno. */
  @FunctionalInterface
  interface Callback {
    int call(Closure.Buffer args);
  }

  private final Pointer struct = Memory.allocateDirect(RUNTIME, STRUCT_SIZE, true);
  /** The closures live as long as the table: libfuse may call them until the session ends. */
  private final List<Closure.Handle> closures = new ArrayList<>();

  /**
   * Fills {@code slot} with a callback of {@code params} returning an int. {@code callback} must not
   * throw ({@link FuseCall}); whatever escapes it all the same becomes {@code -EIO}, since jffi
   * would turn it into a successful 0.
   */
  void set(int slot, Callback callback, Type... params) {
    install(slot, Type.SINT32, params, args -> {
      int result;
      try {
        result = callback.call(args);
      } catch (Throwable t) {
        result = ErrnoCodes.negative(Errno.EIO);
      }
      args.setIntReturn(result);
    });
  }

  /** Fills {@code INIT}: {@code void *init(struct fuse_conn_info *)}, which returns NULL. */
  void setInit(Runnable init) {
    install(INIT, P, new Type[] {P}, args -> {
      try {
        init.run();
      } finally {
        args.setAddressReturn(0L);
      }
    });
  }

  /** The struct, for {@code fuse_new}; it must stay reachable while libfuse may call back. */
  long address() {
    return struct.address();
  }

  /** The struct's memory ({@link PathlessOps} sets its flags). */
  Pointer memory() {
    return struct;
  }

  /** Argument {@code i}, a C string, as a Java string (UTF-8); null for NULL (pathless calls). */
  static String path(Closure.Buffer args, int i) {
    long address = args.getAddress(i);
    return address == 0 ? null
        : new String(IO.getZeroTerminatedByteArray(address), StandardCharsets.UTF_8);
  }

  /** Argument {@code i}, a pointer; null for NULL. */
  static Pointer pointer(Closure.Buffer args, int i) {
    return pointer(args.getAddress(i));
  }

  /** {@code address} as a jnr pointer; null for 0. */
  static Pointer pointer(long address) {
    return address == 0 ? null : Pointer.wrap(RUNTIME, address);
  }

  private void install(int slot, Type result, Type[] params, Closure body) {
    Closure.Handle h = ClosureManager.getInstance().newClosure(body, result, params, CallingConvention.DEFAULT);
    closures.add(h);
    struct.putAddress((long) slot * RUNTIME.addressSize(), h.getAddress());
  }
}
