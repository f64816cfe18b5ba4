package org.sysfsemu.kernfs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One entry of the sysfs namespace: a directory, an attribute file or a symlink. Mirrors {@code
 * struct kernfs_node}. Nodes are created, moved and removed only through {@link Kernfs}, under its
 * write lock; the mutable metadata here (mode, owner) is volatile so readers need no lock for it.
 */
public abstract sealed class KernfsNode permits KernfsDir, KernfsFile, KernfsLink {
  /** The bit of {@link #state} set once the node is removed, beside the permission bits. */
  private static final int REMOVED = 1 << 16;
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(KernfsNode.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private String name;
  private KernfsDir parent;
  /** The permission bits (07777) and {@link #REMOVED}: one field, a tree holds millions of nodes. */
  private volatile int state;
  private volatile int uid;
  private volatile int gid;
  private final long createdMillis;
  private final long id;

  KernfsNode(String name, int mode, long createdMillis, long id) {
    this.name = name;
    this.state = mode & 07777;
    this.createdMillis = createdMillis;
    this.id = id;
  }

  /**
   * The node's number, unique in its tree and never reused (the kernel's {@code kernfs_node} id,
   * its inode number): the root has 1, nodes created later have larger ones.
   */
  public long id() {
    return id;
  }

  public String name() {
    return name;
  }

  /** The directory holding this node, or null for the root. */
  public KernfsDir parent() {
    return parent;
  }

  /** Permission bits (07777), without the file type. */
  public int mode() {
    return state & 07777;
  }

  public int uid() {
    return uid;
  }

  public int gid() {
    return gid;
  }

  public long createdMillis() {
    return createdMillis;
  }

  /** True once the node has been removed from the tree; open handles then fail with ENODEV. */
  public boolean isRemoved() {
    return (state & REMOVED) != 0;
  }

  /** The absolute path below the sysfs root, {@code "/"} for the root itself. */
  public String path() {
    if (parent == null) {
      return "/";
    }
    StringBuilder sb = new StringBuilder();
    appendPath(sb);
    return sb.toString();
  }

  void appendPath(StringBuilder sb) {
    if (parent == null) {
      return;
    }
    ((KernfsNode) parent).appendPath(sb);
    sb.append('/').append(name);
  }

  /** Number of path components from the root (the root is 0). */
  public int depth() {
    int d = 0;
    for (KernfsNode n = this; n.parent != null; n = n.parent) {
      d++;
    }
    return d;
  }

  public void setMode(int mode) {
    int old;
    do {
      old = state;
    } while (!STATE.compareAndSet(this, old, (old & REMOVED) | (mode & 07777)));
  }

  public void setOwner(int uid, int gid) {
    if (uid >= 0) {
      this.uid = uid;
    }
    if (gid >= 0) {
      this.gid = gid;
    }
  }

  void attach(KernfsDir parent, String name) {
    this.parent = parent;
    this.name = name;
  }

  void markRemoved() {
    STATE.getAndBitwiseOr(this, REMOVED);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + path() + ")";
  }
}
