package org.sysfsemu.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Writes the id maps of a new user namespace from outside, as its owner: when the emulator runs as
 * root, every id that exists in its own namespace to itself (files keep their owners inside; in the
 * initial namespace that is every id, in a user namespace of its own only those it maps); as
 * another user, the caller to root.
 */
final class IdMaps {
  private static final long WAIT_MS = 5000;

  private IdMaps() {}

  /** Waits until {@code pid} is in a user namespace of its own, then maps its ids. */
  static void write(long pid) throws IOException {
    Path proc = Paths.get("/proc", Long.toString(pid));
    awaitOwnUserNamespace(proc);
    long uid = Ids.uid();
    long gid = Ids.gid();
    if (uid == 0) {
      writeMap(proc.resolve("uid_map"), identity(Paths.get("/proc/self/uid_map")));
      writeMap(proc.resolve("gid_map"), identity(Paths.get("/proc/self/gid_map")));
    } else {
      writeMap(proc.resolve("setgroups"), "deny\n");
      writeMap(proc.resolve("uid_map"), "0 " + uid + " 1\n");
      writeMap(proc.resolve("gid_map"), "0 " + gid + " 1\n");
    }
  }

  /**
   * The identity map over the ids of this process's own namespace: each line {@code inside outside
   * count} of its map becomes {@code inside inside count}.
   */
  static String identity(Path ownMap) throws IOException {
    StringBuilder map = new StringBuilder();
    for (String line : Files.readAllLines(ownMap)) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 3) {
        map.append(f[0]).append(' ').append(f[0]).append(' ').append(f[2]).append('\n');
      }
    }
    if (map.length() == 0) {
      throw new IOException(ownMap + " maps no ids");
    }
    return map.toString();
  }

  private static void awaitOwnUserNamespace(Path proc) throws IOException {
    String mine = Files.readSymbolicLink(Paths.get("/proc/self/ns/user")).toString();
    long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
    while (true) {
      try {
        if (!Files.readSymbolicLink(proc.resolve("ns/user")).toString().equals(mine)) {
          return;
        }
      } catch (IOException e) {
        throw new IOException("the sandbox process ended before creating its namespaces", e);
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("the sandbox process did not create a user namespace");
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  private static void writeMap(Path file, String map) throws IOException {
    try {
      Files.writeString(file, map);
    } catch (IOException e) {
      throw new IOException("cannot write " + file + " (" + e.getMessage() + ")", e);
    }
  }
}
