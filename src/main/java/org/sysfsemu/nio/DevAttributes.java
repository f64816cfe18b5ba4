package org.sysfsemu.nio;

import java.io.IOException;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sysfsemu.devfs.DevfsNode;
import org.sysfsemu.devfs.DevfsStat;

/**
 * What {@code stat} shows of an entry, as basic and posix attributes. A device node is an "other"
 * file; owners are named by number ({@code "0"}), as there are no users in the emulated world
 * (the device number is in {@code SysfsEmu.devView()}).
 */
final class DevAttributes implements PosixFileAttributes {
  private static final List<PosixFilePermission> PERMISSIONS = List.of(
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ);

  private final DevfsStat st;

  DevAttributes(DevfsStat st) {
    this.st = st;
  }

  /** An owner or group named by its number. */
  private record Id(String getName) implements GroupPrincipal {
    @Override
    public String toString() {
      return getName;
    }
  }

  private int type() {
    return st.mode() & 0170000;
  }

  @Override
  public FileTime lastModifiedTime() {
    return FileTime.fromMillis(st.mtimeMillis());
  }

  @Override
  public FileTime lastAccessTime() {
    return FileTime.fromMillis(st.atimeMillis());
  }

  @Override
  public FileTime creationTime() {
    return FileTime.fromMillis(st.ctimeMillis());
  }

  @Override
  public boolean isRegularFile() {
    return type() == DevfsNode.S_IFREG;
  }

  @Override
  public boolean isDirectory() {
    return type() == DevfsNode.S_IFDIR;
  }

  @Override
  public boolean isSymbolicLink() {
    return type() == DevfsNode.S_IFLNK;
  }

  @Override
  public boolean isOther() {
    return type() == DevfsNode.S_IFBLK || type() == DevfsNode.S_IFCHR;
  }

  @Override
  public long size() {
    return st.size();
  }

  @Override
  public Object fileKey() {
    return null;
  }

  @Override
  public UserPrincipal owner() {
    return new Id(Integer.toString(st.uid()));
  }

  @Override
  public GroupPrincipal group() {
    return new Id(Integer.toString(st.gid()));
  }

  @Override
  public Set<PosixFilePermission> permissions() {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (int bit = 0; bit < PERMISSIONS.size(); bit++) {
      if ((st.mode() & (1 << bit)) != 0) {
        set.add(PERMISSIONS.get(bit));
      }
    }
    return set;
  }

  /** The attributes named by {@code spec} ({@code [view:]name,name} or {@code *}), for {@code Files.readAttributes}. */
  Map<String, Object> asMap(String spec) {
    int colon = spec.indexOf(':');
    String view = colon < 0 ? "basic" : spec.substring(0, colon);
    String names = colon < 0 ? spec : spec.substring(colon + 1);
    if (!view.equals("basic") && !view.equals("posix") && !view.equals("owner")) {
      throw new UnsupportedOperationException("no attribute view '" + view + "' in the in-process /dev view");
    }
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("lastModifiedTime", lastModifiedTime());
    all.put("lastAccessTime", lastAccessTime());
    all.put("creationTime", creationTime());
    all.put("size", size());
    all.put("isRegularFile", isRegularFile());
    all.put("isDirectory", isDirectory());
    all.put("isSymbolicLink", isSymbolicLink());
    all.put("isOther", isOther());
    all.put("fileKey", fileKey());
    if (!view.equals("basic")) {
      all.put("owner", owner());
    }
    if (view.equals("posix")) {
      all.put("group", group());
      all.put("permissions", permissions());
    }
    if (names.equals("*")) {
      return all;
    }
    Map<String, Object> chosen = new LinkedHashMap<>();
    for (String n : names.split(",")) {
      if (!all.containsKey(n)) {
        throw new IllegalArgumentException("'" + n + "' not recognized by the '" + view + "' view");
      }
      chosen.put(n, all.get(n));
    }
    return chosen;
  }

  /** Reads the attributes when asked. */
  interface Reader {
    DevAttributes read() throws IOException;
  }

  /** The basic, posix and owner views: reads, no changes. */
  static final class View implements PosixFileAttributeView {
    private final Reader reader;

    View(Reader reader) {
      this.reader = reader;
    }

    @Override
    public String name() {
      return "posix";
    }

    @Override
    public PosixFileAttributes readAttributes() throws IOException {
      return reader.read();
    }

    @Override
    public UserPrincipal getOwner() throws IOException {
      return reader.read().owner();
    }

    @Override
    public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime) {
      throw new ReadOnlyFileSystemException();
    }

    @Override
    public void setPermissions(Set<PosixFilePermission> perms) {
      throw new ReadOnlyFileSystemException();
    }

    @Override
    public void setGroup(GroupPrincipal group) {
      throw new ReadOnlyFileSystemException();
    }

    @Override
    public void setOwner(UserPrincipal owner) {
      throw new ReadOnlyFileSystemException();
    }
  }
}
