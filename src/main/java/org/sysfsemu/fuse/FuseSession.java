package org.sysfsemu.fuse;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Library;
import com.kenai.jffi.Type;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;

/**
 * One libfuse 2.9 session set up and torn down the way {@code fuse_main()} does it, minus its
 * signal handling: {@code fuse_mount}, {@code fuse_new}, then (after {@link FuseLoop} has served
 * it in place of {@code fuse_loop_mt}) {@code fuse_unmount} and {@code fuse_destroy}, the steps of
 * libfuse's {@code fuse_setup()} and {@code fuse_teardown()}.
 *
 * <p>jnr-fuse mounts through {@code fuse_main_real()}, which also calls {@code
 * fuse_set_signal_handlers()}: that helper keeps one session in a static variable, so with two
 * sessions in one process (/sys and /dev) the stop of one of them prints {@code fuse:
 * fuse_remove_signal_handlers: unknown session}. Its handlers are of no use here anyway: the JVM
 * already owns SIGINT, SIGTERM and SIGHUP (libfuse only installs over a default handler), and
 * {@link FuseMount} ends the loop by unmounting.
 *
 * <p>{@code fuse_new} is looked up with {@code dlvsym} at version {@code FUSE_2.6}: libfuse 2 also
 * exports an unversioned {@code fuse_new} (the 2.1 compatibility entry, with other arguments),
 * which is what a plain {@code dlsym}, and so a jnr-ffi binding, would find. It is called through
 * jffi, the layer under jnr-ffi, which can call a function by its address ({@link FuseExt}).
 */
final class FuseSession {
  /** {@code struct fuse_args}: argc, argv, and whether libfuse allocated argv. */
  static final class FuseArgs extends Struct {
    final Signed32 argc = new Signed32();
    final Pointer argv = new Pointer();
    final Signed32 allocated = new Signed32();

    FuseArgs(Runtime runtime) {
      super(runtime);
    }
  }

  private static final Runtime RUNTIME = Runtime.getSystemRuntime();
  private static final CallContext FUSE_NEW_CALL =
      CallContext.getCallContext(
          Type.POINTER,
          new Type[] {Type.POINTER, Type.POINTER, Type.POINTER, Type.ULONG, Type.POINTER},
          CallingConvention.DEFAULT,
          false);

  private static volatile Natives natives;

  private record Natives(FuseExt lib, long fuseNew) {}

  private final Natives n;
  private final String mountpoint;
  private final Pointer chan;
  private final Pointer fuse;

  private FuseSession(Natives n, String mountpoint, Pointer chan, Pointer fuse) {
    this.n = n;
    this.mountpoint = mountpoint;
    this.chan = chan;
    this.fuse = fuse;
  }

  /**
   * Mounts a filesystem with the callbacks {@code ops} at {@code mountpoint} with libfuse
   * arguments {@code args} (program name first, then {@code -o} options). libfuse prints its own
   * reason on stderr when it refuses.
   *
   * @throws IOException when libfuse cannot mount or cannot start the session
   */
  static FuseSession mount(String programName, Path mountpoint, String[] options, OperationsTable ops)
      throws IOException {
    Natives n = natives();
    String point = mountpoint.toString();
    List<Pointer> keep = new ArrayList<>();
    FuseArgs args = fuseArgs(programName, options, keep);
    Pointer argsPtr = Struct.getMemory(args);
    Pointer chan = n.lib().fuse_mount(point, argsPtr);
    if (chan == null) {
      n.lib().fuse_opt_free_args(argsPtr);
      Reference.reachabilityFence(keep);
      throw new IOException("libfuse refused to mount " + point + " (its reason is on stderr)");
    }
    long fuse = // libfuse copies the operations
        Invoker.getInstance()
            .invokeN5(FUSE_NEW_CALL, n.fuseNew(), chan.address(), argsPtr.address(),
                ops.address(), OperationsTable.STRUCT_SIZE, 0L);
    n.lib().fuse_opt_free_args(argsPtr);
    Reference.reachabilityFence(keep);
    Reference.reachabilityFence(ops);
    if (fuse == 0) {
      n.lib().fuse_unmount(point, chan);
      throw new IOException("libfuse could not start a session at " + point + " (its reason is on stderr)");
    }
    return new FuseSession(n, point, chan, Pointer.wrap(RUNTIME, fuse));
  }

  /** The session ({@code struct fuse}) that {@link FuseLoop} serves between mount and teardown. */
  Pointer fuse() {
    return fuse;
  }

  /** Closes the channel (unmounting if the mount is still there) and frees the session. */
  void teardown() {
    n.lib().fuse_unmount(mountpoint, chan);
    n.lib().fuse_destroy(fuse);
  }

  private static FuseArgs fuseArgs(String programName, String[] options, List<Pointer> keep) {
    List<String> argv = new ArrayList<>();
    argv.add(programName);
    argv.addAll(List.of(options));
    int wordSize = RUNTIME.addressSize();
    Pointer array = Memory.allocateDirect(RUNTIME, (argv.size() + 1) * wordSize, true);
    keep.add(array);
    for (int i = 0; i < argv.size(); i++) {
      byte[] b = argv.get(i).getBytes(StandardCharsets.UTF_8);
      Pointer s = Memory.allocateDirect(RUNTIME, b.length + 1, true);
      s.put(0, b, 0, b.length);
      keep.add(s);
      array.putPointer((long) i * wordSize, s);
    }
    FuseArgs args = new FuseArgs(RUNTIME);
    Pointer mem = Memory.allocateDirect(RUNTIME, Struct.size(args), true);
    keep.add(mem);
    args.useMemory(mem);
    args.argc.set(argv.size());
    args.argv.set(array);
    args.allocated.set(0);
    return args;
  }

  private static Natives natives() throws IOException {
    Natives n = natives;
    if (n == null) {
      synchronized (FuseSession.class) {
        n = natives;
        if (n == null) {
          natives = n = load();
        }
      }
    }
    return n;
  }

  private static Natives load() throws IOException {
    FuseExt lib = FuseExt.load();
    long fuseNew;
    try {
      fuseNew = lib.versionedSymbol("fuse_new", "FUSE_2.6");
    } catch (LinkageError e) {
      throw new IOException("cannot look up fuse_new@FUSE_2.6: " + e.getMessage(), e);
    }
    if (fuseNew == 0) {
      throw new IOException("libfuse.so.2 has no fuse_new@FUSE_2.6: " + Library.getLastError());
    }
    return new Natives(lib, fuseNew);
  }
}
