#!/usr/bin/env bash
# --mem local|interleave|node:N: planned on a synthetic machine with two
# NUMA nodes (each worker's node, where the pages would go); bad values
# exit 2 naming them; on this machine a run with --mem binds its memory
# where there are several nodes and says why not where there is one (or
# the topology is not this machine). No placement of pages is asserted.
. tests/lib/tap.sh
plan 8

N="pack:2 numa:1 core:4 pu:2"
got=$(HWLOC_SYNTHETIC="$N" "$PB" plan --bind spread --workers 2 --mem interleave | grep -e '^worker ' -e '^memory:')
is "$got" "worker 0: PU L#0 (P#0), core L#0, package L#0, NUMA node L#0
worker 1: PU L#8 (P#8), core L#4, package L#1, NUMA node L#1
memory: --mem interleave: pages round-robin over NUMA nodes 0 to 1" "interleave on 2 nodes: each worker's node, pages over both"
got=$(HWLOC_SYNTHETIC="$N" "$PB" plan --bind cores --workers 1 --mem node:1 | grep '^memory:')
is "$got" "memory: --mem node:1: every page on NUMA node L#1 (P#1)" "node:1: every page there"
got=$(HWLOC_SYNTHETIC="$N" "$PB" plan --bind cores --workers 1 --mem local | grep '^memory:')
is "$got" "memory: --mem local: each page on the node of the CPU that first touches it, of 2 NUMA nodes" "local: first touch"
HWLOC_SYNTHETIC="$N" "$PB" plan --mem node:2 >/dev/null 2>"$TMP/err"
is "$?:$(cat "$TMP/err")" "2:parbench: bad --mem 'node:2': no NUMA node 2 here (nodes 0 to 1, hwloc's logical numbers)" \
	"a node the machine lacks: exit 2 naming it"
HWLOC_SYNTHETIC="$N" "$PB" run --kernels triad --runners serial --mem near --quick --out "$TMP/bad" >/dev/null 2>"$TMP/err"
is "$?:$([ -e "$TMP/bad" ] && echo written || echo nothing):$(cat "$TMP/err")" \
	"2:nothing:parbench: unknown --mem 'near': allowed are local, interleave, node:N (N from 0 to 1)" \
	"run refuses an unknown policy before writing anything"

HWLOC_SYNTHETIC="$N" "$PB" run --kernels triad --runners serial --mem interleave --quick --quiet --no-report \
	--out "$TMP/syn" >"$TMP/out" 2>&1
grep -q '"mem_note": "--mem interleave not applied: the topology is not this machine"' "$TMP/syn/meta.json"
ok $? "on a synthetic topology meta.json says --mem was not applied, and why"

"$PB" run --kernels triad --runners serial,pthreads --workers 2 --mem interleave --quick --quiet --no-report \
	--out "$TMP/here" >"$TMP/out" 2>&1
rc=$?
note=$(sed -n 's/^ *"mem_note": "\(.*\)",$/\1/p' "$TMP/here/meta.json")
case "$note" in
"--mem interleave applied (hwloc_set_membind)") is "$rc" 0 "this machine has several NUMA nodes: --mem interleave applied, run exit 0" ;;
*"one NUMA node"*) skip "this machine has one NUMA node: --mem not applied ($note; rc $rc)" ;;
*) is "$rc:$note" "0:applied or one node" "--mem interleave on this machine" ;;
esac

pages=$(sed -n 's/^ *"mem_pages": "\(.*\)",$/\1/p' "$TMP/here/meta.json")
if [ -r /proc/self/numa_maps ]; then
	case "$pages" in
	triad:\ N[0-9]*\ *%*pages) ok 0 "meta.json: where triad's pages went by NUMA node ($pages)" ;;
	*) ok 1 "meta.json: where triad's pages went by NUMA node (got '$pages')" ;;
	esac
else
	skip "no /proc/self/numa_maps here: pages are not located"
fi
