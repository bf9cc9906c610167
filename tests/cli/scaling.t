#!/usr/bin/env bash
# --scaling strong|weak|both (the scaling dimension, bench/dims.c): weak
# gives each worker serial's items, so its rows at p workers run p times
# the items, their speedup against serial's rate is the scaled one, weak
# at 1 worker is left out where strong runs (the same work), a
# cache-relative size that already gives each worker its share is left as
# it is, and the report has the weak rows in their own section, not in the
# strong plots.
. tests/lib/tap.sh
plan 8

"$PB" run --quick --kernels pi --runners serial,pthreads --workers 1,2 --scaling both \
	--out "$TMP/w" >"$TMP/out" 2>"$TMP/err"
is "$?" 0 "a quick run with --scaling both"
y="$TMP/w/summary.csv"
rows() { csv_flat "$y" | awk -F , -v r="$(col "$y" runner)" -v w="$(col "$y" workers)" -v s="$(col "$y" scaling)" \
	-v n="$(col "$y" items)" 'NR > 1 { print $r "/" $w "/" $s "/" $n }' | sort | tr '\n' ' '; }
base=$(csv_flat "$y" | awk -F , -v r="$(col "$y" runner)" -v n="$(col "$y" items)" 'NR > 1 && $r == "serial" { print $n }')
is "$(rows)" "pthreads/1/strong/$base pthreads/2/strong/$base pthreads/2/weak/$((2 * base)) serial/1/strong/$base " \
	"weak runs twice the items at 2 workers; weak at 1 worker is left out (strong's work)"
grep -q "left out: weak at 1 worker is strong's work" "$TMP/out"
ok $? "... and the run says so"
sp=$(csv_flat "$y" | awk -F , -v r="$(col "$y" runner)" -v s="$(col "$y" scaling)" -v c="$(col "$y" speedup)" \
	'NR > 1 && $r == "pthreads" && $s == "weak" { print $c }')
[ -n "$sp" ]
ok $? "the weak row has its scaled speedup against serial's rate ($sp)"
grep -q '^## Weak scaling' "$TMP/w/report.md" && grep -q "| pi | pthreads | static | 2 | $((2 * base)) |" "$TMP/w/report.md"
ok $? "report.md has the weak rows in a section of their own"
is "$(grep -c '^2 ' "$TMP/w/plots/data/speedup-pi.dat")" 1 "the strong speedup plot has one point at 2 workers, not the weak one too"

"$PB" run --quick --kernels triad --runners serial,pthreads --workers 2 --size 0.5*L2 --scaling weak \
	--no-report --out "$TMP/l2" >/dev/null 2>&1
y="$TMP/l2/summary.csv"
is "$(csv_flat "$y" | awk -F , -v s="$(col "$y" size_rule)" 'NR > 1 && /weak: already per worker/ { n++ } END { print n + 0 }')" 1 \
	"a cache-relative size already gives each worker its share: weak leaves it (size_rule says so)"

"$PB" run --quick --kernels pi --scaling sideways --out "$TMP/bad" >/dev/null 2>"$TMP/err"
is "$?:$(wc -l <"$TMP/err"):$(grep -c "unknown --scaling 'sideways': allowed are strong, weak, both" "$TMP/err")" "2:1:1" \
	"a bad --scaling: exit 2, one line naming it and what is allowed"
