package org.sysfsemu.fuse;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.kernfs.KernfsDir;
import org.sysfsemu.kernfs.KernfsNode;

/**
 * The nodes of a kernfs tree the kernel holds an inode of, by FUSE node id, with the kernel's
 * lookup count of each: a node is remembered from the reply that hands it to the kernel until the
 * kernel forgets it ({@code FORGET} with the count of its lookups). A node's FUSE id is its kernfs
 * {@link KernfsNode#id() id}: never reused, so a node id never names two nodes (the generation is
 * always 0), and the root's is 1, FUSE's root id. A removed node stays here until the kernel
 * forgets it; requests naming it then fail as on a removed node.
 */
final class NodeTable {
  private final KernfsDir root;
  private final ConcurrentHashMap<Long, Known> known = new ConcurrentHashMap<>();

  /** A node the kernel holds and how many of its lookups the kernel has not yet forgotten. */
  private static final class Known {
    final KernfsNode node;
    long lookups; // changed only inside the map's atomic compute of its key

    Known(KernfsNode node) {
      this.node = node;
    }
  }

  NodeTable(KernfsDir root) {
    if (root.id() != FuseProtocol.ROOT_ID) {
      throw new IllegalArgumentException("kernfs root id " + root.id() + " is not FUSE's root id");
    }
    this.root = root;
  }

  /** The node the kernel calls {@code nodeid}; ENOENT for an id it cannot hold. */
  KernfsNode get(long nodeid) throws SysfsException {
    if (nodeid == FuseProtocol.ROOT_ID) {
      return root;
    }
    Known k = known.get(nodeid);
    if (k == null) {
      throw new SysfsException(Errno.ENOENT, "no node with id " + nodeid);
    }
    return k.node;
  }

  /** Counts one lookup of {@code node}, whose id a reply is about to hand to the kernel; its id. */
  long looked(KernfsNode node) {
    long id = node.id();
    if (id != FuseProtocol.ROOT_ID) {
      known.compute(id, (k, v) -> {
        Known n = v == null ? new Known(node) : v;
        n.lookups++;
        return n;
      });
    }
    return id;
  }

  /** The kernel forgets {@code count} lookups of {@code nodeid}; at none left, the node goes. */
  void forget(long nodeid, long count) {
    known.computeIfPresent(nodeid, (k, v) -> {
      v.lookups -= count;
      return v.lookups > 0 ? v : null;
    });
  }

  /** Whether the kernel may hold the node {@code nodeid} (the root always). */
  boolean holds(long nodeid) {
    return nodeid == FuseProtocol.ROOT_ID || known.containsKey(nodeid);
  }

  /** Each node the kernel holds, besides the root (weakly consistent with concurrent lookups). */
  void forEach(Consumer<KernfsNode> action) {
    known.values().forEach(k -> action.accept(k.node));
  }

  /** How many nodes the kernel holds besides the root (for tests and diagnostics). */
  int size() {
    return known.size();
  }
}
