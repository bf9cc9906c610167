#!/bin/sh
# scripts/compare-overheads.sh - `parbench overheads` next to independent
# measurements of the same primitives, in one sitting:
#   probe  scripts/overheads-probe.c, compiled here: a fixed number of
#          repetitions between two clock reads, median of seven runs, no
#          reference subtracted, no binding (shares no code with parbench);
#   perf   `perf bench sched pipe` (processes) and `-T` (threads) for the
#          pipe round trips, where perf works.
# Prints one line per primitive, worker count and placement (none: the OS
# places every thread; cores: pinned, a pair on one CPU or on two):
# parbench's median, the probe's, perf's, and parbench's as a percentage of
# each. Under none the OS may put a pair on one CPU or on two from one run
# to the next, so the pinned lines are the ones to compare for pairs. A
# benchmark, not a test: the figures move with the machine and its load.
set -eu
home=$(cd "$(dirname "$0")/.." && pwd)
pb="$home/build/parbench"
exit0="$home/build/parbench-exit0"
[ -x "$pb" ] && [ -x "$exit0" ] || { echo "compare-overheads.sh: build parbench first (make)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

${CC:-cc} -std=gnu11 -O2 -fopenmp -pthread -o "$tmp/probe" "$home/scripts/overheads-probe.c"
"$pb" overheads --primitives thread-create,fork-exit,fork-exec,mutex-handoff,pipe-threads,pipe-procs,atomic-add,omp-parallel,omp-barrier,omp-for-static,omp-for-dynamic \
	--no-report --out "$tmp/run" >/dev/null
"$tmp/probe" "$exit0" > "$tmp/probe.txt"
: > "$tmp/perf.txt"
if command -v perf >/dev/null 2>&1 && perf bench sched pipe -l 100 >/dev/null 2>&1; then
	# Unbound, and both processes (threads) on the first CPU we may use.
	first=$(awk '/^Cpus_allowed_list:/ { split($2, a, "[,-]"); print a[1] }' /proc/self/status)
	for mode in procs threads; do
		flag=; [ "$mode" = threads ] && flag=-T
		us=$(perf bench sched pipe $flag -l 5000 2>/dev/null | awk '/usecs\/op/ { print $1 }')
		[ -n "$us" ] && echo "pipe-$mode 2 none $us" >> "$tmp/perf.txt"
		us=$(taskset -c "$first" perf bench sched pipe $flag -l 5000 2>/dev/null | awk '/usecs\/op/ { print $1 }')
		[ -n "$us" ] && echo "pipe-$mode 1 cores $us" >> "$tmp/perf.txt"
	done
	perfnote="perf bench sched pipe -l 5000 (-T: threads; 1 cores: under taskset -c $first): usecs/op, one op = a round trip"
else
	perfnote="perf bench sched pipe: not available here (perf missing or not permitted)"
fi

awk -v csv="$tmp/run/overheads.csv" -v perf="$tmp/perf.txt" '
	function pct(a, b) { return (a == "" || b == "" || b + 0 <= 0) ? "-" : sprintf("%.0f%%", 100 * a / b) }
	function f(x) { return x == "" ? "-" : sprintf("%.3f", x) }
	BEGIN {
		while ((getline line < csv) > 0) {
			n = split(line, c, ",")
			if (!hdr) { for (i = 1; i <= n; i++) col[c[i]] = i; hdr = 1; continue }
			if (c[col["status"]] != "ok") continue
			med[c[col["primitive"]], c[col["workers"]], c[col["bind"]]] = c[col["median_us"]]
		}
		while ((getline line < perf) > 0) { split(line, p, " "); pf[p[1], p[2], p[3]] = p[4] }
		printf "%-16s %7s %5s %10s %10s %8s %10s %8s\n", "primitive", "workers", "bind", "parbench", "probe", "pb/probe", "perf", "pb/perf"
	}
	{
		pb = med[$1, $2, $3]; pe = pf[$1, $2, $3]
		printf "%-16s %7s %5s %10s %10s %8s %10s %8s\n", $1, $2, $3, f(pb), f($4), pct(pb, $4), f(pe), pct(pb, pe)
	}' "$tmp/probe.txt"
echo "microseconds per operation (one team started, one hand-off, one round trip, one increment, one construct);"
echo "a pair's workers are its CPUs (1: both parties on one); bind none: the OS places every thread"
echo "parbench: $(grep -o '"command": "[^"]*"' "$tmp/run/meta.json" | sed 's/ --out .*"/"/'), $(grep -o '"clock_tick_ns": [0-9.]*' "$tmp/run/meta.json")"
echo "probe: scripts/overheads-probe.c, median of 7 straight runs, no reference subtracted, OpenMP constructs around a trivial body; cores = sched_setaffinity to the first two CPUs"
echo "$perfnote"
