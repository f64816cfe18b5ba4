package org.sysfsemu.fuse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.KernfsDir;
import org.sysfsemu.kernfs.KernfsNode;

/**
 * {@link SysfsRequests} on requests built in memory as the kernel writes them, without a mount:
 * the bytes of the replies the kernel reads (entries, listings across pages) and the lookup counts
 * the node table keeps. The mounted behaviour is {@code SysfsFsMountIT}'s.
 */
class SysfsRequestsTest {
  private static final int CAPACITY = 1 << 17;
  private static final Runtime RUNTIME = Runtime.getSystemRuntime();

  private final TestTree tree = new TestTree();
  private final SysfsRequests server = new SysfsRequests(new SysfsOps(tree.kernfs), 1.5);
  private final Pointer in = Memory.allocateDirect(RUNTIME, CAPACITY);
  private final Pointer out = Memory.allocateDirect(RUNTIME, CAPACITY);
  private final FuseRequest request = new FuseRequest(in);
  private final FuseReply reply = new FuseReply(out, CAPACITY);
  private long unique;

  SysfsRequestsTest() throws SysfsException {}

  /** Sends a request of {@code opcode} on {@code nodeid} with {@code body}; the server's result. */
  private int send(int opcode, long nodeid, byte[] body) {
    int length = FuseProtocol.IN_HEADER + body.length;
    in.putInt(0, length);
    in.putInt(4, opcode);
    in.putLong(8, ++unique);
    in.putLong(16, nodeid);
    in.put(FuseProtocol.IN_HEADER, body, 0, body.length);
    request.received(length);
    return server.serve(request, reply);
  }

  private int lookup(long parent, String name) {
    byte[] b = name.getBytes(UTF_8);
    byte[] body = new byte[b.length + 1];
    System.arraycopy(b, 0, body, 0, b.length);
    return send(FuseProtocol.LOOKUP, parent, body);
  }

  /** Looks up each component of {@code path} from the root, as a path walk does; the last result. */
  private int walk(String path) {
    long id = FuseProtocol.ROOT_ID;
    int result = 0;
    for (String name : path.substring(1).split("/")) {
      result = lookup(id, name);
      id = bodyLong(0);
    }
    return result;
  }

  private long bodyLong(int offset) {
    return out.getLong(FuseProtocol.OUT_HEADER + offset);
  }

  private int bodyInt(int offset) {
    return out.getInt(FuseProtocol.OUT_HEADER + offset);
  }

  private static byte[] readIn(long fh, long offset, int size) {
    byte[] b = new byte[FuseProtocol.READ_IN];
    java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.nativeOrder()).putLong(fh).putLong(offset).putInt(size);
    return b;
  }

  private static byte[] longs(long... values) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 * values.length).order(java.nio.ByteOrder.nativeOrder());
    for (long v : values) {
      b.putLong(v);
    }
    return b.array();
  }

  @Test
  void aLookupAnswersTheNodesIdTimeoutsAndAttributes() throws SysfsException {
    KernfsNode dev = tree.kernfs.lookup(TestTree.NULL + "/dev");
    assertEquals(FuseProtocol.ENTRY_OUT, walk(TestTree.NULL + "/dev"));
    assertEquals(dev.id(), bodyLong(0), "node id");
    assertEquals(0, bodyLong(8), "generation");
    assertEquals(1, bodyLong(16), "entry_valid");
    assertEquals(1, bodyLong(24), "attr_valid");
    assertEquals(500_000_000, bodyInt(32), "entry_valid_nsec");
    assertEquals(500_000_000, bodyInt(36), "attr_valid_nsec");
    assertEquals(dev.id(), bodyLong(40), "ino");
    assertEquals(4096, bodyLong(48), "size");
    assertEquals(TestTree.CREATED.getEpochSecond(), bodyLong(40 + 32), "mtime");
    assertEquals(0100444, bodyInt(40 + 60), "mode");
    assertEquals(1, bodyInt(40 + 64), "nlink");
    assertEquals(4096, bodyInt(40 + 80), "blksize");
  }

  @Test
  void aNameFoundMissingIsAnEntryWithoutANodeForTheTimeout() {
    assertEquals(FuseProtocol.ENTRY_OUT, lookup(FuseProtocol.ROOT_ID, "nope"));
    assertEquals(0, bodyLong(0), "node id 0: missing");
    assertEquals(1, bodyLong(16));
    assertEquals(0, server.nodesHeld());
    SysfsRequests uncached = new SysfsRequests(new SysfsOps(tree.kernfs), 0);
    int length = FuseProtocol.IN_HEADER + 5;
    in.putInt(4, FuseProtocol.LOOKUP);
    in.putLong(16, FuseProtocol.ROOT_ID);
    in.put(FuseProtocol.IN_HEADER, "nope\0".getBytes(UTF_8), 0, 5);
    request.received(length);
    assertEquals(-ErrnoCodes.of(Errno.ENOENT), uncached.serve(request, reply), "no caching: ENOENT");
  }

  @Test
  void theKernelsLookupsAreCountedUntilItForgetsThemAll() throws SysfsException {
    KernfsNode devices = tree.kernfs.lookup("/devices");
    lookup(FuseProtocol.ROOT_ID, "devices");
    lookup(FuseProtocol.ROOT_ID, "devices");
    lookup(FuseProtocol.ROOT_ID, "class");
    assertEquals(2, server.nodesHeld());
    assertEquals(DirectRequests.Server.NO_REPLY, send(FuseProtocol.FORGET, devices.id(), longs(1)));
    assertEquals(2, server.nodesHeld(), "one lookup of devices is left");
    KernfsNode classDir = tree.kernfs.lookup("/class");
    byte[] batch = longs(2L, devices.id(), 1, classDir.id(), 1); // count (and padding), then pairs
    java.nio.ByteBuffer.wrap(batch).order(java.nio.ByteOrder.nativeOrder()).putInt(0, 2).putInt(4, 0);
    assertEquals(DirectRequests.Server.NO_REPLY, send(FuseProtocol.BATCH_FORGET, 0, batch));
    assertEquals(0, server.nodesHeld());
    assertEquals(-ErrnoCodes.of(Errno.ENOENT), send(FuseProtocol.GETATTR, devices.id(), new byte[16]),
        "a forgotten id names nothing");
  }

  @Test
  void aLongListingIsServedInPagesFromOneSnapshotAndAgainFromTheStart() throws SysfsException {
    KernfsDir power = (KernfsDir) tree.kernfs.lookup(TestTree.NULL + "/power");
    List<String> made = new ArrayList<>();
    tree.kernfs.writeRun(() -> {
      for (int i = 0; i < 300; i++) {
        String name = "attribute_with_a_long_name_" + i;
        tree.kernfs.createFile(power, name, 0444, tree.file(TestTree.NULL + "/dev").ops());
        made.add(name);
      }
    });
    walk(TestTree.NULL + "/power");
    assertEquals(FuseProtocol.OPEN_OUT, send(FuseProtocol.OPENDIR, power.id(), new byte[8]));
    long fh = bodyLong(0);
    List<String> listed = new ArrayList<>();
    long offset = 0;
    int pages = 0;
    while (true) {
      int n = send(FuseProtocol.READDIR, power.id(), readIn(fh, offset, 4096));
      assertTrue(n >= 0 && n <= 4096, "page of " + n + " bytes");
      if (n == 0) {
        break;
      }
      pages++;
      for (int at = 0; at < n; ) {
        int nameLength = bodyInt(at + 16);
        byte[] name = new byte[nameLength];
        out.get(FuseProtocol.OUT_HEADER + at + FuseProtocol.DIRENT_NAME, name, 0, nameLength);
        String s = new String(name, UTF_8);
        int type = bodyInt(at + 20);
        assertEquals(s.equals(".") || s.equals("..") ? FuseProtocol.DT_DIR : FuseProtocol.DT_REG, type, s);
        offset = bodyLong(at + 8);
        listed.add(s);
        at += FuseProtocol.direntSize(nameLength);
        if (listed.size() == 3) { // a name added after the first page is not in this listing
          tree.kernfs.writeRun(() -> tree.kernfs.createFile(power, "late", 0444, tree.file(TestTree.NULL + "/dev").ops()));
        }
      }
    }
    List<String> expected = new ArrayList<>(List.of(".", "..", "control"));
    expected.addAll(made);
    assertEquals(expected, listed);
    assertTrue(pages > 1, "pages: " + pages);
    assertTrue(send(FuseProtocol.READDIR, power.id(), readIn(fh, 0, 4096)) > 0, "read from the start again");
    assertEquals(".", new String(new byte[] {out.getByte(FuseProtocol.OUT_HEADER + FuseProtocol.DIRENT_NAME)}, UTF_8));
    assertEquals(power.id(), bodyLong(0), "the . entry is the directory's inode");
    int last = send(FuseProtocol.READDIR, power.id(), readIn(fh, expected.size(), 4096));
    assertEquals(FuseProtocol.direntSize(4), last, "one more entry now");
    byte[] late = new byte[4];
    out.get(FuseProtocol.OUT_HEADER + FuseProtocol.DIRENT_NAME, late, 0, 4);
    assertEquals("late", new String(late, UTF_8));
    assertEquals(0, send(FuseProtocol.READDIR, power.id(), readIn(fh, expected.size() + 1, 4096)), "the end");
    assertEquals(0, send(FuseProtocol.RELEASEDIR, power.id(), longs(fh, 0, 0)));
  }

  /** {@code INIT} from a kernel of protocol 7.{@code minor} offering {@code flags}; the server's result. */
  private int init(SysfsRequests s, int minor, int flags) {
    byte[] body = new byte[64];
    java.nio.ByteBuffer.wrap(body).order(java.nio.ByteOrder.nativeOrder())
        .putInt(7).putInt(minor).putInt(131072).putInt(flags);
    int length = FuseProtocol.IN_HEADER + body.length;
    in.putInt(0, length);
    in.putInt(4, FuseProtocol.INIT);
    in.putLong(8, ++unique);
    in.putLong(16, 0);
    in.put(FuseProtocol.IN_HEADER, body, 0, body.length);
    request.received(length);
    return s.init(request, reply, 128 * 1024);
  }

  @Test
  void initAnswersTheMinorBothKnowAndTheFlagsAskedForAmongThoseOffered() {
    int all = 0x3fffffff;
    assertEquals(FuseProtocol.INIT_OUT, init(server, 38, all));
    assertEquals(7, bodyInt(0), "major");
    assertEquals(29, bodyInt(4), "minor: the newest the server knows");
    assertEquals(131072, bodyInt(8), "max_readahead: the kernel's");
    assertEquals(FuseProtocol.ASYNC_READ | FuseProtocol.ATOMIC_O_TRUNC | FuseProtocol.EXPORT_SUPPORT
        | FuseProtocol.PARALLEL_DIROPS, bodyInt(12), "flags: no kept link texts before 7.44 (perhaps cut at st_size 0)");
    assertEquals(0, bodyInt(16), "max_background and congestion_threshold: the kernel's defaults");
    assertEquals(128 * 1024, bodyInt(20), "max_write");
    for (int at = 24; at < FuseProtocol.INIT_OUT; at += 4) {
      assertEquals(0, bodyInt(at), "time_gran, max_pages, map_alignment, flags2 and the rest at " + at);
    }
    assertTrue(server.kernelCachesListings());

    SysfsRequests old = new SysfsRequests(new SysfsOps(tree.kernfs), 1.5);
    assertEquals(24, init(old, 19, FuseProtocol.ASYNC_READ | FuseProtocol.EXPORT_SUPPORT), "7.19's shorter reply");
    assertEquals(19, bodyInt(4));
    assertEquals(FuseProtocol.ASYNC_READ | FuseProtocol.EXPORT_SUPPORT, bodyInt(12), "only flags offered");
    assertTrue(!old.kernelCachesListings(), "a kernel that needs OPENDIR gets it answered");

    SysfsRequests uncached = new SysfsRequests(new SysfsOps(tree.kernfs), 0);
    init(uncached, 38, all);
    assertTrue(!uncached.kernelCachesListings(), "no kernel caching: every OPENDIR answered");
    assertTrue(!server.kernelKeepsLinks());
  }

  @Test
  void fromMinor44TheKernelKeepsLinkTextsWhenItCaches() {
    int all = 0x3fffffff;
    init(server, 44, all);
    assertEquals(29, bodyInt(4), "minor: the newest the server knows");
    assertEquals(FuseProtocol.ASYNC_READ | FuseProtocol.ATOMIC_O_TRUNC | FuseProtocol.EXPORT_SUPPORT
        | FuseProtocol.PARALLEL_DIROPS | FuseProtocol.CACHE_SYMLINKS, bodyInt(12), "flags");
    assertTrue(server.kernelKeepsLinks());
    init(server, 44, all & ~FuseProtocol.CACHE_SYMLINKS);
    assertEquals(0, bodyInt(12) & FuseProtocol.CACHE_SYMLINKS, "only if offered");
    assertTrue(!server.kernelKeepsLinks());
    init(server, 43, all);
    assertEquals(0, bodyInt(12) & FuseProtocol.CACHE_SYMLINKS, "not before 7.44");
    assertTrue(!server.kernelKeepsLinks());

    SysfsRequests uncached = new SysfsRequests(new SysfsOps(tree.kernfs), 0);
    init(uncached, 44, all);
    assertEquals(0, bodyInt(12) & FuseProtocol.CACHE_SYMLINKS, "no kernel caching, no kept texts");
    assertTrue(!uncached.kernelKeepsLinks());
  }

  @Test
  void withCachedListingsADirectoryIsReadWithoutAnOpen() throws SysfsException {
    init(server, 38, FuseProtocol.NO_OPENDIR_SUPPORT);
    KernfsDir power = (KernfsDir) tree.kernfs.lookup(TestTree.NULL + "/power");
    walk(TestTree.NULL + "/power");
    assertEquals(-ErrnoCodes.of(Errno.ENOSYS), send(FuseProtocol.OPENDIR, power.id(), new byte[8]),
        "ENOSYS: the kernel opens directories by itself from now on, and keeps their listings");
    int n = send(FuseProtocol.READDIR, power.id(), readIn(SysfsOps.UNOPENED, 0, 4096));
    assertEquals(FuseProtocol.direntSize(1) + FuseProtocol.direntSize(2) + FuseProtocol.direntSize(7), n);
    int control = FuseProtocol.direntSize(1) + FuseProtocol.direntSize(2);
    assertEquals(tree.kernfs.lookup(TestTree.NULL + "/power/control").id(), bodyLong(control), "d_ino");
    long next = bodyLong(control + 8);
    assertEquals(3, next & 0xffffff, "the next entry's index");
    assertTrue(next >>> 24 >= 1, "and the listing's generation");
    tree.kernfs.writeRun(() -> tree.kernfs.createFile(power, "wakeup", 0444, tree.file(TestTree.NULL + "/dev").ops()));
    int withWakeup = control + FuseProtocol.direntSize(7) + FuseProtocol.direntSize(6);
    assertEquals(withWakeup, send(FuseProtocol.READDIR, power.id(), readIn(SysfsOps.UNOPENED, 0, 4096)),
        "another reader from the start: as it is now");
    long other = bodyLong(withWakeup - FuseProtocol.direntSize(6) + 8);
    assertTrue(other >>> 24 > next >>> 24, "a new generation");
    assertEquals(0, send(FuseProtocol.READDIR, power.id(), readIn(SysfsOps.UNOPENED, next, 4096)),
        "the first reader goes on in its own listing, which ended");
    assertEquals(FuseProtocol.direntSize(6), send(FuseProtocol.READDIR, power.id(),
        readIn(SysfsOps.UNOPENED, (123_456L << 24) | 3, 4096)), "a listing no longer kept: as it is now");
    walk(TestTree.NULL + "/power/control");
    assertEquals(-ErrnoCodes.of(Errno.ENOTDIR), send(FuseProtocol.READDIR,
        tree.kernfs.lookup(TestTree.NULL + "/power/control").id(), readIn(SysfsOps.UNOPENED, 0, 4096)));
  }

  @Test
  void requestsSysfsHasNoUseForAreEnosysAndNamespaceChangesEperm() {
    assertEquals(-ErrnoCodes.of(Errno.ENOSYS), send(25 /* FLUSH */, FuseProtocol.ROOT_ID, new byte[24]));
    assertEquals(-ErrnoCodes.of(Errno.ENOSYS), send(22 /* GETXATTR */, FuseProtocol.ROOT_ID, new byte[16]));
    assertEquals(-ErrnoCodes.of(Errno.EPERM), send(FuseProtocol.MKDIR, FuseProtocol.ROOT_ID, "\0\0\0\0\0\0\0\0x\0".getBytes(UTF_8)));
    assertEquals(DirectRequests.Server.NO_REPLY, send(FuseProtocol.INTERRUPT, 0, longs(1)));
  }
}
