package org.sysfsemu.driver;

import java.util.ArrayList;
import java.util.List;
import org.sysfsemu.kernfs.Kernfs;
import org.sysfsemu.kernfs.KernfsNode;

/**
 * What one change created, so that a change that fails half way can be taken back whole: the
 * tree is left as it was. Used under the tree's write lock. A created node is recorded as itself
 * (a boot load records a few per device, hundreds of thousands in one log), other steps as
 * {@link Runnable}s.
 */
final class UndoLog {
  private final Kernfs kernfs;
  /** {@link KernfsNode}s to remove and {@link Runnable}s to run, oldest first. */
  private final List<Object> steps = new ArrayList<>();

  UndoLog(Kernfs kernfs) {
    this.kernfs = kernfs;
  }

  /** Records a created node (removed on undo) and returns it. */
  <T extends KernfsNode> T created(T node) {
    steps.add(node);
    return node;
  }

  /** Records any other step to revert. */
  void onUndo(Runnable step) {
    steps.add(step);
  }

  /** Reverts every recorded step, newest first. */
  void undo() {
    for (int i = steps.size() - 1; i >= 0; i--) {
      Object step = steps.remove(i);
      if (step instanceof KernfsNode node) {
        if (!node.isRemoved()) {
          kernfs.remove(node);
        }
      } else {
        ((Runnable) step).run();
      }
    }
  }
}
