/*
 * A plain libudev monitor that timestamps what it receives, for scripts/bench-sandbox. It is an
 * ordinary client of libudev (udev_monitor_new_from_netlink, poll on its fd,
 * udev_monitor_receive_device), so it runs unmodified in the sandbox and under umockdev's preload.
 *
 * usage: udev-monitor-timer SOURCE COUNT RCVBUF IDLE_MS [SPARE_FDS]
 *   SOURCE   "udev" or "kernel"
 *   COUNT    exits after COUNT events
 *   RCVBUF   receive buffer in bytes (udev_monitor_set_receive_buffer_size; 0 keeps the default)
 *   IDLE_MS  also exits when nothing arrives for IDLE_MS milliseconds
 *   SPARE_FDS opens that many descriptors first (umockdev names a process's monitor socket after
 *            its descriptor number, so monitors in several processes need different numbers)
 * Prints "READY rcvbuf=<bytes>" once receiving (the buffer the kernel granted), then nothing
 * until it exits, so that printing costs nothing while events arrive; at exit one line per event
 * "E <SEQNUM> <CLOCK_MONOTONIC ns at receipt>" and a last line "END <events>".
 */
#include <errno.h>
#include <fcntl.h>
#include <libudev.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc != 5 && argc != 6) {
    fprintf(stderr, "usage: %s SOURCE COUNT RCVBUF IDLE_MS [SPARE_FDS]\n", argv[0]);
    return 2;
  }
  for (int spare = argc == 6 ? atoi(argv[5]) : 0; spare > 0; spare--) {
    if (open("/dev/null", O_RDONLY) < 0) {
      perror("/dev/null");
      return 1;
    }
  }
  long count = atol(argv[2]);
  int rcvbuf = atoi(argv[3]);
  int idle = atoi(argv[4]);
  long long *when = calloc((size_t)count + 1, sizeof(long long));
  unsigned long long *seqnum = calloc((size_t)count + 1, sizeof(unsigned long long));
  struct udev *udev = udev_new();
  struct udev_monitor *mon = udev ? udev_monitor_new_from_netlink(udev, argv[1]) : NULL;
  if (when == NULL || seqnum == NULL || mon == NULL) {
    fprintf(stderr, "udev-monitor-timer: cannot create a %s monitor\n", argv[1]);
    return 1;
  }
  /* as udevd: a refusal is not fatal. In a user namespace SO_RCVBUFFORCE is refused (it needs
   * CAP_NET_ADMIN in the initial one) and the buffer stays at what SO_RCVBUF gave, at most twice
   * the host's net.core.rmem_max; the READY line says what the monitor got. */
  if (rcvbuf > 0) {
    udev_monitor_set_receive_buffer_size(mon, rcvbuf);
  }
  if (udev_monitor_enable_receiving(mon) < 0) {
    fprintf(stderr, "udev-monitor-timer: cannot enable receiving\n");
    return 1;
  }
  int got_buf = 0;
  socklen_t len = sizeof(got_buf);
  getsockopt(udev_monitor_get_fd(mon), SOL_SOCKET, SO_RCVBUF, &got_buf, &len);
  printf("READY rcvbuf=%d\n", got_buf);
  fflush(stdout);
  struct pollfd pfd = {.fd = udev_monitor_get_fd(mon), .events = POLLIN};
  long got = 0;
  while (got < count) {
    int r = poll(&pfd, 1, idle);
    if (r < 0 && errno == EINTR) {
      continue;
    }
    if (r <= 0) {
      break;
    }
    struct udev_device *dev;
    while (got < count && (dev = udev_monitor_receive_device(mon)) != NULL) {
      when[got] = now_ns();
      seqnum[got] = udev_device_get_seqnum(dev);
      got++;
      udev_device_unref(dev);
    }
  }
  for (long i = 0; i < got; i++) {
    printf("E %llu %lld\n", seqnum[i], when[i]);
  }
  printf("END %ld\n", got);
  udev_monitor_unref(mon);
  udev_unref(udev);
  return 0;
}
