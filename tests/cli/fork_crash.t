#!/usr/bin/env bash
# A fork worker that dies (test hook) fails its configuration with the
# signal named; the other configurations and kernels go on; exit status 1.
. tests/lib/tap.sh
plan 7

out="$TMP/run"
"$PB" run --kernels pi,sleep --runners serial,fork,pthreads --workers 2 --test-crash-worker 1 \
	--quick --reps 1 --warmup 0 --min-time 0 --no-report --out "$out" >"$TMP/log" 2>"$TMP/err"
is "$?" 1 "the run exits 1: some configuration failed"
y="$out/summary.csv"
st=$(col "$y" status); r=$(col "$y" runner); k=$(col "$y" kernel); v=$(col "$y" verified)
fork_pi=$(awk -F, -v r="$r" -v k="$k" -v st="$st" '$r == "fork" && $k == "pi" { print $st }' "$y")
case "$fork_pi" in
	"failed: worker 1 (fork) killed by signal 11 (SIGSEGV"*) ok 0 "fork on pi failed naming worker 1 and SIGSEGV ($fork_pi)" ;;
	*) ok 1 "fork on pi failed naming worker 1 and SIGSEGV (got '$fork_pi')" ;;
esac
is "$(awk -F, -v r="$r" -v k="$k" -v v="$v" '$r == "fork" && $k == "sleep" { print $v }' "$y")" 0 "fork on sleep failed too, and says verified=0"
is "$(awk -F, -v r="$r" -v st="$st" 'NR > 1 && $r != "fork" && $st == "ok"' "$y" | wc -l)" 4 "serial and pthreads on both kernels still ran and passed"
grep -q 'some configurations failed' "$TMP/err"
ok $? "stderr says some configurations failed"
grep -q '"status": "complete"' "$out/meta.json"
ok $? "the run itself completed (meta.json)"
s="$out/samples.csv"; e=$(col "$s" error)
is "$(awk -F, -v e="$e" '$e ~ /SIGSEGV/' "$s" | wc -l)" 2 "samples.csv keeps the failed repetitions with the reason"
