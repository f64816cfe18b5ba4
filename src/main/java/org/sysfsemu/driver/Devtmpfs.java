package org.sysfsemu.driver;

/**
 * The devtmpfs hooks of {@code device_add()}/{@code device_del()}: called synchronously, before
 * the {@code add} event and before the {@code remove} event. Errors are ignored, as in the kernel.
 */
public interface Devtmpfs {
  /** Does nothing: no /dev mount. */
  Devtmpfs NONE =
      new Devtmpfs() {
        @Override
        public void create(DevNode node) {}

        @Override
        public void delete(DevNode node) {}
      };

  /** {@code devtmpfs_create_node()}. */
  void create(DevNode node);

  /** {@code devtmpfs_delete_node()}. */
  void delete(DevNode node);
}
