package org.sysfsemu.nio;

import java.net.URI;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Objects;

/**
 * A path of a {@link DevFileSystem}. The syntax (names, {@code .} and {@code ..}, resolving,
 * relativizing) is the platform's: each path wraps a path of the default file system, which never
 * reaches the host's files.
 */
final class DevPath implements Path {
  private final DevFileSystem fs;
  private final Path syntax;

  DevPath(DevFileSystem fs, Path syntax) {
    this.fs = fs;
    this.syntax = syntax;
  }

  /** The path as the emulated tree names it: absolute, normalized, e.g. {@code /disk/by-uuid}. */
  String treePath() {
    return toAbsolutePath().normalize().toString();
  }

  private DevPath wrap(Path p) {
    return p == null ? null : new DevPath(fs, p);
  }

  private Path unwrap(Path other) {
    if (!(other instanceof DevPath d) || d.fs != fs) {
      throw new ProviderMismatchException("not a path of " + fs);
    }
    return d.syntax;
  }

  @Override
  public DevFileSystem getFileSystem() {
    return fs;
  }

  @Override
  public boolean isAbsolute() {
    return syntax.isAbsolute();
  }

  @Override
  public Path getRoot() {
    return wrap(syntax.getRoot());
  }

  @Override
  public Path getFileName() {
    return wrap(syntax.getFileName());
  }

  @Override
  public Path getParent() {
    return wrap(syntax.getParent());
  }

  @Override
  public int getNameCount() {
    return syntax.getNameCount();
  }

  @Override
  public Path getName(int index) {
    return wrap(syntax.getName(index));
  }

  @Override
  public Path subpath(int beginIndex, int endIndex) {
    return wrap(syntax.subpath(beginIndex, endIndex));
  }

  @Override
  public boolean startsWith(Path other) {
    return other instanceof DevPath d && d.fs == fs && syntax.startsWith(d.syntax);
  }

  @Override
  public boolean endsWith(Path other) {
    return other instanceof DevPath d && d.fs == fs && syntax.endsWith(d.syntax);
  }

  @Override
  public Path normalize() {
    return wrap(syntax.normalize());
  }

  @Override
  public Path resolve(Path other) {
    return wrap(syntax.resolve(unwrap(other)));
  }

  @Override
  public Path resolve(String other) {
    return wrap(syntax.resolve(other));
  }

  @Override
  public Path relativize(Path other) {
    return wrap(syntax.relativize(unwrap(other)));
  }

  @Override
  public URI toUri() {
    return URI.create(DevFileSystemProvider.SCHEME + "://" + toAbsolutePath().normalize());
  }

  /** Relative paths are relative to the root of /dev. */
  @Override
  public Path toAbsolutePath() {
    return isAbsolute() ? this : wrap(syntax.getFileSystem().getPath("/").resolve(syntax));
  }

  @Override
  public Path toRealPath(LinkOption... options) throws java.io.IOException {
    return fs.provider().realPath(this, DevFileSystemProvider.follows(options));
  }

  @Override
  public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
    throw new UnsupportedOperationException("the in-process /dev view cannot be watched");
  }

  @Override
  public int compareTo(Path other) {
    return syntax.compareTo(unwrap(other));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DevPath d && d.fs == fs && d.syntax.equals(syntax);
  }

  @Override
  public int hashCode() {
    return Objects.hash(System.identityHashCode(fs), syntax);
  }

  @Override
  public String toString() {
    return syntax.toString();
  }
}
