/*
 * `echo change > FILE`, COUNT times, as a shell does it (open O_WRONLY|O_CREAT|O_TRUNC, write
 * "change\n", close), with a pause between writes; for scripts/bench-sandbox.
 *
 * usage: uevent-writer FILE COUNT GAP_US
 * Prints at exit one line per write "W <t0> <t1> <t2> <t3>" (CLOCK_MONOTONIC ns before open,
 * after open, after write, after close) and "END <writes>".
 * Exits with 1 at the first failing call.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s FILE COUNT GAP_US\n", argv[0]);
    return 2;
  }
  long count = atol(argv[2]);
  long gap = atol(argv[3]);
  long long *when = calloc(4 * (size_t)count + 4, sizeof(long long));
  if (when == NULL) {
    return 1;
  }
  long done = 0;
  for (; done < count; done++) {
    struct timespec pause = {.tv_sec = gap / 1000000, .tv_nsec = (gap % 1000000) * 1000};
    nanosleep(&pause, NULL);
    long long *t = when + 4 * done;
    t[0] = now_ns();
    int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0666);
    t[1] = now_ns();
    if (fd < 0 || write(fd, "change\n", 7) != 7) {
      perror(argv[1]);
      break;
    }
    t[2] = now_ns();
    if (close(fd) != 0) {
      perror(argv[1]);
      break;
    }
    t[3] = now_ns();
  }
  for (long i = 0; i < done; i++) {
    long long *t = when + 4 * i;
    printf("W %lld %lld %lld %lld\n", t[0], t[1], t[2], t[3]);
  }
  printf("END %ld\n", done);
  return done == count ? 0 : 1;
}
