package org.sysfsemu.driver;

import java.nio.charset.StandardCharsets;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.Kernfs;
import org.sysfsemu.kernfs.KernfsDir;

/**
 * The top-level parts of /sys beside the device model, with the entries tools probe, as on the
 * QEMU/KVM guest the default tree describes (BIOS boot, no EFI, Debian's kernel):
 * {@code firmware/acpi/tables} (no tables: their contents are not emulated), {@code fs/} with
 * its empty mount points ({@code cgroup}, {@code bpf}, {@code pstore}: nothing is mounted there,
 * so a JVM or systemd in a sandbox finds no cgroup files and falls back, instead of reading an
 * invented hierarchy), {@code power/} with the sleep states such a guest offers (read-only: the
 * emulated machine does not suspend), an empty {@code hypervisor/} (made by the kernel on every
 * x86 machine with {@code CONFIG_SYS_HYPERVISOR}), and the {@code module/} directory that {@link
 * ModuleRegistry} fills.
 */
final class SystemDirs {
  private SystemDirs() {}

  /** Creates the parts; returns {@code /sys/module}. */
  static KernfsDir create(Kernfs kernfs) throws SysfsException {
    return kernfs.writeChecked(
        () -> {
          KernfsDir root = kernfs.root();
          KernfsDir firmware = kernfs.mkdir(root, "firmware", 0755);
          kernfs.mkdir(kernfs.mkdir(firmware, "acpi", 0755), "tables", 0755);
          KernfsDir fs = kernfs.mkdir(root, "fs", 0755);
          for (String mountPoint : new String[] {"bpf", "cgroup", "pstore"}) {
            kernfs.mkdir(fs, mountPoint, 0755);
          }
          kernfs.mkdir(root, "hypervisor", 0755);
          KernfsDir power = kernfs.mkdir(root, "power", 0755);
          String[][] files = {
            {"state", "freeze mem disk\n"},
            {"mem_sleep", "s2idle [deep]\n"},
            {"disk", "[platform] shutdown reboot suspend test_resume\n"},
            {"pm_async", "1\n"},
            {"wakeup_count", "0\n"},
            {"resume", "0:0\n"},
            {"resume_offset", "0\n"},
            {"sync_on_suspend", "1\n"},
            {"pm_freeze_timeout", "20000\n"},
          };
          for (String[] f : files) {
            kernfs.createFile(power, f[0], 0444, DeviceAttribute.of(false, false), f[1].getBytes(StandardCharsets.ISO_8859_1));
          }
          return kernfs.mkdir(root, "module", 0755);
        });
  }
}
