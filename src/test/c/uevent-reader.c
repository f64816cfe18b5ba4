/*
 * A uevent reader as udev-like tools write them, for sysfs-emu's integration tests: opens the
 * control node, optionally writes a subscription line, then loops poll() + read() with a
 * 4096-byte buffer, printing each datagram framed so that the test can compare bytes exactly.
 *
 * usage: uevent-reader [-o LINE] [-c COUNT] [-w] [-n] [-e] PATH
 *   -o LINE   open read-write and write LINE (e.g. "groups=2") before reading
 *   -c COUNT  exit after COUNT datagrams
 *   -w        after opening, wait for a line on stdin before the first read
 *   -n        non-blocking: one read without poll, report its result, exit
 *   -e        wait with epoll (edge-triggered) instead of poll
 *
 * output (stdout): "OPEN\n" once opened; per read either "D <len>\n" + <len> bytes + "\n",
 *   or "E <ERRNO-NAME>\n" (the loop goes on), or "EOF\n" (exit 0).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *errname(int e) {
  switch (e) {
    case ENOBUFS: return "ENOBUFS";
    case EAGAIN: return "EAGAIN";
    case EINTR: return "EINTR";
    case EINVAL: return "EINVAL";
    case ENFILE: return "ENFILE";
    case EACCES: return "EACCES";
    case ENXIO: return "ENXIO";
    default: return "EOTHER";
  }
}

int main(int argc, char **argv) {
  const char *line = NULL;
  long count = -1;
  int wait_stdin = 0, nonblock = 0, use_epoll = 0, opt;
  while ((opt = getopt(argc, argv, "o:c:wne")) != -1) {
    switch (opt) {
      case 'o': line = optarg; break;
      case 'c': count = atol(optarg); break;
      case 'w': wait_stdin = 1; break;
      case 'n': nonblock = 1; break;
      case 'e': use_epoll = 1; break;
      default: fprintf(stderr, "usage: %s [-o LINE] [-c COUNT] [-w] [-n] [-e] PATH\n", argv[0]); return 2;
    }
  }
  if (optind != argc - 1) {
    fprintf(stderr, "usage: %s [-o LINE] [-c COUNT] [-w] [-n] [-e] PATH\n", argv[0]);
    return 2;
  }
  int fd = open(argv[optind], (line ? O_RDWR : O_RDONLY) | (nonblock ? O_NONBLOCK : 0));
  if (fd < 0) {
    printf("E %s\n", errname(errno));
    return 1;
  }
  if (line && write(fd, line, strlen(line)) < 0) {
    printf("E %s\n", errname(errno));
    return 1;
  }
  printf("OPEN\n");
  fflush(stdout);
  if (wait_stdin) {
    char buf[64];
    if (!fgets(buf, sizeof buf, stdin)) {
      return 1;
    }
  }
  int ep = -1;
  if (use_epoll) {
    struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.fd = fd};
    ep = epoll_create1(0);
    if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
      printf("E EPOLL\n");
      return 1;
    }
  }
  static char buf[4096];
  for (long seen = 0; count < 0 || seen < count;) {
    if (use_epoll) {
      struct epoll_event ev;
      int r = epoll_wait(ep, &ev, 1, 30000);
      if (r <= 0 || !(ev.events & EPOLLIN)) {
        printf(r == 0 ? "E TIMEOUT\n" : "E EPOLL\n");
        fflush(stdout);
        return 1;
      }
    } else if (!nonblock) {
      struct pollfd p = {.fd = fd, .events = POLLIN};
      int r = poll(&p, 1, 30000);
      if (r == 0) {
        printf("E TIMEOUT\n");
        fflush(stdout);
        return 1;
      }
      if (r < 0 || !(p.revents & POLLIN)) {
        printf("E POLL\n");
        fflush(stdout);
        return 1;
      }
    }
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) {
      printf("E %s\n", errname(errno));
      fflush(stdout);
      if (nonblock) {
        return 0;
      }
      continue;
    }
    if (n == 0) {
      printf("EOF\n");
      fflush(stdout);
      return 0;
    }
    printf("D %zd\n", n);
    fwrite(buf, 1, (size_t) n, stdout);
    printf("\n");
    fflush(stdout);
    seen++;
    if (nonblock) {
      return 0;
    }
  }
  close(fd);
  return 0;
}
