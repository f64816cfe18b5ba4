package org.sysfsemu.fuse;

import java.util.List;
import org.sysfsemu.kernfs.Kernfs;
import org.sysfsemu.kernfs.KernfsDir;

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
  private final EntryInvalidation invalidation = new EntryInvalidation("sysfs-emu-invalidate");
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
   * missing before it was added is asked again, and link counts are fresh; where the kernel keeps
   * listings ({@link SysfsRequests#kernelCachesListings}), the changed directory's listing goes
   * too. A directory the kernel holds no inode of has nothing cached below it and is skipped. The
   * notifications are sent by
   * another thread, which the change waits for a bounded time ({@link EntryInvalidation}).
   */
  private void treeChanged(SysfsRequests s, List<Kernfs.Entry> entries) {
    invalidation.run(() -> {
      KernfsDir last = null;
      for (Kernfs.Entry e : entries) {
        if (s.kernelHolds(e.dir())) {
          invalidateEntry(e.dir().id(), e.name());
          if (s.kernelCachesListings() && e.dir() != last) {
            invalidateInode(e.dir().id());
          }
          last = e.dir();
        }
      }
    });
  }

  /** Every request, by a server made for each session: node ids start afresh with a mount. */
  @Override
  DirectRequests.Server directServer() {
    SysfsRequests s = new SysfsRequests(ops, cacheTimeout(), dropsCachedEntriesOnChange());
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

  /** How many nodes the kernel holds an inode of, besides the root (for tests). */
  int nodesHeld() {
    SysfsRequests s = server;
    return s == null ? 0 : s.nodesHeld();
  }
}
