#!/usr/bin/env bash
# --trace, end to end: one traced run per configuration in trace.csv, held
# intervals that never overlap under gil (mutual exclusion, read from the
# CSV), chunks that cover every item exactly once, one gate per worker, a
# timeline plot per configuration and a Timelines section in report.md;
# without --trace, no trace.csv. The samples are not affected: the traced
# run is not a repetition.
. tests/lib/tap.sh
plan 11

out="$TMP/t"
"$PB" run --kernels primes,pi,sleep --runners serial,gil,pthreads,fork,openmp --pool --workers 1,2 \
	--schedule static,dynamic --quick --switch-interval 0.2 --trace --out "$out" --quiet >"$TMP/stdout" 2>&1
is "$?" 0 "a traced run exits 0"
t="$out/trace.csv"
ok "$([ -s "$t" ]; echo $?)" "trace.csv is written"

configs=$(($(wc -l < "$out/summary.csv") - 1))
is "$(awk -F, -v e="$(col "$t" event)" '$e == "run"' "$t" | wc -l)" "$configs" \
	"one traced run per configuration ($configs)"

# Per configuration (everything before the worker column): held intervals
# sorted by start never begin before the previous one ended.
key='{ k = ""; for (i = 1; i < w; i++) k = k $i "," }'
held_overlaps=$(awk -F, -v w="$(col "$t" worker)" -v e="$(col "$t" event)" -v s="$(col "$t" start_s)" -v en="$(col "$t" end_s)" \
	"$key"' $e == "held" { print k, $s, $en }' "$t" | sort -k1,1 -k2,2g |
	awk '$1 == prev && $2 < end { bad++ } { if ($1 != prev || $3 > end) end = $3; prev = $1 } END { print bad + 0 }')
is "$held_overlaps" 0 "gil: no two held intervals overlap, in any configuration"
nheld=$(awk -F, -v e="$(col "$t" event)" -v r="$(col "$t" runner)" '$e == "held" && $r == "gil"' "$t" | wc -l)
ok "$([ "$nheld" -gt 12 ]; echo $?)" "gil: the trace holds its held intervals ($nheld)"
ok "$(awk -F, -v e="$(col "$t" event)" -v r="$(col "$t" runner)" '$e == "held" && $r != "gil" { bad++ } END { exit bad > 0 }' "$t"; echo $?)" \
	"only gil has held intervals"

# Chunks: per configuration, the items covered add up to the items, and
# sorted by their first item none overlaps the next.
# Every configuration has a "run" row (printed with lo = hi = 0, which
# overlaps nothing): one with no chunk at all fails the sum.
cover=$(awk -F, -v w="$(col "$t" worker)" -v e="$(col "$t" event)" -v lo="$(col "$t" lo)" -v hi="$(col "$t" hi)" -v it="$(col "$t" items)" \
	"$key"' $e == "chunk" || $e == "run" { print k, $lo, $hi, $it }' "$t" | sort -k1,1 -k2,2n -k3,3n |
	awk '$1 == prev && $2 < end { bad++ } { sum[$1] += $3 - $2; items[$1] = $4; end = $3; prev = $1 }
	     END { for (k in sum) if (sum[k] != items[k]) bad++; print bad + 0 }')
is "$cover" 0 "chunks cover every item exactly once, in every configuration"
gates=$(awk -F, -v e="$(col "$t" event)" -v r="$(col "$t" runner)" -v w="$(col "$t" worker)" -v ws="$(col "$t" workers)" \
	"$key"' $e == "run" && $r != "serial" { want[k] = $ws } $e == "gate" { got[k]++ } END { for (k in want) if (got[k] != want[k]) bad++; print bad + 0 }' "$t")
is "$gates" 0 "one gate event per worker in every configuration but serial"

is "$(ls "$out"/plots/trace-*.png | wc -l)" "$configs" "a timeline plot per configuration"
grep -q "^## Timelines (--trace)" "$out/report.md"
ok $? "report.md has the Timelines section"

"$PB" run --kernels pi --runners serial,gil --workers 2 --quick --out "$TMP/u" --quiet >/dev/null 2>&1
ok "$([ ! -e "$TMP/u/trace.csv" ] && ! grep -q "Timelines" "$TMP/u/report.md"; echo $?)" "without --trace: no trace.csv, no Timelines"
