package org.sysfsemu.fuse;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.KernfsDir;
import org.sysfsemu.kernfs.KernfsFile;
import org.sysfsemu.kernfs.KernfsNode;

/** The sysfs rules of {@link SysfsOps} and {@link AttributeHandle}, on {@link TestTree}, by node. */
class SysfsOpsTest {
  private static final String N = TestTree.NULL;

  private final TestTree tree;
  private final SysfsOps ops;

  SysfsOpsTest() throws SysfsException {
    tree = new TestTree();
    ops = new SysfsOps(tree.kernfs);
  }

  private static void assertErrno(Errno expected, Executable body) {
    SysfsException e = assertThrows(SysfsException.class, body);
    assertEquals(expected, e.errno(), e.getMessage());
  }

  private String read(long fh, long offset, int size) throws SysfsException {
    ByteBuffer b = ops.read(fh, offset, size);
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return new String(out, ISO_8859_1);
  }

  private KernfsNode node(String path) throws SysfsException {
    return tree.kernfs.lookup(path);
  }

  private static List<String> names(List<KernfsNode> nodes) {
    return nodes.stream().map(KernfsNode::name).collect(Collectors.toList());
  }

  private List<Integer> storeSizes() {
    return tree.valueStores.stream().map(b -> b.length).collect(Collectors.toList());
  }

  @Nested
  class Getattr {
    @Test
    void textAttributeIsOnePageWhateverItShows() throws SysfsException {
      long t = TestTree.CREATED.toEpochMilli();
      assertEquals(
          new NodeStat(NodeStat.Type.REGULAR, 0644, 1, 4096, 0, 0, t), ops.getattr(node(N + "/value")));
      assertEquals(4096, ops.getattr(node(N + "/long")).size());
      assertEquals(0200, ops.getattr(node(N + "/bind")).mode());
    }

    @Test
    void binaryAttributeHasItsDeclaredSize() throws SysfsException {
      assertEquals(256, ops.getattr(node(N + "/config")).size());
    }

    @Test
    void directoriesCountTheirSubdirectories() throws SysfsException {
      long t = TestTree.CREATED.toEpochMilli();
      assertEquals(new NodeStat(NodeStat.Type.DIRECTORY, 0755, 3, 0, 0, 0, t), ops.getattr(node(N)));
      assertEquals(4, ops.getattr(node("/")).nlink());
      assertEquals(2, ops.getattr(node(N + "/power")).nlink());
    }

    @Test
    void symlinksAre0777AndEmpty() throws SysfsException {
      NodeStat s = ops.getattr(node(N + "/subsystem"));
      assertEquals(NodeStat.Type.SYMLINK, s.type());
      assertEquals(0777, s.mode());
      assertEquals(0, s.size());
    }

    @Test
    void missingNamesAndNamesBelowFiles() throws SysfsException {
      assertErrno(Errno.ENOENT, () -> ops.lookup(node(N), "nope"));
      assertErrno(Errno.ENOTDIR, () -> ops.lookup(node(N + "/dev"), "x"));
      assertEquals(tree.file(N + "/value"), ops.lookup(node(N), "value"));
    }
  }

  /** The children the open directory {@code fh} lists in the listing of {@code generation} (0: afresh). */
  private List<KernfsNode> list(long fh, long generation) throws SysfsException {
    return ops.readdir(ops.openDirectory(fh), generation).children();
  }

  @Nested
  class Namespace {
    @Test
    void readdirListsChildrenInCreationOrder() throws SysfsException {
      assertEquals(List.of("devices", "class"), names(list(ops.opendir(node("/")), 0)));
      assertEquals(List.of("control"), names(list(ops.opendir(node(N + "/power")), 0)));
      assertErrno(Errno.ENOTDIR, () -> ops.opendir(node(N + "/dev")));
    }

    @Test
    void anOpenDirectoryListsWhatItHoldsNowUntilRemoved() throws SysfsException {
      long fh = ops.opendir(node(N + "/power"));
      SysfsOps.Listing first = ops.readdir(ops.openDirectory(fh), 0);
      assertEquals(List.of("control"), names(first.children()));
      tree.kernfs.writeRun(() -> tree.kernfs.createFile(
          (KernfsDir) tree.kernfs.lookupLocked(N + "/power"), "wakeup", 0644, tree.file(N + "/value").ops()));
      assertEquals(List.of("control"), names(list(fh, first.generation())), "later offsets: the last listing");
      assertEquals(List.of("control", "wakeup"), names(list(fh, 0)));
      tree.kernfs.writeRun(() -> tree.kernfs.remove(tree.kernfs.lookupLocked(N + "/power")));
      assertErrno(Errno.ENOENT, () -> list(fh, 0));
      assertEquals(1, ops.openCount());
      ops.releasedir(fh);
      assertEquals(0, ops.openCount());
      assertErrno(Errno.EBADF, () -> list(fh, 0));
      assertErrno(Errno.EBADF, () -> ops.releasedir(fh));
    }

    @Test
    void readlinkGivesRelativeOrLiteralText() throws SysfsException {
      assertEquals("../../devices/virtual/mem/null", ops.readlink(node("/class/mem/null")));
      assertEquals("../../../../class/mem", ops.readlink(node(N + "/subsystem")));
      assertEquals("../../../../firmware/nowhere", ops.readlink(node(N + "/firmware_node")));
      assertErrno(Errno.EINVAL, () -> ops.readlink(node(N + "/dev")));
    }

    @Test
    void namespaceChangesAreRefused() {
      assertErrno(Errno.EPERM, () -> ops.notPermitted("mkdir", N + "/x"));
      assertErrno(Errno.EACCES, () -> ops.cannotCreate(N + "/x"));
    }

    @Test
    void chmodAndChownPersistAndMinusOneKeeps() throws SysfsException {
      ops.chmod(node(N + "/value"), 0100600);
      ops.chown(node(N + "/value"), 1000, -1);
      KernfsFile f = tree.file(N + "/value");
      assertEquals(0600, f.mode());
      assertEquals(1000, f.uid());
      assertEquals(0, f.gid());
      assertEquals(0600, ops.getattr(node(N + "/value")).mode());
    }
  }

  @Nested
  class Open {
    @Test
    void writeOpenNeedsAWriteBitAndAStoreMethod() throws SysfsException {
      assertErrno(Errno.EACCES, () -> ops.open(node(N + "/dev"), AccessMode.WRITE));
      assertErrno(Errno.EACCES, () -> ops.open(node(N + "/dev"), AccessMode.READ_WRITE));
      assertErrno(Errno.EACCES, () -> ops.open(node(N + "/power/control"), AccessMode.WRITE));
    }

    @Test
    void readOpenNeedsAReadBitAndAShowMethod() throws SysfsException {
      assertErrno(Errno.EACCES, () -> ops.open(node(N + "/bind"), AccessMode.READ));
      tree.file(N + "/value").setMode(0200);
      assertErrno(Errno.EACCES, () -> ops.open(node(N + "/value"), AccessMode.READ));
    }

    @Test
    void permittedOpensGetDistinctHandles() throws SysfsException {
      long a = ops.open(node(N + "/value"), AccessMode.READ_WRITE);
      long b = ops.open(node(N + "/bind"), AccessMode.WRITE);
      long c = ops.open(node(N + "/dev"), AccessMode.READ);
      assertEquals(3, List.of(a, b, c).stream().distinct().count());
      assertEquals(3, ops.openCount());
      ops.release(b);
      assertEquals(2, ops.openCount());
      assertErrno(Errno.EBADF, () -> ops.release(b));
      assertErrno(Errno.EBADF, () -> ops.read(b, 0, 10));
    }

    @Test
    void directoriesAndSymlinksCannotBeOpened() throws SysfsException {
      assertErrno(Errno.EISDIR, () -> ops.open(node(N), AccessMode.READ));
      assertErrno(Errno.ELOOP, () -> ops.open(node(N + "/subsystem"), AccessMode.READ));
    }
  }

  @Nested
  class Read {
    @Test
    void snapshotServesLaterOffsetsAndOffsetZeroShowsAgain() throws SysfsException {
      long fh = ops.open(node(N + "/value"), AccessMode.READ);
      assertEquals("a", read(fh, 0, 1));
      tree.value.set("bb\n");
      assertEquals("\n", read(fh, 1, 100));
      assertEquals("", read(fh, 2, 100));
      assertEquals(1, tree.valueShows.get());
      assertEquals("bb\n", read(fh, 0, 100));
      assertEquals(2, tree.valueShows.get());
    }

    @Test
    void firstReadMayBeAtAnyOffset() throws SysfsException {
      long fh = ops.open(node(N + "/uevent"), AccessMode.READ);
      assertEquals("666\n", read(fh, 38, 100));
      assertEquals("", read(fh, 42, 100));
      assertEquals("", read(fh, 4096, 100));
      assertEquals("", read(fh, 100_000, 100));
    }

    @Test
    void textIsCutTo4095Bytes() throws SysfsException {
      long fh = ops.open(node(N + "/long"), AccessMode.READ);
      assertEquals(4095, read(fh, 0, 8192).length());
      assertEquals("x", read(fh, 4094, 10));
      assertEquals("", read(fh, 4095, 10));
    }

    @Test
    void binaryIsServedByOffsetUpToItsSize() throws SysfsException {
      long fh = ops.open(node(N + "/config"), AccessMode.READ);
      ByteBuffer b = ops.read(fh, 250, 100);
      assertEquals(6, b.remaining());
      assertEquals((byte) 250, b.get(b.position()));
      assertEquals(0, ops.read(fh, 256, 100).remaining());
    }

    @Test
    void showErrorsPropagate() throws SysfsException {
      long fh = ops.open(node(N + "/speed"), AccessMode.READ);
      assertErrno(Errno.EINVAL, () -> ops.read(fh, 0, 100));
    }
  }

  @Nested
  class Write {
    @Test
    void atMostOnePageReachesStoreAndItsResultIsReturned() throws SysfsException {
      long fh = ops.open(node(N + "/value"), AccessMode.WRITE);
      assertEquals(4096, ops.write(fh, new byte[5000]));
      assertEquals(904, ops.write(fh, new byte[904]));
      assertEquals(List.of(4096, 904), storeSizes());
    }

    @Test
    void zeroBytesReturnZeroWithoutCallingStore() throws SysfsException {
      long fh = ops.open(node(N + "/value"), AccessMode.WRITE);
      assertEquals(0, ops.write(fh, new byte[0]));
      assertEquals(List.of(), storeSizes());
    }

    @Test
    void storeErrorsPropagate() throws SysfsException {
      long fh = ops.open(node(N + "/value"), AccessMode.WRITE);
      assertErrno(Errno.EINVAL, () -> ops.write(fh, "bad\n".getBytes(ISO_8859_1)));
      assertEquals("a\n", tree.value.get());
    }
  }

  @Nested
  class Removal {
    @Test
    void handlesOfRemovedAttributesFailWithEnodev() throws SysfsException {
      KernfsNode uevent = node(N + "/uevent");
      long r = ops.open(node(N + "/uevent"), AccessMode.READ);
      long w = ops.open(node(N + "/value"), AccessMode.WRITE);
      tree.kernfs.writeChecked(
          () -> {
            tree.kernfs.remove(tree.kernfs.lookupLocked(N));
            return null;
          });
      assertErrno(Errno.ENODEV, () -> ops.read(r, 0, 10));
      assertErrno(Errno.ENODEV, () -> ops.write(w, new byte[] {'1'}));
      assertEquals(List.of(), storeSizes());
      assertEquals(0, ops.release(r));
      assertErrno(Errno.ENOENT, () -> ops.getattr(uevent));
      assertErrno(Errno.ENOENT, () -> ops.open(uevent, AccessMode.READ));
      assertErrno(Errno.ENOENT, () -> ops.chmod(uevent, 0600));
      assertErrno(Errno.ENOENT, () -> ops.lookup(node("/devices/virtual/mem"), "null"));
    }
  }
}
