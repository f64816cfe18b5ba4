"""The storms of scripts/stress: see that script for what runs and what is checked."""
import errno
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

JAR, TOTAL = sys.argv[1], float(sys.argv[2])
WORK = tempfile.mkdtemp(prefix="sysfs-emu-stress-")
SYS, DEV = os.path.join(WORK, "sys"), os.path.join(WORK, "dev")
CTL = os.path.join(DEV, ".sysfs-emu")
SCENARIOS = {
    "usb-stick": "/devices/pci0000:00/0000:00:14.0/usb1/1-2",
    "usb-keyboard": "/devices/pci0000:00/0000:00:14.0/usb1/1-3",
    "net-interface": None,
}
HEAP_MB = "256"
MAX_RSS_MB = 768
failures = []
figures = {}
lock = threading.Lock()
stop = threading.Event()


def count(name, n=1):
    with lock:
        figures[name] = figures.get(name, 0) + n


def fail(what):
    with lock:
        failures.append(what)


def control(file, line):
    """Writes one command; returns the errno (0 when it succeeded)."""
    try:
        fd = os.open(os.path.join(CTL, file), os.O_WRONLY)
    except OSError as e:
        return e.errno
    try:
        os.write(fd, (line + "\n").encode())
        return 0
    except OSError as e:
        return e.errno
    finally:
        os.close(fd)


def tree():
    out = subprocess.run(["find", SYS, DEV, "-printf", "%y %m %P\\n"], capture_output=True, text=True).stdout
    return sorted(l for l in out.splitlines() if not l.endswith("uevent_seqnum"))


def daemon_figures(pid):
    rss = threads = 0
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("Threads:"):
                threads = int(line.split()[1])
    return rss, threads


def sampler(pid):
    while not stop.is_set():
        try:
            rss, threads = daemon_figures(pid)
        except OSError:
            return
        with lock:
            figures["max RSS (KiB)"] = max(figures.get("max RSS (KiB)", 0), rss)
            figures["max threads"] = max(figures.get("max threads", 0), threads)
        time.sleep(0.2)


def plug_loop(i, deadline):
    name = list(SCENARIOS)[i % 3]
    by_devpath = i % 2 == 1 and SCENARIOS[name] is not None
    while time.time() < deadline:
        e = control("plug", name)
        count("plugs ok" if e == 0 else "plugs refused (%s)" % errno.errorcode.get(e, e))
        e = control("unplug", SCENARIOS[name] if by_devpath else name)
        count("unplugs ok" if e == 0 else "unplugs refused (%s)" % errno.errorcode.get(e, e))


def change_loop(deadline):
    uevent = os.path.join(SYS, "devices/virtual/mem/null/uevent")
    while time.time() < deadline:
        with open(uevent, "w") as f:
            f.write("change")
        count("change writes")


def reader(name, slow, ready, check_gaps):
    """
    Reads datagrams: SEQNUM must rise strictly, and every gap must be matched by an ENOBUFS
    (each ENOBUFS read is a credit that the next gap uses up; a gap finding no credit is a silent
    loss).
    """
    fd = os.open(os.path.join(DEV, "uevent"), os.O_RDONLY)
    ready.set()
    last = None
    credits = 0
    seen = gaps = nobufs = 0
    try:
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError as e:
                if e.errno == errno.ENOBUFS:
                    nobufs += 1
                    credits += 1
                    continue
                if e.errno == errno.EINTR:
                    continue
                raise
            if not data:
                break
            m = re.search(rb"\0SEQNUM=(\d+)(\0|$)", data)
            if not m:
                fail("%s: a datagram without SEQNUM" % name)
                continue
            n = int(m.group(1))
            seen += 1
            if last is not None:
                if n <= last:
                    fail("%s: SEQNUM %d after %d" % (name, n, last))
                elif n != last + 1:
                    gaps += 1
                    if credits == 0 and check_gaps:
                        fail("%s: gap %d..%d without ENOBUFS" % (name, last, n))
                    else:
                        credits -= 1
            last = n
            if slow:
                time.sleep(0.005)
    finally:
        os.close(fd)
        with lock:
            figures["reader %s: events / gaps / ENOBUFS" % name] = "%d / %d / %d" % (seen, gaps, nobufs)


HOG = r"""
import os, resource, sys, threading, time
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
fds, errs = [], set()
for path in sys.argv[1:]:
    for i in range(5000):
        try:
            fds.append(os.open(path, os.O_RDONLY))
        except OSError as e:
            errs.add(e.errno)
            break
def block(fd):
    try:
        os.read(fd, 65536)
    except OSError:
        pass
for fd in fds:
    threading.Thread(target=block, args=(fd,), daemon=True).start()
print(len(fds), sorted(errs), flush=True)
time.sleep(100000)
"""


def phase(title, seconds, extra, check_gaps):
    """One emulator, the storms for `seconds`, then the checks; figures go under `title`."""
    global figures
    figures = {}
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(SYS)
    os.makedirs(DEV)
    os.chmod(WORK, 0o755)
    # The heap is capped so that RSS shows leaks, not how lazily the collector returns memory.
    emu = subprocess.Popen(["java", "-Xmx" + HEAP_MB + "m", "-jar", JAR, "mount", "--sys", SYS, "--dev", DEV, "--allow-other",
                            "--rcvbuf", "16384"] + extra,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = emu.stdout.readline()
    if not line.startswith("ready"):
        fail(title + ": the emulator did not start: " + line + emu.stdout.read())
        return
    threading.Thread(target=lambda: [None for _ in emu.stdout], daemon=True).start()
    stop.clear()
    hog = None
    try:
        for name in SCENARIOS:  # plugging loads drivers that stay, as modules do: once before the snapshot
            control("plug", name)
            control("unplug", name)
        before = tree()
        rss0, threads0 = daemon_figures(emu.pid)
        threading.Thread(target=sampler, args=(emu.pid,), daemon=True).start()
        hog = subprocess.Popen(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3",
                                "-c", HOG, os.path.join(DEV, "uevent"), os.path.join(CTL, "settle")],
                               stdout=subprocess.PIPE, text=True)
        held = hog.stdout.readline().split(" ", 1)
        figures["nobody holds control nodes (refused with)"] = " ".join(held).strip()
        for name, slow in [("a", False), ("b", False), ("c", False), ("slow", True)]:
            ready = threading.Event()
            threading.Thread(target=reader, args=(name, slow, ready, check_gaps), daemon=True).start()
            ready.wait(10)
        deadline = time.time() + seconds
        loops = [threading.Thread(target=plug_loop, args=(i, deadline)) for i in range(8)]
        loops.append(threading.Thread(target=change_loop, args=(deadline,)))
        t0 = time.time()
        seq0 = int(open(os.path.join(SYS, "kernel/uevent_seqnum")).read())
        for t in loops:
            t.start()
        while time.time() < deadline:  # root keeps reading and plugging while nobody holds their share
            try:
                fd = os.open(os.path.join(DEV, "uevent"), os.O_RDONLY)
                os.close(fd)
                count("root opens of /dev/uevent")
            except OSError as e:
                fail(title + ": root could not open /dev/uevent: " + os.strerror(e.errno))
            time.sleep(0.5)
        for t in loops:
            t.join()
        elapsed = time.time() - t0
        for name in SCENARIOS:
            control("unplug", name)
        subprocess.run(["cat", os.path.join(CTL, "settle")], capture_output=True, timeout=60)
        after = tree()
        if before != after:
            diff = sorted(set(before) ^ set(after))
            fail("%s: the tree differs from the start in %d entries, e.g. %s" % (title, len(diff), diff[:5]))
        events = int(open(os.path.join(SYS, "kernel/uevent_seqnum")).read()) - seq0
        figures["events (SEQNUM difference)"] = events
        figures["events/s"] = int(events / elapsed)
        figures["RSS / threads at start"] = "%d KiB / %d" % (rss0, threads0)
        figures["entries in the tree (find)"] = len(after)
    finally:
        stop.set()
        if hog:
            hog.kill()
            hog.wait()
        emu.send_signal(signal.SIGTERM)
        try:
            status = emu.wait(30)
        except subprocess.TimeoutExpired:
            emu.kill()
            status = "killed"
        figures["daemon exit status (SIGTERM)"] = status
    time.sleep(0.5)  # readers see end of file
    print("== " + title)
    for k in sorted(figures):
        print("%-48s %s" % (k, figures[k]))
    if status not in (0, 143):  # 143: the JVM ended by SIGTERM after its shutdown hook
        fail("%s: the daemon exited with %s" % (title, status))
    if figures.get("max threads", 0) > 400:
        fail("%s: the daemon ran %d threads" % (title, figures["max threads"]))
    if figures.get("max RSS (KiB)", 0) > MAX_RSS_MB * 1024:
        fail("%s: the daemon's RSS reached %d KiB" % (title, figures["max RSS (KiB)"]))


def main():
    # The emulator's own SEQNUM counter (no sandbox): every gap must be an ENOBUFS.
    phase("events: plug/unplug, change and reader storms, nobody at their limits (--no-sandbox)",
          TOTAL, ["--no-sandbox"], True)
    # In the sandbox, SEQNUMs are the kernel's, shared with the machine: gaps are not checked there.
    phase("helpers: the same with a helper for every event (sandbox)", max(3.0, TOTAL / 3),
          ["--helper", "/bin/true"], False)
    for f in failures:
        print("FAIL: " + f)
    print("stress: %s (%ds)" % ("ok, every invariant held" if not failures else "%d invariants failed" % len(failures), TOTAL))
    shutil.rmtree(WORK, ignore_errors=True)
    return 1 if failures else 0


sys.exit(main())
