#!/usr/bin/env bash
# fits.csv and report.md's scaling fits (issue 12), drawn by `parbench
# report` from summary.csv: on the fixture run (workers 1 and 2: e(2) alone,
# no fit), on the same run with pi's rows made up from the laws at 1, 2, 4
# and 8 workers (e rising 0.02, 0.05, 0.09; Amdahl with f = 0.1; a model
# slower than serial; one with 2 workers only), and with workers 1 only.
# Every value asserted follows from summary.csv; none is a timing.
. tests/lib/tap.sh
plan 27

header=kernel,runner,schedule,bind,workers,speedup,karp_flatt,karp_flatt_lo,karp_flatt_hi,serial_fraction,serial_fraction_lo,serial_fraction_hi,points,trend

run="$TMP/small-run"
cp -r tests/fixtures/small-run "$run"
"$PB" report "$run" >"$TMP/log" 2>&1
is "$?" 0 "parbench report draws the fixture run"
fits="$run/fits.csv"
is "$(head -n 1 "$fits")" "$header" "fits.csv's header"
# One row per plain configuration other than serial's (pattern none).
want=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["pattern"] == "none" && $c["runner"] != "serial" && $c["speedup"] != ""' "$run/summary.csv" | wc -l)
is "$(($(wc -l <"$fits") - 1)):$(awk -F, 'NR > 1 && NF != 14' "$fits" | wc -l)" "$want:0" \
	"one row of 14 fields per series and worker count ($want)"
is "$(grep '^pi,pthreads,static,none,' "$fits")" "pi,pthreads,static,none,1,1.0103,,,,,,,2,
pi,pthreads,static,none,2,1.9938,0.0031,-0.0078,0.0378,,,,2," \
	"pi, pthreads: e(2) = 2/1.9938 - 1, its range from the quartiles, no e at 1 worker"
is "$(awk -F, 'NR > 1 && ($10 != "" || $11 != "" || $12 != "" || $14 != "")' "$fits" | wc -l)" 0 \
	"workers 1 and 2: no serial fraction and no trend in any row"
is "$(grep '^pi,gil,static,none,2,' "$fits" | cut -d, -f6,7)" "0.8824,1.2665" "slower than serial: e above 1, as it is"
md="$run/report.md"
is "$(grep '^### Scaling fits: ' "$md" | tr '\n' ' ')" \
	"### Scaling fits: pi ### Scaling fits: sleep ### Scaling fits: triad ### Scaling fits: chase " \
	"report.md: a Scaling fits section per kernel"
grep -q 'one point cannot separate a serial fraction from an overhead that grows with the workers: there is no Amdahl fit, only e(2), from -0.015 (openmp static) to 1.267 (gil static)' "$md"
ok $? "... which says one point cannot separate f from overhead, and gives e(2) alone"
grep -q '^| pthreads | static | none | 2: 0.003 | 2: -0.008 .. 0.038 |$' "$md"
ok $? "... with a table of e(p) and its range"
grep -q '<h3 id="scaling-fits-pi">Scaling fits: pi</h3>' "$run/report.html"
ok $? "report.html has the section"
! grep -q 'Amdahl fit' "$run/plots/speedup-pi.svg"
ok $? "no fit, no Amdahl curve in the speedup plot's key"

# pi's rows made up: speedups from the laws, quartiles 0.5% either side.
sy="$TMP/synth"
cp -r tests/fixtures/small-run "$sy"
awk -F, -v OFS=, '
function row(run, p, s,   t) {
	$0 = tmpl; t = med / s
	$c["runner"] = run; $c["workers"] = p; $c["speedup"] = sprintf("%.6f", s)
	$c["median_s"] = sprintf("%.9f", t); $c["q1_s"] = sprintf("%.9f", t * 0.995)
	$c["q3_s"] = sprintf("%.9f", t * 1.005); $c["min_s"] = sprintf("%.9f", t * 0.99)
	$c["max_s"] = sprintf("%.9f", t * 1.01)
	print
}
function from_e(e, p) { return 1 / (e * (1 - 1 / p) + 1 / p) }
NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
$c["kernel"] != "pi" { print; next }
$c["runner"] == "serial" && $c["pattern"] == "none" {
	print; tmpl = $0; med = $c["median_s"]
	row("pthreads", 1, 1); row("pthreads", 2, from_e(0.02, 2)); row("pthreads", 4, from_e(0.05, 4)); row("pthreads", 8, from_e(0.09, 8))
	row("openmp", 1, 1); row("openmp", 2, from_e(0.1, 2)); row("openmp", 4, from_e(0.1, 4)); row("openmp", 8, from_e(0.1, 8))
	row("gil", 1, 0.89); row("gil", 2, 0.88); row("gil", 4, 0.88); row("gil", 8, 0.88)
	row("fork", 1, 0.99); row("fork", 2, 1.8)
}' tests/fixtures/small-run/summary.csv >"$sy/summary.csv"
"$PB" report "$sy" >"$TMP/sylog" 2>&1
is "$?:$(grep -ci 'warning\|error' "$TMP/sylog")" "0:0" "the made-up run is drawn, gnuplot silent"
fits="$sy/fits.csv"
is "$(grep '^pi,openmp,' "$fits" | cut -d, -f5,7,10,13,14 | tr '\n' ' ')" \
	"1,,0.1000,4,flat 2,0.1000,0.1000,4,flat 4,0.1000,0.1000,4,flat 8,0.1000,0.1000,4,flat " \
	"Amdahl's law with f = 0.1: f = 0.1000 from 4 points, e(p) = 0.1000 at 2, 4, 8, flat"
# f = sum (1 - 1/p)^2 e(p) / sum (1 - 1/p)^2 = 0.10203125 / 1.578125.
is "$(grep '^pi,pthreads,' "$fits" | cut -d, -f5,7,10,14 | tr '\n' ' ')" \
	"1,,0.0647,rising 2,0.0200,0.0647,rising 4,0.0500,0.0647,rising 8,0.0900,0.0647,rising " \
	"e(p) 0.02, 0.05, 0.09: rising, f = 0.0647 (least squares worked by hand)"
is "$(awk -F, '$1 == "pi" && $10 != "" && !($11 < $10 && $10 < $12)' "$fits" | wc -l)" 0 \
	"every fitted f lies inside its range from the quartiles"
is "$(grep '^pi,fork,' "$fits" | cut -d, -f5,7,10-14 | tr '\n' ' ')" "1,,,,,2, 2,0.1111,,,,2, " \
	"workers 1 and 2 only: e(2), no fit, no trend"
md="$sy/report.md"
grep -q '^| pthreads | static | none | 0.065 | 0.063 .. 0.067 | 2: 0.020, 4: 0.050, 8: 0.090 | rising |$' "$md"
ok $? "report.md's table: f, its range, e(p) and the trend"
grep -q '^- pthreads static: e(p) rises from 0.020 at 2 to 0.090 at 8 (f = 0.065): an overhead that grows with the workers, not a fixed serial part.$' "$md"
ok $? "... read: a rising e(p) is an overhead that grows with the workers"
grep -q '^- openmp static: e(p) is flat, 0.100 at 2 and 0.100 at 8 (f = 0.100): no change beyond 0.01, so a fixed serial part' "$md"
ok $? "... a flat e(p) a fixed serial part"
grep -q '^- gil static: speedup 0.880 at 2, 0.880 at 8 (f = 1.184): slower than serial on the whole (f of 1 or more), so f and e(p) describe a slowdown' "$md"
ok $? "... a model slower than serial is not read as a serial part"
grep -q '^- fork static: e(2) = 0.111: one worker count above 1, so no fit.$' "$md"
ok $? "... and a series with one count above 1 is named without a fit"
grep -q 'Amdahl fit' "$sy/plots/speedup-pi.svg"
ok $? "the speedup plot draws the fits (its key says so)"

# Workers 1 only: nothing to fit, and the section says so.
one="$TMP/one"
cp -r tests/fixtures/small-run "$one"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR == 1 || $c["workers"] == 1' \
	tests/fixtures/small-run/summary.csv >"$one/summary.csv"
"$PB" report "$one" >/dev/null 2>&1
is "$?:$(awk -F, 'NR > 1 && $5 != 1' "$one/fits.csv" | wc -l)" "0:0" "workers 1 only: fits.csv has 1-worker rows alone"
grep -q '^No model ran on more than one worker: nothing to fit.$' "$one/report.md"
ok $? "... and report.md says there is nothing to fit"

# A link planted at fits.csv's temporary is not followed.
echo precious >"$TMP/victim"
ln -s "$TMP/victim" "$run/.fits.csv.tmp"
"$PB" report "$run" >/dev/null 2>"$TMP/err"
rc=$?
[ "$rc" -ne 0 ] && [ "$(cat "$TMP/victim")" = precious ] && grep -q '.fits.csv.tmp: File exists' "$TMP/err"
ok $? "a link at .fits.csv.tmp: refused (exit $rc, named), its target unchanged"

# parbench run draws fits.csv with its report; a later run into the same
# --out takes it away with the rest.
"$PB" run --kernels sleep --runners serial,pthreads --workers 1,2 --items 4 --reps 1 --warmup 0 --min-time 0 \
	--quiet --out "$TMP/r" >/dev/null 2>&1
is "$?:$(head -n 1 "$TMP/r/fits.csv"):$(grep -c '^sleep,pthreads,static,none,[12],' "$TMP/r/fits.csv")" "0:$header:2" \
	"parbench run ends with fits.csv: pthreads at 1 and 2 workers"
"$PB" run --kernels sleep --runners serial --items 2 --reps 1 --warmup 0 --min-time 0 --quiet --no-report \
	--out "$TMP/r" >/dev/null 2>&1
ok "$([ $? -eq 0 ] && [ ! -e "$TMP/r/fits.csv" ]; echo $?)" "a run into the same --out removes the earlier fits.csv"
