#!/usr/bin/env bash
# What the plots draw, checked in their data files and SVG text (never a
# timing): the speedup intervals come from both sides' repetitions and
# hold the speedup, the same on every redraw; the time plot has a point per
# repetition and a unit from the data; a sweep labels sizes in KiB/MiB,
# has error bars, readable series names and a note for a cache level past
# the sizes; gnuplot prints no warning on any of them.
. tests/lib/tap.sh
plan 14

run="$TMP/small-run"
cp -r tests/fixtures/small-run "$run"
"$PB" report "$run" >"$TMP/log" 2>&1
is "$?" 0 "parbench report redraws the fixture run"
is "$(grep -ci 'warning\|error' "$TMP/log")" 0 "gnuplot printed no warning or error"

sp="$run/plots/data/speedup-pi.dat"
is "$(awk 'NF && NF != 5' "$sp" | wc -l)" 0 "speedup data rows: workers speedup lo hi n"
is "$(awk 'NF && !($3 <= $2 && $2 <= $4)' "$run"/plots/data/speedup-*.dat | wc -l)" 0 \
	"every interval holds its speedup: lo <= speedup <= hi"
is "$(awk 'NF && $5 > 0 && $3 < $4' "$sp" | wc -l)" "$(awk 'NF' "$sp" | wc -l)" \
	"with samples.csv every point of pi has an interval of some width and its repetition count"
cp "$sp" "$TMP/first.dat"
"$PB" report "$run" >/dev/null 2>&1
cmp -s "$sp" "$TMP/first.dat"
ok $? "a redraw gives the same intervals (the bootstrap's seed is fixed)"
grep -q 'bootstrap interval' "$run/plots/speedup-pi.svg" && grep -q 'bootstrap interval' "$run/report.md"
ok $? "the speedup plot and report.md say how the bars are made"

td="$run/plots/data/time-pi.dat"
s="$run/samples.csv"
reps=$(awk -F, -v w="$(col "$s" warmup)" -v v="$(col "$s" verified)" -v p="$(col "$s" pattern)" \
	'NR > 1 && $1 == "pi" && $w == 0 && $v == 1 && $p == "none"' "$s" | wc -l)
is "$(awk '/^$/ { b++ } b >= 2 && NF == 4' "$td" | wc -l)" "$reps" \
	"the time plot has a point per measured repetition of pi ($reps)"
grep -q 'time per run (ms)' "$run/plots/time-pi.svg"
ok $? "pi's time axis is in ms (its runs take a few ms)"

# Without samples.csv (an older run): bars alone, intervals the points, no warning.
old="$TMP/old"
cp -r tests/fixtures/run "$old"
"$PB" report "$old" >"$TMP/oldlog" 2>&1
is "$?:$(grep -ci 'warning\|error' "$TMP/oldlog")" "0:0" "a run without samples.csv still draws, without a warning"

sw="$TMP/sw"
"$PB" sweep --from 16KiB --to 64KiB --steps 1 --kernels triad --runners serial,pthreads --workers 1,2 --reps 3 \
	--min-time 0 --quiet --out "$sw" >"$TMP/swlog" 2>&1
is "$?:$(grep -ci 'warning:' "$TMP/swlog")" "0:0" "a small sweep draws without a gnuplot warning"
is "$(awk 'NF && !(NF == 4 && $3 <= $2 && $2 <= $4)' "$sw/plots/data/rate-triad.dat" | wc -l)" 0 \
	"sweep rows: bytes value lo hi, lo <= value <= hi"
svg="$sw/plots/rate-triad.svg"
grep -q '>16 KiB<' "$svg" && ! grep -q '>16ki<' "$svg"
ok $? "sweep sizes read 16 KiB, not 16ki"
l3=$(sed -n 's/.*"l3_bytes": *\([0-9]*\).*/\1/p' "$sw/meta.json")
if [ "${l3:-0}" -gt 65536 ]; then
	grep -q 'pthreads, 2 workers' "$svg" && grep -q 'L3 (.*) is beyond the sizes drawn' "$svg"
	ok $? "the legend says 'pthreads, 2 workers'; a note says L3 is beyond the sizes"
else
	grep -q 'pthreads, 2 workers' "$svg"
	ok $? "the legend says 'pthreads, 2 workers' (no L3 beyond 64 KiB here)"
fi
