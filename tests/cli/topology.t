#!/usr/bin/env bash
# parbench topology: a --quick run exits 0 and writes c2c.csv (one row per
# unordered pair of usable PUs), interference.csv (both directions of each
# pair), siblings.csv (its header, what --topology measured reads),
# chase.csv, caches.csv (a row per cache level hwloc names), topology.md
# with the hwloc-says / measured sentences, and the three plots (PNG and
# SVG), which `parbench report` draws again; Ctrl-C leaves meta.json
# interrupted; a synthetic or XML topology is refused (exit 2, one line,
# nothing written); bad options exit 2. No timing is asserted.
. tests/lib/tap.sh
plan 29

is_png() { [ -s "$1" ] && [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; }

"$PB" topology --help >"$TMP/help" 2>&1
is "$?" 0 "topology --help exits 0"
grep -q -- '--quick' "$TMP/help" && grep -q -- '--pairs all|N' "$TMP/help" && grep -q -- '--out DIR' "$TMP/help" &&
	"$PB" help | grep -q '^  topology '
ok $? "its --help names --quick, --pairs and --out; parbench help lists it"

out="$TMP/topo"
timeout 60 "$PB" topology --quick --out "$out" >"$TMP/log" 2>"$TMP/err"
rc=$?
is "$rc" 0 "a --quick run exits 0"
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$TMP/log" "$TMP/err" | tail -n 20

# The usable PUs, as the run saw them (meta.json), and the pairs.
n=$(sed -n 's/.*"usable_pus": \([0-9]*\).*/\1/p' "$out/meta.json")
pairs=$((n * (n - 1) / 2))
[ "$pairs" -gt 16 ] && pairs=16   # --quick measures at most 16 pairs
diag "$n usable PUs, $pairs pairs"
grep -q '"status": "complete"' "$out/meta.json" && grep -q '"subcommand": "topology"' "$out/meta.json"
ok $? "meta.json says complete, subcommand topology"

is "$(head -n 1 "$out/c2c.csv")" "pu_a,pu_b,os_a,os_b,median_ns,lo_ns,hi_ns,reps" "c2c.csv has its header"
is "$(($(wc -l < "$out/c2c.csv") - 1))" "$pairs" "c2c.csv: one row per unordered pair ($pairs)"
bad=$(awk -F, 'NR > 1 && !($1 < $2 && $5 + 0 > 0 && $6 + 0 <= $5 + 0 && $5 + 0 <= $7 + 0 && $8 + 0 > 0) { print NR }' "$out/c2c.csv")
is "$bad" "" "c2c.csv: pu_a < pu_b, 0 < lo_ns <= median_ns <= hi_ns, repetitions"

is "$(head -n 1 "$out/interference.csv")" "pu_a,pu_b,os_a,os_b,alone_rate,together_rate,relative,verdict" \
	"interference.csv has its header"
is "$(($(wc -l < "$out/interference.csv") - 1))" "$((2 * pairs))" "interference.csv: both directions of each pair ($((2 * pairs)))"
bad=$(awk -F, 'NR > 1 && !($5 + 0 > 0 && $6 + 0 > 0 && $8 ~ /^(sibling|shared|independent)$/) { print NR }' "$out/interference.csv")
is "$bad" "" "interference.csv: positive rates and a verdict sibling, shared or independent"
bad=$(awk -F, 'NR > 1 { r = $6 / $5 - $7; if (r < -0.001 || r > 0.001) print NR }' "$out/interference.csv")
is "$bad" "" "interference.csv: relative is together_rate / alone_rate"

is "$(head -n 1 "$out/siblings.csv")" "os_a,os_b,slowdown,verdict" "siblings.csv has its header"
bad=$(awk -F, 'NR > 1 && !($1 < $2 && $4 ~ /^(sibling|shared)$/) { print NR }' "$out/siblings.csv")
is "$bad" "" "siblings.csv: only pairs judged sibling or shared, os_a < os_b"

levels=$("$PB" plan 2>/dev/null | grep -c '^  L[123]: ')
is "$(head -n 1 "$out/caches.csv")" "level,hwloc_bytes,measured_bytes,latency_ns,verdict" "caches.csv has its header"
is "$(($(wc -l < "$out/caches.csv") - 1))" "$levels" "caches.csv: a row per cache level hwloc names ($levels)"
bad=$(awk -F, 'NR > 1 && !($1 ~ /^L[1-4]$/ && $2 + 0 > 0 && $5 ~ /^(agrees|differs|not found)$/) { print NR }' "$out/caches.csv")
is "$bad" "" "caches.csv: a level, hwloc's size and a verdict agrees, differs or not found"
[ "$(head -n 1 "$out/chase.csv")" = "bytes,ns,lo_ns,hi_ns,reps" ] && [ "$(wc -l < "$out/chase.csv")" -ge 10 ] &&
	[ "$(sed -n 2p "$out/chase.csv" | cut -d, -f1)" = 4096 ]
ok $? "chase.csv: the sweep from 4 KiB"

md="$out/topology.md"
grep -q '^- hwloc says L1 is .*: \*\*\(agrees\|differs\|not found\)\*\*' "$md" &&
	grep -q '^## Core-to-core latency' "$md" && grep -q '^## Which PUs share a core: hwloc says / measured' "$md"
ok $? "topology.md: the hwloc says / measured sentences, the latency and the siblings sections"
grep -q '<svg' "$out/topology.html" && grep -q 'hwloc says L1' "$out/topology.html"
ok $? "topology.html: the same page, plots inline"
if [ "$pairs" -gt 0 ]; then
	is_png "$out/plots/c2c.png" && is_png "$out/plots/interference.png" && grep -q '<svg' "$out/plots/c2c.svg"
	ok $? "plots/c2c.png and interference.png are non-empty PNGs (and the SVGs)"
else
	skip "one usable PU: no pair, no matrix"
fi
is_png "$out/plots/caches.png" && grep -q '<svg' "$out/plots/caches.svg"
ok $? "plots/caches.png is a non-empty PNG, and the SVG is there"
rm -f "$out/plots/caches.png" "$md"
"$PB" report "$out" >/dev/null 2>"$TMP/err" && is_png "$out/plots/caches.png" && [ -s "$md" ]
ok $? "parbench report draws the plots and topology.md again"

# Refused: a topology that is not this machine's.
for var in HWLOC_SYNTHETIC HWLOC_XMLFILE; do
	o="$TMP/syn$var"
	env "$var=pack:1 core:2 pu:1" "$PB" topology --quick --out "$o" >/dev/null 2>"$TMP/stderr"
	rc=$?
	is "$rc:$(wc -l < "$TMP/stderr"):$(grep -c "$var" "$TMP/stderr"):$([ -e "$o" ] && echo written || echo none)" \
		"2:1:1:none" "$var set: exit 2, one line naming it, nothing written"
done

# Interrupted: meta.json not left running.
"$PB" topology --no-report --out "$TMP/int" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do
	[ -s "$TMP/int/meta.json" ] && break
	sleep 0.05
done
kill -INT "$pid"
wait "$pid"
is "$?" 130 "SIGINT stops it with status 130"
grep -q '"status": "interrupted"' "$TMP/int/meta.json" && [ ! -e "$TMP/int/caches.csv" ]
ok $? "meta.json says interrupted, no caches.csv"

# Bad options: exit 2, one line naming the value, nothing written.
check_bad() { bad_input "topology" "$@"; }
check_bad "--pairs not a number" "'some'" --pairs some
check_bad "--pairs 0" "'0'" --pairs 0
check_bad "an unknown option" "'--fast'" --fast
