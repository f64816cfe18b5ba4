package org.sysfsemu;

/**
 * Told how far a start has got, for a progress line: {@link SysfsEmu.Builder} reports reading the
 * tree, adding its devices, mounting, writing the udev database and starting the sandbox. Called
 * on the starting thread, often (once per batch of devices); a listener keeps it cheap.
 */
@FunctionalInterface
public interface StartProgress {
  /** Reports nothing. */
  StartProgress NONE = (step, done, total) -> {};

  /**
   * @param step what is being done, e.g. {@code adding devices}
   * @param done how much of it is done
   * @param total how much there is; 0 when the step is not counted
   */
  void progress(String step, long done, long total);
}
