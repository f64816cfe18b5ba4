package org.sysfsemu.fuse;

import java.util.ArrayList;
import java.util.List;
import org.sysfsemu.kernfs.Kernfs;
import org.sysfsemu.kernfs.KernfsDir;
import org.sysfsemu.kernfs.KernfsLink;
import org.sysfsemu.kernfs.KernfsNode;

/**
 * The sysfs mount: serves a {@link Kernfs} tree over FUSE with sysfs's rules (see {@link
 * SysfsOps}). libfuse only mounts it; every request, {@code INIT} included, is answered by the
 * loop in Java ({@link SysfsRequests}), which names nodes by their kernfs ids instead of handing
 * libfuse a path per request. Every attribute open sets {@code direct_io}, so
 * each read and write reaches {@code show()}/{@code store()} and no stale page is ever served.
 */
public final class SysfsFs extends MountableFs {
  private final Kernfs kernfs;
  private final SysfsOps ops;
  private final EntryInvalidation invalidation = new EntryInvalidation("sysfs-emu-invalidate", this::dropEverything);
  private volatile SysfsRequests server;

  /** A filesystem serving {@code kernfs}; loads libfuse 2 and checks its layout. */
  public SysfsFs(Kernfs kernfs) {
    super("sysfs-emu");
    this.kernfs = kernfs;
    this.ops = new SysfsOps(kernfs);
  }

  /**
   * With kernel caching on ({@code --cache-timeout}), every change of the tree drops the kernel's
   * cached entry of each name it added, removed or renamed (with everything below it, and the
   * directory's attributes), before the change returns to its caller (so before any event about
   * it is published): a removed or renamed node is never found through the cache, a name found
   * missing before it was added is asked again, and the changed directory's attributes (link
   * counts) and, where the kernel keeps listings ({@link SysfsRequests#kernelCachesListings}),
   * its listing go too. A directory the kernel holds no inode of has nothing cached below it and is skipped. The
   * notifications are sent by
   * another thread, which the change waits for a bounded time ({@link EntryInvalidation}).
   */
  private void treeChanged(SysfsRequests s, List<Kernfs.Entry> entries) {
    invalidation.run(() -> {
      KernfsDir last = null;
      for (Kernfs.Entry e : entries) {
        if (s.kernelHolds(e.dir())) {
          invalidateEntry(e.dir().id(), e.name());
          if (e.dir() != last) {
            // its attributes (link count) and listing: the kernel drops the attributes with an
            // entry only when it has one of that name
            invalidateInode(e.dir().id());
          }
          last = e.dir();
        }
      }
      if (s.kernelKeepsLinks() && entries.stream().anyMatch(Kernfs.Entry::moved)) {
        // found under the read lock, dropped after it (a notification may wait for the kernel)
        for (long id : kernfs.read(() -> linksChangedBy(movedNodes(entries), s))) {
          invalidateInode(id);
        }
      }
    });
  }

  /** The ids of the links held by the kernel whose texts {@code moved} changed; under the lock. */
  private static List<Long> linksChangedBy(List<KernfsNode> moved, SysfsRequests s) {
    List<Long> ids = new ArrayList<>();
    s.forEachHeld(n -> {
      if (n instanceof KernfsLink link && moved.stream().anyMatch(link::textChangedBy)) {
        ids.add(n.id());
      }
    });
    return ids;
  }

  /** The nodes now at the names {@code entries} marked moved; for callers holding the lock. */
  private static List<KernfsNode> movedNodes(List<Kernfs.Entry> entries) {
    List<KernfsNode> moved = new ArrayList<>();
    for (Kernfs.Entry e : entries) {
      KernfsNode n = e.moved() ? e.dir().child(e.name()) : null;
      if (n != null) {
        moved.add(n);
      }
    }
    return moved;
  }

  /**
   * When notifications were lost ({@link EntryInvalidation}): every top-level name (the kernel
   * drops all it cached below them) and every node's inode (attributes, listings and link texts).
   */
  private void dropEverything() {
    SysfsRequests s = server;
    if (s == null) {
      return;
    }
    for (String name : kernfs.read(() -> kernfs.root().childNames())) {
      invalidateEntry(FuseProtocol.ROOT_ID, name);
    }
    invalidateInode(FuseProtocol.ROOT_ID);
    s.forEachHeld(n -> invalidateInode(n.id())); // the node table, not the tree: no lock is held
  }

  /** Every request, by a server made for each session: node ids start afresh with a mount. */
  @Override
  DirectRequests.Server directServer() {
    SysfsRequests s = new SysfsRequests(ops, cacheTimeout());
    server = s;
    // only from the session on, and only when the kernel caches: it caches nothing before, and a
    // tree that records no changes while nobody listens loads faster (a coldplug's links into
    // older directories)
    if (kernelCaches()) {
      kernfs.setChangeListener(entries -> treeChanged(s, entries));
    }
    return s;
  }

  /**
   * Yes ({@link #treeChanged}): the entry of a name found missing goes when the name is added, so
   * it is found at once after.
   */
  @Override
  protected boolean dropsCachedEntriesOnChange() {
    return true;
  }

  /**
   * For libfuse, which reads the requests and would answer {@code INIT} only for a kernel older
   * than protocol 7.9: {@code atomic_o_trunc} (as the loop's own {@code INIT} asks: the kernel
   * passes {@code O_TRUNC} with the open instead of sending a truncate after it; truncating an
   * attribute has no effect on sysfs, so {@code echo change > uevent} costs one request less), and
   * {@code no_splice_read}: every request is read into memory, where the loop reads it.
   */
  @Override
  protected String ownOptions() {
    return "atomic_o_trunc,no_splice_read";
  }

  /** The number of open attribute files and directories (for tests and diagnostics). */
  public int openFiles() {
    return ops.openCount();
  }

  /** Whether the kernel keeps this mount's link texts (for tests). */
  boolean kernelKeepsLinks() {
    SysfsRequests s = server;
    return s != null && s.kernelKeepsLinks();
  }

  /** How many link texts were read from the mount (for tests). */
  long linksRead() {
    SysfsRequests s = server;
    return s == null ? 0 : s.linksRead();
  }

  /** How many nodes the kernel holds an inode of, besides the root (for tests). */
  int nodesHeld() {
    SysfsRequests s = server;
    return s == null ? 0 : s.nodesHeld();
  }
}
