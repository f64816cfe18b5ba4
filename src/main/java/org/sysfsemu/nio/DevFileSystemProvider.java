package org.sysfsemu.nio;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sysfsemu.devfs.DevfsNode;
import org.sysfsemu.devfs.DevfsTree;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;

/**
 * The operations of a {@link DevFileSystem}: reads of the emulated tree, with symbolic links
 * followed inside it (an absolute target is taken from the root of /dev only when it starts with
 * {@code /dev/}; others lead outside the view). Every change throws {@link
 * ReadOnlyFileSystemException}; opening a device or control node an {@link AccessDeniedException}.
 */
public final class DevFileSystemProvider extends java.nio.file.spi.FileSystemProvider {
  /** The URI scheme of the view's paths. */
  public static final String SCHEME = "sysfs-emu-dev";

  /** Links followed in one lookup before ELOOP, as the kernel's MAXSYMLINKS. */
  private static final int MAX_LINKS = 40;

  DevFileSystemProvider() {}

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
    throw new UnsupportedOperationException("a /dev view is made by SysfsEmu.dev(), not by URI");
  }

  @Override
  public FileSystem getFileSystem(URI uri) {
    throw new UnsupportedOperationException("a /dev view is made by SysfsEmu.dev(), not by URI");
  }

  @Override
  public Path getPath(URI uri) {
    throw new UnsupportedOperationException("a /dev view is made by SysfsEmu.dev(), not by URI");
  }

  static boolean follows(LinkOption... options) {
    return !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
  }

  private static DevPath dev(Path p) {
    if (!(p instanceof DevPath d)) {
      throw new ProviderMismatchException("not a path of the in-process /dev view: " + p);
    }
    return d;
  }

  /**
   * The tree path of {@code p} with its links resolved: those of every directory on the way, and
   * the last one's when {@code followLast}.
   */
  static String resolve(DevPath p, boolean followLast) throws IOException {
    DevfsTree tree = p.getFileSystem().tree();
    List<String> todo = new ArrayList<>(List.of(names(p.treePath())));
    List<String> done = new ArrayList<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String name = todo.remove(0);
      if (name.equals("..")) {
        if (!done.isEmpty()) {
          done.remove(done.size() - 1);
        }
        continue;
      }
      if (name.equals(".")) {
        continue;
      }
      done.add(name);
      String here = "/" + String.join("/", done);
      if (!todo.isEmpty() || followLast) {
        DevfsNode node = lookup(tree, here, p);
        if (node instanceof DevfsNode.Symlink) {
          if (++links > MAX_LINKS) {
            throw new FileSystemLoopException(p.toString());
          }
          String target = readlink(tree, here, p);
          done.remove(done.size() - 1);
          if (target.startsWith("/")) {
            if (!(target + "/").startsWith("/dev/")) {
              throw new NoSuchFileException(p.toString(), null, "the link " + here + " leads out of /dev: " + target);
            }
            done.clear();
            target = target.substring("/dev".length());
          }
          todo.addAll(0, List.of(names(target)));
        }
      }
    }
    return "/" + String.join("/", done);
  }

  private static String[] names(String path) {
    return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
  }

  private static DevfsNode lookup(DevfsTree tree, String treePath, Path p) throws IOException {
    try {
      return tree.lookup(treePath);
    } catch (SysfsException e) {
      throw error(e, p);
    }
  }

  private static String readlink(DevfsTree tree, String treePath, Path p) throws IOException {
    try {
      return tree.readlink(treePath);
    } catch (SysfsException e) {
      throw error(e, p);
    }
  }

  /** The exception {@code java.nio.file} throws for the errno of {@code e}. */
  static IOException error(SysfsException e, Path p) {
    Errno errno = e.errno();
    return switch (errno) {
      case ENOENT -> new NoSuchFileException(p.toString());
      case ENOTDIR -> new NotDirectoryException(p.toString());
      case EACCES, EPERM -> new AccessDeniedException(p.toString());
      case EINVAL -> new NotLinkException(p.toString());
      default -> new FileSystemException(p.toString(), null, e.getMessage());
    };
  }

  DevfsNode node(Path path, boolean follow) throws IOException {
    DevPath p = dev(path);
    return lookup(p.getFileSystem().tree(), resolve(p, follow), p);
  }

  Path realPath(DevPath p, boolean follow) throws IOException {
    String real = resolve(p, follow);
    node(p, follow); // it exists
    return p.getFileSystem().root().resolve(real.substring(1));
  }

  @Override
  public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
      throws IOException {
    for (OpenOption o : options) {
      if (o == StandardOpenOption.WRITE || o == StandardOpenOption.APPEND || o == StandardOpenOption.CREATE
          || o == StandardOpenOption.CREATE_NEW || o == StandardOpenOption.DELETE_ON_CLOSE) {
        throw new ReadOnlyFileSystemException();
      }
    }
    DevfsNode node = node(path, !options.contains(LinkOption.NOFOLLOW_LINKS));
    if (node instanceof DevfsNode.Dir) {
      throw new FileSystemException(path.toString(), null, "is a directory");
    }
    if (!(node instanceof DevfsNode.RegularFile f)) {
      throw new AccessDeniedException(path.toString(), null,
          "a device or control node: in-process there is no driver behind it (mount the emulator to open it)");
    }
    return new ReadChannel(dev(path).getFileSystem().tree(), f);
  }

  /** A regular file of the tree, read as it is at each read. */
  private static final class ReadChannel implements SeekableByteChannel {
    private final DevfsTree tree;
    private final DevfsNode.RegularFile file;
    private long position;
    private boolean open = true;

    ReadChannel(DevfsTree tree, DevfsNode.RegularFile file) {
      this.tree = tree;
      this.file = file;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      ensureOpen();
      byte[] b = tree.read(file, position, dst.remaining());
      if (b.length == 0 && dst.remaining() > 0) {
        return -1;
      }
      dst.put(b);
      position += b.length;
      return b.length;
    }

    @Override
    public int write(ByteBuffer src) {
      throw new NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
      ensureOpen();
      return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
      ensureOpen();
      if (newPosition < 0) {
        throw new IllegalArgumentException("negative position");
      }
      position = newPosition;
      return this;
    }

    @Override
    public long size() throws IOException {
      ensureOpen();
      return file.stat().size();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
      throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }

    private void ensureOpen() throws IOException {
      if (!open) {
        throw new java.nio.channels.ClosedChannelException();
      }
    }
  }

  @Override
  public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
      throws IOException {
    DevPath d = dev(dir);
    List<String> names;
    try {
      names = d.getFileSystem().tree().readdir(resolve(d, true));
    } catch (SysfsException e) {
      throw error(e, dir);
    }
    List<Path> entries = new ArrayList<>();
    for (String n : names) {
      Path entry = dir.resolve(n);
      if (filter.accept(entry)) {
        entries.add(entry);
      }
    }
    return new DirectoryStream<>() {
      @Override
      public Iterator<Path> iterator() {
        return entries.iterator();
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public Path readSymbolicLink(Path link) throws IOException {
    DevPath p = dev(link);
    String target = readlink(p.getFileSystem().tree(), resolve(p, false), p);
    return p.getFileSystem().getPath(target);
  }

  @Override
  public void checkAccess(Path path, AccessMode... modes) throws IOException {
    node(path, true);
    for (AccessMode m : modes) {
      if (m == AccessMode.WRITE) {
        throw new ReadOnlyFileSystemException();
      }
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
      throws IOException {
    if (type != BasicFileAttributes.class && type != PosixFileAttributes.class) {
      throw new UnsupportedOperationException("the in-process /dev view has basic and posix attributes only");
    }
    return (A) new DevAttributes(node(path, follows(options)).stat());
  }

  @Override
  public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
    return new DevAttributes(node(path, follows(options)).stat()).asMap(attributes);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
    if (type != BasicFileAttributeView.class && type != PosixFileAttributeView.class
        && type != FileOwnerAttributeView.class) {
      return null;
    }
    return (V) new DevAttributes.View(() -> new DevAttributes(node(path, follows(options)).stat()));
  }

  @Override
  public boolean isSameFile(Path path, Path path2) throws IOException {
    if (path.equals(path2)) {
      return true;
    }
    if (!(path2 instanceof DevPath)) {
      return false;
    }
    return node(path, true) == node(path2, true);
  }

  @Override
  public boolean isHidden(Path path) {
    Path name = path.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  @Override
  public FileStore getFileStore(Path path) {
    throw new UnsupportedOperationException("the in-process /dev view has no file store");
  }

  @Override
  public void createDirectory(Path dir, FileAttribute<?>... attrs) {
    throw new ReadOnlyFileSystemException();
  }

  @Override
  public void delete(Path path) {
    throw new ReadOnlyFileSystemException();
  }

  @Override
  public void copy(Path source, Path target, CopyOption... options) {
    throw new ReadOnlyFileSystemException();
  }

  @Override
  public void move(Path source, Path target, CopyOption... options) {
    throw new ReadOnlyFileSystemException();
  }

  @Override
  public void setAttribute(Path path, String attribute, Object value, LinkOption... options) {
    throw new ReadOnlyFileSystemException();
  }
}
