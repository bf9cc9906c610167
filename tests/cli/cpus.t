#!/usr/bin/env bash
# --cpus LIST (--bind cpus): worker i on the list's i-th CPU, written as
# taskset (0,2,4-7) or likwid-pin (S1:0-3) write it; planned on synthetic
# topologies, bound on this machine where it has the CPUs (skipped, and
# said, where it has not). Every bad list exits 2 naming the value.
. tests/lib/tap.sh
plan 10

SMT="pack:2 core:4 pu:2"
got=$(HWLOC_SYNTHETIC="$SMT" "$PB" plan --cpus S1:0-3 --workers 4 | grep -e '^worker ' -e '^plan:')
is "$got" "plan: --bind cpus (--cpus S1:0-3), 4 workers; binding skipped: the topology is not this machine
worker 0: PU L#8 (P#8), core L#4, package L#1
worker 1: PU L#10 (P#10), core L#5, package L#1
worker 2: PU L#12 (P#12), core L#6, package L#1
worker 3: PU L#14 (P#14), core L#7, package L#1" "S1:0-3 on 2 packages x 4 cores x 2 PUs: package 1's cores, first PU each"
got=$(HWLOC_SYNTHETIC="pack:2 numa:1 core:4 pu:2" "$PB" plan --cpus 9@M0:1 | grep '^worker ')
is "$got" "worker 0: PU L#9 (P#9), core L#4, package L#1, NUMA node L#1
worker 1: PU L#2 (P#2), core L#1, package L#0, NUMA node L#0" "9@M0:1: CPU 9, then NUMA node 0's second core, in the order given"

HWLOC_SYNTHETIC="$SMT" "$PB" plan --cpus Q0:1 >/dev/null 2>"$TMP/err"
is "$?:$(cat "$TMP/err")" "2:parbench: bad --cpus 'Q0:1': unknown domain 'Q0' (allowed: N, S<k> package, M<k> NUMA node, C<k> last-level cache)" \
	"an unknown domain: exit 2 naming it"
HWLOC_SYNTHETIC="$SMT" "$PB" plan --cpus 0,2 --workers 3 >/dev/null 2>"$TMP/err"
is "$?:$(cat "$TMP/err")" "2:parbench: --cpus 0,2: 3 workers but 2 CPUs listed (allowed: at most 2)" \
	"more workers than CPUs listed: exit 2 naming both"
"$PB" plan --bind cpus >/dev/null 2>"$TMP/err"
is "$?:$(cat "$TMP/err")" "2:parbench: --bind cpus needs --cpus LIST (such as 0,2,4-7 or S0:0-3)" \
	"--bind cpus without --cpus: exit 2"
HWLOC_SYNTHETIC="$SMT" "$PB" run --kernels pi --runners serial --cpus 0,99 --quick --out "$TMP/bad" >/dev/null 2>"$TMP/err"
is "$?:$([ -e "$TMP/bad" ] && echo written || echo nothing):$(cat "$TMP/err")" \
	"2:nothing:parbench: bad --cpus '0,99': no CPU 99 here (OS indexes 0 to 15)" "run refuses a CPU the machine lacks before writing anything"

if command -v taskset >/dev/null 2>&1 && [ "$(nproc --all)" -ge 2 ] && taskset -c 0 true 2>/dev/null; then
	taskset -c 0 "$PB" plan --cpus 0,1 >/dev/null 2>"$TMP/err"
	is "$?:$(cat "$TMP/err")" "2:parbench: bad --cpus '0,1': CPU 1 is not in this process's affinity mask (0)" \
		"under taskset -c 0, CPU 1: exit 2 naming the mask"
else
	skip "taskset cannot pin this process to PU 0 of two: the affinity refusal is not checked"
fi

# This machine: bound where it has two usable PUs.
if "$PB" plan --cpus 1,0 >"$TMP/plan" 2>/dev/null && grep -q 'binding possible' "$TMP/plan"; then
	got=$(grep -e '^plan:' -e '^worker ' "$TMP/plan" | sed 's/, core.*//')
	is "$got" "plan: --bind cpus (--cpus 1,0), 2 workers; binding possible on this machine
worker 0: PU L#1 (P#1)
worker 1: PU L#0 (P#0)" "plan --cpus 1,0 on this machine: worker 0 on CPU 1, worker 1 on CPU 0" 
	"$PB" run --kernels pi --runners serial,pthreads,openmp,fork --cpus 1,0 --workers 2 --quick --quiet \
		--no-report --out "$TMP/run" >/dev/null 2>&1
	s="$TMP/run/samples.csv"
	got=$(csv_flat "$s" | awk -F, -v r="$(col "$s" runner)" -v c="$(col "$s" cpus)" -v b="$(col "$s" bind)" \
		-v w="$(col "$s" warmup)" 'NR > 1 && $w == 0 { print $r "/" $b "/" $c }' | sort -u | paste -sd' ')
	is "$got" "fork/cpus/1;0 openmp/cpus/1;0 pthreads/cpus/1;0 serial/cpus/1" \
		"run --cpus 1,0: every runner's workers finished on CPUs 1 then 0; bind column cpus"
	"$PB" run --kernels pi --runners pthreads --cpus 1 --workers 2 --quick --out "$TMP/few" >/dev/null 2>"$TMP/err"
	is "$?:$(cat "$TMP/err")" "2:parbench: --cpus 1: 2 workers but 1 CPU listed (allowed: at most 1)" \
		"run with fewer CPUs than workers: exit 2"
else
	for i in 1 2 3; do skip "this process may not run on CPUs 0 and 1: --cpus not bound here"; done
fi
