/*
 * The load loops of scripts/bench-compare, in C so that the client costs the same for every
 * system measured. Each subcommand prints one line "<name>=<value>" per result.
 *
 *   loops cat SECONDS PATH         open/read(4096)/close of PATH: cat_per_s
 *   loops stat SECONDS PATH        stat(PATH): stat_per_s
 *   loops readdir SECONDS DIR      opendir/readdir to the end/closedir: readdir_per_s
 *   loops write SECONDS PATH TEXT  open(O_WRONLY)/write(TEXT)/close: write_per_s
 *   loops latency COUNT PATH NODE  write "change" to PATH, time until a reader of NODE has the
 *                                  datagram ("netlink": a NETLINK_KOBJECT_UEVENT socket):
 *                                  latency_p50_us, latency_p99_us
 *   loops fanout SECONDS READERS PATH NODE
 *                                  writes "change" to PATH for SECONDS while READERS processes
 *                                  read NODE: events_per_s (per reader, median), lost (total)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what) {
  perror(what);
  exit(1);
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Runs op until SECONDS have passed (checking the clock every 64 calls); returns calls/s. */
#define RATE(seconds, body)                                  \
  ({                                                         \
    double t0 = now(), t;                                    \
    long n = 0;                                              \
    do {                                                     \
      for (int i_ = 0; i_ < 64; i_++) { body; }              \
      n += 64;                                               \
    } while ((t = now()) - t0 < (seconds));                  \
    n / (t - t0);                                            \
  })

static void do_cat(double secs, const char *path) {
  char buf[4096];
  double r = RATE(secs, {
    int fd = open(path, O_RDONLY);
    if (fd < 0) die(path);
    if (read(fd, buf, sizeof buf) < 0) die("read");
    close(fd);
  });
  printf("cat_per_s=%.0f\n", r);
}

static void do_stat(double secs, const char *path) {
  struct stat st;
  double r = RATE(secs, {
    if (stat(path, &st) < 0) die(path);
  });
  printf("stat_per_s=%.0f\n", r);
}

static void do_readdir(double secs, const char *path) {
  double r = RATE(secs, {
    DIR *d = opendir(path);
    if (!d) die(path);
    while (readdir(d)) {}
    closedir(d);
  });
  printf("readdir_per_s=%.0f\n", r);
}

static void write_once(const char *path, const char *text, size_t len) {
  int fd = open(path, O_WRONLY);
  if (fd < 0) die(path);
  if (write(fd, text, len) != (ssize_t)len) die("write");
  close(fd);
}

static void do_write(double secs, const char *path, const char *text) {
  size_t len = strlen(text);
  double r = RATE(secs, write_once(path, text, len));
  printf("write_per_s=%.0f\n", r);
}

static int open_reader(const char *node) {
  if (strcmp(node, "netlink") == 0) {
    int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
    if (fd < 0) die("socket");
    int rcv = 16 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof rcv);
    struct sockaddr_nl sa = {.nl_family = AF_NETLINK, .nl_groups = 1};
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) die("bind");
    return fd;
  }
  int fd = open(node, O_RDONLY);
  if (fd < 0) die(node);
  return fd;
}

/* Reads one datagram, waiting with poll() as udev-like tools do; -1 and errno on error. */
static ssize_t read_event(int fd, char *buf, size_t size) {
  struct pollfd p = {.fd = fd, .events = POLLIN};
  if (poll(&p, 1, 5000) <= 0) {
    errno = ETIMEDOUT;
    return -1;
  }
  return read(fd, buf, size);
}

static void do_latency(long count, const char *path, const char *node) {
  int fd = open_reader(node);
  double *lat = malloc(count * sizeof *lat);
  char buf[8192];
  for (long i = 0; i < count + 100; i++) { /* the first 100 warm up */
    double t0 = now();
    write_once(path, "change", 6);
    if (read_event(fd, buf, sizeof buf) < 0) die("read event");
    if (i >= 100) lat[i - 100] = (now() - t0) * 1e6;
  }
  qsort(lat, count, sizeof *lat, cmp_double);
  printf("latency_p50_us=%.1f\nlatency_p99_us=%.1f\n", lat[count / 2], lat[count * 99 / 100]);
}

static void do_fanout(double secs, int readers, const char *path, const char *node) {
  long *counts = mmap(NULL, 2 * readers * sizeof(long), PROT_READ | PROT_WRITE,
                      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  int ready[2];
  if (pipe(ready) < 0) die("pipe");
  pid_t *pids = calloc(readers, sizeof *pids);
  for (int r = 0; r < readers; r++) {
    pids[r] = fork();
    if (pids[r] == 0) {
      int fd = open_reader(node);
      if (write(ready[1], "x", 1) != 1) _exit(1);
      char buf[8192];
      for (;;) {
        ssize_t n = read_event(fd, buf, sizeof buf);
        if (n > 0) {
          __atomic_add_fetch(&counts[r], 1, __ATOMIC_RELAXED);
        } else if (n < 0 && errno == ENOBUFS) {
          __atomic_add_fetch(&counts[readers + r], 1, __ATOMIC_RELAXED);
        } else if (n < 0 && errno == ETIMEDOUT) {
          _exit(0);
        }
      }
    }
  }
  for (int r = 0; r < readers; r++) {
    char c;
    if (read(ready[0], &c, 1) != 1) die("reader start");
  }
  usleep(50000);
  double t0 = now();
  long sent = 0;
  while (now() - t0 < secs) {
    for (int i = 0; i < 16; i++) write_once(path, "change", 6);
    sent += 16;
  }
  usleep(300000); /* let the readers drain */
  double elapsed = now() - t0;
  double *rates = malloc(readers * sizeof *rates);
  long lost = 0;
  for (int r = 0; r < readers; r++) {
    rates[r] = counts[r] / elapsed;
    lost += counts[readers + r];
    kill(pids[r], SIGKILL);
    waitpid(pids[r], NULL, 0);
  }
  qsort(rates, readers, sizeof *rates, cmp_double);
  printf("events_per_s=%.0f\nsent_per_s=%.0f\nenobufs=%ld\n", rates[readers / 2], sent / elapsed, lost);
}

int main(int argc, char **argv) {
  if (argc >= 4 && strcmp(argv[1], "cat") == 0) do_cat(atof(argv[2]), argv[3]);
  else if (argc >= 4 && strcmp(argv[1], "stat") == 0) do_stat(atof(argv[2]), argv[3]);
  else if (argc >= 4 && strcmp(argv[1], "readdir") == 0) do_readdir(atof(argv[2]), argv[3]);
  else if (argc >= 5 && strcmp(argv[1], "write") == 0) do_write(atof(argv[2]), argv[3], argv[4]);
  else if (argc >= 5 && strcmp(argv[1], "latency") == 0) do_latency(atol(argv[2]), argv[3], argv[4]);
  else if (argc >= 6 && strcmp(argv[1], "fanout") == 0)
    do_fanout(atof(argv[2]), atoi(argv[3]), argv[4], argv[5]);
  else {
    fprintf(stderr, "usage: see the comment at the top of bench/loops.c\n");
    return 2;
  }
  return 0;
}
