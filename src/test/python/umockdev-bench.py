"""The umockdev side of scripts/bench-sandbox: the same libudev monitor (src/test/c/
udev-monitor-timer.c) under umockdev's preload, fed by umockdev's own API.

usage (under LD_PRELOAD=libumockdev-preload.so.0, as umockdev-wrapper would run it, since
Testbed.uevent reads the testbed's /sys through the preload):
  umockdev-bench.py MONITOR WRITER latency SOURCE SAMPLES GAP_US
  umockdev-bench.py MONITOR WRITER echo SAMPLES GAP_US
  umockdev-bench.py MONITOR WRITER throughput MONITORS EVENTS
Prints "S <ns>" per event sent (CLOCK_MONOTONIC before the call, time.monotonic_ns), then per
monitor "MON <i>" and the monitor's own output ("E <SEQNUM> <ns>" lines and "END <n>"), then
"EMITTER <exit status of the sending child>".
"""
import os
import subprocess
import sys
import time

import gi

gi.require_version("UMockdev", "1.0")
from gi.repository import UMockdev  # noqa: E402

RCVBUF = 128 << 20
IDLE_MS = 3000


def monitors(monitor, env, source, count, n):
    procs = []
    for i in range(n):
        p = subprocess.Popen([monitor, source, str(count), str(RCVBUF), str(IDLE_MS), str(i)], env=env,
                             stdout=subprocess.PIPE, text=True)
        line = p.stdout.readline().strip()
        if not line.startswith("READY"):
            sys.exit("monitor did not start: " + line)
        procs.append(p)
    return procs


def report(procs):
    for i, p in enumerate(procs):
        out = p.communicate()[0]
        print("MON %d" % i)
        sys.stdout.write(out)


def in_child(send):
    """Runs send() in a child: umockdev's sender ends the process when a listener's queue stays
    full (net.unix.max_dgram_qlen datagrams), and the monitors' results must still be read."""
    sys.stdout.flush()
    child = os.fork()
    if child == 0:
        send()
        os._exit(0)
    return os.waitstatus_to_exitcode(os.waitpid(child, 0)[1])


def main():
    monitor, writer, phase = sys.argv[1:4]
    args = sys.argv[4:]
    tb = UMockdev.Testbed.new()
    syspath = tb.add_device("mem", "null", None, ["dev", "1:3"], ["DEVNAME", "null"])
    env = dict(os.environ, UMOCKDEV_DIR=tb.get_root_dir())
    time.sleep(0.05)  # the "add" of add_device reaches no monitor: none is open yet
    if phase == "latency":
        source, samples, gap = args[0], int(args[1]), int(args[2]) / 1e6
        procs = monitors(monitor, env, source, samples, 1)

        def send():
            for _ in range(samples):
                time.sleep(gap)
                t = time.monotonic_ns()
                tb.uevent(syspath, "change")
                os.write(1, b"S %d\n" % t)  # outside the timed interval; survives an abort
        status = in_child(send)
        report(procs)
        print("EMITTER %d" % status)
    elif phase == "echo":
        samples, gap = int(args[0]), args[1]
        procs = monitors(monitor, env, "udev", samples, 1)
        w = subprocess.run([writer, syspath + "/uevent", str(samples), gap], env=env,
                           stdout=subprocess.PIPE, text=True)
        for line in w.stdout.splitlines():
            if line.startswith("W "):
                print("S " + line.split()[1])
        report(procs)
        print("EMITTER %d" % w.returncode)
    elif phase == "throughput":
        n, events = int(args[0]), int(args[1])
        procs = monitors(monitor, env, "udev", events, n)
        t0 = time.monotonic_ns()

        def send():
            for _ in range(events):
                tb.uevent(syspath, "change")
        status = in_child(send)
        print("S %d" % t0)
        report(procs)
        print("EMITTER %d" % status)
    else:
        sys.exit("unknown phase " + phase)


main()
