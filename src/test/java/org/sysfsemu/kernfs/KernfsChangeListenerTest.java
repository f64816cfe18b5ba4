package org.sysfsemu.kernfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.sysfsemu.error.SysfsException;

/** {@link Kernfs#setChangeListener}: which names a write section reports, and when. */
class KernfsChangeListenerTest {
  private final Kernfs kernfs = new Kernfs(Clock.systemUTC());
  private final List<List<String>> heard = new ArrayList<>();
  private final List<Boolean> lockedWhenHeard = new ArrayList<>();

  KernfsChangeListenerTest() throws SysfsException {
    kernfs.writeRun(() -> {
      KernfsDir devices = kernfs.mkdir(kernfs.root(), "devices", 0755);
      kernfs.mkdirs(kernfs.mkdirs(devices, "virtual"), "mem");
      kernfs.mkdir(kernfs.root(), "class", 0755);
    });
    kernfs.setChangeListener(entries -> {
      heard.add(entries.stream().map(e -> e.dir().path() + " " + e.name()).toList());
      Thread reader = new Thread(() -> kernfs.read(() -> null)); // blocks while the lock is held
      reader.start();
      try {
        reader.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      lockedWhenHeard.add(reader.isAlive());
    });
  }

  private KernfsDir dir(String path) throws SysfsException {
    return (KernfsDir) kernfs.lookupLocked(path);
  }

  @Test
  void eachWriteSectionReportsTheNamesItChangedInOlderDirectoriesOnceAfterUnlocking() throws SysfsException {
    kernfs.writeRun(() -> {
      KernfsDir nul = kernfs.mkdir(dir("/devices/virtual/mem"), "null", 0755);
      kernfs.mkdir(nul, "power", 0755); // inside a directory of this section: covered by its entry
      kernfs.symlink(kernfs.mkdirs(dir("/class"), "mem"), "null", nul);
    });
    assertEquals(List.of(List.of("/devices/virtual/mem null", "/class mem")), heard);
    assertEquals(List.of(false), lockedWhenHeard);

    heard.clear();
    kernfs.writeRun(() -> kernfs.remove(kernfs.lookupLocked("/class/mem/null")));
    kernfs.writeRun(() -> kernfs.rename(kernfs.lookupLocked("/devices/virtual/mem/null"),
        dir("/class/mem"), "null"));
    assertEquals(List.of(List.of("/class/mem null"),
        List.of("/devices/virtual/mem null", "/class/mem null")), heard);
  }

  @Test
  void theNameANodeMovedToIsMarkedMovedOnceWhateverElseHappenedToIt() throws SysfsException {
    kernfs.writeRun(() -> kernfs.mkdir(kernfs.mkdirs(dir("/devices/virtual"), "net"), "eth0", 0755));
    List<List<Kernfs.Entry>> entries = new ArrayList<>();
    kernfs.setChangeListener(entries::add);
    kernfs.writeRun(() -> kernfs.rename(kernfs.lookupLocked("/devices/virtual/net/eth0"),
        dir("/devices/virtual/net"), "enp0s3"));
    KernfsDir net = dir("/devices/virtual/net");
    assertEquals(List.of(List.of(new Kernfs.Entry(net, "eth0", false), new Kernfs.Entry(net, "enp0s3", true))), entries);

    entries.clear();
    kernfs.writeRun(() -> {
      kernfs.mkdir(net, "wlan0", 0755);
      kernfs.remove(kernfs.lookupLocked("/devices/virtual/net/wlan0"));
      kernfs.rename(kernfs.lookupLocked("/devices/virtual/net/enp0s3"), net, "wlan0");
      kernfs.mkdir(net, "enp0s3", 0755);
    });
    assertEquals(List.of(List.of(new Kernfs.Entry(net, "wlan0", true), new Kernfs.Entry(net, "enp0s3", false))), entries,
        "where each name first changed");

    entries.clear();
    kernfs.writeRun(() -> { // into a directory new in the section: its name in the old one is marked
      KernfsDir virtual = dir("/devices/virtual");
      KernfsDir bond = kernfs.mkdir(kernfs.mkdir(virtual, "bond", 0755), "bond0", 0755);
      kernfs.rename(kernfs.lookupLocked("/devices/virtual/net/wlan0"), bond, "wlan0");
    });
    assertEquals(List.of(List.of(new Kernfs.Entry(dir("/devices/virtual"), "bond", true),
        new Kernfs.Entry(net, "wlan0", false))), entries);
  }

  @Test
  void aNameChangedTwiceInOneSectionIsReportedOnce() throws SysfsException {
    kernfs.writeRun(() -> {
      kernfs.mkdir(dir("/class"), "net", 0755);
      kernfs.remove(kernfs.lookupLocked("/class/net"));
      kernfs.mkdir(dir("/class"), "net", 0755);
    });
    assertEquals(List.of(List.of("/class net")), heard);
  }

  @Test
  void aSectionThatChangesNothingAndANestedSectionReportNothingOfTheirOwn() throws SysfsException {
    kernfs.writeRun(() -> kernfs.lookupLocked("/devices"));
    assertEquals(List.of(), heard);
    kernfs.writeRun(() -> {
      kernfs.writeRun(() -> kernfs.mkdir(dir("/class"), "net", 0755));
      assertEquals(List.of(), heard, "not before the outer section ends");
    });
    assertEquals(List.of(List.of("/class net")), heard);
    assertFalse(kernfs.lookup("/class/net").isRemoved());
  }

  @Test
  void changesMadeWhileNobodyListensAreNotReportedLater() throws SysfsException {
    Consumer<List<Kernfs.Entry>> listener = entries -> heard.add(entries.stream().map(e -> e.dir().path() + " " + e.name()).toList());
    kernfs.setChangeListener(null);
    kernfs.writeRun(() -> kernfs.mkdir(dir("/class"), "net", 0755));
    kernfs.setChangeListener(listener);
    kernfs.writeRun(() -> kernfs.mkdir(dir("/class"), "block", 0755));
    assertEquals(List.of(List.of("/class block")), heard);
    kernfs.setChangeListener(null);
    kernfs.writeRun(() -> kernfs.remove(kernfs.lookupLocked("/class/block")));
    kernfs.setChangeListener(listener);
    kernfs.writeRun(() -> kernfs.remove(kernfs.lookupLocked("/class/net")));
    assertEquals(List.of(List.of("/class block"), List.of("/class net")), heard);
  }
}
