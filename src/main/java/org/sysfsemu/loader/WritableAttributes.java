package org.sysfsemu.loader;

import com.google.common.collect.ImmutableSet;

/**
 * Which recorded attributes are writable (mode 0644); all others are read-only (0444). A
 * recording does not keep modes, so this lists the common read-write attributes of the kernel.
 */
final class WritableAttributes {
  private static final ImmutableSet<String> NAMES =
      ImmutableSet.of("power/control", "power/autosuspend_delay_ms", "power/wakeup",
          "power/async", "power/pm_qos_no_power_off", "power/persist", "power/level", "mtu",
          "flags", "tx_queue_len", "ifalias", "group", "carrier", "proto_down", "netdev_group",
          "gro_flush_timeout", "napi_defer_hard_irqs", "threaded", "bConfigurationValue",
          "authorized", "authorized_default", "avoid_reset_quirk", "persist", "driver_override",
          "enable", "numa_node", "d3cold_allowed", "broken_parity_status", "msi_bus", "online",
          "inhibited", "brightness", "trigger", "state", "queue_depth", "timeout", "eh_timeout",
          "queue/scheduler", "queue/read_ahead_kb", "queue/nr_requests", "queue/rotational",
          "queue/max_sectors_kb", "queue/add_random", "queue/iostats", "queue/nomerges",
          "queue/rq_affinity", "queue/wbt_lat_usec", "events_poll_msecs", "port/connect_type",
          "usb3_lpm_permit", "interface_authorized_default", "autosuspend", "link_power_management_policy",
          "manage_start_stop", "allow_restart", "FUA", "cache_type", "protection_type", "max_ratio",
          "min_ratio", "read_ahead_kb");

  private WritableAttributes() {}

  static boolean isWritable(String name) {
    return NAMES.contains(name);
  }
}
