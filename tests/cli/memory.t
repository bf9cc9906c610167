#!/usr/bin/env bash
# Memory per model: pss_kib and uss_kib (smaps_rollup, summed over a run's
# processes, a threads' process once). Facts of memory accounting, not
# timings: two forked workers on triad share the inputs they inherited
# (their PSS sum is well under twice one worker's peak RSS, their USS is
# next to nothing); with --touch-inherited each writes every page of them
# first and pays for its own copy (the sum nears twice one worker's RSS,
# the USS holds two copies of the inputs). Threads are one process: one
# reading per run. Skipped where /proc/self/smaps_rollup is missing.
. tests/lib/tap.sh
plan 11

if [ ! -r /proc/self/smaps_rollup ]; then
	for _ in $(seq 11); do skip "no /proc/self/smaps_rollup on this kernel (Linux 4.14 and later have it)"; done
	exit 0
fi

# triad at 64 MiB: b[] and c[] (2/3 of it, 44 MiB) are the inherited inputs.
run() {
	"$PB" run --kernels triad --runners pthreads,fork --workers 2 --size 64MiB --reps 1 \
		--warmup 0 --min-time 0 --allow-short --no-report --quiet --out "$1" "${@:2}" >/dev/null 2>"$TMP/err"
}
run "$TMP/plain"
ok $? "triad, pthreads and fork at 2 workers, runs"
run "$TMP/touch" --touch-inherited
ok $? "... and with --touch-inherited"

# field FOLDER RUNNER COLUMN: that column of summary.csv's row for RUNNER.
field() {
	local y="$1/summary.csv"
	awk -F, -v r="$(col "$y" runner)" -v c="$(col "$y" "$3")" -v want="$2" \
		'NR > 1 && $r == want { print $c }' "$y"
}
inputs=$((2 * 64 * 1024 / 3))   # KiB of b[] and c[]
rss=$(field "$TMP/plain" fork maxrss_kib); pss=$(field "$TMP/plain" fork pss_kib)
uss=$(field "$TMP/plain" fork uss_kib)
diag "fork, 2 workers: peak RSS of one $rss KiB, PSS sum $pss KiB, USS sum $uss KiB"
[ -n "$pss" ] && awk -v p="$pss" -v r="$rss" 'BEGIN { exit !(p < 1.5 * r) }'
ok $? "fork shares what it inherited: PSS summed over 2 workers ($pss KiB) < 1.5 x one worker's RSS ($rss KiB)"
[ -n "$uss" ] && [ "$uss" -lt $((inputs / 10)) ]
ok $? "... and their USS ($uss KiB) is under a tenth of the inputs ($inputs KiB)"

rss=$(field "$TMP/touch" fork maxrss_kib); pss=$(field "$TMP/touch" fork pss_kib)
uss=$(field "$TMP/touch" fork uss_kib)
diag "fork --touch-inherited, 2 workers: peak RSS of one $rss KiB, PSS sum $pss KiB, USS sum $uss KiB"
[ -n "$pss" ] && awk -v p="$pss" -v r="$rss" 'BEGIN { exit !(p > 1.6 * r) }'
ok $? "written pages are copied: PSS summed over 2 workers ($pss KiB) > 1.6 x one worker's RSS ($rss KiB)"
[ -n "$uss" ] && [ "$uss" -gt $((2 * inputs * 9 / 10)) ]
ok $? "... and their USS ($uss KiB) holds two copies of the inputs (> 0.9 x 2 x $inputs KiB)"

# Threads: one process, its figures once, the same whether touched or not.
t1=$(field "$TMP/plain" pthreads pss_kib); t2=$(field "$TMP/touch" pthreads pss_kib)
[ -n "$t1" ] && [ "$t1" -gt $((64 * 1024 * 9 / 10)) ] && [ "$t1" -lt $((64 * 1024 * 3 / 2)) ]
ok $? "pthreads: the process's PSS counted once ($t1 KiB: the 64 MiB data set, not twice it)"
[ -n "$t2" ] && awk -v a="$t1" -v b="$t2" 'BEGIN { d = a - b; exit !(d < 4096 && d > -4096) }'
ok $? "--touch-inherited leaves threads alone: $t1 vs $t2 KiB"
s="$TMP/plain/samples.csv"
[ -n "$(col "$s" pss_kib)" ] && [ -n "$(col "$s" uss_kib)" ]
ok $? "samples.csv has pss_kib and uss_kib"

# The report: a "Memory for N workers" section, and the plot where gnuplot is.
"$PB" report "$TMP/touch" >/dev/null 2>"$TMP/err"
grep -q '^## Memory for N workers' "$TMP/touch/report.md" &&
	grep -q -- '--touch-inherited' "$TMP/touch/report.md" &&
	grep -q '^- \*\*fork\*\* (processes' "$TMP/touch/report.md"
ok $? "report.md has \"Memory for N workers\", says the run touched what it inherited, a sentence per model"
if command -v gnuplot >/dev/null; then
	[ -s "$TMP/touch/plots/memory-triad.png" ] && [ -s "$TMP/touch/plots/memory-triad.svg" ]
	ok $? "plots/memory-triad.png and .svg are drawn"
else
	skip "no gnuplot: the memory plot is not drawn"
fi
