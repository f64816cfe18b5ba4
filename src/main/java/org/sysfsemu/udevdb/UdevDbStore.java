package org.sysfsemu.udevdb;

/**
 * Where the database files go: udevd's {@code /run/udev/data/<id>} and {@code
 * /run/udev/tags/<tag>/<id>}. Implementations do I/O and report their own failures (udevd logs a
 * failed write and goes on); they must not throw.
 */
public interface UdevDbStore {
  /** Keeps nothing: the database lives in memory only (group-2 messages and /dev links). */
  UdevDbStore NONE = new UdevDbStore() {
    @Override
    public void put(UdevDbEntry entry) {}

    @Override
    public void remove(UdevDbEntry entry) {}
  };

  /**
   * Writes the entry's data file (replacing any, atomically) when it {@link
   * UdevDbEntry#shouldHaveDb should have one}, else deletes it; adds its tag files.
   */
  void put(UdevDbEntry entry);

  /** Deletes the entry's data file and its tag files. */
  void remove(UdevDbEntry entry);
}
