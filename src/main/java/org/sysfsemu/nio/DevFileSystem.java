package org.sysfsemu.nio;

import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Set;
import org.sysfsemu.devfs.DevfsTree;

/**
 * An emulator's /dev tree as a read-only {@link FileSystem}, for the in-process mode: its root is
 * the root of the emulated /dev ({@code root().resolve("sdb1")} is /dev/sdb1). It lives as long
 * as the emulator and sees every change at once; {@link #close()} does nothing.
 */
public final class DevFileSystem extends FileSystem {
  private final DevFileSystemProvider provider;
  private final DevfsTree tree;
  private final DevPath root;

  private DevFileSystem(DevfsTree tree) {
    this.tree = tree;
    this.provider = new DevFileSystemProvider();
    this.root = new DevPath(this, FileSystems.getDefault().getPath("/"));
  }

  /** A view of {@code tree}. */
  public static DevFileSystem of(DevfsTree tree) {
    return new DevFileSystem(tree);
  }

  /** The root of the emulated /dev. */
  public Path root() {
    return root;
  }

  DevfsTree tree() {
    return tree;
  }

  @Override
  public DevFileSystemProvider provider() {
    return provider;
  }

  @Override
  public void close() {}

  @Override
  public boolean isOpen() {
    return true;
  }

  @Override
  public boolean isReadOnly() {
    return true;
  }

  @Override
  public String getSeparator() {
    return "/";
  }

  @Override
  public Iterable<Path> getRootDirectories() {
    return List.of(root);
  }

  @Override
  public Iterable<FileStore> getFileStores() {
    return List.of();
  }

  @Override
  public Set<String> supportedFileAttributeViews() {
    return Set.of("basic", "posix", "owner");
  }

  @Override
  public Path getPath(String first, String... more) {
    return new DevPath(this, FileSystems.getDefault().getPath(first, more));
  }

  @Override
  public PathMatcher getPathMatcher(String syntaxAndPattern) {
    PathMatcher m = FileSystems.getDefault().getPathMatcher(syntaxAndPattern);
    return p -> m.matches(FileSystems.getDefault().getPath(p.toString()));
  }

  @Override
  public UserPrincipalLookupService getUserPrincipalLookupService() {
    throw new UnsupportedOperationException("the in-process /dev view has no user lookup");
  }

  @Override
  public WatchService newWatchService() {
    throw new UnsupportedOperationException("the in-process /dev view cannot be watched");
  }

  @Override
  public String toString() {
    return "the in-process /dev of sysfs-emu";
  }
}
