#!/bin/sh
# scripts/compare-overheads.sh - `parbench overheads` next to independent
# measurements of the same primitives, in one sitting:
#   probe  scripts/overheads-probe.c, compiled here: a fixed number of
#          repetitions between two clock reads, median of seven runs, no
#          reference subtracted, unbound and then pinned with plain
#          sched_setaffinity (it shares no code with parbench);
#   perf   `perf bench sched pipe` (processes) and `-T` (threads) for the
#          pipe round trips, where perf works.
# Each side runs COMPARE_ROUNDS times (default 2), alternating.
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
# Alternating rounds, so that a slow spell of the machine hits both sides.
rounds=${COMPARE_ROUNDS:-2}
: > "$tmp/parbench.txt"
: > "$tmp/probe.txt"
for r in $(seq "$rounds"); do
	"$pb" overheads --primitives thread-create,fork-exit,fork-exec,mutex-handoff,pipe-threads,pipe-procs,atomic-add,omp-parallel,omp-barrier,omp-for-static,omp-for-dynamic \
		--no-report --out "$tmp/run" >/dev/null
	# overheads.csv is RFC 4180: quoted fields are unquoted (their commas
	# made semicolons) before awk splits at commas.
	perl -0777 -pe 's{"((?:[^"]|"")*)"}{my $f = $1; $f =~ s/""/"/g; $f =~ tr/,\r\n"/;   /; $f}ge' \
		"$tmp/run/overheads.csv" |
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$(c["status"]) == "ok" { print $(c["primitive"]), $(c["workers"]), $(c["bind"]), $(c["median_us"]) }' \
		>> "$tmp/parbench.txt"
	"$tmp/probe" "$exit0" >> "$tmp/probe.txt"
done
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

# The mean over the rounds of each side's median, per primitive, workers, bind.
awk -v pbf="$tmp/parbench.txt" -v perf="$tmp/perf.txt" '
	function pct(a, b) { return (a == "" || b == "" || b + 0 <= 0) ? "-" : sprintf("%.0f%%", 100 * a / b) }
	function f(x) { return x == "" ? "-" : sprintf("%.3f", x) }
	BEGIN {
		while ((getline line < pbf) > 0) { split(line, p, " "); k = p[1] SUBSEP p[2] SUBSEP p[3]; pbs[k] += p[4]; pbn[k]++ }
		while ((getline line < perf) > 0) { split(line, p, " "); pf[p[1], p[2], p[3]] = p[4] }
		printf "%-16s %7s %5s %10s %10s %8s %10s %8s\n", "primitive", "workers", "bind", "parbench", "probe", "pb/probe", "perf", "pb/perf"
	}
	{ k = $1 SUBSEP $2 SUBSEP $3; if (!(k in prn)) order[++n] = k; prs[k] += $4; prn[k]++ }
	END {
		for (i = 1; i <= n; i++) {
			k = order[i]; split(k, id, SUBSEP)
			pb = (k in pbn) ? pbs[k] / pbn[k] : ""; pr = prs[k] / prn[k]; pe = pf[k]
			printf "%-16s %7s %5s %10s %10s %8s %10s %8s\n", id[1], id[2], id[3], f(pb), f(pr), pct(pb, pr), f(pe), pct(pb, pe)
		}
	}' "$tmp/probe.txt"
echo "microseconds per operation (one team started, one hand-off, one round trip, one increment, one construct);"
echo "a pair's workers are its CPUs (1: both parties on one); bind none: the OS places every thread"
echo "each side ran $rounds times, alternating; the figures are the means of the rounds' medians"
echo "parbench: $(grep -o '"command": "[^"]*"' "$tmp/run/meta.json" | sed 's/ --out .*"/"/'), $(grep -o '"clock_tick_ns": [0-9.]*' "$tmp/run/meta.json")"
echo "probe: scripts/overheads-probe.c, median of 7 straight runs, no reference subtracted, OpenMP constructs around a trivial body; cores = sched_setaffinity to the first two CPUs"
echo "$perfnote"
