# Prints the whole machine's CPU ticks so far from /proc/stat's "cpu" line, as "busy steal all idle":
# busy = user + nice + system + irq + softirq (guest time is inside user); steal = time the hypervisor gave this
# virtual machine's CPUs to another guest; all = every field up to steal; idle = idle + iowait.
# Prints nothing when there is no such line (not Linux), so a run records no host figures rather than zeros.
$1 == "cpu" {
  print $2 + $3 + $4 + $7 + $8, $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $5 + $6
  exit
}
