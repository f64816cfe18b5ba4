package org.sysfsemu.kernfs;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/**
 * The sysfs namespace: one tree of {@link KernfsNode}s guarded by one read/write lock. Readers
 * (FUSE lookups, readdir) take the read lock; the driver core takes the write lock for every
 * change. Nothing slow runs under either lock: no process is started, no subscriber is waited for.
 */
public final class Kernfs {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Clock clock;
  private final KernfsDir root;
  /** This section's changes, keyed by their entry as not moved; write lock. */
  private final Map<Entry, Entry> changed = new LinkedHashMap<>();
  /** Null while nobody listens: then no change is recorded (a boot load's million links). */
  private volatile Consumer<List<Entry>> changeListener;
  /** The next node's {@link KernfsNode#id()}; the root's is 1. */
  private final AtomicLong nextId = new AtomicLong(1);
  /** The first id of a node made in the current write section; write lock. */
  private long sectionFirstId;
  /**
   * When the current write section began: the time of every node it makes (one reading of the
   * clock per section, not one per file of a large load); write lock.
   */
  private long sectionMillis;

  /**
   * A name in a directory: where a write section changed the tree. {@code moved}: the name a node
   * was renamed or moved to (the texts of links into or out of that node may have changed).
   */
  public record Entry(KernfsDir dir, String name, boolean moved) {}

  public Kernfs(Clock clock) {
    this.clock = clock;
    this.root = new KernfsDir("", 0755, clock.millis(), nextId.getAndIncrement());
  }

  public KernfsDir root() {
    return root;
  }

  /** Runs {@code body} under the read lock. */
  public <T> T read(Supplier<T> body) {
    lock.readLock().lock();
    try {
      return body.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Runs {@code body} under the read lock; for bodies that fail with an errno. */
  public <T> T readChecked(CheckedSupplier<T> body) throws SysfsException {
    lock.readLock().lock();
    try {
      return body.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Sets who hears, after each write section that changed the tree, each name it added, removed or
   * renamed in a directory that existed before the section, once, in the order in which each name
   * first changed (what happened inside a directory made in the same section is covered by that
   * directory's own entry; a node moved into one marks that entry {@link Entry#moved}). It is called by the writing thread once the write lock is released (never under it),
   * before the write section returns; it must not call back into a write section. Changes are
   * recorded only while a listener is set: a section running when the first one is set reports
   * the changes made after.
   */
  public void setChangeListener(Consumer<List<Entry>> listener) {
    this.changeListener = listener;
  }

  /** Runs {@code body} under the write lock. */
  public <T> T writeChecked(CheckedSupplier<T> body) throws SysfsException {
    lock.writeLock().lock();
    if (lock.getWriteHoldCount() == 1) {
      sectionFirstId = nextId.get();
      sectionMillis = clock.millis();
    }
    List<Entry> heard = null;
    try {
      return body.get();
    } finally {
      if (!changed.isEmpty() && lock.getWriteHoldCount() == 1) {
        heard = List.copyOf(changed.values());
        changed.clear();
      }
      lock.writeLock().unlock();
      Consumer<List<Entry>> listener = changeListener;
      if (heard != null && listener != null) {
        listener.accept(heard);
      }
    }
  }

  /** Runs {@code body}, which returns nothing, under the write lock. */
  public void writeRun(CheckedRunnable body) throws SysfsException {
    writeChecked(() -> {
      body.run();
      return null;
    });
  }

  /**
   * Resolves an absolute path ({@code "/devices/virtual/mem/null/uevent"}) without following any
   * symlink: the kernel walks links itself before a FUSE request reaches us.
   */
  public KernfsNode lookup(String path) throws SysfsException {
    return readChecked(() -> lookupLocked(path));
  }

  /** {@link #lookup} for callers that already hold the lock. */
  public KernfsNode lookupLocked(String path) throws SysfsException {
    Object r = walk(path);
    if (r instanceof KernfsNode node) {
      return node;
    }
    Errno errno = (Errno) r;
    throw new SysfsException(errno, errno == Errno.ENOENT && !path.startsWith("/") ? "not an absolute path: " + path : path);
  }

  /** The node at {@code path}, or null; for callers holding the lock. */
  public KernfsNode find(String path) {
    return walk(path) instanceof KernfsNode node ? node : null;
  }

  /** The node at {@code relative} ({@code power/control}) below {@code dir}, or null; for callers holding the lock. */
  public KernfsNode find(KernfsDir dir, String relative) {
    return walk(dir, relative, 0) instanceof KernfsNode node ? node : null;
  }

  /**
   * Walks {@code path} from the root: the node, or the errno of the failure (ENOENT for a path
   * that is not absolute or a missing name, ENOTDIR for a name below a non-directory). Makes no
   * string and throws nothing, so that the driver core's checks of free names cost no exception.
   */
  private Object walk(String path) {
    if (path.isEmpty() || path.charAt(0) != '/') {
      return Errno.ENOENT;
    }
    return walk(root, path, 1);
  }

  /** {@link #walk(String)} from {@code start}, the names of {@code path} from index {@code i} on. */
  private static Object walk(KernfsNode start, String path, int i) {
    KernfsNode node = start;
    int n = path.length();
    while (i < n) {
      int slash = path.indexOf('/', i);
      int end = slash < 0 ? n : slash;
      if (end > i) {
        if (!(node instanceof KernfsDir dir)) {
          return Errno.ENOTDIR;
        }
        node = dir.child(path, i, end);
        if (node == null) {
          return Errno.ENOENT;
        }
      }
      i = end + 1;
    }
    return node;
  }

  // ---- mutators: callers hold the write lock ----

  /** Creates a directory; fails with EEXIST when the name is taken. */
  public KernfsDir mkdir(KernfsDir parent, String name, int mode) throws SysfsException {
    KernfsDir dir = new KernfsDir(name, mode, sectionMillis, nextId.getAndIncrement());
    add(parent, dir);
    return dir;
  }

  /** Returns the existing directory {@code name} in {@code parent}, creating it if needed. */
  public KernfsDir mkdirs(KernfsDir parent, String name) throws SysfsException {
    KernfsNode existing = parent.child(name);
    if (existing instanceof KernfsDir dir) {
      return dir;
    }
    if (existing != null) {
      throw new SysfsException(Errno.ENOTDIR, parent.path() + "/" + name + " is not a directory");
    }
    return mkdir(parent, name, 0755);
  }

  /** Creates a text attribute whose ops serve it alone: stat size one page. */
  @CanIgnoreReturnValue
  public KernfsFile createFile(KernfsDir parent, String name, int mode, AttributeOps ops)
      throws SysfsException {
    return createFile(parent, name, mode, ops, null);
  }

  /** Creates a text attribute with ops that may serve many files and its own {@code priv}: stat size one page. */
  @CanIgnoreReturnValue
  public KernfsFile createFile(KernfsDir parent, String name, int mode, KernfsOps ops, Object priv)
      throws SysfsException {
    KernfsFile f = new KernfsFile(name, mode, sectionMillis, nextId.getAndIncrement(), ops, priv);
    add(parent, f);
    return f;
  }

  /** Creates a binary attribute of the given size whose ops serve it alone. */
  @CanIgnoreReturnValue
  public KernfsFile createBinFile(KernfsDir parent, String name, int mode, AttributeOps ops, long size)
      throws SysfsException {
    return createBinFile(parent, name, mode, ops, null, size);
  }

  /** Creates a binary attribute of the given size, with ops that may serve many files and its own {@code priv}. */
  @CanIgnoreReturnValue
  public KernfsFile createBinFile(KernfsDir parent, String name, int mode, KernfsOps ops, Object priv, long size)
      throws SysfsException {
    KernfsFile f = new KernfsBinFile(name, mode, sectionMillis, nextId.getAndIncrement(), ops, priv, size);
    add(parent, f);
    return f;
  }

  /** Creates a symlink to a node; it reads back as a relative path. */
  @CanIgnoreReturnValue
  public KernfsLink symlink(KernfsDir parent, String name, KernfsNode target) throws SysfsException {
    checkArgument(target != null, "symlink target");
    KernfsLink l = new KernfsLink(name, sectionMillis, nextId.getAndIncrement(), target, null);
    add(parent, l);
    return l;
  }

  /** Creates a symlink with literal text, which may dangle. */
  @CanIgnoreReturnValue
  public KernfsLink symlinkLiteral(KernfsDir parent, String name, String text) throws SysfsException {
    KernfsLink l = new KernfsLink(name, sectionMillis, nextId.getAndIncrement(), null, text);
    add(parent, l);
    return l;
  }

  private void add(KernfsDir parent, KernfsNode node) throws SysfsException {
    checkState(lock.isWriteLockedByCurrentThread(), "write lock not held");
    checkName(node.name());
    if (parent.isRemoved()) {
      throw new SysfsException(Errno.ENOENT, parent.path() + " was removed");
    }
    if (parent.child(node.name()) != null) {
      throw new SysfsException(Errno.EEXIST, parent.path() + "/" + node.name());
    }
    changedIn(parent, node.name(), false);
    node.attach(parent, node.name());
    parent.put(node);
  }

  /** Notes a change of {@code name} in {@code dir}, unless {@code dir} is new in this section. */
  private void changedIn(KernfsDir dir, String name, boolean moved) {
    if (dir.id() < sectionFirstId && changeListener != null) {
      // once per name, where it first changed; marked moved if a node moved there at any point
      Entry key = new Entry(dir, name, false);
      changed.merge(key, moved ? new Entry(dir, name, true) : key, (was, now) -> was.moved() ? was : now);
    }
  }

  /**
   * Notes that a node moved to {@code name} in {@code dir}: where {@code dir} is new in this
   * section, the name of its oldest new ancestor is marked instead (the node moved with it, as
   * far as links into or out of it are concerned).
   */
  private void movedTo(KernfsDir dir, String name) {
    while (dir.id() >= sectionFirstId && dir.parent() != null) {
      name = dir.name();
      dir = dir.parent();
    }
    changedIn(dir, name, true);
  }

  /** EINVAL for a name no directory entry can have: empty, {@code .}, {@code ..}, or with a slash or NUL. */
  private static void checkName(String name) throws SysfsException {
    if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
      throw new SysfsException(Errno.EINVAL, "bad sysfs name '" + name + "'");
    }
  }

  /** Removes a node and everything below it; open handles on them then fail with ENODEV. */
  public void remove(KernfsNode node) {
    checkState(lock.isWriteLockedByCurrentThread(), "write lock not held");
    KernfsDir parent = node.parent();
    checkArgument(parent != null, "cannot remove the root");
    if (!node.isRemoved()) {
      changedIn(parent, node.name(), false);
    }
    if (parent.child(node.name()) == node) {
      parent.drop(node.name());
    }
    markRemovedRecursively(node);
  }

  /** Removes the child {@code name} of {@code dir} if it exists. */
  public void removeIfPresent(KernfsDir dir, String name) {
    KernfsNode n = dir.child(name);
    if (n != null) {
      remove(n);
    }
  }

  private static void markRemovedRecursively(KernfsNode node) {
    node.markRemoved();
    if (node instanceof KernfsDir dir) {
      for (KernfsNode c : dir.children()) {
        markRemovedRecursively(c);
      }
    }
  }

  /** Moves and/or renames a node, as {@code kernfs_rename_ns()}; EEXIST if the name is taken. */
  public void rename(KernfsNode node, KernfsDir newParent, String newName) throws SysfsException {
    checkState(lock.isWriteLockedByCurrentThread(), "write lock not held");
    checkName(newName);
    if (newParent.child(newName) != null) {
      throw new SysfsException(Errno.EEXIST, newParent.path() + "/" + newName);
    }
    changedIn(node.parent(), node.name(), false);
    movedTo(newParent, newName);
    node.parent().drop(node.name());
    node.attach(newParent, newName);
    newParent.put(node);
  }

  /** A supplier that may fail with an errno. */
  @FunctionalInterface
  public interface CheckedSupplier<T> {
    T get() throws SysfsException;
  }

  /** A body of work that may fail with an errno and returns nothing. */
  @FunctionalInterface
  public interface CheckedRunnable {
    void run() throws SysfsException;
  }
}
