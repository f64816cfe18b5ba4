package org.sysfsemu.junit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.sysfsemu.SysfsEmu;

/**
 * Gives tests a started {@link SysfsEmu}. Registered on a static field it lives for the class,
 * on an instance field for each test; test methods may also take it as a parameter.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SysfsEmuExtension emu = SysfsEmuExtension.mounted();   // default tree, temp dir
 *
 * @Test
 * void stick() throws Exception {
 *   try (EventQueue events = emu.get().subscribe()) {
 *     emu.get().hotplug().plug("usb-stick", Duration.ZERO);
 *     assertTrue(Files.exists(emu.get().dev().resolve("sdb1")));
 *   }
 * }
 * }</pre>
 */
public final class SysfsEmuExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  /** Configures the builder before start (choose the tree, the helper, ...). */
  @FunctionalInterface
  public interface Setup {
    void configure(SysfsEmu.Builder builder) throws Exception;
  }

  private final boolean mount;
  private final Setup setup;
  private SysfsEmu emu;
  private Path dir;
  private boolean perClass;

  private SysfsEmuExtension(boolean mount, Setup setup) {
    this.mount = mount;
    this.setup = setup;
  }

  /** The default tree, mounted in a fresh temporary directory ({@code sys/} and {@code dev/}). */
  public static SysfsEmuExtension mounted() {
    return mounted(SysfsEmu.Builder::defaultTree);
  }

  /** Mounted in a fresh temporary directory, after {@code setup} chose the tree and options. */
  public static SysfsEmuExtension mounted(Setup setup) {
    return new SysfsEmuExtension(true, setup);
  }

  /** The default tree, in-process: no FUSE, events and the /dev tree only in Java. */
  public static SysfsEmuExtension inProcess() {
    return inProcess(SysfsEmu.Builder::defaultTree);
  }

  /** In-process, after {@code setup} chose the tree and options. */
  public static SysfsEmuExtension inProcess(Setup setup) {
    return new SysfsEmuExtension(false, setup);
  }

  /** The running emulator. */
  public SysfsEmu get() {
    if (emu == null) {
      throw new IllegalStateException("the emulator runs only during a test");
    }
    return emu;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    perClass = true;
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    stop();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (!perClass) {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    if (!perClass) {
      stop();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    return p.getParameter().getType() == SysfsEmu.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    return get();
  }

  private void start() throws Exception {
    SysfsEmu.Builder builder = SysfsEmu.builder();
    setup.configure(builder);
    if (mount) {
      dir = Files.createTempDirectory("sysfs-emu");
      builder.mount(dir.resolve("sys"), dir.resolve("dev"));
    }
    emu = builder.start();
  }

  private void stop() throws IOException {
    try {
      if (emu != null) {
        emu.close();
      }
    } finally {
      emu = null;
      if (dir != null) {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        dir = null;
      }
    }
  }
}
