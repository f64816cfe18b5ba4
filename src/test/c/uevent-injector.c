/*
 * The native reference for scripts/bench-sandbox: what the emulator's netlink bridge does for
 * one event, in C and nothing else. Each event is injected into the kernel on a
 * NETLINK_KOBJECT_UEVENT socket bound to group 1 (nlmsghdr type 0x10, NLM_F_REQUEST, to portid
 * 0; the kernel appends its SEQNUM and multicasts it on group 1 with sender portid 0); the
 * socket's own copy of the broadcast gives the SEQNUM; then the libudev message udevd would send
 * (header with the subsystem's MurmurHash2, properties in udevd's order) goes to group 2. Run in
 * the sandbox's network namespace as its root (the injection needs CAP_SYS_ADMIN there).
 *
 * usage: uevent-injector COUNT GAP_US
 * Sends COUNT `change` events of /devices/virtual/mem/null, GAP_US microseconds apart (0: back
 * to back). Prints at exit one line per event "S <SEQNUM> <CLOCK_MONOTONIC ns before the
 * injection>" and "END <events>". Exits with 1 at the first failing call.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define DEVPATH "/devices/virtual/mem/null"
#define KERNEL_KEYS "ACTION=change\0DEVPATH=" DEVPATH "\0SUBSYSTEM=mem\0"

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* MurmurHash2, 32 bits, seed 0: the hash libudev filters subsystems by (docs/netlink.md). */
static uint32_t murmur2(const char *key, size_t len) {
  const uint32_t m = 0x5bd1e995;
  uint32_t h = (uint32_t)len;
  const unsigned char *p = (const unsigned char *)key;
  while (len >= 4) {
    uint32_t k = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    k *= m;
    k ^= k >> 24;
    k *= m;
    h = h * m ^ k;
    p += 4;
    len -= 4;
  }
  switch (len) {
  case 3: h ^= (uint32_t)p[2] << 16; /* fall through */
  case 2: h ^= (uint32_t)p[1] << 8; /* fall through */
  case 1: h ^= p[0]; h *= m;
  }
  h ^= h >> 13;
  h *= m;
  h ^= h >> 15;
  return h;
}

static void put_be32(unsigned char *at, uint32_t v) {
  at[0] = (unsigned char)(v >> 24);
  at[1] = (unsigned char)(v >> 16);
  at[2] = (unsigned char)(v >> 8);
  at[3] = (unsigned char)v;
}

static size_t append(unsigned char *buf, size_t at, const char *s) {
  size_t n = strlen(s) + 1;
  memcpy(buf + at, s, n);
  return at + n;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s COUNT GAP_US\n", argv[0]);
    return 2;
  }
  long count = atol(argv[1]);
  long gap = atol(argv[2]);
  long long *when = calloc((size_t)count + 1, sizeof(long long));
  unsigned long long *seqnums = calloc((size_t)count + 1, sizeof(unsigned long long));
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
  struct sockaddr_nl self = {.nl_family = AF_NETLINK, .nl_groups = 1};
  if (when == NULL || seqnums == NULL || fd < 0 || bind(fd, (struct sockaddr *)&self, sizeof(self)) < 0) {
    perror("uevent-injector: socket");
    return 1;
  }
  int rcvbuf = 8 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf));
  struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
  struct sockaddr_nl group2 = {.nl_family = AF_NETLINK, .nl_groups = 2};
  static const char payload[] = "change@" DEVPATH "\0" KERNEL_KEYS "MAJOR=1\0MINOR=3\0DEVNAME=null\0DEVMODE=0666";
  unsigned char msg[NLMSG_HDRLEN + sizeof(payload)];
  unsigned char reply[8192];
  unsigned char udev[2048];
  const uint32_t subsystem_hash = murmur2("mem", 3);
  long sent = 0;
  for (; sent < count; sent++) {
    if (gap > 0) {
      struct timespec pause = {.tv_sec = gap / 1000000, .tv_nsec = (gap % 1000000) * 1000};
      nanosleep(&pause, NULL);
    }
    when[sent] = now_ns();
    struct nlmsghdr *h = (struct nlmsghdr *)msg;
    h->nlmsg_len = sizeof(msg);
    h->nlmsg_type = 0x10;
    h->nlmsg_flags = NLM_F_REQUEST;
    h->nlmsg_seq = (uint32_t)sent + 1;
    h->nlmsg_pid = 0;
    memcpy(msg + NLMSG_HDRLEN, payload, sizeof(payload));
    if (sendto(fd, msg, sizeof(msg), 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
      perror("uevent-injector: inject");
      return 1;
    }
    unsigned long long seqnum = 0;
    while (seqnum == 0) { /* the broadcast of this injection, queued before sendto returned */
      struct sockaddr_nl from;
      socklen_t fromlen = sizeof(from);
      ssize_t n = recvfrom(fd, reply, sizeof(reply) - 1, MSG_DONTWAIT, (struct sockaddr *)&from, &fromlen);
      if (n < 0 && errno == EAGAIN) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 2000) <= 0) {
          fprintf(stderr, "uevent-injector: the broadcast was not heard back\n");
          return 1;
        }
        continue;
      }
      if (n < 0 && errno != ENOBUFS && errno != EINTR) {
        perror("uevent-injector: recv");
        return 1;
      }
      if (n <= (ssize_t)sizeof(payload) || from.nl_groups != 1 || memcmp(reply, payload, sizeof(payload)) != 0) {
        continue;
      }
      reply[n] = 0;
      if (strncmp((char *)reply + sizeof(payload), "SEQNUM=", 7) == 0) {
        seqnum = strtoull((char *)reply + sizeof(payload) + 7, NULL, 10);
      }
    }
    seqnums[sent] = seqnum;
    /* udevd's message: header, then its properties in its order (DEVNAME absolute, MAJOR and
     * MINOR after SEQNUM, USEC_INITIALIZED) */
    char seqnum_key[32];
    snprintf(seqnum_key, sizeof(seqnum_key), "SEQNUM=%llu", seqnum);
    size_t at = 40;
    at = append(udev, at, "UDEV_DATABASE_VERSION=1");
    memcpy(udev + at, KERNEL_KEYS, sizeof(KERNEL_KEYS) - 1);
    at += sizeof(KERNEL_KEYS) - 1;
    at = append(udev, at, "DEVNAME=/dev/null");
    at = append(udev, at, "DEVMODE=0666");
    at = append(udev, at, seqnum_key);
    at = append(udev, at, "MAJOR=1");
    at = append(udev, at, "MINOR=3");
    at = append(udev, at, "USEC_INITIALIZED=1");
    memcpy(udev, "libudev", 8);
    put_be32(udev + 8, 0xfeedcafe);
    uint32_t header_size = 40, properties_len = (uint32_t)(at - 40);
    memcpy(udev + 12, &header_size, 4);
    memcpy(udev + 16, &header_size, 4);
    memcpy(udev + 20, &properties_len, 4);
    put_be32(udev + 24, subsystem_hash);
    memset(udev + 28, 0, 12);
    if (sendto(fd, udev, at, 0, (struct sockaddr *)&group2, sizeof(group2)) < 0 && errno != ESRCH) {
      perror("uevent-injector: group 2");
      return 1;
    }
  }
  for (long i = 0; i < sent; i++) {
    printf("S %llu %lld\n", seqnums[i], when[i]);
  }
  printf("END %ld\n", sent);
  return 0;
}
