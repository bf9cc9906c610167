#!/usr/bin/env bash
# parbench overheads: a quick run writes a row for every primitive x bind x
# workers (a positive, finite median, or a reason why not), the plot, the
# report and a complete meta.json; bad input exits 2 with one line and
# writes nothing; --out follows run's rules. No timing is asserted.
. tests/lib/tap.sh
plan 27

is_png() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; }
prims=$("$PB" overheads --help | awk '/^  --primitives/ { on = 1; next } on && /^      [a-z]/ { print $1; next } on { exit }')
nprims=$(echo "$prims" | wc -w)
[ "$nprims" -ge 10 ]
ok $? "overheads --help lists the primitives ($nprims)"

out="$TMP/ovh"
timeout 120 "$PB" overheads --quick --out "$out" >"$TMP/log" 2>&1
rc=$?
is "$rc" 0 "overheads --quick exits 0"
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$TMP/log" | tail -n 20
# overheads.csv is RFC 4180 (a text field with a comma is quoted): read a flat
# copy, one field per column, with awk -F, as before.
csv_flat "$out/overheads.csv" >"$TMP/overheads.flat.csv"
csv="$TMP/overheads.flat.csv"
missing=""
for c in primitive model op workers bind median_us min_us max_us cv inner outer reference_us status note; do
	[ -n "$(col "$csv" "$c")" ] || missing="$missing $c"
done
is "$missing" "" "overheads.csv has the columns"
is "$(awk -F, 'NR == 1 { n = NF } NF != n { bad++ } END { print bad + 0 }' "$csv")" 0 \
	"every row has as many fields as the header"

# Every primitive x bind x workers, once.
want=$(for p in $prims; do for b in none cores; do for w in 1 2; do echo "$p,$b,$w"; done; done; done | sort)
got=$(awk -F, -v P="$(col "$csv" primitive)" -v B="$(col "$csv" bind)" -v W="$(col "$csv" workers)" \
	'NR > 1 { print $P "," $B "," $W }' "$csv" | sort)
is "$got" "$want" "a row for each of the $nprims primitives x {none, cores} x {1, 2} workers"

# ok: a positive, finite median within [min, max]; otherwise a reason.
bad=$(awk -F, -v S="$(col "$csv" status)" -v M="$(col "$csv" median_us)" -v L="$(col "$csv" min_us)" \
	-v H="$(col "$csv" max_us)" -v P="$(col "$csv" primitive)" '
	function num(x) { return x ~ /^-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$/ }
	# The median must be positive; the fastest outer go may dip below the
	# reference loop (noise), so min may be negative.
	NR > 1 {
		if ($S == "ok") { if (!num($M) || $M + 0 <= 0 || !num($L) || !num($H) || $M + 0 < $L + 0 || $M + 0 > $H + 0) print NR ": " $P " median " $M " min " $L " max " $H }
		else if ($S !~ /^(skipped|unresolved): ..../) print NR ": " $P " " $S
	}' "$csv")
is "$bad" "" "every row is ok with a positive finite median, or skipped/unresolved with its reason"
ok "$(grep -c ',ok,' "$csv" | awk -v n="$nprims" '{ print ($1 >= n) ? 0 : 1 }')" \
	"at least one measured row per primitive on average ($(grep -c ',ok,' "$csv") ok rows)"
grep -q '^mutex-handoff,.*,1,none,.*skipped: two parties on one PU need a binding' "$csv"
ok $? "a pair on one PU without binding is skipped with the reason"
grep -q "^fork-exec,.*program .*parbench-exit0" "$csv"
ok $? "fork-exec records the program it runs"

grep -q '"generator": "parbench"' "$out/meta.json" && grep -q '"status": "complete"' "$out/meta.json" &&
	grep -q '"subcommand": "overheads"' "$out/meta.json" && grep -q '"clock_tick_ns": [0-9]' "$out/meta.json"
ok $? "meta.json: parbench's marker, complete, the subcommand and the clock tick"
is_png "$out/plots/overheads.png" && grep -q '<svg' "$out/plots/overheads.svg"
ok $? "the plot is written as PNG and SVG"
grep -q '^## What the numbers show' "$out/overheads.md" && grep -q '!\[cost of each primitive\](plots/overheads.png)' "$out/overheads.md"
ok $? "overheads.md has the sentences and shows the plot"
is "$(grep -c '^| [a-z0-9-]* | [a-z]* | [0-9]' "$out/overheads.md")" "$((nprims * 4))" "overheads.md has a table line per row"

# Bad input: exit 2, one line naming the value, nothing written.
check() { bad_input "overheads" "$@"; }
check "unknown option" "'--bogus'" --bogus
check "reps zero" "'0'" --reps 0
check "reps not a number" "'many'" --reps many
check "unknown primitive, with the allowed ones" "'spawn'" --primitives thread-create,spawn
check "empty primitive item" "'atomic-add,'" --primitives atomic-add,
check "min-time negative" "'-1'" --min-time -1
check "warmup-time not a number" "'soon'" --warmup-time soon

mkdir -p "$TMP/theirs" && echo keep > "$TMP/theirs/notes.txt"
"$PB" overheads --quick --primitives atomic-add --out "$TMP/theirs" >/dev/null 2>"$TMP/stderr"
is "$?:$(cat "$TMP/theirs/notes.txt"):$(ls "$TMP/theirs" | wc -l):$(wc -l < "$TMP/stderr")" "2:keep:1:1" \
	"a non-empty --out that is no parbench run: exit 2, one line, left alone"

# An earlier overheads folder may be reused: its plot and report go first.
"$PB" overheads --quick --primitives atomic-add --no-report --out "$out" >/dev/null 2>&1
is "$?" 0 "a second run into an earlier overheads folder is allowed"
[ ! -e "$out/overheads.md" ] && [ ! -e "$out/plots/overheads.png" ] &&
	[ "$(awk -F, 'NR > 1 && $1 != "atomic-add"' "$out/overheads.csv" | wc -l)" -eq 0 ]
ok $? "it removed the earlier plot and report; the table is the new run's alone"

# Placement that the machine cannot honour is a skip with its reason.
HWLOC_SYNTHETIC="pack:1 core:1 pu:1" "$PB" overheads --quick --primitives pipe-threads --no-report \
	--out "$TMP/one" >/dev/null 2>&1
is "$?" 0 "on a synthetic 1-core topology the run still completes"
is "$(grep -c ',cores,.*skipped: ' "$TMP/one/overheads.csv")" 2 \
	"there, both --bind cores rows are skipped, each with its reason"

# Interrupted: meta.json says so; the rows measured are kept.
"$PB" overheads --primitives gil-5ms --reps 200 --no-report --out "$TMP/int" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do
	[ "$({ wc -l < "$TMP/int/overheads.csv"; } 2>/dev/null || echo 0)" -ge 2 ] && break
	sleep 0.1
done
kill -INT "$pid"
wait "$pid"
is "$?" 130 "SIGINT stops overheads with status 130"
grep -q '"status": "interrupted"' "$TMP/int/meta.json"
ok $? "and meta.json says interrupted"
