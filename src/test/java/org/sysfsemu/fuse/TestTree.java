package org.sysfsemu.fuse;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.AttributeOps;
import org.sysfsemu.kernfs.Kernfs;
import org.sysfsemu.kernfs.KernfsDir;
import org.sysfsemu.kernfs.KernfsFile;

/**
 * A small sysfs built by hand, with one attribute of every kind the FUSE layer treats differently,
 * and recorders for what {@code store()} receives.
 *
 * <pre>
 * /                                   0755, nlink 4
 * ├── class/mem/null -> ../../devices/virtual/mem/null      (link to a node)
 * └── devices/virtual/mem/null/       0755, nlink 3 (power/)
 *     ├── value     0644 text, rw: show = current value ("a\n"), store records + sets it,
 *     │                             "bad..." fails with EINVAL
 *     ├── dev       0444 text, ro: "1:3\n"
 *     ├── uevent    0444 text, ro: 42 bytes "MAJOR=1\nMINOR=3\nDEVNAME=null\nDEVMODE=0666\n"
 *     ├── bind      0200 text, wo: no show, store records
 *     ├── config    0444 binary, size 256: bytes 0..255
 *     ├── long      0444 text: show gives 5000 'x'
 *     ├── speed     0444 text: show fails with EINVAL
 *     ├── subsystem -> ../../../../class/mem                   (link to a node)
 *     ├── firmware_node -> ../../../../firmware/nowhere        (literal, dangling)
 *     └── power/    0755
 *         └── control 0644 text, no store method: "auto\n"
 * </pre>
 *
 * Every node is owned by root and was created at {@link #CREATED}.
 */
final class TestTree {
  static final Instant CREATED = Instant.ofEpochSecond(1_700_000_000L);
  static final String NULL = "/devices/virtual/mem/null";
  static final String UEVENT = "MAJOR=1\nMINOR=3\nDEVNAME=null\nDEVMODE=0666\n";

  final Kernfs kernfs = new Kernfs(Clock.fixed(CREATED, ZoneOffset.UTC));

  /** What {@code value} shows. */
  final AtomicReference<String> value = new AtomicReference<>("a\n");

  /** Every buffer {@code value}'s store received, in order. */
  final List<byte[]> valueStores = new CopyOnWriteArrayList<>();

  /** Every buffer {@code bind}'s store received, in order. */
  final List<byte[]> bindStores = new CopyOnWriteArrayList<>();

  /** How often {@code value}'s show ran. */
  final AtomicInteger valueShows = new AtomicInteger();

  TestTree() throws SysfsException {
    kernfs.writeChecked(
        () -> {
          build();
          return null;
        });
  }

  /** The attribute file at {@code path} (under the read lock). */
  KernfsFile file(String path) throws SysfsException {
    return (KernfsFile) kernfs.lookup(path);
  }

  private void build() throws SysfsException {
    KernfsDir root = kernfs.root();
    KernfsDir devices = kernfs.mkdir(root, "devices", 0755);
    KernfsDir mem = kernfs.mkdirs(kernfs.mkdirs(devices, "virtual"), "mem");
    KernfsDir nul = kernfs.mkdir(mem, "null", 0755);
    KernfsDir classMem = kernfs.mkdirs(kernfs.mkdir(root, "class", 0755), "mem");
    kernfs.createFile(nul, "value", 0644, new ValueOps());
    kernfs.createFile(nul, "dev", 0444, text("1:3\n"));
    kernfs.createFile(nul, "uevent", 0444, text(UEVENT));
    kernfs.createFile(nul, "bind", 0200, new BindOps());
    kernfs.createBinFile(nul, "config", 0444, TestTree::config, 256);
    kernfs.createFile(nul, "long", 0444, text("x".repeat(5000)));
    kernfs.createFile(nul, "speed", 0444, TestTree::invalid);
    kernfs.symlink(nul, "subsystem", classMem);
    kernfs.symlinkLiteral(nul, "firmware_node", "../../../../firmware/nowhere");
    KernfsDir power = kernfs.mkdir(nul, "power", 0755);
    kernfs.createFile(power, "control", 0644, text("auto\n"));
    kernfs.symlink(classMem, "null", nul);
  }

  private static AttributeOps text(String content) {
    return () -> content.getBytes(ISO_8859_1);
  }

  private static byte[] config() {
    byte[] b = new byte[256];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  private static byte[] invalid() throws SysfsException {
    throw new SysfsException(Errno.EINVAL, "speed unknown");
  }

  private final class ValueOps implements AttributeOps {
    @Override
    public boolean canStore() {
      return true;
    }

    @Override
    public byte[] show() {
      valueShows.incrementAndGet();
      return value.get().getBytes(ISO_8859_1);
    }

    @Override
    public int store(byte[] data) throws SysfsException {
      valueStores.add(data.clone());
      String s = new String(data, ISO_8859_1);
      if (s.startsWith("bad")) {
        throw new SysfsException(Errno.EINVAL, "bad value");
      }
      value.set(s);
      return data.length;
    }
  }

  private final class BindOps implements AttributeOps.WriteOnly {
    @Override
    public int store(byte[] data) {
      bindStores.add(data.clone());
      return data.length;
    }
  }
}
