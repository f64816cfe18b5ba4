/*
 * Lists a directory with nothing but libc: built statically by the tests, to show that a static
 * binary (which no LD_PRELOAD reaches) sees the emulated /sys in the sandbox.
 * usage: sysfs-list DIR   (prints one name per line, unsorted, without . and ..)
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  DIR *d = opendir(argc > 1 ? argv[1] : "/sys/class/block");
  struct dirent *e;
  if (d == NULL) {
    perror("opendir");
    return 1;
  }
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
      printf("%s\n", e->d_name);
    }
  }
  closedir(d);
  return 0;
}
