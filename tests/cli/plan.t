#!/usr/bin/env bash
# Placement plans on machines we do not have (HWLOC_SYNTHETIC, and an XML
# fixture), asserted line by line; bad policies and counts exit 2; on such a
# topology binding is "skipped", never "passed". On this machine, --bind
# cores puts every worker of every runner on its planned PU.
. tests/lib/tap.sh
plan 24

# expect NAME TOPOLOGY POLICY WORKERS <<< expected worker lines
expect() {
	local name=$1 topo=$2 policy=$3 workers=$4 want got
	want=$(cat)
	got=$(HWLOC_SYNTHETIC="$topo" "$PB" plan --bind "$policy" --workers "$workers" | grep '^worker ')
	is "$got" "$want" "$name"
}

SMT="pack:2 core:4 pu:2"
expect "2 packages x 4 cores x 2 PUs, cores, 4 workers: first PU of each core" "$SMT" cores 4 <<'E'
worker 0: PU L#0 (P#0), core L#0, package L#0
worker 1: PU L#2 (P#2), core L#1, package L#0
worker 2: PU L#4 (P#4), core L#2, package L#0
worker 3: PU L#6 (P#6), core L#3, package L#0
E
expect "cores, 8 workers: the second package after the first" "$SMT" cores 8 <<'E'
worker 0: PU L#0 (P#0), core L#0, package L#0
worker 1: PU L#2 (P#2), core L#1, package L#0
worker 2: PU L#4 (P#4), core L#2, package L#0
worker 3: PU L#6 (P#6), core L#3, package L#0
worker 4: PU L#8 (P#8), core L#4, package L#1
worker 5: PU L#10 (P#10), core L#5, package L#1
worker 6: PU L#12 (P#12), core L#6, package L#1
worker 7: PU L#14 (P#14), core L#7, package L#1
E
expect "threads, 4 workers: both hyperthreads of a core first" "$SMT" threads 4 <<'E'
worker 0: PU L#0 (P#0), core L#0, package L#0
worker 1: PU L#1 (P#1), core L#0, package L#0
worker 2: PU L#2 (P#2), core L#1, package L#0
worker 3: PU L#3 (P#3), core L#1, package L#0
E
expect "spread, 2 workers: one per package" "$SMT" spread 2 <<'E'
worker 0: PU L#0 (P#0), core L#0, package L#0
worker 1: PU L#8 (P#8), core L#4, package L#1
E
expect "spread, 4 workers: two per package, cores apart" "$SMT" spread 4 <<'E'
worker 0: PU L#0 (P#0), core L#0, package L#0
worker 1: PU L#4 (P#4), core L#2, package L#0
worker 2: PU L#8 (P#8), core L#4, package L#1
worker 3: PU L#12 (P#12), core L#6, package L#1
E
expect "none: nobody is bound" "$SMT" none 2 <<'E'
worker 0: unbound (the OS decides)
worker 1: unbound (the OS decides)
E
expect "a machine without SMT, cores, 4 workers" "pack:1 core:4 pu:1" cores 4 <<'E'
worker 0: PU L#0 (P#0), core L#0, package L#0
worker 1: PU L#1 (P#1), core L#1, package L#0
worker 2: PU L#2 (P#2), core L#2, package L#0
worker 3: PU L#3 (P#3), core L#3, package L#0
E

HWLOC_SYNTHETIC="$SMT" "$PB" plan --bind cores --workers 2 | grep -q '^plan: .*binding skipped: the topology is not this machine$'
ok $? "on a synthetic topology the plan says binding is skipped"

got=$(HWLOC_XMLFILE=tests/fixtures/l3-2cores-smt.xml "$PB" plan --bind threads --workers 3 | grep '^worker ')
is "$got" "worker 0: PU L#0 (P#0), core L#0, L1d L#0 (32 KiB), L2 L#0 (4 MiB), L3 L#0 (16 MiB), package L#0
worker 1: PU L#1 (P#1), core L#0, L1d L#0 (32 KiB), L2 L#0 (4 MiB), L3 L#0 (16 MiB), package L#0
worker 2: PU L#2 (P#2), core L#1, L1d L#1 (32 KiB), L2 L#1 (4 MiB), L3 L#0 (16 MiB), package L#0" \
	"an XML topology (tests/fixtures): threads, with each worker's caches"

HWLOC_SYNTHETIC="pack:1 core:4 pu:1" "$PB" plan --bind cores --workers 6 >/dev/null 2>"$TMP/err"
is "$?:$(cat "$TMP/err")" "2:parbench: --bind cores: 6 workers but 4 cores here (allowed: at most 4)" \
	"6 workers on 4 cores under cores: exit 2 naming both numbers"
HWLOC_SYNTHETIC="pack:1 core:4 pu:1" "$PB" run --bind cores --workers 6 --kernels sleep --out "$TMP/r6" >/dev/null 2>"$TMP/err"
is "$?:$([ -e "$TMP/r6" ] && echo written || echo nothing)" "2:nothing" "run refuses the same before writing anything"
echo '<topology' > "$TMP/bad.xml"
HWLOC_XMLFILE="$TMP/bad.xml" "$PB" plan >/dev/null 2>"$TMP/err"
is "$?:$(grep -c "HWLOC_XMLFILE='$TMP/bad.xml'" "$TMP/err")" "2:1" "an XML file hwloc cannot load: exit 2 naming it"
"$PB" plan --bind nowhere >/dev/null 2>"$TMP/err"
is "$?:$(cat "$TMP/err")" "2:parbench: unknown --bind 'nowhere': allowed are none, cores, threads, spread, cpus (with --cpus LIST)" "an unknown policy: exit 2 naming it"

HWLOC_SYNTHETIC="$SMT" "$PB" run --bind cores --workers 2 --kernels sleep --runners serial,pthreads \
	--items 2 --reps 1 --warmup 0 --min-time 0 --no-report --out "$TMP/syn" >"$TMP/log" 2>&1
rc=$?
grep -q 'binding skipped: the topology is not this machine' "$TMP/log"
is "$rc:$?" "0:0" "run --bind on a synthetic topology runs, and says binding was skipped"

# --compare-smt: cores and threads at the worker counts both can place.
HWLOC_SYNTHETIC="pack:1 core:2 pu:2" "$PB" run --compare-smt --kernels pi --runners serial,pthreads \
	--workers 1,2,4 --quick --reps 1 --warmup 0 --min-time 0 --no-report --out "$TMP/smt" >/dev/null 2>&1
y="$TMP/smt/summary.csv"
got=$(awk -F, -v r="$(col "$y" runner)" -v w="$(col "$y" workers)" -v b="$(col "$y" bind)" \
	'NR > 1 && $r == "pthreads" { print $w "/" $b }' "$y" | sort | paste -sd' ')
is "$got" "1/cores 1/none 1/threads 2/cores 2/none 2/threads 4/none" \
	"--compare-smt on 2 cores x 2 PUs: cores and threads at 1 and 2 workers, 4 workers unbound only"
HWLOC_SYNTHETIC="pack:1 core:2 pu:1" "$PB" run --compare-smt --kernels pi --runners serial \
	--quick --reps 1 --warmup 0 --min-time 0 --no-report --out "$TMP/nosmt" >"$TMP/log" 2>&1
grep -q 'no hyperthreads here (2 PUs on 2 cores): --compare-smt has nothing to compare' "$TMP/log" &&
	[ "$(awk -F, -v b="$(col "$TMP/nosmt/summary.csv" bind)" 'NR > 1 && $b != "none"' "$TMP/nosmt/summary.csv" | wc -l)" -eq 0 ]
ok $? "--compare-smt without SMT says so in one line and runs unbound only"

# run's default --workers (plan_ladder): 1, 2, 4, ... up to the cores, the
# cores when they are not a power of two, the PUs when there are more (SMT).
ladder() { HWLOC_SYNTHETIC="$1" "$PB" plan | sed -n "s/^run's default --workers: \([0-9,]*\) .*/\1/p"; }
is "$(ladder "$SMT")" "1,2,4,8,16" "ladder, 2 packages x 4 cores x 2 PUs: powers of two to 8 cores, then 16 PUs"
is "$(ladder "pack:1 core:6 pu:2")" "1,2,4,6,12" "ladder, 6 cores x 2 PUs: 6 cores, then 12 PUs"
is "$(ladder "pack:1 core:12 pu:1")" "1,2,4,8,12" "ladder, 12 cores without SMT: no PU count added"
is "$(ladder "pack:1 core:1 pu:1")" "1" "ladder, one PU: 1"
is "$(ladder "pack:4 core:32 pu:4")" "1,2,4,8,16,32,64,128,256" \
	"ladder, 128 cores x 4 PUs: the cores, then the PUs capped at the 256 workers parbench runs"
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
	got=$(taskset -c 0 "$PB" plan | sed -n "s/^run's default --workers: \([0-9,]*\) .*/\1/p")
	is "$got" "1" "ladder under an affinity mask of one PU (taskset -c 0): 1"
else
	skip "taskset cannot pin this process to PU 0: the ladder under an affinity mask is not checked"
fi
HWLOC_SYNTHETIC="pack:1 core:3 pu:2" "$PB" run --kernels sleep --runners serial,pthreads --items 2 \
	--reps 1 --warmup 0 --min-time 0 --no-report --out "$TMP/ladder" >/dev/null 2>&1
y="$TMP/ladder/summary.csv"
got=$(awk -F, -v r="$(col "$y" runner)" -v w="$(col "$y" workers)" 'NR > 1 && $r == "pthreads" { print $w }' "$y" | sort -n | paste -sd,)
is "$got" "1,2,3,6" "run without --workers on 3 cores x 2 PUs: pthreads at 1, 2, 3 and 6 workers"

# This machine: every worker of every runner finishes on its planned PU.
n=$("$PB" plan --bind cores | grep -c '^worker ')
n=$(( n < 2 ? n : 2 ))
if ! "$PB" plan | grep -q 'CPU affinity'; then
	want=$("$PB" plan --bind cores --workers "$n" | sed -n 's/^worker [0-9]*: PU L#[0-9]* (P#\([0-9]*\)).*/\1/p' | paste -sd';')
	"$PB" run --bind cores --workers "$n" --kernels pi --runners all --quick --reps 2 --min-time 0 \
		--no-report --out "$TMP/bound" >/dev/null 2>&1
	s="$TMP/bound/samples.csv"; r=$(col "$s" runner); cp=$(col "$s" cpus); w=$(col "$s" warmup)
	bad=$(awk -F, -v r="$r" -v cp="$cp" -v w="$w" -v want="$want" 'NR > 1 && $w == 0 && $r != "serial" && $cp != want' "$s" | wc -l)
	is "$bad" 0 "--bind cores on this machine: every runner's workers finished on PUs $want"
else
	skip "this process may not use every PU (affinity): binding on this machine not checked"
fi
