package org.sysfsemu.kobject;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/**
 * The environment of one uevent under construction: {@code struct kobj_uevent_env}. Enforces the
 * kernel's limits in {@link #add}: at most {@value #NUM_ENVP} entries and {@value #BUFFER_SIZE}
 * bytes, each entry counting its terminating NUL.
 */
public final class UEventEnv {
  /** {@code UEVENT_NUM_ENVP}. */
  public static final int NUM_ENVP = 64;
  /** {@code UEVENT_BUFFER_SIZE}. */
  public static final int BUFFER_SIZE = 2048;

  private final List<String> entries = new ArrayList<>();
  private int buflen;

  /** Appends {@code key=value}, as {@code add_uevent_var()}; ENOMEM when a limit is hit. */
  public void add(String key, String value) throws SysfsException {
    addEntry(key + "=" + value);
  }

  /** Appends a preformatted {@code KEY=VALUE} entry. */
  public void addEntry(String entry) throws SysfsException {
    if (entries.size() >= NUM_ENVP) {
      throw new SysfsException(Errno.ENOMEM, "add_uevent_var: too many keys");
    }
    if (!fits(entry)) {
      throw new SysfsException(Errno.ENOMEM, "add_uevent_var: buffer size too small");
    }
    entries.add(entry);
    buflen += entry.length() + 1;
  }

  /** Whether {@code entry} could be appended now (both limits). */
  public boolean fits(String entry) {
    return entries.size() < NUM_ENVP && entry.length() < BUFFER_SIZE - buflen;
  }

  /** Appends, ignoring a full buffer, as dev_uevent does for MAJOR..DRIVER. */
  public void addIgnoringFull(String key, String value) {
    addEntryIgnoringFull(key + "=" + value);
  }

  /** {@link #addEntry}, ignoring a full buffer. */
  public void addEntryIgnoringFull(String entry) {
    try {
      addEntry(entry);
    } catch (SysfsException ignored) {
      // dev_uevent() ignores the result of its own appends
    }
  }

  /** Removes every entry starting with {@code prefix} (used to drop MODALIAS from unbind). */
  public void removeWithPrefix(String prefix) {
    for (int i = entries.size() - 1; i >= 0; i--) {
      String e = entries.get(i);
      if (e.startsWith(prefix)) {
        entries.remove(i);
        buflen -= e.length() + 1;
      }
    }
  }

  public ImmutableList<String> entries() {
    return ImmutableList.copyOf(entries);
  }
}
