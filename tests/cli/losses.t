#!/usr/bin/env bash
# Where the ideal went (summary.csv's loss_* columns, harness/bench/losses.h):
# the six losses and the efficiency add up to 1 on every parallel row; the
# gil's loss is its lock; a static split of irregular work (primes) idles a
# worker that a fine dynamic schedule keeps busy; a busy thread on a
# worker's PU shows as off-CPU time; fork's copy-on-write page faults show
# as CPU beyond serial's on triad. The cases are built so that the effect
# is large (a factor, not a few per cent); no time is asserted, and the
# comparisons that a busy machine could blur are skipped, saying so, when
# the CPUs were busy just before the run or its workers were off a CPU
# during it (the machine is shared).
. tests/lib/tap.sh
plan 16

# quiet: 0 when the machine's CPUs were at least 80 % idle over the last
# half second (/proc/stat), before a measurement whose comparison another
# program's load would blur; busy_why then says how busy it was.
cpu_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $5 + $6 }' /proc/stat; }
quiet() {
	set -- $(cpu_ticks); sleep 0.5; set -- "$@" $(cpu_ticks)
	busy=$(awk -v t0="$1" -v i0="$2" -v t1="$3" -v i1="$4" 'BEGIN { d = t1 - t0; printf "%.0f", (d > 0 ? 100 * (1 - (i1 - i0) / d) : 0) }')
	busy_why="the machine was busy (CPUs ${busy} % in use by others): a comparison of times would say more of it than of parbench"
	[ "$busy" -lt 20 ]
}

# ran_calm FILE: 0 when no parallel row of FILE had its workers off a CPU
# for more than 10 % of the time (another program took the CPUs during the
# run, after quiet looked); else busy_why says so.
ran_calm() {
	worst=$(csv_flat "$1" | awk -F , -v r="$(col "$1" runner)" -v c="$(col "$1" loss_offcpu)" \
		'NR > 1 && $r != "serial" && $c + 0 > m { m = $c + 0 } END { printf "%.2f", m + 0 }')
	busy_why="workers were off a CPU for up to $worst of the run's time: another program took the CPUs while it ran"
	awk -v w="$worst" 'BEGIN { exit !(w <= 0.10) }'
}

losses="loss_gate loss_imbalance loss_offcpu loss_slowdown loss_serialized loss_other"
# field FILE RUNNER SCHEDULE COLUMN: COLUMN of the 2-worker row of RUNNER/SCHEDULE.
field() {
	csv_flat "$1" | awk -F , -v r="$(col "$1" runner)" -v s="$(col "$1" schedule)" \
		-v w="$(col "$1" workers)" -v c="$(col "$1" "$4")" -v run="$2" -v sch="$3" \
		'NR > 1 && $r == run && $s == sch && $w == 2 { print $c }'
}
# largest FILE RUNNER SCHEDULE: the name of the row's largest loss.
largest() {
	best=""; bv=-9
	for l in $losses; do
		v=$(field "$1" "$2" "$3" "$l")
		if awk -v a="$v" -v b="$bv" 'BEGIN { exit !(a > b) }'; then best=$l; bv=$v; fi
	done
	echo "$best"
}
gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 > b + 0) }'; }

# --- the sum ---------------------------------------------------------------
"$PB" run --quick --kernels pi,primes --runners serial,pthreads,gil,fork,openmp --schedule static,dynamic \
	--workers 1,2 --no-report --quiet --out "$TMP/sum" >/dev/null 2>&1
is "$?" 0 "a quick run of four models"
y="$TMP/sum/summary.csv"
cols=""
for l in efficiency $losses; do cols="$cols $(col "$y" "$l")"; done
bad=$(csv_flat "$y" | awk -F , -v cols="$cols" -v r="$(col "$y" runner)" '
	NR == 1 { n = split(cols, c, " ") }
	NR > 1 && $r != "serial" { rows++; s = 0; for (i = 1; i <= n; i++) { if ($c[i] == "") { empty++; next } s += $c[i] }
		if (s < 0.999 || s > 1.001) { bad++; print "# " $0 " sums to " s > "/dev/stderr" } }
	END { print rows + 0 ":" bad + 0 ":" empty + 0 }')
case "$bad" in
0:*) ok 1 "no parallel row has losses ($bad)" ;;
*:0:0) ok 0 "on all ${bad%%:*} rows of the four models, efficiency and the six losses add up to 1 (within the 4 decimals written)" ;;
*) ok 1 "efficiency and the six losses add up to 1 on every row (rows:bad:empty $bad)" ;;
esac
is "$(csv_flat "$y" | awk -F , -v r="$(col "$y" runner)" -v c="$(col "$y" loss_other)" 'NR > 1 && $r == "serial" { print "[" $c "]" }' | tr -d '\n')" \
	"[][]" "the serial reference's rows have no losses (they are the reference)"
# The raw parts of every measured parallel run: what a worker's time was
# spent on cannot add up to more than the workers x the run's time (a part
# counted twice would).
s="$TMP/sum/samples.csv"
over=$(csv_flat "$s" | awk -F , -v r="$(col "$s" runner)" -v w="$(col "$s" workers)" -v t="$(col "$s" seconds)" \
	-v wu="$(col "$s" warmup)" -v c="$(col "$s" cpu_seconds)" -v g="$(col "$s" gate_s)" -v i="$(col "$s" idle_s)" \
	-v d="$(col "$s" run_delay_s)" -v x="$(col "$s" serial_wait_s)" '
	NR > 1 && $wu == 0 && $t > 0 && $r != "serial" { n++; f = ($c + $g + $i + $d + $x) / ($w * $t); if (f > 1.02) { bad++; print "# " $r " " $w " " f > "/dev/stderr" } }
	END { print n + 0 ":" bad + 0 }')
case "$over" in
0:*) ok 1 "no measured parallel run in samples.csv" ;;
*:0) ok 0 "in all ${over%%:*} measured parallel runs, CPU + gate + idle + run delay + lock waits <= workers x time" ;;
*) ok 1 "a run whose parts add up to more than workers x time (runs:over $over)" ;;
esac
grep -q '"hardware_counters": ' "$TMP/sum/meta.json"
ok $? "meta.json says whether hardware counters could be read ($(sed -n 's/.*"hardware_counters": "\(.*\)",*$/\1/p' "$TMP/sum/meta.json"))"

# --- the gil: its lock ------------------------------------------------------
quiet; calm=$?
"$PB" run --kernels pi --runners serial,gil --workers 2 --items 20000000 --reps 3 --warmup 1 --min-time 0 \
	--no-report --quiet --out "$TMP/gil" >/dev/null 2>&1
y="$TMP/gil/summary.csv"
[ "$calm" = 0 ] && { ran_calm "$y"; calm=$?; }
if [ "$calm" = 0 ]; then
	is "$(largest "$y" gil static)" loss_serialized "gil on pi, 2 threads: the largest loss is loss_serialized"
	gt "$(field "$y" gil static loss_serialized)" 0.15
	ok $? "... and it is a large one ($(field "$y" gil static loss_serialized) of the ideal)"
else
	skip "$busy_why"
	skip "$busy_why"
fi

# --- primes: a static split idles a worker ----------------------------------
quiet; calm=$?
"$PB" run --kernels primes --runners serial,pthreads --schedule static,dynamic:1000 --workers 2 \
	--items 1000000 --reps 3 --warmup 1 --min-time 0 --no-report --quiet --out "$TMP/primes" >/dev/null 2>&1
y="$TMP/primes/summary.csv"
st=$(field "$y" pthreads static loss_imbalance); dy=$(field "$y" pthreads dynamic loss_imbalance)
[ "$calm" = 0 ] && { ran_calm "$y"; calm=$?; }
if [ "$calm" = 0 ]; then
	gt "$st" 0.01
	ok $? "primes, pthreads static: the last worker's larger numbers leave the other idle (loss_imbalance $st)"
	gt "$st" "$(awk -v d="$dy" 'BEGIN { print 2 * d }')"
	ok $? "... which a fine dynamic schedule removes (static $st against dynamic $dy, at most half)"
else
	skip "$busy_why"
	skip "$busy_why"
fi

# --- a busy thread on a worker's PU: off-CPU --------------------------------
if ! command -v taskset >/dev/null || ! taskset -c 1 true 2>/dev/null; then
	skip "taskset or PU 1 (in this process's CPU set) is missing"
	skip "taskset or PU 1 (in this process's CPU set) is missing"
elif ! quiet; then
	skip "$busy_why"
	skip "$busy_why"
else
	taskset -c 1 sh -c 'while :; do :; done' &
	busy=$!
	"$PB" run --kernels pi --runners serial,pthreads --schedule dynamic:1000 --workers 2 --bind cores \
		--items 80000000 --reps 3 --warmup 1 --min-time 0 --no-report --quiet --out "$TMP/busy" >/dev/null 2>&1
	kill "$busy"
	y="$TMP/busy/summary.csv"
	off=$(field "$y" pthreads dynamic loss_offcpu)
	gt "$off" 0.1
	ok $? "a busy loop pinned to PU 1 beside worker 1: loss_offcpu $off (its run delay)"
	is "$(largest "$y" pthreads dynamic)" loss_offcpu "... the largest loss"
fi

# --- fork on triad: copy-on-write page faults -------------------------------
quiet; calm=$?
"$PB" run --kernels triad --runners serial,pthreads,fork --workers 2 --reps 5 --warmup 1 --min-time 0 \
	--no-report --quiet --out "$TMP/triad" >/dev/null 2>&1
y="$TMP/triad/summary.csv"
ff=$(field "$y" fork static minflt); pf=$(field "$y" pthreads static minflt)
gt "$ff" 100 && gt "$ff" "$((10 * pf))"
ok $? "fork on triad takes page faults that threads do not (minor faults a run: fork $ff, pthreads $pf)"
fs=$(field "$y" fork static loss_slowdown); ps=$(field "$y" pthreads static loss_slowdown)
[ "$calm" = 0 ] && { ran_calm "$y"; calm=$?; }
if [ "$calm" = 0 ]; then
	gt "$fs" "$ps"
	ok $? "... and they show as slowdown, CPU beyond serial's (fork $fs, pthreads $ps)"
else
	skip "$busy_why"
fi

# --- the report -------------------------------------------------------------
"$PB" report "$TMP/sum" >/dev/null 2>&1
grep -q '^## Where the ideal went' "$TMP/sum/report.md" && grep -q '^The furthest from the ideal: ' "$TMP/sum/report.md" &&
	[ -s "$TMP/sum/plots/losses-pi.png" ] && [ -s "$TMP/sum/plots/losses-primes.png" ]
ok $? "report.md says where the ideal went, with a sentence and a plot per kernel"

# --- warnings that mean something --------------------------------------------
"$PB" run --quick --kernels pi --runners serial,pthreads --workers 1,2 --no-report --out "$TMP/q" >"$TMP/q.out" 2>/dev/null
! grep -q "repetitions (<" "$TMP/q/summary.csv"
ok $? "--quick does not flag the few repetitions it chose itself"
"$PB" run --kernels pi --runners serial,pthreads --workers 1,2 --reps 3 --min-time 0 --no-report --out "$TMP/r3" >"$TMP/r3.out" 2>/dev/null
! grep -q "only 3 repetitions" "$TMP/r3/summary.csv" && ! grep -Eq "few reps|fewer than" "$TMP/r3.out" &&
	grep -q "^parbench: repetitions: .*3 repetitions" "$TMP/r3.out"
ok $? "--reps 3 is what the user asked for: no row is flagged for it, the header says it once"
