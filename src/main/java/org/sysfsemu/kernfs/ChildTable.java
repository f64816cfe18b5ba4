package org.sysfsemu.kernfs;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The children of a large directory ({@code /sys/class/block}, {@code /sys/dev/char}): an
 * insertion-ordered hash table by name without an entry object per child. The nodes sit in an
 * array in insertion order (a removed one leaves a hole, closed when the array fills); an
 * open-addressing index, at most half full, maps a name's hash to a position there. Callers hold
 * the tree's lock.
 */
final class ChildTable {
  private static final int FREE = 0;
  private static final int DELETED = -1;

  private KernfsNode[] nodes; // insertion order; [0, end), null where one was removed
  private int end;
  private int size;
  private int[] index; // position in nodes + 1, or FREE, or DELETED
  private int deleted;

  ChildTable(int expected) {
    nodes = new KernfsNode[Math.max(8, expected)];
    index = new int[tableSize(expected)];
  }

  /** The power of two at least 4 times {@code n} (16 at least): the index stays at most half full. */
  private static int tableSize(int n) {
    int want = Math.max(16, 4 * n);
    return want >= 1 << 30 ? 1 << 30 : Integer.highestOneBit(want - 1) << 1;
  }

  int size() {
    return size;
  }

  /** The child whose name is {@code path.substring(from, to)}, or null. */
  KernfsNode get(String path, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + path.charAt(i); // String.hashCode()
    }
    int len = to - from;
    int mask = index.length - 1;
    for (int i = mix(h) & mask; ; i = (i + 1) & mask) {
      int p = index[i];
      if (p == FREE) {
        return null;
      }
      if (p != DELETED) {
        String s = nodes[p - 1].name();
        if (s.length() == len && path.regionMatches(from, s, 0, len)) {
          return nodes[p - 1];
        }
      }
    }
  }

  /** Appends {@code node}, whose name no child has. */
  void add(KernfsNode node) {
    if (end == nodes.length) {
      if (size < end / 2) {
        rebuild(nodes.length); // many holes: close them
      } else {
        nodes = Arrays.copyOf(nodes, 2 * nodes.length);
      }
    }
    if (2 * (size + deleted + 1) > index.length) {
      rebuild(nodes.length);
    }
    nodes[end] = node;
    insert(node.name().hashCode(), end);
    end++;
    size++;
  }

  /** Removes the child called {@code name}; returns it, or null if there is none. */
  KernfsNode remove(String name) {
    int mask = index.length - 1;
    for (int i = mix(name.hashCode()) & mask; ; i = (i + 1) & mask) {
      int p = index[i];
      if (p == FREE) {
        return null;
      }
      if (p != DELETED && nodes[p - 1].name().equals(name)) {
        KernfsNode old = nodes[p - 1];
        nodes[p - 1] = null;
        index[i] = DELETED;
        deleted++;
        size--;
        return old;
      }
    }
  }

  /** Gives each child to {@code action}, in insertion order. */
  void forEach(Consumer<KernfsNode> action) {
    for (int i = 0; i < end; i++) {
      if (nodes[i] != null) {
        action.accept(nodes[i]);
      }
    }
  }

  /** Closes the holes and makes a new index for an array of {@code capacity}. */
  private void rebuild(int capacity) {
    KernfsNode[] old = nodes;
    int oldEnd = end;
    nodes = new KernfsNode[capacity];
    index = new int[tableSize(Math.max(size + 1, capacity / 2))];
    end = 0;
    deleted = 0;
    for (int i = 0; i < oldEnd; i++) {
      if (old[i] != null) {
        nodes[end] = old[i];
        insert(old[i].name().hashCode(), end);
        end++;
      }
    }
  }

  private void insert(int hash, int position) {
    int mask = index.length - 1;
    int i = mix(hash) & mask;
    while (index[i] != FREE && index[i] != DELETED) {
      i = (i + 1) & mask;
    }
    if (index[i] == DELETED) {
      deleted--;
    }
    index[i] = position + 1;
  }

  private static int mix(int h) {
    return h ^ (h >>> 16);
  }
}
