package org.sysfsemu.driver;

import java.nio.charset.StandardCharsets;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.KernfsFile;
import org.sysfsemu.kernfs.KernfsOps;
import org.sysfsemu.kobject.KObject;
import org.sysfsemu.kobject.KSet;
import org.sysfsemu.kobject.KSetUEventOps;
import org.sysfsemu.kobject.UEventEnv;
import org.sysfsemu.uevent.UEventEngine;

/**
 * The {@code uevent} file of a kobject. Reading it is {@code uevent_show()}: the kset's keys, one
 * per line, or nothing for a filtered object. Writing it is {@code uevent_store()}: a synthetic
 * event. Bus and driver {@code uevent} files are write-only. One instance serves every {@code
 * uevent} file of its kind; each file's priv is its kobject.
 */
final class UeventAttribute implements KernfsOps {
  private final UEventEngine engine;
  private final boolean readable;

  UeventAttribute(UEventEngine engine, boolean readable) {
    this.engine = engine;
    this.readable = readable;
  }

  @Override
  public boolean canShow() {
    return readable;
  }

  @Override
  public boolean canStore() {
    return true;
  }

  @Override
  public byte[] show(KernfsFile file) {
    return showEnv((KObject) file.priv()).getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public int store(KernfsFile file, byte[] data) throws SysfsException {
    return engine.synthUevent((KObject) file.priv(), data);
  }

  /** The text {@code uevent_show()} produces for {@code kobj}. */
  private static String showEnv(KObject kobj) {
    KSet kset = kobj.findKset();
    KSetUEventOps ops = kset == null ? null : kset.ueventOps();
    if (ops == null || !ops.filter(kobj)) {
      return "";
    }
    UEventEnv env = new UEventEnv();
    try {
      ops.uevent(kobj, env);
    } catch (SysfsException e) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (String e : env.entries()) {
      sb.append(e).append('\n');
    }
    return sb.toString();
  }
}
