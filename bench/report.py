#!/usr/bin/env python3
"""Summarizes bench/http.sh's raw.csv: medians, min-max, ratios to bare in the same round, a table, a chart.

Usage: report.py OUT_DIR  (reads OUT_DIR/raw.csv; writes summary.csv, summary.md, bench-http.png)

Every "× bare" divides by the bare servlet of the same round: by the mean of its runs there when the round
measured it more than once ("bare" first and "bare-end" last, bench/http.sh's BENCH_BARE_END), so one slow
moment of the host does not move a whole round's ratios. The two bare rows' own ratios show how far the host
drifted within the round, and the host columns why: the share of the machine's CPU time its hypervisor stole
during each run, the share it sat idle, and the machine's CPU outside the server per request (wrk, interrupts,
anything else). Raw files from before those columns existed leave them empty. With bench/http.sh's
BENCH_REPEATS, a round holds several runs of a contender: medians and min-max then run over all runs.
"""
import csv
import os
import shutil
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

# The bare servlet has no session to share or update atomically; these compare with its plain request.
BASELINE_WORKLOAD = {"atomic16": "inc16", "atomic-shared": "inc-shared"}
WORKLOAD_TITLES = {
    "inc16": "(a) read + increment, 16 connections on 16 sessions",
    "inc-shared": "(a) read + increment, 16 connections on one shared session",
    "read16": "(b) read-only, 16 sessions",
    "atomic16": "(a') atomic update (SatchelSession.update, the /session demo's way), 16 sessions",
    "atomic-shared": "(a') atomic update, one shared session",
    "new": "(c) a new session per request",
}
CHART_WORKLOADS = ["inc16", "read16", "new"]
BARE = ("bare", "bare-end")
# bench/http.sh measures a run again while the hypervisor stole more than this share of the CPU (percent; it
# runs this script with its own settings). 0 turns that off; the note below each table still names runs over 10 %.
MAX_STEAL = float(os.environ.get("BENCH_MAX_STEAL") or 10)
STOLEN = MAX_STEAL if MAX_STEAL > 0 else 10.0


def spread(values, fmt):
    if not values:
        return "n/a"
    med = statistics.median(values)
    if len(values) == 1:
        return fmt.format(med)
    return f"{fmt.format(med)} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def baselines(rows):
    """(round, workload) -> the bare servlet's figures in that round, the mean of its runs there."""
    runs = defaultdict(list)
    for r in rows:
        if r["contender"] in BARE:
            runs[(r["round"], r["workload"])].append(r)
    mean = lambda rs, k: statistics.fmean(float(r[k]) for r in rs)
    return {
        key: {
            "rps": mean(rs, "rps"),
            "p50_ms": mean(rs, "p50_ms"),
            "p99_ms": mean(rs, "p99_ms"),
            "cpu_us": mean(rs, "cpu_us") if all(r.get("cpu_us") for r in rs) else None,
        }
        for key, rs in runs.items()
    }


def main(out):
    rows = list(csv.DictReader(open(out / "raw.csv")))
    by = defaultdict(list)
    for r in rows:
        by[(r["contender"], r["workload"])].append(r)
    bare = baselines(rows)
    contenders = list(dict.fromkeys(r["contender"] for r in rows))
    workloads = list(dict.fromkeys(r["workload"] for r in rows))

    summary = []
    for w in workloads:
        for c in contenders:
            runs = by.get((c, w))
            if not runs:
                continue
            ratios, p50_ratios, p99_ratios, cpu_ratios = [], [], [], []
            for r in runs:
                base = bare.get((r["round"], BASELINE_WORKLOAD.get(w, w)))
                if base and base["rps"] > 0:
                    ratios.append(float(r["rps"]) / float(base["rps"]))
                    p50_ratios.append(float(r["p50_ms"]) / max(float(base["p50_ms"]), 1e-3))
                    p99_ratios.append(float(r["p99_ms"]) / max(float(base["p99_ms"]), 1e-3))
                    if r.get("cpu_us") and base["cpu_us"]:
                        cpu_ratios.append(float(r["cpu_us"]) / float(base["cpu_us"]))
            lost = [int(r["lost"]) for r in runs if r["lost"] not in ("", None)]
            summary.append({
                "workload": w,
                "contender": c,
                "rounds": len(runs),
                "rps": [float(r["rps"]) for r in runs],
                "ratio": ratios,
                "p50": [float(r["p50_ms"]) for r in runs],
                "p99": [float(r["p99_ms"]) for r in runs],
                "p50_ratio": p50_ratios,
                "p99_ratio": p99_ratios,
                "errors": sum(int(r["errors"]) for r in runs),
                "lost": lost,
                "cpu": [float(r["cpu_us"]) for r in runs if r.get("cpu_us")],
                "cpu_ratio": cpu_ratios,
                "steal": [float(r["steal_pct"]) for r in runs if r.get("steal_pct")],
                "idle": [float(r["idle_pct"]) for r in runs if r.get("idle_pct")],
                "others": [float(r["others_us"]) for r in runs if r.get("others_us")],
            })

    with open(out / "summary.csv", "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["workload", "contender", "rounds", "rps_median", "rps_min", "rps_max", "ratio_median",
                     "ratio_min", "ratio_max", "p50_ms_median", "p50_ratio_median", "p99_ms_median", "p99_ratio_median",
                     "errors", "lost_increments", "cpu_us_median", "cpu_ratio_median", "steal_pct_median",
                     "idle_pct_median", "others_us_median"])
        for s in summary:
            med = lambda v: f"{statistics.median(v):.3f}" if v else ""
            wr.writerow([s["workload"], s["contender"], s["rounds"], med(s["rps"]), f"{min(s['rps']):.0f}",
                         f"{max(s['rps']):.0f}", med(s["ratio"]), f"{min(s['ratio']):.3f}" if s["ratio"] else "",
                         f"{max(s['ratio']):.3f}" if s["ratio"] else "", med(s["p50"]), med(s["p50_ratio"]), med(s["p99"]),
                         med(s["p99_ratio"]), s["errors"], " ".join(map(str, s["lost"])), med(s["cpu"]),
                         med(s["cpu_ratio"]), med(s["steal"]), med(s["idle"]), med(s["others"])])

    md = []
    for w in workloads:
        md.append(f"### {WORKLOAD_TITLES.get(w, w)}\n")
        shared = w.endswith("-shared")
        head = ("| contender | requests/s median (min–max) | × bare | p50 ms | p50 × bare | p99 ms | p99 × bare "
                "| server CPU µs/request | CPU × bare | host: steal % | host: idle % | host: CPU µs/request outside the server "
                "| errors |")
        md.append(head + (" lost increments per run |" if shared else ""))
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + ("---:|" if shared else ""))
        for s in (s for s in summary if s["workload"] == w):
            line = (f"| {s['contender']} | {spread(s['rps'], '{:.0f}')} | {spread(s['ratio'], '{:.2f}')} "
                    f"| {statistics.median(s['p50']):.2f} | {spread(s['p50_ratio'], '{:.1f}')} "
                    f"| {statistics.median(s['p99']):.2f} "
                    f"| {spread(s['p99_ratio'], '{:.1f}')} | {spread(s['cpu'], '{:.0f}')} "
                    f"| {spread(s['cpu_ratio'], '{:.2f}')} | {spread(s['steal'], '{:.1f}')} | {spread(s['idle'], '{:.1f}')} "
                    f"| {spread(s['others'], '{:.0f}')} | {s['errors']} |")
            if shared:
                line += f" {', '.join(map(str, s['lost'])) or 'n/a'} |"
            md.append(line)
        md.append("")
        stolen = [r for r in rows if r["workload"] == w and r.get("steal_pct") and float(r["steal_pct"]) > STOLEN]
        if stolen:
            runs = ", ".join(f"{r['contender']} round {r['round']} ({float(r['steal_pct']):.1f} %)" for r in stolen)
            how = " (the least stolen of its attempts)" if MAX_STEAL > 0 else ""
            md.append(f"Measured while the hypervisor stole more than {STOLEN:g} % of the machine's CPU{how}: {runs}. "
                      f"Ratios with these runs on either side say more about the host than about the contender.\n")
    (out / "summary.md").write_text("\n".join(md))
    print("\n".join(md))

    chart(out, summary, contenders)


def chart(out, summary, contenders):
    cols = [w for w in CHART_WORKLOADS if any(s["workload"] == w for s in summary)]
    ratio = {(s["contender"], s["workload"]): statistics.median(s["ratio"]) for s in summary if s["ratio"]}
    if not cols or all(c in BARE for c in contenders):
        # A run of bare alone (a look at the host's noise) has no bar to draw.
        print("no contender besides bare: no chart", file=sys.stderr)
        return
    lines = ["contender " + " ".join(f'"{w}"' for w in cols)]
    for c in contenders:
        if c in BARE:
            continue
        lines.append(c + " " + " ".join(f"{ratio.get((c, w), 0):.3f}" for w in cols))
    (out / "chart.dat").write_text("\n".join(lines) + "\n")
    plot = f"""
set terminal pngcairo size 1100,520 font ",10"
set output "{out / 'bench-http.png'}"
set title "Requests/s as a fraction of a bare servlet in the same round (median of rounds; 1.0 = no session cost)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set yrange [0:{max([1.1] + [v + 0.05 for v in ratio.values()]):.2f}]
set ytics 0.1
set grid ytics
set xtics rotate by -25
set key top right
plot for [i=2:{len(cols) + 1}] "{out / 'chart.dat'}" using i:xtic(1) title columnheader(i)
"""
    (out / "chart.gp").write_text(plot)
    if shutil.which("gnuplot") is None:  # bench/http.sh installs it; a test of the tables need not
        print("gnuplot not found: no chart", file=sys.stderr)
        return
    subprocess.run(["gnuplot", str(out / "chart.gp")], check=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
