#!/usr/bin/env bash
# What `parbench run` does to fit its time budget, as the run's header and
# meta.json say it: the configurations it leaves out because they repeat
# another's work (a dynamic schedule at 1 worker). No timing is asserted.
. tests/lib/tap.sh
plan 4

out="$TMP/left"
"$PB" run --kernels pi,sleep --runners serial,pthreads,fork --workers 1,2 --schedule static,dynamic \
	--quick --reps 1 --warmup 0 --min-time 0 --no-report --out "$out" >"$TMP/log" 2>&1
is "$?" 0 "a run with static and dynamic at 1 and 2 workers exits 0"
s="$out/summary.csv"
got=$(awk -F, -v r="$(col "$s" runner)" -v w="$(col "$s" workers)" -v c="$(col "$s" schedule)" \
	'NR > 1 && $w == 1 { print $r "/" $c }' "$s" | sort -u | paste -sd' ')
is "$got" "fork/static pthreads/static serial/static" "at 1 worker only static runs"
grep -q '^parbench: 4 configurations left out: at 1 worker every schedule is the same work' "$TMP/log"
ok $? "the header says how many were left out (2 kernels x 2 runners) and why"
grep -A3 '"configurations_left_out"' "$out/meta.json" | tr -d ' \n' | grep -q '^"configurations_left_out":\[{"count":4,"why":"at1workereveryscheduleisthesamework'
ok $? "meta.json records the count and the reason"
