#!/usr/bin/env bash
# parbench run --pattern queue (Process + Queue): every runner that takes
# it (pools too) x --payload 0, 64, 64KiB gives serial's checksum (no
# pattern) on pi; every task was taken once and its result filed once
# (each run checks both per-task counters and fails otherwise, so every
# status must be ok); a fork worker killed mid-run fails its configuration
# naming the signal, within a bound, with no child left behind; a bad
# --payload is refused with one line and exit 2. No timing is asserted.
. tests/lib/tap.sh
plan 17

out="$TMP/run"
"$PB" run --kernels pi --runners all --pool --workers 2 --pattern none,queue --payload 0,64,64KiB \
	--chunksize 4096 --quick --reps 2 --warmup 1 --min-time 0 --no-report --out "$out" >"$TMP/log" 2>&1
rc=$?
is "$rc" 0 "every runner x payload runs and exits 0"
[ $rc -eq 0 ] || sed 's/^/#   /' "$TMP/log"
s="$out/samples.csv"; y="$out/summary.csv"
r=$(col "$s" runner); c=$(col "$s" checksum); p=$(col "$s" pattern); pl=$(col "$s" payload)
bad=$(awk -F, -v r="$r" -v c="$c" -v p="$p" '
	NR > 1 && $r == "serial" && $p == "none" { ref = $c }
	NR > 1 && $p == "queue" { all[NR] = $c }
	END { for (i in all) if (all[i] != ref) n++; print n + 0 }' "$s")
is "$bad" 0 "every queue repetition's checksum equals serial's"
is "$(awk -F, -v p="$p" -v pl="$pl" 'NR > 1 && $p == "queue" { print $pl }' "$s" | sort -un | tr '\n' ' ')" "0 64 65536 " \
	"samples: the payload column holds 0, 64 and 65536 for queue"
is "$(awk -F, -v p="$p" -v pl="$pl" 'NR > 1 && $p != "queue" && $pl != ""' "$s" | wc -l)" 0 \
	"samples: the payload column is empty for the other patterns"
yr=$(col "$y" runner); yp=$(col "$y" pattern); ypl=$(col "$y" payload)
# serial, gil, pthreads, fork, both pools (openmp has no parent) x 3 payloads.
is "$(awk -F, -v r="$yr" -v p="$yp" -v pl="$ypl" 'NR > 1 && $p == "queue" { print $r "/" $pl }' "$y" | sort -u | wc -l)" 18 \
	"summary: 6 runners x 3 payloads of queue rows"
is "$(awk -F, -v r="$yr" -v p="$yp" 'NR > 1 && $r == "openmp" && $p == "queue"' "$y" | wc -l)" 0 \
	"openmp, from --runners all, is left out of queue"
st=$(col "$y" status)
is "$(awk -F, -v st="$st" 'NR > 1 && $st != "ok"' "$y" | wc -l)" 0 \
	"every configuration's status is ok: each task taken once, each result filed once"
tp=$(col "$y" tasks_per_s)
is "$(awk -F, -v p="$yp" -v tp="$tp" 'NR > 1 && (($p == "queue") != ($tp != "" && $tp > 0))' "$y" | wc -l)" 0 \
	"summary: tasks_per_s for queue rows only"
grep -q '"payload": "0,64,64KiB"' "$out/meta.json"
ok $? "meta.json records --payload"

# A fork worker killed after the gate: the configuration fails naming the
# signal, the parent aborts both queues, nobody hangs, no child is left.
crash="$TMP/crash"
timeout 60 "$PB" run --kernels pi --runners fork,fork-pool,pthreads --pool --workers 2 --pattern queue \
	--payload 64KiB --chunksize 2048 --test-crash-worker 1 --quick --reps 1 --warmup 0 --min-time 0 \
	--no-report --out "$crash" >"$TMP/clog" 2>&1
is "$?" 1 "the crash run ends within 60 s and exits 1 (some configuration failed)"
cs=$(col "$crash/summary.csv" status); cr=$(col "$crash/summary.csv" runner)
is "$(awk -F, -v r="$cr" -v st="$cs" '($r == "fork" || $r == "fork-pool") && $st ~ /^failed: worker 1 \(fork\) killed by signal 11 \(SIGSEGV/' "$crash/summary.csv" | wc -l)" 2 \
	"fork and fork-pool fail naming worker 1 and SIGSEGV"
is "$(awk -F, -v r="$cr" -v st="$cs" '$r == "pthreads" { print $st }' "$crash/summary.csv")" ok \
	"pthreads (no crash hook) still runs and passes"
sleep 0.2
is "$(pgrep -f -- "$crash" | wc -l)" 0 "no child of the crashed run is left"

refuse() {   # refuse NAME ARGS...: exit 2, one line on stderr, nothing written
	local name=$1; shift
	"$PB" run --kernels pi --quick --no-report --out "$TMP/no" "$@" >/dev/null 2>"$TMP/err"
	local got=$?
	is "$got:$(wc -l < "$TMP/err"):$([ -e "$TMP/no" ] && echo written)" "2:1:" "$name ($(cat "$TMP/err"))"
}
refuse "a payload over 1 MiB is refused" --pattern queue --payload 2MiB
refuse "a payload that is no size is refused" --pattern queue --payload lots
refuse "--payload without --pattern queue is refused" --pattern map --payload 64
refuse "openmp named for queue is refused" --runners openmp --pattern queue
