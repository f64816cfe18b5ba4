package org.sysfsemu.kernfs;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A sysfs directory: a kobject's directory, an attribute group ({@code power/}), a glue directory
 * or a kset's container. Children keep insertion order; sysfs lists them in hash order, which no
 * tool may rely on.
 *
 * <p>Most directories hold a few dozen entries at most (a device's attributes), so up to {@link
 * #SMALL_MAX} children are kept in an array searched in order, a few bytes per entry; a directory
 * that grows beyond it (a class directory, {@code /sys/dev/block}) switches to a {@link ChildTable}
 * for good.
 */
public final class KernfsDir extends KernfsNode {
  /** The most children kept in the array; a larger directory uses a {@link ChildTable}. */
  static final int SMALL_MAX = 32;
  private static final KernfsNode[] NONE = new KernfsNode[0];

  private KernfsNode[] small = NONE; // insertion order, [0, count); null once large
  private int count;
  private ChildTable large; // insertion order, once more than SMALL_MAX children
  /**
   * While small: the bit {@link #bit} of the name of every child ever added (a removal leaves its
   * bit), so that most names not here are told without a search: a device's files are each
   * checked before they are added.
   */
  private long nameBits;
  private int subdirs;
  private volatile Object owner;

  KernfsDir(String name, int mode, long createdMillis, long id) {
    super(name, mode, createdMillis, id);
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
    if (large == null && (nameBits & bit(name)) == 0) {
      return null;
    }
    return child(name, 0, name.length());
  }

  /** A name's bit in {@link #nameBits}: one of 64, by its hash (cached in the string). */
  private static long bit(String name) {
    return 1L << name.hashCode(); // the shift takes the low 6 bits
  }

  /**
   * The child whose name is {@code path.substring(from, to)}, or null; without making that
   * string while the directory is small. Callers hold the tree's read or write lock.
   */
  public KernfsNode child(String path, int from, int to) {
    if (large != null) {
      return large.get(path, from, to);
    }
    int i = smallIndex(path, from, to);
    return i < 0 ? null : small[i];
  }

  /** Where the small array holds the child named {@code path.substring(from, to)}; -1 if nowhere. */
  private int smallIndex(String path, int from, int to) {
    int len = to - from;
    for (int i = 0; i < count; i++) {
      String s = small[i].name();
      if (s.length() == len && path.regionMatches(from, s, 0, len)) {
        return i;
      }
    }
    return -1;
  }

  /** The child names, in order. Callers hold the tree's read or write lock. */
  public ImmutableList<String> childNames() {
    return children().stream().map(KernfsNode::name).collect(ImmutableList.toImmutableList());
  }

  /** A snapshot of the children. Callers hold the tree's read or write lock. */
  public ImmutableList<KernfsNode> children() {
    if (large != null) {
      ImmutableList.Builder<KernfsNode> b = ImmutableList.builderWithExpectedSize(large.size());
      large.forEach(b::add);
      return b.build();
    }
    return ImmutableList.copyOf(Arrays.asList(small).subList(0, count));
  }

  /**
   * Gives each child to {@code action}, in order, without a snapshot: {@code action} must not
   * change this directory. Callers hold the tree's read or write lock.
   */
  public void forEachChild(Consumer<KernfsNode> action) {
    if (large != null) {
      large.forEach(action);
      return;
    }
    for (int i = 0; i < count; i++) {
      action.accept(small[i]);
    }
  }

  public boolean isEmpty() {
    return large != null ? large.size() == 0 : count == 0;
  }

  /** Link count as sysfs reports it: 2 plus one per subdirectory. */
  public int nlink() {
    return 2 + subdirs;
  }

  /**
   * Makes room for {@code n} children in all (at most {@link #SMALL_MAX}) at once, so that a new
   * device's directory is not grown four times as its attributes are added. Write lock.
   */
  public void reserve(int n) {
    if (large == null && small.length < n) {
      small = Arrays.copyOf(small, Math.min(SMALL_MAX, n));
    }
  }

  /** Adds {@code node}, whose name no child has (the caller checked). */
  void put(KernfsNode node) {
    if (large != null) {
      large.add(node);
    } else {
      addSmall(node);
    }
    if (node instanceof KernfsDir) {
      subdirs++;
    }
  }

  private void addSmall(KernfsNode node) {
    if (count == SMALL_MAX) {
      ChildTable t = new ChildTable(4 * SMALL_MAX);
      for (int i = 0; i < count; i++) {
        t.add(small[i]);
      }
      t.add(node);
      large = t;
      small = null;
      count = 0;
      return;
    }
    if (count == small.length) {
      small = Arrays.copyOf(small, Math.max(4, Math.min(SMALL_MAX, 2 * count)));
    }
    small[count++] = node;
    nameBits |= bit(node.name());
  }

  void drop(String name) {
    KernfsNode old = null;
    if (large != null) {
      old = large.remove(name);
    } else {
      int i = smallIndex(name, 0, name.length());
      if (i >= 0) {
        old = small[i];
        System.arraycopy(small, i + 1, small, i, count - i - 1);
        small[--count] = null;
      }
    }
    if (old instanceof KernfsDir) {
      subdirs--;
    }
  }
}
