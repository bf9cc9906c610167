#!/usr/bin/env bash
# --topology DIR: hyperthreads as parbench topology measured them
# (DIR/siblings.csv), for a VM that hides SMT from hwloc. The fixture
# plants one sibling pair, P#0+P#1, on a synthetic machine of 4 single-PU
# cores: cores keeps two workers off that pair, threads fills it first,
# and --compare-smt finds something to compare. No timing is asserted.
. tests/lib/tap.sh
plan 10

F=tests/fixtures/topology-siblings
NOSMT="pack:1 core:4 pu:1"
got=$(HWLOC_SYNTHETIC="$NOSMT" "$PB" plan --bind cores --workers 3 --topology "$F" | grep -e '^worker ' -e '^cores:')
is "$got" "cores: measured, from $F/siblings.csv (P#0+P#1)
worker 0: PU L#0 (P#0), core L#0, measured sibling of P#1, package L#0
worker 1: PU L#2 (P#2), core L#2, package L#0
worker 2: PU L#3 (P#3), core L#3, package L#0" "cores, 3 workers: not two on the measured pair 0,1; the plan names the file"
got=$(HWLOC_SYNTHETIC="$NOSMT" "$PB" plan --bind threads --workers 3 --topology "$F" | grep '^worker ' | sed 's/, core.*//')
is "$got" "worker 0: PU L#0 (P#0)
worker 1: PU L#1 (P#1)
worker 2: PU L#2 (P#2)" "threads, 3 workers: the measured pair first"
got=$(HWLOC_SYNTHETIC="$NOSMT" "$PB" plan --bind cores --workers 3 --topology "measured=$F" | grep '^worker ' | sed 's/ (P#\([0-9]*\)).*/ \1/')
is "$got" "worker 0: PU L#0 0
worker 1: PU L#2 2
worker 2: PU L#3 3" "--topology measured=DIR is the same"
got=$(HWLOC_SYNTHETIC="$NOSMT" "$PB" plan --bind cores --workers 2 | grep -e '^cores:' -e '^worker ' | sed 's/, core.*//')
is "$got" "cores: hwloc (the cores it sees)
worker 0: PU L#0 (P#0)
worker 1: PU L#1 (P#1)" "without --topology: hwloc's cores, and the plan says so"
HWLOC_SYNTHETIC="$NOSMT" "$PB" plan --bind cores --workers 4 --topology "$F" >/dev/null 2>"$TMP/err"
is "$?:$(cat "$TMP/err")" "2:parbench: --bind cores: 4 workers but 3 cores (measured siblings) here (allowed: at most 3; threads and spread use every PU)" \
	"cores, 4 workers on 3 measured cores: exit 2"
got=$(HWLOC_SYNTHETIC="$NOSMT" "$PB" plan --topology "$F" | sed -n "s/^run's default --workers: \([0-9,]*\) .*/\1/p")
is "$got" "1,2,3,4" "run's default --workers: 3 measured cores, then 4 PUs"

HWLOC_SYNTHETIC="$NOSMT" "$PB" run --compare-smt --topology "$F" --kernels pi --runners serial,pthreads \
	--workers 1,2,4 --quick --reps 1 --warmup 0 --min-time 0 --no-report --out "$TMP/smt" >/dev/null 2>&1
y="$TMP/smt/summary.csv"
got=$(awk -F, -v r="$(col "$y" runner)" -v w="$(col "$y" workers)" -v b="$(col "$y" bind)" \
	'NR > 1 && $r == "pthreads" { print $w "/" $b }' "$y" | sort | paste -sd' ')
is "$got" "1/cores 1/none 1/threads 2/cores 2/none 2/threads 4/none" \
	"--compare-smt with measured siblings where hwloc sees no SMT: cores and threads at 1 and 2 workers"
grep -q '"cores_source": "measured siblings (--topology)"' "$TMP/smt/meta.json"
ok $? "meta.json says the cores came from measured siblings"

"$PB" plan --topology "$TMP/nowhere" >/dev/null 2>"$TMP/err"
is "$?:$(grep -c "$TMP/nowhere/siblings.csv" "$TMP/err")" "2:1" "a folder without siblings.csv: exit 2 naming the file"
mkdir -p "$TMP/badpu"
printf 'os_a,os_b,slowdown,verdict\n0,9,1.9,sibling\n' >"$TMP/badpu/siblings.csv"
HWLOC_SYNTHETIC="$NOSMT" "$PB" plan --topology "$TMP/badpu" >/dev/null 2>"$TMP/err"
is "$?:$(cat "$TMP/err")" "2:parbench: $TMP/badpu/siblings.csv, line 2: os_b '9' is no PU here (OS indexes of this topology's PUs)" \
	"a pair naming a PU the topology lacks: exit 2 naming the file, line and value"
