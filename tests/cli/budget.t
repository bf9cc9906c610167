#!/usr/bin/env bash
# What `parbench run` does to fit its time budget, as the run's header and
# meta.json say it: the configurations it leaves out because they repeat
# another's work (a dynamic schedule at 1 worker); when a configuration
# stops repeating (the rule, how each stopped, the reps column within the
# minimum and the cap); the sizes its start-up probe chose. No timing is
# asserted.
. tests/lib/tap.sh
plan 14

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
"$PB" report "$out" >/dev/null 2>&1
grep -q '4 configurations left out, at 1 worker every schedule is the same work' "$out/report.md"
ok $? "report.md says so too, beside the repetitions"

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

# Sizes from the start-up probe (no --items, --size or --quick): items for
# a kernel without a data set, passes for a memory kernel (its footprint
# stays), nothing for read; what was chosen in the header, meta.json and
# the items column. The numbers themselves depend on the machine.
out="$TMP/probe"
"$PB" run --kernels pi,triad,read --runners serial,pthreads --workers 1,2 --reps 1 --warmup 0 \
	--min-time 0 --no-report --out "$out" >"$TMP/log" 2>&1
is "$?" 0 "a run at the default sizes exits 0"
grep -q '^parbench: sizes from a serial probe of each kernel, for runs of at least 20 ms at 2 workers (serial at most 1 s):$' "$TMP/log" &&
	grep -q '^  pi: [0-9]* items (probe: [0-9]* in [0-9.]* ms)$' "$TMP/log" &&
	grep -q '^  triad: 4194304 items, \([0-9.]*x its\|its own\) passes or loads a run (probe: [0-9.]* ms a run)$' "$TMP/log" &&
	grep -q '^  read: 16384 items, its default' "$TMP/log"
ok $? "the header says what the probe chose for each kernel"
if command -v python3 >/dev/null 2>&1; then
	s="$out/summary.csv"
	pi_items=$(awk -F, -v k="$(col "$s" kernel)" -v n="$(col "$s" items)" 'NR > 1 && $k == "pi" { print $n; exit }' "$s")
	is "$(json_get "$out/meta.json" "' '.join('%s:%s:%d:%s' % (k['kernel'], k['chosen'], k['items'], k['work'] >= 1) for k in m['sizes_probe']['kernels'])")" \
		"pi:items:$pi_items:True triad:passes or loads:4194304:True read:default:16384:True" \
		"meta.json: pi's items (as run), triad's footprint kept and its passes grown or kept, read's default"
	"$PB" run --kernels pi --runners serial --items 1000 --reps 1 --no-report --out "$TMP/given" >"$TMP/log" 2>&1
	is "$(json_get "$TMP/given/meta.json" "m['sizes_probe'][:5]"):$(grep -c 'sizes from a serial probe' "$TMP/log")" "none::0" \
		"--items: no probe, and meta.json says so"
else
	skip "no python3 to read meta.json"
	skip "no python3 to read meta.json"
fi
