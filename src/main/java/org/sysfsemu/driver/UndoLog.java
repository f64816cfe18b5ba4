package org.sysfsemu.driver;

import java.util.ArrayDeque;
import java.util.Deque;
import org.sysfsemu.kernfs.Kernfs;
import org.sysfsemu.kernfs.KernfsNode;

/**
 * What one change created, so that a change that fails half way can be taken back whole: the
 * tree is left as it was. Used under the tree's write lock.
 */
final class UndoLog {
  private final Kernfs kernfs;
  private final Deque<Runnable> steps = new ArrayDeque<>();

  UndoLog(Kernfs kernfs) {
    this.kernfs = kernfs;
  }

  /** Records a created node (removed on undo) and returns it. */
  <T extends KernfsNode> T created(T node) {
    steps.push(
        () -> {
          if (!node.isRemoved()) {
            kernfs.remove(node);
          }
        });
    return node;
  }

  /** Records any other step to revert. */
  void onUndo(Runnable step) {
    steps.push(step);
  }

  /** Reverts every recorded step, newest first. */
  void undo() {
    while (!steps.isEmpty()) {
      steps.pop().run();
    }
  }
}
