#!/usr/bin/python3
"""Turns the raw results of scripts/bench-compare into a table of medians and ratios
(summary.md, also printed) and a bar chart (compare.png, drawn by gnuplot).

usage: summarize.py RESULTS OUTDIR ROUNDS SECONDS
RESULTS lines: ROUND SYSTEM OPERATION VALUE
"""
import os
import statistics
import subprocess
import sys

SYSTEMS = ["real", "ref", "emu", "umockdev"]
HEADERS = {"real": "real sysfs", "ref": "native libfuse (ref)", "emu": "sysfs-emu",
           "umockdev": "umockdev-run"}


def lower_is_better(op):
    return op.endswith("_ms") or op.endswith("_us") or op.endswith("_mb") or op.endswith("enobufs")


def speed_ratio(op, emu, other):
    """How many times as fast sysfs-emu is as the other system (>= 1: at least as fast)."""
    if emu is None or other is None or emu == 0 or other == 0:
        return None
    return other / emu if lower_is_better(op) else emu / other


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, str):
        return v
    if abs(v) >= 100:
        return "{:,.0f}".format(v)
    if abs(v) >= 10:
        return "{:.1f}".format(v)
    return "{:.2f}".format(v)


def main():
    results, outdir, rounds, secs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    values = {}
    by_round = {}
    rounds_of = {}
    order = []
    with open(results) as f:
        for line in f:
            parts = line.split()
            if len(parts) != 4:
                continue
            rnd, system, op, value = parts
            if op not in order:
                order.append(op)
            try:
                values.setdefault((system, op), []).append(float(value))
                by_round[(system, op, rnd)] = float(value)
                if rnd not in rounds_of.setdefault(op, []):
                    rounds_of[op].append(rnd)
            except ValueError:
                values.setdefault((system, op), []).append(value)

    def median(system, op):
        v = values.get((system, op))
        if not v:
            return None
        if isinstance(v[0], str):
            return v[0]
        return statistics.median(v)

    def paired_ratio(op, other):
        """The median over the rounds of each round's ratio to the other system: the script runs
        an operation on every system in turn, so each round's two figures were taken seconds
        apart, and the machine's drift between rounds cancels."""
        per_round = []
        for r in rounds_of.get(op, []):
            e, o = by_round.get(("emu", op, r)), by_round.get((other, op, r))
            ratio = speed_ratio(op, e, o)
            if ratio:
                per_round.append(ratio)
        return statistics.median(per_round) if per_round else None

    lines = ["| operation (median of %s rounds, %s s loops) | %s | sysfs-emu vs ref | sysfs-emu vs ref, per round | sysfs-emu vs umockdev |"
             % (rounds, secs, " | ".join(HEADERS[s] for s in SYSTEMS)),
             "|---|" + "---|" * (len(SYSTEMS) + 3)]
    plot_rows = []
    for op in order:
        meds = {s: median(s, op) for s in SYSTEMS}
        numeric = {s: m for s, m in meds.items() if not isinstance(m, str)}
        vs_ref = speed_ratio(op, numeric.get("emu"), numeric.get("ref"))
        vs_umock = speed_ratio(op, numeric.get("emu"), numeric.get("umockdev"))
        paired = paired_ratio(op, "ref")
        lines.append("| %s | %s | %s | %s | %s |" % (
            op, " | ".join(fmt(meds[s]) for s in SYSTEMS),
            fmt(vs_ref) + "x" if vs_ref else "-", fmt(paired) + "x" if paired else "-",
            fmt(vs_umock) + "x" if vs_umock else "-"))
        if vs_ref or vs_umock:
            plot_rows.append((op, vs_ref or 0, vs_umock or 0))
    lines.append("")
    lines.append("Ratios are speed ratios: above 1.0x sysfs-emu is faster (more per second, or less time).")
    lines.append("'per round': the median of each round's ratio (the two figures of a round were taken seconds apart).")
    text = "\n".join(lines) + "\n"
    print(text)
    with open(os.path.join(outdir, "summary.md"), "w") as f:
        f.write(text)

    data = os.path.join(outdir, "ratios.dat")
    with open(data, "w") as f:
        for op, a, b in plot_rows:
            f.write('"%s" %g %g\n' % (op, a, b))
    png = os.path.join(outdir, "compare.png")
    script = """
set terminal pngcairo size 1100,560 noenhanced font ",10"
set output '%s'
set title "sysfs-emu speed relative to the native libfuse reference and to umockdev-run (same run; 1.0 = as fast)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set yrange [0.05:*]
set ylabel "speed ratio (log scale)"
set xtics rotate by -35
set grid ytics
set key top left
set arrow from graph 0, first 1 to graph 1, first 1 nohead lc rgb "red" lw 2
plot '%s' using ($2 > 0 ? $2 : 1/0):xtic(1) title "sysfs-emu / native libfuse", \\
     '' using ($3 > 0 ? $3 : 1/0) title "sysfs-emu / umockdev-run"
""" % (png, data)
    try:
        subprocess.run(["gnuplot"], input=script.encode(), check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        try:  # pngcairo may be missing from gnuplot-nox builds: the plain png terminal then
            subprocess.run(["gnuplot"], input=script.replace("pngcairo", "png").encode(), check=True)
        except (OSError, subprocess.CalledProcessError):
            print("summarize: no plot: %s" % e, file=sys.stderr)


if __name__ == "__main__":
    main()
