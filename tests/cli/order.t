#!/usr/bin/env bash
# --order: interleaved (default) runs one repetition of each configuration in
# turn, round after round; sequential runs each configuration's together.
# Both visit every configuration exactly warm-up + reps times.
. tests/lib/tap.sh
plan 6

run() { "$PB" run --kernels pi --runners serial,gil,pthreads --workers 2 --quick --reps 4 --warmup 1 \
	--min-time 0 --no-report --quiet "$@" >/dev/null 2>&1; }
# Each sample row's configuration, in the order the runs happened.
seq_of() { awk -F, -v r="$(col "$1/samples.csv" runner)" -v w="$(col "$1/samples.csv" workers)" \
	'NR > 1 { print $r "/" $w }' "$1/samples.csv"; }

run --out "$TMP/i"; is "$?" 0 "interleaved run exits 0"
is "$(seq_of "$TMP/i" | sort | uniq -c | awk '{print $1}' | sort -u | tr '\n' ' ')" "5 " \
	"interleaved: every configuration ran 1 warm-up + 4 repetitions"
# Round robin: each window of 3 consecutive runs holds the 3 configurations.
is "$(seq_of "$TMP/i" | paste -d' ' - - - | awk '{ if ($1 == $2 || $2 == $3 || $1 == $3) bad++ } END { print bad + 0 }')" 0 \
	"interleaved: every round of 3 runs visits each configuration once"

run --order sequential --out "$TMP/s"; is "$?" 0 "sequential run exits 0"
is "$(seq_of "$TMP/s" | uniq | wc -l)" 3 "sequential: each configuration's 5 runs come together"
"$PB" run --order random --quick >"$TMP/bad" 2>&1
is "$?:$(wc -l < "$TMP/bad")" "2:1" "--order random is refused in one line, exit 2"
