package org.sysfsemu.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import org.junit.jupiter.api.Test;
import org.sysfsemu.error.Errno;
import ru.serce.jnrfuse.struct.FuseOperations;

/**
 * The table's layout against jnr-fuse's {@code FuseOperations} (an independent record of libfuse
 * 2.9's {@code struct fuse_operations}), and its closures called the way libfuse calls them: by
 * their address, through jffi. Needs no libfuse and no mount.
 */
class OperationsTableTest {
  private static final Map<String, Integer> SLOTS = Map.ofEntries(
      Map.entry("getattr", OperationsTable.GETATTR), Map.entry("readlink", OperationsTable.READLINK),
      Map.entry("mknod", OperationsTable.MKNOD), Map.entry("mkdir", OperationsTable.MKDIR),
      Map.entry("unlink", OperationsTable.UNLINK), Map.entry("rmdir", OperationsTable.RMDIR),
      Map.entry("symlink", OperationsTable.SYMLINK), Map.entry("rename", OperationsTable.RENAME),
      Map.entry("link", OperationsTable.LINK), Map.entry("chmod", OperationsTable.CHMOD),
      Map.entry("chown", OperationsTable.CHOWN), Map.entry("truncate", OperationsTable.TRUNCATE),
      Map.entry("open", OperationsTable.OPEN), Map.entry("read", OperationsTable.READ),
      Map.entry("write", OperationsTable.WRITE), Map.entry("statfs", OperationsTable.STATFS),
      Map.entry("flush", OperationsTable.FLUSH), Map.entry("release", OperationsTable.RELEASE),
      Map.entry("opendir", OperationsTable.OPENDIR), Map.entry("readdir", OperationsTable.READDIR),
      Map.entry("releasedir", OperationsTable.RELEASEDIR), Map.entry("init", OperationsTable.INIT),
      Map.entry("create", OperationsTable.CREATE), Map.entry("ftruncate", OperationsTable.FTRUNCATE),
      Map.entry("utimens", OperationsTable.UTIMENS), Map.entry("poll", OperationsTable.POLL));

  @Test
  void slotsAndFlagsAreWhereJnrFusePutsThem() throws ReflectiveOperationException {
    FuseOperations ops = new FuseOperations(Runtime.getSystemRuntime());
    assertEquals(OperationsTable.STRUCT_SIZE, Struct.size(ops));
    for (Map.Entry<String, Integer> e : SLOTS.entrySet()) {
      assertEquals(offset(FuseOperations.class.getField(e.getKey()).get(ops)), e.getValue() * 8L,
          e.getKey());
    }
    assertEquals(offset(ops.flag_nullpath_ok), PathlessOps.FLAGS_OFFSET);
  }

  /** A jnr struct member's offset ({@code offset()} of a class protected in {@code Struct}). */
  private static long offset(Object member) throws ReflectiveOperationException {
    Method m = member.getClass().getMethod("offset");
    m.setAccessible(true);
    return ((Number) m.invoke(member)).longValue();
  }

  @Test
  void aClosureGetsItsArgumentsAndReturnsItsResult() {
    OperationsTable table = new OperationsTable();
    table.set(OperationsTable.MKDIR,
        a -> OperationsTable.path(a, 0).equals("/dir/é") ? a.getInt(1) + 1 : -1,
        OperationsTable.P, OperationsTable.U32);
    long name = cString("/dir/é");
    try {
      assertEquals(0755 + 1, call(table, OperationsTable.MKDIR, name, 0755));
    } finally {
      MemoryIO.getInstance().freeMemory(name);
    }
  }

  @Test
  void whatEscapesACallbackIsEioAndNullPathsAreNull() {
    OperationsTable table = new OperationsTable();
    table.set(OperationsTable.UNLINK, a -> {
      assertNull(OperationsTable.path(a, 0));
      throw new IllegalStateException("a bug");
    }, OperationsTable.P);
    assertEquals(ErrnoCodes.negative(Errno.EIO), call(table, OperationsTable.UNLINK, 0, 0));
  }

  @Test
  void initReturnsNull() {
    OperationsTable table = new OperationsTable();
    int[] calls = {0};
    table.setInit(() -> calls[0]++);
    long slot = table.memory().getAddress(OperationsTable.INIT * 8L);
    assertNotEquals(0, slot);
    CallContext ctx = CallContext.getCallContext(Type.POINTER, new Type[] {Type.POINTER},
        CallingConvention.DEFAULT, false);
    assertEquals(0, Invoker.getInstance().invokeN1(ctx, slot, 0));
    assertEquals(1, calls[0]);
  }

  /** Calls the function in {@code slot} as {@code int f(void *, unsigned)}. */
  private static int call(OperationsTable table, int slot, long pointer, int value) {
    long function = table.memory().getAddress(slot * 8L);
    assertNotEquals(0, function);
    CallContext ctx = CallContext.getCallContext(Type.SINT32,
        new Type[] {Type.POINTER, Type.UINT32}, CallingConvention.DEFAULT, false);
    return (int) Invoker.getInstance().invokeN2(ctx, function, pointer, value);
  }

  private static long cString(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    long mem = MemoryIO.getInstance().allocateMemory(b.length + 1, true);
    MemoryIO.getInstance().putZeroTerminatedByteArray(mem, b, 0, b.length);
    return mem;
  }
}
