#!/usr/bin/python3
"""Writes the manifest ref-fuse serves: every directory, file and symlink below ROOT (a mounted
sysfs-emu /sys), with modes, link targets and, with --contents, the first 4096 bytes of each
readable file (other files get the contents of the paths named after the root, or none).

usage: dump-tree.py [--contents] ROOT [PATH...] > MANIFEST
"""
import os
import stat
import sys


def escape(b):
    return b.decode("latin-1").replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def content(full):
    try:
        fd = os.open(full, os.O_RDONLY)
    except OSError:
        return None
    try:
        return os.read(fd, 4096)
    except OSError:
        return None
    finally:
        os.close(fd)


def main():
    args = sys.argv[1:]
    all_contents = args and args[0] == "--contents"
    if all_contents:
        args = args[1:]
    root = args[0].rstrip("/")
    wanted = set(args[1:])
    out = sys.stdout
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = dirpath[len(root):] or "/"
        for name in sorted(dirnames + filenames):
            full = os.path.join(dirpath, name)
            rel = (rel_dir.rstrip("/") + "/" + name)
            st = os.lstat(full)
            mode = "%o" % stat.S_IMODE(st.st_mode)
            if stat.S_ISLNK(st.st_mode):
                out.write("l\t%s\t%s\n" % (rel, os.readlink(full)))
            elif stat.S_ISDIR(st.st_mode):
                out.write("d\t%s\t%s\n" % (rel, mode))
            else:
                data = content(full) if (all_contents or rel in wanted) and st.st_mode & 0o444 else None
                out.write("f\t%s\t%s\t%s\n" % (rel, mode, escape(data) if data else ""))
        # os.walk lists symlinks to directories in dirnames but does not follow them
        dirnames.sort()


if __name__ == "__main__":
    main()
