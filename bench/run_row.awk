# One raw.csv row of a measured run (bench/http.sh). Variables: round, name, w (workload), n (requests), us
# (wrk's duration, µs), p50, p99 (µs), e (errors), lost, ticks (server CPU ticks during the run), hz (ticks
# per second), before, after (bench/machine_ticks.awk's "busy steal all idle" at the start and end; empty
# when unknown).
# The host columns: the share of all the machine's CPU time the hypervisor stole and the share it sat idle
# during the run, and the machine's busy CPU outside the server per request (wrk, interrupts, anything else).
BEGIN {
  steal = idle = others = ""
  if (split(before, b, " ") == 4 && split(after, a, " ") == 4 && a[3] > b[3]) {
    all = a[3] - b[3]
    steal = sprintf("%.1f", (a[2] - b[2]) * 100 / all)
    idle = sprintf("%.1f", (a[4] - b[4]) * 100 / all)
    outside = (a[1] - b[1]) - ticks
    others = sprintf("%.1f", (outside > 0 ? outside : 0) / hz * 1e6 / n)
  }
  printf "%s,%s,%s,%d,%.2f,%.0f,%.3f,%.3f,%d,%s,%.1f,%s,%s,%s\n", round, name, w, n, us / 1e6, n / (us / 1e6),
    p50 / 1000, p99 / 1000, e, lost, ticks / hz * 1e6 / n, steal, idle, others
}
