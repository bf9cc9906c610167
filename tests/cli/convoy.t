#!/usr/bin/env bash
# parbench convoy: a quick run writes a row for every mode x interval x CPU
# threads x placement (measured, skipped or starved, with the reason), whose
# numbers agree with each other and with the latency bins (every operation
# counted once); the gil's counts follow its rules (nobody to hand off to
# with 0 CPU threads, no request in old mode, no forced wait without forced
# switching, io-priority asks); the plots, convoy.md and a complete
# meta.json; bad input exits 2 with one line and writes nothing. No timing
# is asserted.
. tests/lib/tap.sh
plan 41

is_png() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; }

"$PB" convoy --help >"$TMP/help" 2>&1
is "$?" 0 "convoy --help exits 0"
grep -q -- '--cpu-threads' "$TMP/help" && grep -q -- '--bind B,B' "$TMP/help" && grep -q -- '--io-time' "$TMP/help"
ok $? "convoy --help names its options"
"$PB" help | grep -q '^  convoy '
ok $? "parbench help lists convoy"

out="$TMP/cv"
timeout 120 "$PB" convoy --quick --out "$out" >"$TMP/log" 2>&1
rc=$?
is "$rc" 0 "convoy --quick exits 0"
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$TMP/log" | tail -n 20
# convoy.csv is RFC 4180 (a text field with a comma is quoted): read a flat
# copy, one field per column, with awk -F, as before.
csv_flat "$out/convoy.csv" >"$TMP/convoy.flat.csv"
csv="$TMP/convoy.flat.csv"
missing=""
for c in io bind pu mode interval_ms cpu_threads unit_us ops seconds ops_per_s min_us median_us p90_us \
	p99_us max_us mean_us slowdown cpu_units cpu_units_per_s cpu_busy handoffs drop_requests honoured \
	forced_waits releases wait_s status warning; do
	[ -n "$(col "$csv" "$c")" ] || missing="$missing $c"
done
is "$missing" "" "convoy.csv has the columns"
is "$(awk -F, 'NR == 1 { n = NF } NF != n { bad++ } END { print bad + 0 }' "$csv")" 0 \
	"every row has as many fields as the header"

# Every configuration once: 4 modes x 3 intervals x 3 counts x 3 placements.
want=$(for b in none one two; do for i in 5 1 0.1; do for m in new old new-noforce io-priority; do
	for c in 0 1 2; do echo "$b,$i,$m,$c"; done; done; done; done | sort)
got=$(awk -F, -v B="$(col "$csv" bind)" -v I="$(col "$csv" interval_ms)" -v M="$(col "$csv" mode)" \
	-v C="$(col "$csv" cpu_threads)" 'NR > 1 { print $B "," $I "," $M "," $C }' "$csv" | sort)
is "$got" "$want" "a row for each of 4 modes x 3 intervals x 0-2 CPU threads x 3 placements (108)"

# A prelude for the checks below: columns by name.
prelude='BEGIN { FS = "," } NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
function v(n) { return $(col[n]) }
function num(x) { return x ~ /^[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$/ }
function id() { return NR ": " v("bind") " " v("mode") " " v("interval_ms") " " v("cpu_threads") }'
check() { awk "$prelude$1" "$csv"; }

bad=$(check '
	v("status") == "ok" && !(v("ops") + 0 >= 1) { print id() " ok with no operation" }
	v("status") != "ok" && v("status") !~ /^(skipped|starved): ..../ { print id() " " v("status") }')
is "$bad" "" "every row is ok with operations, or skipped or starved with its reason"
ok "$(grep -c ',none,.*,ok,' "$csv" | awk '{ print ($1 >= 24) ? 0 : 1 }')" \
	"most unbound rows are measured ($(grep -c ',none,.*,ok,' "$csv") of 36 ok)"

bad=$(check '
	v("status") == "ok" {
		for (i = split("seconds ops_per_s min_us median_us p90_us p99_us max_us mean_us unit_us", f, " "); i > 0; i--)
			if (!num(v(f[i])) || v(f[i]) + 0 <= 0) print id() " " f[i] " = " v(f[i])
		if (!(v("min_us") + 0 <= v("median_us") + 0 && v("median_us") + 0 <= v("p90_us") + 0 &&
		      v("p90_us") + 0 <= v("p99_us") + 0 && v("p99_us") + 0 <= v("max_us") + 0))
			print id() " percentiles out of order"
		if (v("mean_us") + 0 < v("min_us") * 0.9999 || v("mean_us") + 0 > v("max_us") * 1.0001)
			print id() " mean outside min..max"
	}')
is "$bad" "" "ok rows: positive numbers, min <= median <= p90 <= p99 <= max, mean within"

# Every operation counted: one after the other, they fit in the window, and
# the rate is their count over it.
bad=$(check '
	v("status") == "ok" {
		if (v("ops") * v("mean_us") / 1e6 > v("seconds") * 1.0001 + 1e-6) print id() " ops x mean > window"
		r = v("ops") / v("seconds"); d = r - v("ops_per_s"); if (d < 0) d = -d
		if (d > 1e-4 * r + 1e-3) print id() " ops_per_s " v("ops_per_s") " != " r
	}')
is "$bad" "" "ops x mean latency fits in the window, and ops/s = ops / window"

hist="$out/convoy-latency.csv"
is "$(head -n 1 "$hist")" "io,bind,mode,interval_ms,cpu_threads,lo_us,hi_us,count" "convoy-latency.csv has its header"
bad=$(awk -F, '
	FNR == 1 { f++; next }
	f == 1 { k = $2 "," $3 "," $4 "," $5; n[k] += $8; if (!($6 + 0 < $7 + 0) || !($8 + 0 >= 1)) print "bin " FNR
		 if (!(k in lo) || $6 + 0 < lo[k]) lo[k] = $6 + 0; if ($7 + 0 > hi[k]) hi[k] = $7 + 0; next }
	f == 2 { k = $B "," $M "," $I "," $C
		 if ($S == "ok") { if (n[k] != $O + 0) print k " bins " n[k] " ops " $O
		                   if (lo[k] > $MIN * 1.0001 || hi[k] < $MAX * 0.9999) print k " bins do not span min..max" }
		 else if (k in n) print k " has bins but is " $S }' \
	B="$(col "$csv" bind)" M="$(col "$csv" mode)" I="$(col "$csv" interval_ms)" C="$(col "$csv" cpu_threads)" \
	S="$(col "$csv" status)" O="$(col "$csv" ops)" MIN="$(col "$csv" min_us)" MAX="$(col "$csv" max_us)" \
	"$hist" "$csv")
is "$bad" "" "every operation is in one latency bin: the bins of a row add up to its ops and span min..max"

# The gil's counts, from its rules.
bad=$(check '
	v("status") == "ok" && v("cpu_threads") == 0 && (v("handoffs") != 0 || v("drop_requests") != 0 ||
	    v("forced_waits") != 0 || v("honoured") != 0 || v("wait_s") + 0 != 0 || v("cpu_units") != 0) { print id() }')
is "$bad" "" "0 CPU threads: nobody to hand off to (the echo thread is outside the gil): no hand-off, request, forced wait or wait"
bad=$(check 'v("status") == "ok" && v("mode") == "old" && (v("drop_requests") != 0 || v("forced_waits") != 0) { print id() }')
is "$bad" "" "old: no drop request and no forced wait, ever"
bad=$(check 'v("status") == "ok" && v("mode") == "new-noforce" && v("forced_waits") != 0 { print id() }')
is "$bad" "" "new-noforce: no forced wait"
bad=$(check 'v("status") == "ok" && (v("honoured") + 0 > v("drop_requests") + 1 || v("forced_waits") + 0 > v("drop_requests") + 1) { print id() }')
is "$bad" "" "honoured requests and forced waits never outnumber the requests (+1 made before the window)"
n_iop=$(check 'v("status") == "ok" && v("mode") == "io-priority" && v("cpu_threads") > 0 { n++ } END { print n + 0 }')
bad=$(check 'v("status") == "ok" && v("mode") == "io-priority" && v("cpu_threads") > 0 && !(v("drop_requests") > 0) { print id() }')
is "$bad" "" "io-priority with CPU threads: the returning IO thread asked for the lock ($n_iop rows)"
bad=$(check '
	v("status") == "ok" && v("cpu_threads") == 0 { base[v("bind"), v("mode"), v("interval_ms")] = v("median_us")
		if (v("slowdown") != 1) print id() " baseline slowdown " v("slowdown") }
	v("status") == "ok" && v("cpu_threads") > 0 && ((v("bind"), v("mode"), v("interval_ms")) in base) {
		r = v("median_us") / base[v("bind"), v("mode"), v("interval_ms")]; d = r - v("slowdown")
		if (d < 0) d = -d; if (d > 1e-3 * r) print id() " slowdown " v("slowdown") " != " r }')
is "$bad" "" "slowdown = median / the 0-CPU-thread median of the same placement, mode and interval"
bad=$(check 'v("bind") == "one" && v("status") == "ok" && v("pu") !~ /^[0-9]+$/ { print id() }
	v("bind") == "two" && v("status") == "ok" && v("pu") !~ /^[0-9]+;[0-9]+$/ { print id() }
	v("bind") == "none" && v("pu") != "" { print id() }')
is "$bad" "" "the pu column: one PU for one, two for two, none unbound"
bad=$(check 'v("status") == "ok" && v("bind") == "one" && v("echo_same_cpu") != 1 { print id() " " v("echo_same_cpu") }
	v("status") == "ok" && v("bind") == "two" && v("echo_same_cpu") != 0 { print id() " " v("echo_same_cpu") }
	v("status") == "ok" && !(v("echo_same_cpu") >= 0 && v("echo_same_cpu") <= 1) { print id() " " v("echo_same_cpu") }')
is "$bad" "" "the echo thread answered from the IO thread's CPU always on one PU, never on two"

grep -q '"generator": "parbench"' "$out/meta.json" && grep -q '"status": "complete"' "$out/meta.json" &&
	grep -q '"subcommand": "convoy"' "$out/meta.json" && grep -q '"io": "pipe"' "$out/meta.json" &&
	grep -q '"unit_us": 2,' "$out/meta.json" && grep -q '"timer_slack_ns": 1,' "$out/meta.json"
ok $? "meta.json: parbench's marker, complete, the subcommand, io, unit and timer slack"
is_png "$out/plots/convoy.png" && grep -q '<svg' "$out/plots/convoy.svg" &&
	is_png "$out/plots/convoy-cpu.png" && grep -q '<svg' "$out/plots/convoy-cpu.svg"
ok $? "the plots are written as PNG and SVG"
grep -q '^## Key numbers' "$out/convoy.md" && grep -q '^## What the numbers show' "$out/convoy.md" &&
	grep -q 'bpo-7946' "$out/convoy.md" && grep -q '!\[.*\](plots/convoy.png)' "$out/convoy.md"
ok $? "convoy.md has the key numbers, the sentences, CPython's measurement and the plot"
is "$(grep -c '^| [A-Za-z ]*\( (P#[0-9;]*)\)\{0,1\} | [a-z-]* | [0-9.]* | [0-9] | ' "$out/convoy.md")" 108 \
	"convoy.md's table has a line per row"

# Bad input: exit 2, one line naming the value, nothing written.
check_bad() { bad_input "convoy" "$@"; }
check_bad "unknown option" "'--bogus'" --bogus
check_bad "unknown mode, with the allowed ones" "'fair': allowed are new, old, new-noforce, io-priority" --modes new,fair
check_bad "interval zero" "'0'" --intervals 5,0
check_bad "empty interval item" "'5,,1'" --intervals 5,,1
check_bad "too many CPU threads" "'9'" --cpu-threads 0,9
check_bad "unknown placement" "'cores'" --bind none,cores
check_bad "unknown blocking call" "'disk'" --io disk
check_bad "io-time without a unit" "'20'" --io-time 20
check_bad "sleep of nothing" "'0'" --io sleep --io-time 0
check_bad "gil-unit as a count" "'64'" --gil-unit 64
check_bad "duration zero" "'0'" --duration 0

mkdir -p "$TMP/theirs" && echo keep > "$TMP/theirs/notes.txt"
"$PB" convoy --quick --modes new --intervals 1 --out "$TMP/theirs" >/dev/null 2>"$TMP/stderr"
is "$?:$(cat "$TMP/theirs/notes.txt"):$(ls "$TMP/theirs" | wc -l):$(wc -l < "$TMP/stderr")" "2:keep:1:1" \
	"a non-empty --out that is no parbench run: exit 2, one line, left alone"

# Binding that the topology cannot do is a skip with its reason; --io sleep.
HWLOC_SYNTHETIC="pack:1 core:2 pu:1" "$PB" convoy --quick --modes io-priority --intervals 1 --io sleep \
	--no-report --out "$TMP/syn" >/dev/null 2>&1
is "$?" 0 "on a synthetic topology, with --io sleep, the run still completes"
is "$(grep -c ',\(one\|two\),.*skipped: binding is not possible' "$TMP/syn/convoy.csv"):$(grep -c '^sleep,none,.*,ok,' "$TMP/syn/convoy.csv")" \
	"6:3" "there, the one and two rows are skipped with the reason, and the unbound ones measured"

# Interrupted: meta.json says so; the rows measured are kept.
"$PB" convoy --modes new --intervals 5 --duration 0.5 --no-report --out "$TMP/int" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do
	[ "$({ wc -l < "$TMP/int/convoy.csv"; } 2>/dev/null || echo 0)" -ge 2 ] && break
	sleep 0.1
done
kill -INT "$pid"
wait "$pid"
is "$?" 130 "SIGINT stops convoy with status 130"
grep -q '"status": "interrupted"' "$TMP/int/meta.json" && [ "$(wc -l < "$TMP/int/convoy.csv")" -ge 2 ]
ok $? "and meta.json says interrupted; the rows measured are kept"
