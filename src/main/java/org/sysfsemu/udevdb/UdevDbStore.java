package org.sysfsemu.udevdb;

import java.util.Collection;
import java.util.function.IntConsumer;

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

  /**
   * Writes the entries of a database nobody reads yet, as {@link #put} each, telling {@code
   * written} the count after each entry. A store may write them faster while it is still as it
   * was opened (no atomic replacement is needed where no reader and no old file can be).
   */
  default void putAll(Collection<UdevDbEntry> entries, IntConsumer written) {
    int n = 0;
    for (UdevDbEntry e : entries) {
      put(e);
      written.accept(++n);
    }
  }
}
