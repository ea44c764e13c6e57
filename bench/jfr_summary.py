#!/usr/bin/env python3
"""Where the CPU went in a profile: top methods by self samples, and inclusive shares by component.

Usage: jfr_summary.py RECORDING.jfr [TOP]  (a JFR recording; needs the JDK's `jfr` tool on the PATH)
       jfr_summary.py PROFILE.collapsed [TOP]  (async-profiler's collapsed stacks: every thread's CPU time,
       JIT compiler and GC threads included, which JFR's execution samples leave out)
"""
import re
import subprocess
import sys
from collections import Counter

# Inclusive shares: a sample counts for a component when any frame of its stack belongs to it.
COMPONENTS = [
    ("Satchel filter and session (dev.satchel.servlet)", "dev.satchel.servlet."),
    ("Satchel JDBC store (dev.satchel.store.jdbc)", "dev.satchel.store.jdbc."),
    ("Satchel memory store", "dev.satchel.store.memory."),
    ("Satchel cookie store", "dev.satchel.store.cookie."),
    ("zlib (java.util.zip)", "java.util.zip."),
    ("attribute codec (AttributeCodec)", "dev.satchel.session.AttributeCodec"),
    ("cookie signing (Signer)", "dev.satchel.signing."),
    ("H2 database (org.h2)", "org.h2."),
    ("HikariCP pool", "com.zaxxer.hikari."),
    ("Jetty sessions (org.eclipse.jetty.session)", "org.eclipse.jetty.session."),
    ("Java serialization (java.io.Object*Stream)", "java.io.ObjectOutputStream"),
    ("benchmark servlet", "dev.satchel.bench.BenchServlet"),
    ("Jetty HTTP and I/O (org.eclipse.jetty)", "org.eclipse.jetty."),
]


def samples(path, event):
    text = subprocess.run(["jfr", "print", "--events", event, "--stack-depth", "96", path],
                          check=True, capture_output=True, text=True).stdout
    for block in text.split(event + " {")[1:]:
        m = re.search(r"stackTrace = \[(.*?)\n\s*\]", block, re.S)
        if not m:
            continue
        frames = [re.sub(r"\s+line:.*$", "", f.strip()) for f in m.group(1).strip().splitlines()]
        yield [f for f in frames if f and f != "..."]


# Entry frames of HotSpot's collector threads (JDK 17): parallel workers, concurrent threads, the VM thread
# running a collection.
GC_THREAD_ENTRIES = ("GangWorker::", "WorkerThread::run", "ConcurrentGCThread::run", "VMThread::")


def collapsed(path):
    """Stacks of a collapsed profile, leaf first as JFR gives them, each repeated by its sample count."""
    with open(path) as lines:
        for line in lines:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if not stack or not count.isdigit():
                continue
            frames = [f.replace("/", ".") for f in reversed(stack.split(";"))]
            for _ in range(int(count)):
                yield frames


def main(path, top):
    if path.endswith(".collapsed"):
        stacks = list(collapsed(path))
        print(f"{len(stacks)} CPU samples (async-profiler, every thread) in {path}\n")
        # By the thread's entry frame (the root end of the stack), not by any frame on it: application
        # threads also run G1 barriers and allocation slow paths, and queue compilations.
        jit = sum(1 for s in stacks if any(f.startswith("CompileBroker::compiler_thread_loop") for f in s[-6:]))
        gc = sum(1 for s in stacks if any(f.startswith(GC_THREAD_ENTRIES) for f in s[-6:]))
        print(f"  {100 * jit / max(len(stacks), 1):5.1f}%  JIT compiler threads")
        print(f"  {100 * gc / max(len(stacks), 1):5.1f}%  GC and VM threads\n")
    else:
        stacks = list(samples(path, "jdk.ExecutionSample"))
        print(f"{len(stacks)} Java execution samples in {path}\n")
    total = len(stacks) or 1
    print("Inclusive share by component (a sample counts once per component on its stack):")
    for label, prefix in COMPONENTS:
        n = sum(1 for s in stacks if any(f.startswith(prefix) for f in s))
        print(f"  {100 * n / total:5.1f}%  {label}")
    print(f"\nTop {top} methods by self samples:")
    for frame, n in Counter(s[0] for s in stacks if s).most_common(top):
        print(f"  {100 * n / total:5.1f}%  {frame}")
    print(f"\nTop {top} Satchel methods, inclusive:")
    inclusive = Counter()
    for s in stacks:
        inclusive.update({f for f in s if f.startswith("dev.satchel.") and "bench" not in f})
    for frame, n in inclusive.most_common(top):
        print(f"  {100 * n / total:5.1f}%  {frame}")
    if path.endswith(".collapsed"):
        return
    native = list(samples(path, "jdk.NativeMethodSample"))
    print(f"\n{len(native)} native-method samples (threads blocked in native code: I/O, waits); top:")
    for frame, n in Counter(s[0] for s in native if s).most_common(8):
        print(f"  {n:6d}  {frame}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20)
