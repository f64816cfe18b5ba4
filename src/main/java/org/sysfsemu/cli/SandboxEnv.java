package org.sysfsemu.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.sysfsemu.Main;

/**
 * What commands inside the sandbox get besides the caller's environment: the emulated /sys and
 * /dev as the defaults of every {@code sysfs-emu} command, the {@code sysfs-emu} command itself
 * on PATH, and {@code SYSTEMD_DEVICE_VERIFY_SYSFS=0} (a FUSE mount cannot carry the sysfs magic
 * that sd-device checks otherwise; docs/sandbox.md).
 */
final class SandboxEnv {
  /** Where the sandbox finds the {@code sysfs-emu} command: {@code /run/sysfs-emu/bin}. */
  static final String BIN = "/run/sysfs-emu/bin";

  private SandboxEnv() {}

  /** Writes {@code sysfs-emu} into the sandbox's /run: this JVM's java and class path. */
  static void install(Path run) throws IOException {
    Path bin = run.resolve("sysfs-emu/bin");
    Files.createDirectories(bin);
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    String script = "#!/bin/sh\n"
        + "# sysfs-emu inside the sandbox (written by the emulator that serves it)\n"
        + "exec " + quote(java) + " -XX:-UseContainerSupport -XX:TieredStopAtLevel=1 -Xshare:auto -cp "
        + quote(System.getProperty("java.class.path")) + " " + Main.class.getName() + " \"$@\"\n";
    Path file = bin.resolve("sysfs-emu");
    Files.writeString(file, script, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Adds the sandbox's variables to {@code env} (a copy of the caller's). */
  static void apply(Map<String, String> env) {
    env.put("SYSTEMD_DEVICE_VERIFY_SYSFS", "0");
    env.put("SYSFS_EMU_SYS", "/sys");
    env.put("SYSFS_EMU_DEV", "/dev");
    String path = env.getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    env.put("PATH", BIN + ":" + path);
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
