#!/usr/bin/env bash
# Every kernel x every runner (pools included) x workers {1,2,3} x {static, dynamic} at small
# sizes gives serial's checksum: asserted from samples.csv, independently of
# the harness's own check, and every configuration says verified.
. tests/lib/tap.sh
plan 14

out="$TMP/run"
"$PB" run --kernels all --runners all --pool --workers 1,2,3 --schedule static,dynamic \
	--quick --reps 2 --warmup 1 --min-time 0 --no-report --out "$out" >"$TMP/log" 2>&1
rc=$?
is "$rc" 0 "the full product runs and exits 0"
[ $rc -eq 0 ] || sed 's/^/#   /' "$TMP/log"

s="$out/samples.csv"; y="$out/summary.csv"
k=$(col "$s" kernel); r=$(col "$s" runner); c=$(col "$s" checksum); v=$(col "$s" verified)
nk=$("$PB" list | awk '/^kernels:/ {on = 1; next} /^runners:/ {on = 0} on' | wc -l)
nr=$("$PB" list | awk '/^runners:/ {on = 1; next} on' | wc -l)
# serial runs once per kernel; every other runner static at 1 worker (the
# dynamic schedule repeats it there) and 2 worker counts x 2 schedules.
# spawn's runners leave out write (its unnamed files do not reach a new process).
nsp=$("$PB" list | awk '/^runners:/ {on = 1; next} on && $1 ~ /^spawn/' | wc -l)
is "$(($(wc -l < "$y") - 1))" "$((nk * (1 + (nr - 1) * 5) - nsp * 5))" \
	"summary has one row per configuration ($nk kernels, $nr runners; write not under $nsp spawn runners)"
is "$(awk -F, -v k="$k" 'NR > 1 && !s[$k]++' "$s" | wc -l)" "$nk" "samples cover every kernel"
is "$(awk -F, -v r="$r" 'NR > 1 && !s[$r]++' "$s" | wc -l)" "$nr" "samples cover every runner"

# For each kernel, every sample's checksum equals the serial sample's.
bad=$(awk -F, -v k="$k" -v r="$r" -v c="$c" '
	NR > 1 && $r == "serial" { ref[$k] = $c }
	NR > 1 { all[NR] = $k SUBSEP $c; kern[NR] = $k }
	END { for (i in all) { split(all[i], p, SUBSEP); if (!(p[1] in ref) || p[2] != ref[p[1]]) n++ } print n + 0 }' "$s")
is "$bad" 0 "every repetition's checksum equals serial's for its kernel"
is "$(awk -F, -v v="$v" 'NR > 1 && $v != 1' "$s" | wc -l)" 0 "every repetition is marked verified"
# Known answers for the quick sizes, computed independently of parbench:
# primes in [1000000, 1040000) = 2905; pi's 2000000 splitmix64 points give
# 1570378 hits; sleep's 40 items sum to 1 + ... + 40 = 820.
serial_sum() { awk -F, -v k="$k" -v r="$r" -v c="$c" -v want="$1" '$k == want && $r == "serial" { print $c; exit }' "$s"; }
is "$(serial_sum primes)" 2905 "primes: 2905 primes in [1000000, 1040000)"
is "$(serial_sum pi)" 1570378 "pi: 1570378 of 2000000 points inside the circle"
is "$(serial_sum sleep)" 820 "sleep: items 1..40 sum to 820"
st=$(col "$y" status)
is "$(awk -F, -v st="$st" 'NR > 1 && $st != "ok"' "$y" | wc -l)" 0 "every configuration's status is ok"
w=$(col "$s" warmup)
is "$(awk -F, -v w="$w" 'NR > 1 && $w == 1' "$s" | wc -l)" "$(($(wc -l < "$y") - 1))" "one warm-up row per configuration, flagged warmup=1"
is "$(awk -F, -v w="$w" 'NR > 1 && $w == 0' "$s" | wc -l)" "$((2 * ($(wc -l < "$y") - 1)))" "two measured rows per configuration"
# Resource figures: a worker's CPU time is counted from its start to its
# finish, so the sum over the workers cannot pass workers x the run's wall
# time (1 ms and 5 % of slack for the clocks); under the gil, CPU-bound
# workers take turns, so together they use about one CPU, never two.
cpu=$(col "$s" cpu_seconds); sec=$(col "$s" seconds); wk=$(col "$s" workers)
is "$(awk -F, -v cpu="$cpu" -v sec="$sec" -v w="$wk" 'NR > 1 && ($cpu == "" || $cpu > $w * $sec * 1.05 + 0.001)' "$s" | wc -l)" 0 \
	"every repetition's CPU seconds are recorded and at most workers x seconds"
is "$(awk -F, -v cpu="$cpu" -v sec="$sec" -v r="$r" -v k="$k" 'NR > 1 && $r == "gil" && ($k == "pi" || $k == "primes") && $cpu > $sec * 1.3 + 0.001' "$s" | wc -l)" 0 \
	"gil: CPU-bound workers together use at most about one CPU"
