/*
 * node-open: runs a command (systemd-udevd inside the sandbox) so that opening a device node of
 * the emulated /dev fails with ENXIO, as opening a node whose driver is absent does on Linux,
 * instead of the EACCES of a nodev mount. Everything else is opened as usual.
 *
 * How: the command runs under a seccomp filter that hands every open/openat/openat2 to this
 * process (seccomp user notification). For each one, the path is resolved as the caller would
 * resolve it; if it names a block or character device whose inode lives on the emulated /dev
 * (same st_dev as DEVDIR) and the call is not O_PATH, the answer is ENXIO; otherwise the call
 * continues in the kernel unchanged. The host's own nodes bound into /dev (null, zero, ...) live
 * on another file system and open normally. The command's children inherit the filter.
 * With -s DIR (sysfs-emu gives /sys), a path below DIR without a ".." component is let through
 * without a look: sysfs holds no device nodes and its links stay inside it, and the look would
 * double the path walks through the emulator there, the bulk of udevd's opens.
 *
 * Readiness: the command gets NOTIFY_SOCKET (sd_notify(3)) naming a socket of this process; when
 * it sends READY=1, "READY=1" is written on this process's standard output, which is otherwise
 * unused (the command's standard output goes to the standard error, e.g. a log file).
 *
 * Usage: node-open [-s DIR] DEVDIR COMMAND [ARG...]; exits with the command's status
 * (128+signal). Part of sysfs-emu (docs/udev.md). x86_64 only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t child;
static const char *skip_dir; /* -s: paths below it hold no device nodes */
static size_t skip_len;

static void forward(int sig) {
  if (child > 0) {
    kill(child, sig);
  }
}

static int install_filter(void) {
  /* open/openat with O_PATH or O_DIRECTORY never open a node: let them through without a round
   * trip; every other open, openat and openat2 (whose flags are behind a pointer) is notified. */
  struct sock_filter f[] = {
      /* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
      /* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
      /* 2 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      /* 3 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      /* 4 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 8, 0),
      /* 5 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_open, 0, 2),
      /* 6 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])),
      /* 7 */ BPF_STMT(BPF_JMP | BPF_JA, 3),
      /* 8 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat, 0, 3),
      /* 9 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])),
      /* 10 */ BPF_STMT(BPF_JMP | BPF_JA, 0),
      /* 11 */ BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, O_PATH | O_DIRECTORY, 0, 1),
      /* 12 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      /* 13 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
  };
  struct sock_fprog prog = {.len = sizeof f / sizeof f[0], .filter = f};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
    return -1;
  }
  return (int) syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
}

static int send_fd(int sock, int fd) {
  char byte = 0;
  struct iovec iov = {.iov_base = &byte, .iov_len = 1};
  char ctl[CMSG_SPACE(sizeof(int))];
  memset(ctl, 0, sizeof ctl);
  struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl};
  struct cmsghdr *c = CMSG_FIRSTHDR(&m);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(c), &fd, sizeof(int));
  return sendmsg(sock, &m, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock) {
  char byte;
  struct iovec iov = {.iov_base = &byte, .iov_len = 1};
  char ctl[CMSG_SPACE(sizeof(int))];
  struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl};
  if (recvmsg(sock, &m, 0) != 1) {
    return -1;
  }
  struct cmsghdr *c = CMSG_FIRSTHDR(&m);
  if (c == NULL || c->cmsg_type != SCM_RIGHTS) {
    return -1;
  }
  int fd;
  memcpy(&fd, CMSG_DATA(c), sizeof(int));
  return fd;
}

/* Reads a NUL-terminated string of the target at addr; false when it cannot be read whole. */
static int read_string(int mem, unsigned long addr, char *buf, size_t size) {
  ssize_t n = pread(mem, buf, size - 1, (off_t) addr);
  if (n <= 0) {
    return 0;
  }
  buf[n] = 0;
  return memchr(buf, 0, (size_t) n) != NULL || strlen(buf) < size - 1;
}

/* Whether the open of notification req names a device node of the emulated /dev (not O_PATH). */
static int is_emulated_node(const struct seccomp_notif *req, dev_t emulated) {
  char path[PATH_MAX], full[PATH_MAX + 64], memfile[64];
  long dirfd = AT_FDCWD;
  unsigned long addr;
  unsigned long long flags;
  int mem;
  snprintf(memfile, sizeof memfile, "/proc/%u/mem", req->pid);
  mem = open(memfile, O_RDONLY | O_CLOEXEC);
  if (mem < 0) {
    return 0;
  }
  if (req->data.nr == SYS_open) {
    addr = req->data.args[0];
    flags = req->data.args[1];
  } else {
    dirfd = (long) (int) req->data.args[0];
    addr = req->data.args[1];
    flags = req->data.args[2];
    if (req->data.nr == SYS_openat2) {
      struct open_how how;
      if (pread(mem, &how, sizeof how, (off_t) req->data.args[2]) != (ssize_t) sizeof how) {
        close(mem);
        return 0;
      }
      flags = how.flags;
    }
  }
  int ok = read_string(mem, addr, path, sizeof path);
  close(mem);
  if (!ok || (flags & O_PATH)) {
    return 0;
  }
  if (path[0] == '/') {
    if (strncmp(path, "/proc/self/", 11) == 0) {
      snprintf(full, sizeof full, "/proc/%u/%s", req->pid, path + 11);
    } else if (strncmp(path, "/proc/thread-self/", 18) == 0) {
      snprintf(full, sizeof full, "/proc/%u/%s", req->pid, path + 18);
    } else {
      snprintf(full, sizeof full, "%s", path);
    }
  } else if (dirfd == AT_FDCWD) {
    snprintf(full, sizeof full, "/proc/%u/cwd/%s", req->pid, path);
  } else {
    snprintf(full, sizeof full, "/proc/%u/fd/%ld/%s", req->pid, dirfd, path);
  }
  if (skip_dir != NULL && strncmp(full, skip_dir, skip_len) == 0 && (full[skip_len] == '/' || full[skip_len] == 0)
      && strstr(full + skip_len, "/..") == NULL) {
    return 0;
  }
  struct stat st;
  int r = (flags & O_NOFOLLOW) ? lstat(full, &st) : stat(full, &st);
  return r == 0 && (S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode)) && st.st_dev == emulated;
}

/* Reads one datagram from the notify socket; writes READY=1 on stdout the first time it says so. */
static void on_notify(int sock, int *ready) {
  char msg[4096];
  ssize_t n = recv(sock, msg, sizeof msg - 1, MSG_DONTWAIT);
  if (n <= 0 || *ready) {
    return;
  }
  msg[n] = 0;
  for (char *line = strtok(msg, "\n"); line != NULL; line = strtok(NULL, "\n")) {
    if (strcmp(line, "READY=1") == 0) {
      *ready = 1;
      (void) !write(STDOUT_FILENO, "READY=1\n", 8);
      return;
    }
  }
}

static void supervise(int listener, int notify, dev_t emulated) {
  struct seccomp_notif_sizes sizes;
  if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0) {
    perror("node-open: seccomp sizes");
    return;
  }
  struct seccomp_notif *req = calloc(1, sizes.seccomp_notif > sizeof *req ? sizes.seccomp_notif : sizeof *req);
  struct seccomp_notif_resp *resp =
      calloc(1, sizes.seccomp_notif_resp > sizeof *resp ? sizes.seccomp_notif_resp : sizeof *resp);
  int ready = 0;
  for (;;) {
    struct pollfd fds[2] = {{.fd = listener, .events = POLLIN}, {.fd = notify, .events = POLLIN}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      return;
    }
    if (fds[1].revents & POLLIN) {
      on_notify(notify, &ready);
    }
    if (!(fds[0].revents & POLLIN)) {
      if (fds[0].revents & (POLLHUP | POLLERR)) {
        return; /* every filtered process is gone */
      }
      continue;
    }
    memset(req, 0, sizes.seccomp_notif);
    if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, req) < 0) {
      if (errno == EINTR || errno == ENOENT) {
        continue; /* ENOENT: the caller died before its notification was read */
      }
      return;
    }
    int deny = is_emulated_node(req, emulated);
    memset(resp, 0, sizes.seccomp_notif_resp);
    resp->id = req->id;
    if (deny) {
      resp->error = -ENXIO;
    } else {
      resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
    }
    ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, resp); /* ENOENT: the caller died meanwhile */
  }
}

/* A datagram socket for sd_notify(3) on an abstract address (of this network namespace); its
 * NOTIFY_SOCKET value is written to name. -1 with errno when it cannot be made. */
static int notify_socket(char *name, size_t size) {
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    return -1;
  }
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  int n = snprintf(a.sun_path + 1, sizeof a.sun_path - 1, "sysfs-emu/node-open/%ld", (long) getpid());
  if (bind(fd, (struct sockaddr *) &a, (socklen_t) (offsetof(struct sockaddr_un, sun_path) + 1 + n)) < 0) {
    close(fd);
    return -1;
  }
  snprintf(name, size, "@%s", a.sun_path + 1);
  return fd;
}

int main(int argc, char **argv) {
  if (argc > 2 && strcmp(argv[1], "-s") == 0) {
    skip_dir = argv[2];
    skip_len = strlen(skip_dir);
    argv += 2;
    argc -= 2;
  }
  if (argc < 3) {
    fprintf(stderr, "usage: node-open [-s DIR] DEVDIR COMMAND [ARG...]\n");
    return 2;
  }
  struct stat dev;
  if (stat(argv[1], &dev) < 0) {
    fprintf(stderr, "node-open: %s: %s\n", argv[1], strerror(errno));
    return 2;
  }
  char **command = argv + 2;
  char name[128];
  int notify = notify_socket(name, sizeof name);
  if (notify < 0) {
    fprintf(stderr, "node-open: cannot create the notify socket: %s\n", strerror(errno));
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  int sp[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) < 0) {
    perror("node-open: socketpair");
    return 2;
  }
  child = fork();
  if (child < 0) {
    perror("node-open: fork");
    return 2;
  }
  if (child == 0) {
    close(sp[0]);
    int listener = install_filter();
    if (listener < 0) {
      fprintf(stderr, "node-open: cannot install the seccomp filter: %s\n", strerror(errno));
      _exit(2);
    }
    if (send_fd(sp[1], listener) < 0) {
      _exit(2);
    }
    close(listener);
    close(sp[1]);
    setenv("NOTIFY_SOCKET", name, 1);
    signal(SIGPIPE, SIG_DFL);
    dup2(STDERR_FILENO, STDOUT_FILENO); /* this process's standard output is for READY=1 only */
    execvp(command[0], command);
    fprintf(stderr, "node-open: cannot run %s: %s\n", command[0], strerror(errno));
    _exit(127);
  }
  close(sp[1]);
  signal(SIGTERM, forward);
  signal(SIGINT, forward);
  signal(SIGHUP, forward);
  int listener = recv_fd(sp[0]);
  close(sp[0]);
  if (listener >= 0) {
    supervise(listener, notify, dev.st_dev);
  }
  int status;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) {
      return 2;
    }
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
