/*
 * Lists a directory with nothing but libc: built statically by the tests, to show that a static
 * binary (which no LD_PRELOAD reaches) sees the emulated /sys in the sandbox.
 * usage: sysfs-list [-t] DIR   (prints one name per line, unsorted, without . and ..; with -t,
 * each line is "INODE TYPE NAME" with readdir's d_ino and d_type, . and .. included)
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  int types = argc > 1 && strcmp(argv[1], "-t") == 0;
  const char *dir = argc > 1 + types ? argv[1 + types] : "/sys/class/block";
  DIR *d = opendir(dir);
  struct dirent *e;
  if (d == NULL) {
    perror("opendir");
    return 1;
  }
  while ((e = readdir(d)) != NULL) {
    if (types) {
      printf("%llu %d %s\n", (unsigned long long)e->d_ino, (int)e->d_type, e->d_name);
    } else if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
      printf("%s\n", e->d_name);
    }
  }
  closedir(d);
  return 0;
}
