package org.sysfsemu.kernfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.sysfsemu.error.SysfsException;

/** Files whose ops serve many files and keep each file's state in its priv; a node's mode beside its removal. */
class KernfsFileTest {
  private final Kernfs kernfs = new Kernfs(Clock.systemUTC());

  /** Shared ops: show the priv, a store appends to it. */
  private static final KernfsOps VALUE = new KernfsOps() {
    @Override
    public boolean canShow() {
      return true;
    }

    @Override
    public boolean canStore() {
      return true;
    }

    @Override
    public byte[] show(KernfsFile file) {
      return ((String) file.priv()).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public int store(KernfsFile file, byte[] data) {
      file.setPriv(file.priv() + new String(data, StandardCharsets.ISO_8859_1));
      return data.length;
    }
  };

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  @Test
  void filesSharingOpsKeepTheirOwnStateAndTheirOwnIds() throws SysfsException {
    KernfsFile[] f = kernfs.writeChecked(() -> {
      KernfsDir d = kernfs.mkdir(kernfs.root(), "d", 0755);
      return new KernfsFile[] {kernfs.createFile(d, "a", 0644, VALUE, "a"), kernfs.createFile(d, "b", 0644, VALUE, "b")};
    });
    assertEquals(1, f[1].store("x".getBytes(StandardCharsets.ISO_8859_1)));
    assertEquals("a", text(f[0].show()));
    assertEquals("bx", text(f[1].show()));
    // the older API: a view of the file, reading and writing the same state
    AttributeOps view = f[0].ops();
    assertTrue(view.canShow() && view.canStore());
    assertEquals(1, view.store("y".getBytes(StandardCharsets.ISO_8859_1)));
    assertEquals("ay", text(view.show()));
    assertEquals("ay", text(f[0].show()));
    assertNotEquals(f[0].id(), f[1].id());
    assertFalse(f[0].isBinary());
    assertEquals(KernfsFile.PAGE_SIZE, f[0].size());
  }

  @Test
  void opsOfOneFileAreTheirOwnOpsAndABinaryFileHasItsSize() throws SysfsException {
    AttributeOps ops = () -> new byte[] {1, 2};
    KernfsFile[] f = kernfs.writeChecked(() -> new KernfsFile[] {
      kernfs.createFile(kernfs.root(), "t", 0444, ops),
      kernfs.createBinFile(kernfs.root(), "b", 0400, ops, 256),
      kernfs.createBinFile(kernfs.root(), "c", 0400, VALUE, "c", 64)});
    assertSame(ops, f[0].ops());
    assertArrayEquals(new byte[] {1, 2}, f[0].show());
    assertTrue(f[1].isBinary());
    assertEquals(256, f[1].size());
    assertEquals(0400, f[1].mode());
    assertTrue(f[2].isBinary());
    assertEquals(64, f[2].size());
    assertEquals("c", text(f[2].show()));
  }

  @Test
  void aChangedModeKeepsTheRemovalAndARemovalKeepsTheMode() throws SysfsException {
    KernfsFile f = kernfs.writeChecked(() -> kernfs.createFile(kernfs.root(), "m", 0644, VALUE, ""));
    f.setMode(0100600); // file-type bits are dropped
    assertEquals(0600, f.mode());
    assertFalse(f.isRemoved());
    kernfs.writeRun(() -> kernfs.remove(f));
    assertTrue(f.isRemoved());
    assertEquals(0600, f.mode());
    f.setMode(07777);
    assertEquals(07777, f.mode());
    assertTrue(f.isRemoved());
  }
}
