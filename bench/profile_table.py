#!/usr/bin/env python3
"""Where each contender's CPU goes, side by side: async-profiler samples per 1 000 requests, by part.

Usage: profile_table.py RUN_DIR  (a bench/http.sh output directory of a BENCH_ASYNC_PROFILER=1 run: its
raw.csv and <contender>-r<round>.collapsed files). Prints a Markdown table to stdout.

A profile covers every workload the contender ran in that round, so run one workload
(BENCH_WORKLOADS=inc16) when the table should describe one. Samples are async-profiler's itimer samples of
the whole server process, JIT compiler and GC threads and kernel time included, asked for every 1 ms of CPU;
where the kernel's clock ticks more slowly each stands for more (about 4 ms on the hosts of
docs/benchmarks.md, where bare's 4.95 samples per 1 000 requests matched its measured 19.8 µs of CPU per
request). Divided by the requests the contender answered in the measured runs, they compare contenders of
one run. The last column is what a contender costs on top of the one named "bare".

Each sample counts once: a JIT compiler or GC thread's as such; a kernel call by the call that was running;
the rest by the frame nearest the running one that belongs to a known part (see CODE_PARTS). So a JDBC
store's statement counts as H2, not as the filter that called it, and a write of the response as the
kernel's send.
"""
import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from jfr_summary import GC_THREAD_ENTRIES

# Threads that serve no request, by the entry frames near the root of their stacks (jfr_summary.py's rule): a
# request thread caught in a G1 write barrier's slow path is doing the request's work, not the collector's.
THREAD_PARTS = [
    ("JIT", ("CompileBroker::compiler_thread_loop",)),
    ("GC", GC_THREAD_ENTRIES),
]
ENTRY_FRAMES = 6
# Then the kernel call that was running.
KERNEL_PARTS = [
    ("kernel send", ["writev", "__GI_write", "__send"]),
    ("kernel poll/sync/read", ["epoll", "futex", "pthread_cond", "__GI_read", "readv"]),
]
# The rest by the frame nearest the running one that belongs to one of these: a HashMap lookup inside H2
# counts as H2, the filter's own code as the filter. Jetty's general code (I/O, buffers, locks) counts as
# Jetty where Satchel or the servlet called it (writing the response under the filter's output stream), but
# for Jetty's sessions where they did.
CODE_PARTS = [
    ("H2", ["org/h2/"]),
    ("pool", ["com/zaxxer/hikari/"]),
    ("zlib", ["java/util/zip/"]),
    ("codec", ["dev/satchel/session/Attribute"]),
    ("signing", ["dev/satchel/signing/"]),
    ("Satchel store", ["dev/satchel/store/"]),
    ("Satchel filter", ["dev/satchel/servlet/", "dev/satchel/session/"]),
    ("Jetty sessions", ["org/eclipse/jetty/session/"]),
    ("Jetty", ["org/eclipse/jetty/"]),
    ("servlet", ["dev/satchel/bench/"]),
]
NAMES = [p[0] for p in THREAD_PARTS + KERNEL_PARTS + CODE_PARTS] + ["other"]


def code_part(frame):
    for name, needles in CODE_PARTS:
        if any(frame.startswith(n) for n in needles):
            return name
    return None


def part_of(stack):
    frames = stack.split(";")
    for name, entries in THREAD_PARTS:
        if any(f.startswith(entries) for f in frames[:ENTRY_FRAMES]):
            return name
    for name, needles in KERNEL_PARTS:
        if any(n in frames[-1] for n in needles):
            return name
    jetty = None
    for frame in reversed(frames):
        part = code_part(frame)
        if part == "Jetty":
            jetty = part  # Jetty's own code: whose it is shows further up
        elif part == "Jetty sessions":
            return part
        elif part is not None:
            return jetty or part
    return jetty or "other"


def main(run):
    # A profile covers every measured run of its server, also those bench/http.sh measured again because the
    # hypervisor stole too much of the machine: with attempts.csv, its requests count, not only raw.csv's.
    requests = Counter()
    counted = run / "attempts.csv" if (run / "attempts.csv").exists() else run / "raw.csv"
    with open(counted) as raw:
        for row in csv.DictReader(raw):
            requests[(row["contender"], row["round"])] += int(row["requests"])
    samples = defaultdict(Counter)
    answered = Counter()
    for path in sorted(run.glob("*.collapsed")):
        m = re.fullmatch(r"(.+)-r(\d+)\.collapsed", path.name)
        if not m or not requests[(m.group(1), m.group(2))]:
            continue
        contender = m.group(1)
        answered[contender] += requests[(contender, m.group(2))]
        with open(path) as lines:
            for line in lines:
                stack, _, count = line.rstrip("\n").rpartition(" ")
                if stack and count.isdigit():
                    samples[contender][part_of(stack)] += int(count)
    if not samples:
        sys.exit(f"no profiles with measured requests in {run}")
    per_k = {c: {p: samples[c][p] * 1000 / answered[c] for p in NAMES} for c in samples}
    totals = {c: sum(per_k[c].values()) for c in per_k}
    base = totals.get("bare")
    print("| contender | samples / 1k requests | " + " | ".join(NAMES) + " | on top of bare |")
    print("|---|---:|" + "---:|" * len(NAMES) + "---:|")
    for c in sorted(per_k, key=lambda c: (c != "bare", totals[c])):
        extra = "" if base is None else f"{totals[c] - base:+.2f}"
        cells = " | ".join(f"{per_k[c][p]:.2f}" for p in NAMES)
        print(f"| {c} | {totals[c]:.2f} | {cells} | {extra} |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
