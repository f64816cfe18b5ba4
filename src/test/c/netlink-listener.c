/*
 * The textbook uevent listener (as the project's teaching material shows it): a
 * NETLINK_KOBJECT_UEVENT socket bound to group 1, recv() into a 4096-byte buffer, one datagram
 * per call. Built dynamically and statically by the tests, and run unmodified in the sandbox.
 * Its output frames each datagram so that the test can compare bytes exactly:
 *   "READY\n" once bound, then per datagram "D <len> <sender nl_pid>\n" + <len> bytes + "\n".
 * usage: netlink-listener [COUNT]   (exits after COUNT datagrams; default: never)
 */
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
  long count = argc > 1 ? atol(argv[1]) : -1;
  struct sockaddr_nl nl;
  char buf[4096];
  int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_KOBJECT_UEVENT);
  if (fd < 0) {
    perror("socket");
    return 1;
  }
  memset(&nl, 0, sizeof(nl));
  nl.nl_family = AF_NETLINK;
  nl.nl_pid = 0;
  nl.nl_groups = 1;
  if (bind(fd, (struct sockaddr *)&nl, sizeof(nl)) < 0) {
    perror("bind");
    return 1;
  }
  printf("READY\n");
  fflush(stdout);
  while (count != 0) {
    struct sockaddr_nl from;
    socklen_t fromlen = sizeof(from);
    ssize_t len = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fromlen);
    if (len < 0) {
      perror("recv");
      return 1;
    }
    printf("D %zd %u\n", len, from.nl_pid);
    fwrite(buf, 1, (size_t)len, stdout);
    printf("\n");
    fflush(stdout);
    if (count > 0) {
      count--;
    }
  }
  return 0;
}
