#!/usr/bin/env bash
# What `parbench run` does to fit its time budget, as the run's header and
# meta.json say it: the configurations it leaves out because they repeat
# another's work (a dynamic schedule at 1 worker); when a configuration
# stops repeating (the rule, how each stopped, the reps column within the
# minimum and the cap). No timing is asserted.
. tests/lib/tap.sh
plan 9

# json_get FILE EXPR: a value of meta.json by a Python expression on m.
json_get() { python3 -c "import json, sys; m = json.load(open(sys.argv[1])); print($2)" "$1"; }

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

# The stopping rule: at least --reps and --min-time, then to the median's
# precision or the cap (3 x --reps, 2.5 x --min-time); each way counted.
# sleep's runs are 1 ms or more, so 0.005 s is reached within the cap.
out="$TMP/reps"
"$PB" run --kernels sleep --runners serial,pthreads --workers 1,2 --items 2 --reps 3 --min-time 0.005 \
	--warmup 0 --no-report --out "$out" >"$TMP/log" 2>&1
is "$?" 0 "a run with the adaptive rule exits 0"
grep -q '^parbench: repetitions: after 3 repetitions and 0.005 s: stop when the 95 % confidence interval of the median (order statistics) is within +-1 % of it; cap 9 repetitions or 0.0125 s measured$' "$TMP/log"
ok $? "the header states the rule with its cap"
s="$out/summary.csv"
is "$(awk -F, -v n="$(col "$s" reps)" 'NR > 1 && ($n < 3 || $n > 9)' "$s" | wc -l)" 0 \
	"every configuration's reps column is within --reps and the cap"
if command -v python3 >/dev/null 2>&1; then
	is "$(json_get "$out/meta.json" "m['repetitions_rule'][:42] + ' ' + str(sum(m['repetitions_stopped'].values()))")" \
		"after 3 repetitions and 0.005 s: stop when 3" "meta.json: the rule, and how each of the 3 configurations stopped"
	"$PB" run --kernels sleep --runners serial,pthreads --workers 1,2 --quick --no-report --out "$TMP/quick" >/dev/null 2>&1
	is "$(json_get "$TMP/quick/meta.json" "m['repetitions_rule'][:6] + ' ' + str(m['repetitions_stopped']['fixed'])")" \
		"fixed: 3" "--quick: a fixed count, every configuration stopped there"
else
	skip "no python3 to read meta.json"
	skip "no python3 to read meta.json"
fi
