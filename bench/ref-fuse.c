/*
 * The native reference for scripts/bench-compare: a libfuse 2.9 high-level server that serves a
 * tree of directories, files and symlinks read from a manifest, held in a hash table keyed by
 * the full path, as a small C filesystem would. It does what sysfs-emu does per request and no
 * more: a path lookup, a stat, a copy of the content; writes to writable files are accepted and
 * discarded. The bench mounts it with the options sysfs-emu uses (direct_io, timeouts 0).
 *
 * usage: ref-fuse MANIFEST MOUNTPOINT [fuse options...]
 * manifest lines (fields separated by one TAB, C escapes \n \t \\ in contents):
 *   d <TAB> PATH <TAB> MODE(octal)
 *   f <TAB> PATH <TAB> MODE <TAB> CONTENT
 *   l <TAB> PATH <TAB> TARGET
 * PATH is absolute below the mount ("/" is the root, always present).
 */
#define FUSE_USE_VERSION 26
#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct node {
  char *path;
  char type; /* 'd', 'f', 'l' */
  mode_t mode;
  char *data; /* file content or link target */
  size_t len;
  struct node **kids; /* directories: children in manifest order */
  char **names;
  size_t nkids, cap;
  struct node *next; /* hash chain */
};

static struct node **table;
static size_t table_size;
static time_t start_time;

static uint64_t hash(const char *s) {
  uint64_t h = 1469598103934665603ULL; /* FNV-1a */
  while (*s) {
    h ^= (unsigned char)*s++;
    h *= 1099511628211ULL;
  }
  return h;
}

static struct node *find(const char *path) {
  for (struct node *n = table[hash(path) & (table_size - 1)]; n; n = n->next) {
    if (strcmp(n->path, path) == 0) return n;
  }
  return NULL;
}

static struct node *insert(const char *path, char type) {
  struct node *n = calloc(1, sizeof *n);
  n->path = strdup(path);
  n->type = type;
  size_t b = hash(path) & (table_size - 1);
  n->next = table[b];
  table[b] = n;
  if (strcmp(path, "/") != 0) {
    char *parent = strdup(path);
    char *slash = strrchr(parent, '/');
    if (slash == parent) slash[1] = 0; else *slash = 0;
    struct node *p = find(parent);
    if (!p || p->type != 'd') {
      fprintf(stderr, "ref-fuse: no parent directory for %s\n", path);
      exit(2);
    }
    if (p->nkids == p->cap) {
      p->cap = p->cap ? 2 * p->cap : 8;
      p->kids = realloc(p->kids, p->cap * sizeof *p->kids);
      p->names = realloc(p->names, p->cap * sizeof *p->names);
    }
    p->kids[p->nkids] = n;
    p->names[p->nkids++] = strrchr(n->path, '/') + 1;
    free(parent);
  }
  return n;
}

static char *unescape(char *s, size_t *len) {
  char *o = s, *r = s;
  while (*r) {
    if (*r == '\\' && r[1]) {
      r++;
      *o++ = *r == 'n' ? '\n' : *r == 't' ? '\t' : *r;
      r++;
    } else {
      *o++ = *r++;
    }
  }
  *len = (size_t)(o - s);
  return s;
}

static void load(const char *manifest) {
  FILE *f = fopen(manifest, "r");
  if (!f) {
    perror(manifest);
    exit(2);
  }
  size_t lines = 1;
  for (int c; (c = getc(f)) != EOF;) lines += c == '\n';
  rewind(f);
  for (table_size = 1024; table_size < 2 * lines; table_size *= 2) {}
  table = calloc(table_size, sizeof *table);
  struct node *root = insert("/", 'd');
  root->mode = 0755;
  char *line = NULL;
  size_t cap = 0;
  ssize_t got;
  while ((got = getline(&line, &cap, f)) > 0) {
    if (line[got - 1] == '\n') line[--got] = 0;
    char *fields[4] = {0};
    int nf = 0;
    for (char *p = line; nf < 4;) {
      fields[nf++] = p;
      char *tab = nf < 4 ? strchr(p, '\t') : NULL;
      if (!tab) break;
      *tab = 0;
      p = tab + 1;
    }
    if (nf < 3 || strcmp(fields[1], "/") == 0) continue;
    struct node *n = insert(fields[1], fields[0][0]);
    if (n->type == 'l') {
      n->data = strdup(fields[2]);
      n->len = strlen(n->data);
      n->mode = 0777;
    } else {
      n->mode = (mode_t)strtol(fields[2], NULL, 8);
      if (n->type == 'f' && nf == 4) {
        n->data = strdup(fields[3]);
        unescape(n->data, &n->len);
      }
    }
  }
  free(line);
  fclose(f);
}

static int ref_getattr(const char *path, struct stat *st) {
  struct node *n = find(path);
  if (!n) return -ENOENT;
  memset(st, 0, sizeof *st);
  st->st_mode = n->mode | (n->type == 'd' ? S_IFDIR : n->type == 'f' ? S_IFREG : S_IFLNK);
  st->st_nlink = n->type == 'd' ? 2 : 1;
  st->st_size = n->type == 'f' ? 4096 : 0;
  st->st_blksize = 4096;
  st->st_atime = st->st_mtime = st->st_ctime = start_time;
  return 0;
}

static int ref_readlink(const char *path, char *buf, size_t size) {
  struct node *n = find(path);
  if (!n) return -ENOENT;
  if (n->type != 'l') return -EINVAL;
  size_t k = n->len < size - 1 ? n->len : size - 1;
  memcpy(buf, n->data, k);
  buf[k] = 0;
  return 0;
}

static int ref_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t off,
                       struct fuse_file_info *fi) {
  (void)off;
  (void)fi;
  struct node *n = find(path);
  if (!n) return -ENOENT;
  if (n->type != 'd') return -ENOTDIR;
  fill(buf, ".", NULL, 0);
  fill(buf, "..", NULL, 0);
  for (size_t i = 0; i < n->nkids; i++) {
    if (fill(buf, n->names[i], NULL, 0)) break;
  }
  return 0;
}

static int ref_open(const char *path, struct fuse_file_info *fi) {
  struct node *n = find(path);
  if (!n) return -ENOENT;
  if (n->type == 'd') return -EISDIR;
  int acc = fi->flags & O_ACCMODE;
  if (acc != O_RDONLY && !(n->mode & 0222)) return -EACCES;
  if (acc != O_WRONLY && !(n->mode & 0444)) return -EACCES;
  fi->fh = (uint64_t)(uintptr_t)n;
  fi->direct_io = 1;
  return 0;
}

static int ref_read(const char *path, char *buf, size_t size, off_t off, struct fuse_file_info *fi) {
  (void)path;
  struct node *n = (struct node *)(uintptr_t)fi->fh;
  if ((size_t)off >= n->len) return 0;
  size_t k = n->len - (size_t)off < size ? n->len - (size_t)off : size;
  memcpy(buf, n->data + off, k);
  return (int)k;
}

static int ref_write(const char *path, const char *buf, size_t size, off_t off,
                     struct fuse_file_info *fi) {
  (void)path;
  (void)buf;
  (void)off;
  (void)fi;
  return (int)(size > 4096 ? 4096 : size);
}

static int ref_truncate(const char *path, off_t size) {
  (void)size;
  return find(path) ? 0 : -ENOENT;
}

static struct fuse_operations ops = {
    .getattr = ref_getattr,
    .readlink = ref_readlink,
    .readdir = ref_readdir,
    .open = ref_open,
    .read = ref_read,
    .write = ref_write,
    .truncate = ref_truncate,
};

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: ref-fuse MANIFEST MOUNTPOINT [fuse options...]\n");
    return 2;
  }
  start_time = time(NULL);
  load(argv[1]);
  argv[1] = argv[0];
  return fuse_main(argc - 1, argv + 1, &ops, NULL);
}
