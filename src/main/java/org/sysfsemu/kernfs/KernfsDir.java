package org.sysfsemu.kernfs;

import com.google.common.collect.ImmutableList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A sysfs directory: a kobject's directory, an attribute group ({@code power/}), a glue directory
 * or a kset's container. Children keep insertion order; sysfs lists them in hash order, which no
 * tool may rely on.
 */
public final class KernfsDir extends KernfsNode {
  private final Map<String, KernfsNode> children = new LinkedHashMap<>();
  private int subdirs;
  private volatile ImmutableList<String> names; // a snapshot of the keys; null after a change
  private final long id;
  private volatile Object owner;

  KernfsDir(String name, int mode, long createdMillis, long id) {
    super(name, mode, createdMillis);
    this.id = id;
  }

  /** The directory's number: directories created later have larger ones (the kernel's node id). */
  public long id() {
    return id;
  }

  /**
   * The object this directory stands for ({@code kn->priv}): a kobject for a kobject's directory,
   * null for attribute groups and other plain directories. Set once, before the directory is
   * published; the tree is the only record of which object sits where.
   */
  public Object owner() {
    return owner;
  }

  /** Sets {@link #owner()}; called once by whoever creates the directory. */
  public void setOwner(Object owner) {
    this.owner = owner;
  }

  /** The child called {@code name}, or null. Callers hold the tree's read or write lock. */
  public KernfsNode child(String name) {
    return children.get(name);
  }

  /**
   * A snapshot of the child names, made once per change of the directory. Callers hold the tree's
   * read or write lock.
   */
  public ImmutableList<String> childNames() {
    ImmutableList<String> n = names;
    if (n == null) {
      n = ImmutableList.copyOf(children.keySet());
      names = n; // readers may race to make it: each makes the same list
    }
    return n;
  }

  /** A snapshot of the children. Callers hold the tree's read or write lock. */
  public ImmutableList<KernfsNode> children() {
    return ImmutableList.copyOf(children.values());
  }

  public boolean isEmpty() {
    return children.isEmpty();
  }

  /** Link count as sysfs reports it: 2 plus one per subdirectory. */
  public int nlink() {
    return 2 + subdirs;
  }

  void put(KernfsNode node) {
    names = null;
    if (children.put(node.name(), node) == null && node instanceof KernfsDir) {
      subdirs++;
    }
  }

  void drop(String name) {
    names = null;
    KernfsNode old = children.remove(name);
    if (old instanceof KernfsDir) {
      subdirs--;
    }
  }
}
