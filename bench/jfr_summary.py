#!/usr/bin/env python3
"""Where the CPU went in a JFR recording: top methods by self samples, and inclusive shares by component.

Usage: jfr_summary.py RECORDING.jfr [TOP]  (needs the JDK's `jfr` tool on the PATH)
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


def main(path, top):
    stacks = list(samples(path, "jdk.ExecutionSample"))
    total = len(stacks) or 1
    print(f"{len(stacks)} Java execution samples in {path}\n")
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
    native = list(samples(path, "jdk.NativeMethodSample"))
    print(f"\n{len(native)} native-method samples (threads blocked in native code: I/O, waits); top:")
    for frame, n in Counter(s[0] for s in native if s).most_common(8):
        print(f"  {n:6d}  {frame}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20)
