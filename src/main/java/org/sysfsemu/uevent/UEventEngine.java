package org.sysfsemu.uevent;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kobject.KObject;
import org.sysfsemu.kobject.KObjectAction;
import org.sysfsemu.kobject.KSet;
import org.sysfsemu.kobject.KSetUEventOps;
import org.sysfsemu.kobject.UEventEnv;

/**
 * The event pipeline: {@code kobject_uevent_env()} in lib/kobject_uevent.c, step by step and in
 * the kernel's order. Owns what the kernel keeps global: the SEQNUM counter, the helper path and
 * the list of listening sinks. SEQNUM assignment and publication happen under one mutex so every
 * sink sees every event once, in SEQNUM order; sinks and the helper launcher only queue.
 */
public final class UEventEngine {
  private static final Logger LOG = Logger.getLogger(UEventEngine.class.getName());

  private final Object ueventSockMutex = new Object();
  private final List<UEventSink> sinks = new CopyOnWriteArrayList<>();
  private final UEventHelperPath helperPath = new UEventHelperPath();
  private volatile HelperLauncher helperLauncher;
  private volatile SeqnumSource seqnumSource = SeqnumSource.COUNTER;
  private long seqnum;

  public UEventEngine(HelperLauncher helperLauncher) {
    this.helperLauncher = helperLauncher;
  }

  /** The value of {@code /sys/kernel/uevent_seqnum}: the last SEQNUM handed out. */
  public long seqnum() {
    synchronized (ueventSockMutex) {
      return seqnum;
    }
  }

  /** The {@code uevent_helper} setting. */
  public UEventHelperPath helperPath() {
    return helperPath;
  }

  public void setHelperLauncher(HelperLauncher launcher) {
    this.helperLauncher = launcher;
  }

  /** Where SEQNUMs come from from now on ({@link SeqnumSource#COUNTER} by default). */
  public void setSeqnumSource(SeqnumSource source) {
    this.seqnumSource = source;
  }

  /** Adds a listener of group 1; it sees events published from now on. */
  public void addSink(UEventSink sink) {
    sinks.add(sink);
  }

  public void removeSink(UEventSink sink) {
    sinks.remove(sink);
  }

  /** A Java subscriber holding up to {@code capacity} events; close it to detach. */
  public EventQueue subscribe(int capacity) {
    EventQueue[] holder = new EventQueue[1];
    holder[0] = new EventQueue(capacity, () -> removeSink(holder[0]));
    addSink(holder[0]);
    return holder[0];
  }

  /**
   * {@code kobject_synth_uevent()}: a write to a {@code uevent} file. Returns the count on
   * success, including when the object is filtered and nothing is sent.
   */
  public int synthUevent(KObject kobj, byte[] data) throws SysfsException {
    try {
      SynthUEvent synth = SynthUEvent.parse(data);
      emit(kobj, synth.action(), synth.env());
      return data.length;
    } catch (SysfsException e) {
      LOG.fine(() -> "synth uevent: " + kobj.devpath() + ": " + e.getMessage());
      throw e;
    }
  }

  /** {@code kobject_uevent()}: an event without caller env. */
  public UEvent emit(KObject kobj, KObjectAction action) throws SysfsException {
    return emit(kobj, action, List.of());
  }

  /**
   * {@code kobject_uevent_env()}. Returns the published event, or null when the event was
   * dropped silently (suppressed, filtered, no subsystem name).
   *
   * @throws SysfsException EINVAL without a kset, ENOMEM when the env overflows, or the kset
   *     hook's error
   */
  public UEvent emit(KObject kobj, KObjectAction action, List<String> envp) throws SysfsException {
    if (action == KObjectAction.REMOVE) {
      kobj.markRemoveUeventSent();
    }
    KSet kset = kobj.findKset();
    if (kset == null) {
      throw new SysfsException(Errno.EINVAL, "kobject " + kobj + " has no kset");
    }
    if (kobj.ueventSuppress()) {
      return null;
    }
    KSetUEventOps ops = kset.ueventOps();
    if (ops != null && !ops.filter(kobj)) {
      return null;
    }
    String subsystem = subsystemName(kset, ops, kobj);
    if (subsystem == null) {
      return null;
    }
    String devpath = kobj.devpath(); // walks up the tree: once per event, outside the mutex
    UEventEnv env = buildEnv(kobj, devpath, action, subsystem, envp, ops);
    if (action == KObjectAction.ADD) {
      kobj.markAddUeventSent();
    } else if (action == KObjectAction.UNBIND) {
      env.removeWithPrefix("MODALIAS=");
    }
    return assignSeqnumAndPublish(devpath, action, subsystem, env);
  }

  private static String subsystemName(KSet kset, KSetUEventOps ops, KObject kobj) {
    if (ops != null && ops.hasName()) {
      return ops.name(kobj);
    }
    return kset.ksetName();
  }

  private static UEventEnv buildEnv(KObject kobj, String devpath, KObjectAction action, String subsystem,
      List<String> envp, KSetUEventOps ops) throws SysfsException {
    UEventEnv env = new UEventEnv();
    env.add("ACTION", action.wireName());
    env.add("DEVPATH", devpath);
    env.add("SUBSYSTEM", subsystem);
    for (String e : envp) {
      env.addEntry(e);
    }
    if (ops != null) {
      ops.uevent(kobj, env);
    }
    return env;
  }

  private UEvent assignSeqnumAndPublish(
      String devpath, KObjectAction action, String subsystem, UEventEnv env) throws SysfsException {
    synchronized (ueventSockMutex) {
      long n = env.fits("SEQNUM=" + (seqnum + 1))
          ? Math.max(seqnum + 1, seqnumSource.next(seqnum, action.wireName() + "@" + devpath, env.entries()))
          : seqnum + 1; // the append below fails: a gap, and nothing is sent, as in the kernel
      seqnum = n;
      env.add("SEQNUM", Long.toString(n)); // a failure here leaves a gap, as in the kernel
      UEvent event = new UEvent(action, devpath, subsystem, env.entries(), n);
      for (UEventSink sink : sinks) {
        try {
          sink.publish(event);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "uevent sink failed for SEQNUM " + n, e);
        }
      }
      runHelper(event, env);
      return event;
    }
  }

  /** Step 13: the helper gets the env plus HOME and PATH; a full env is ENOMEM after the send. */
  private void runHelper(UEvent event, UEventEnv env) throws SysfsException {
    String helper = helperPath.get();
    if (helper.isEmpty()) {
      return;
    }
    env.add("HOME", "/");
    env.add("PATH", "/sbin:/bin:/usr/sbin:/usr/bin");
    HelperLauncher launcher = helperLauncher;
    if (launcher != null) {
      launcher.launch(event.seqnum(), ImmutableList.of(helper, event.subsystem()), env.entries());
    }
  }
}
