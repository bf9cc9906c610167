#!/usr/bin/env bash
# parbench breakeven: item counts from a serial calibration, one per task
# size, every model with and without a pool, a plot and the report's
# break-even lines; bad options exit 2 with one line.
. tests/lib/tap.sh
plan 7

out="$TMP/be"
"$PB" breakeven --from 10us --to 1ms --steps 1 --runners serial,pthreads,fork --reps 2 --warmup 0 \
	--min-time 0 --quiet --out "$out" >"$TMP/log" 2>&1
is "$?" 0 "a small breakeven run exits 0"
y="$out/summary.csv"
items=$(awk -F, -v i="$(col "$y" items)" -v r="$(col "$y" runner)" 'NR > 1 && $r == "serial" { print $i }' "$y" | tr '\n' ' ')
# 10us, 100us, 1ms: three counts, each about 10x the one before.
is "$(echo "$items" | awk '{ ok = NF == 3; for (i = 2; i <= NF; i++) if ($i < 5 * $(i - 1) || $i > 20 * $(i - 1)) ok = 0; print ok }')" 1 \
	"three task sizes a decade apart ($items)"
is "$(awk -F, -v r="$(col "$y" runner)" 'NR > 1 { print $r }' "$y" | sort -u | tr '\n' ' ')" "fork fork-pool pthreads pthreads-pool serial " \
	"every model runs, with and without a pool"
[ -s "$out/plots/breakeven-pi.png" ] && [ -s "$out/plots/breakeven-pi.svg" ]
ok $? "the break-even plot is drawn (PNG and SVG)"
is "$(grep -c '^- pi: .*: cold .*; warm ' "$out/report.md")" 4 "report.md gives cold and warm break-even for each of the 4 models"
"$PB" breakeven --kernel triad >"$TMP/bad1" 2>&1
is "$?:$(wc -l < "$TMP/bad1"):$(grep -c "triad.*allowed are" "$TMP/bad1")" "2:1:1" "a kernel with a data set is refused in one line, exit 2"
"$PB" breakeven --from 5 >"$TMP/bad2" 2>&1
is "$?:$(wc -l < "$TMP/bad2")" "2:1" "a time without a unit is refused in one line, exit 2"
