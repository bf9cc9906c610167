#!/usr/bin/env bash
# What a run writes: the CSV columns, meta.json, plots and report from a real
# small run; gnuplot renders the plots from a fixture; an interrupted run
# leaves no summary and says so.
. tests/lib/tap.sh
plan 27

# has_columns FILE NAME...: every NAME is a column of FILE's header.
has_columns() {
	local f=$1; shift
	local missing=""
	for c in "$@"; do [ -n "$(col "$f" "$c")" ] || missing="$missing $c"; done
	[ -z "$missing" ] || echo "#   missing columns in $(basename "$f"):$missing"
	[ -z "$missing" ]
}
is_png() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; }
is_svg() { grep -q '<svg' "$1"; }

out="$TMP/run"
"$PB" run --kernels pi,sleep --runners serial,gil,pthreads --workers 1,2 --quick --reps 2 \
	--out "$out" >"$TMP/log" 2>&1
is "$?" 0 "a small run with the report exits 0"

has_columns "$out/samples.csv" kernel kind runner workers schedule size_bytes rep warmup seconds checksum verified
ok $? "samples.csv has the required columns"
has_columns "$out/summary.csv" kernel kind runner workers schedule size_bytes reps median_s min_s max_s \
	mean_s stddev_s cv speedup efficiency rate rate_unit verified
ok $? "summary.csv has the required columns"
is "$(awk -F, 'NR == 1 { n = NF } NF != n { bad++ } END { print bad + 0 }' "$out/samples.csv")" 0 \
	"every samples.csv row has as many fields as the header"
is "$(grep -c '^#' "$out/samples.csv")" 0 "samples.csv has no comment lines"

for key in date host cpu_model cores pus l1_bytes l2_bytes l3_bytes cflags git command; do
	grep -q "\"$key\":" "$out/meta.json" || missing_key="${missing_key:-} $key"
done
is "${missing_key:-}" "" "meta.json records date, host, CPU, cores, PUs, caches, flags, git, command"
grep -q '"status": "complete"' "$out/meta.json"
ok $? "meta.json says complete"
grep -q '<topology' "$out/topology.xml" && grep -q '^Package L#0' "$out/topology.txt" &&
	grep -q 'PU L#0 (P#' "$out/report.md"
ok $? "topology.xml is hwloc's export; topology.txt and report.md draw it in text"

pngs=0; for f in "$out"/plots/speedup-pi.png "$out"/plots/time-pi.png "$out"/plots/speedup-sleep.png; do
	is_png "$f" && pngs=$((pngs + 1)); done
is "$pngs" 3 "the speedup and time plots are PNG files"
is_svg "$out/plots/speedup-pi.svg"
ok $? "and SVG files"
grep -q '^- \*\*pi\*\* (cpu) on 2 workers: gil [0-9.]*×, pthreads [0-9.]*×' "$out/report.md"
ok $? "report.md states pi's speedups at 2 workers, per runner"
grep -q '!\[speedup of pi\](plots/speedup-pi.png)' "$out/report.md"
ok $? "report.md shows the plots"

# The plots and report from a fixture (a real run's summary.csv and meta.json).
fx="$TMP/fixture"
cp -r tests/fixtures/run "$fx"
sh scripts/report.sh "$fx" >"$TMP/fxlog" 2>&1
is "$?" 0 "scripts/report.sh renders the fixture without error"
[ "$(grep -ci 'warning\|error' "$TMP/fxlog")" -eq 0 ]
ok $? "gnuplot printed no warning or error"
n=0; for f in "$fx"/plots/*.png; do is_png "$f" && n=$((n + 1)); done
is "$n" 6 "six PNG plots for the fixture's three kernels"

# Reusing --out: the earlier run's summary and report go first.
"$PB" run --kernels sleep --runners serial --items 2 --no-report --out "$out" >/dev/null 2>&1
is "$?" 0 "a second run into the same --out (an earlier run's folder) is allowed"
[ ! -e "$out/report.md" ] && [ ! -e "$out/plots/speedup-pi.png" ] && [ -s "$out/summary.csv" ]
ok $? "it removed the earlier report and plots, and wrote its own summary"
is "$(awk -F, 'NR > 1 && $1 != "sleep"' "$out/summary.csv" | wc -l)" 0 "the summary is the new run's alone"
mkdir -p "$TMP/fake" && echo '{}' > "$TMP/fake/meta.json" && touch "$TMP/fake/samples.csv" "$TMP/fake/keep.png"
"$PB" run --kernels sleep --runners serial --items 2 --out "$TMP/fake" >/dev/null 2>&1
is "$?:$(ls "$TMP/fake" | wc -l)" "2:3" "a folder whose meta.json is not parbench's is refused and left alone"

# A run the clock can hardly see is refused, with a hint; --allow-short keeps it.
# (serial: its run is the kernel call alone, a few hundred ns for 1 item.)
"$PB" run --kernels pi,primes --runners serial --items 1 --no-report --out "$TMP/short" >"$TMP/short.log" 2>&1
rc=$?
st=$(col "$TMP/short/summary.csv" status)
is "$rc:$(csv_flat "$TMP/short/summary.csv" | awk -F, -v st="$st" 'NR > 1 && $st ~ /^failed: too short: .*clock.*--items/' | wc -l)" "1:2" \
	"a 1-item run is refused as too short, naming the clock and --items (exit 1)"
# Repetitions are bounded however short a run is.
"$PB" run --kernels pi --runners serial --items 1 --min-time 5 --allow-short --no-report --out "$TMP/tiny" >/dev/null 2>&1
is "$?" 0 "a 1-item run with --min-time 5 --allow-short finishes"
rows=$(($(wc -l < "$TMP/tiny/samples.csv") - 1))
[ "$rows" -le 20000 ]
ok $? "warm-up and measured runs stop at 10000 each ($rows rows)"

# Interrupted: no summary.csv, meta.json says so, samples.csv kept.
"$PB" run --kernels sleep --runners serial --items 400 --reps 20 --no-report --out "$TMP/int" >/dev/null 2>&1 &
pid=$!
# Wait until it measures (the handler is in place by then), 10 s at most.
for _ in $(seq 100); do
	[ "$({ wc -l < "$TMP/int/samples.csv"; } 2>/dev/null || echo 0)" -ge 3 ] && break
	sleep 0.1
done
kill -INT "$pid"
wait "$pid"
is "$?" 130 "SIGINT stops the run with status 130"
[ ! -e "$TMP/int/summary.csv" ] && grep -q '"status": "interrupted"' "$TMP/int/meta.json" &&
	grep -q '"interrupted": true' "$TMP/int/meta.json" && [ -s "$TMP/int/samples.csv" ]
ok $? "an interrupted run has no summary.csv, says interrupted (status and boolean), keeps its samples"

# Progress on stderr: plain lines when it is not a terminal, a bar redrawn
# with \r on a terminal (script(1) gives one), nothing with --quiet.
prog() { "$PB" run --kernels pi --runners serial,pthreads --workers 2 --quick --no-report "$@"; }
prog --out "$TMP/p1" 2>"$TMP/p1.err" >/dev/null
is "$(grep -c '^\[[12]/2\] pi ' "$TMP/p1.err")" 2 "not a terminal: one plain progress line per configuration on stderr"
prog --quiet --out "$TMP/p2" 2>"$TMP/p2.err" >/dev/null
is "$(wc -c < "$TMP/p2.err")" 0 "--quiet: nothing on stderr"
if command -v script >/dev/null 2>&1; then
	script -qec "$PB run --kernels pi --runners serial,pthreads --workers 2 --quick --no-report --out $TMP/p3" /dev/null >"$TMP/p3.tty" 2>&1
	# The bar is redrawn at most every so often: which configuration it
	# last named depends on timing, so any of the two will do.
	grep -Eq "$(printf '\r')pi (serial 1w|pthreads 2w) static .*ETA" "$TMP/p3.tty" && ! grep -q '^\[1/2\]' "$TMP/p3.tty"
	ok $? "on a terminal: a bar redrawn with \\r, with an ETA, and no plain lines"
else
	skip "script(1) is not installed: no terminal to test the bar on"
fi
