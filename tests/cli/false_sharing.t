#!/usr/bin/env bash
# parbench demo false-sharing-study: a short run (small --iterations) writes every
# run (a warm-up of each layout, then rounds of packed, padded, one thread)
# and a summary per layout whose medians are those of the runs; every
# counter is verified; meta.json is complete; the plot is a PNG (and SVG),
# which `parbench report` draws again; Ctrl-C leaves meta.json interrupted;
# bad input exits 2 with one line and writes nothing. No timing is
# asserted: the slowdown is shown, not tested.
. tests/lib/tap.sh
plan 33

is_png() { [ -s "$1" ] && [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; }

"$PB" demo false-sharing-study --help >"$TMP/help" 2>&1
is "$?" 0 "demo false-sharing-study --help exits 0"
grep -q -- '--workers N' "$TMP/help" && grep -q -- '--iterations M' "$TMP/help" && grep -q -- '--reps N' "$TMP/help"
ok $? "its --help names --workers, --iterations and --reps"
"$PB" demo --help | grep -q 'demo false-sharing-study' && "$PB" help | grep -q '^  demo .*false-sharing'
ok $? "parbench demo --help and parbench help name it"

out="$TMP/fs"
timeout 120 "$PB" demo false-sharing-study --iterations 200000 --out "$out" >"$TMP/log" 2>"$TMP/err"
rc=$?
is "$rc" 0 "a short run exits 0"
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$TMP/log" "$TMP/err" | tail -n 20

reps="$out/false-sharing-reps.csv"
is "$(head -n 1 "$reps")" "layout,rep,seconds,warmup,pus,cpu_share" "false-sharing-reps.csv has its header"
is "$(awk -F, 'NR > 1 { printf "%s%s:%s:%s", (NR > 2 ? " " : ""), $1, $2, $4 }' "$reps")" \
	"$(for r in 0 1 2 3 4 5; do for l in packed padded one-thread; do printf '%s%s:%s:%s' \
		"$([ "$r$l" = 0packed ] || echo ' ')" "$l" "$r" "$([ "$r" = 0 ] && echo 1 || echo 0)"; done; done)" \
	"a warm-up of each layout (rep 0, flagged), then 5 rounds of packed, padded, one-thread, in that order"
bad=$(awk -F, 'NR > 1 && !($3 ~ /^[0-9]+\.[0-9]+$/ && $3 + 0 > 0) { print NR ": " $3 }' "$reps")
is "$bad" "" "every run's time is a positive number of seconds"
bad=$(awk -F, 'NR > 1 && !($6 ~ /^[0-9]+\.[0-9]+$/ && $6 + 0 > 0 && $6 + 0 <= 1.05) { print NR ": " $6 }' "$reps")
is "$bad" "" "every run's CPU share (CPU time / threads x time) is in (0, 1]"
bad=$(awk -F, 'NR > 1 && (($1 == "one-thread") ? $5 !~ /^-?[0-9]+$/ : $5 !~ /^-?[0-9]+;-?[0-9]+$/) { print NR ": " $5 }' "$reps")
is "$bad" "" "the pus column: one PU per thread (two threads, one alone)"

sum="$out/false-sharing.csv"
is "$(head -n 1 "$sum")" "layout,median_s,lo_s,hi_s,reps,verified,cpu_share" "false-sharing.csv has its header"
is "$(awk -F, 'NR > 1 { printf "%s%s:%s:%s", (NR > 2 ? " " : ""), $1, $5, $6 }' "$sum")" \
	"packed:5:yes padded:5:yes one-thread:5:yes" "a row per layout: 5 counted runs each, verified"
bad=$(awk -F, 'NR > 1 && !($3 + 0 > 0 && $3 + 0 <= $2 + 0 && $2 + 0 <= $4 + 0) { print $1 }' "$sum")
is "$bad" "" "0 < lo_s <= median_s <= hi_s"
# The summary from the runs: the median (the third of 5), min and max of the counted ones.
want=$(for l in packed padded one-thread; do
	awk -F, -v l="$l" '$1 == l && $4 == 0 { print $3 }' "$reps" | sort -g |
		awk -v l="$l" '{ x[NR] = $1 } END { printf "%s %.6f %.6f %.6f\n", l, x[3], x[1], x[5] }'
done)
got=$(awk -F, 'NR > 1 { printf "%s %.6f %.6f %.6f\n", $1, $2, $3, $4 }' "$sum")
is "$got" "$want" "median_s, lo_s and hi_s are the median, min and max of each layout's counted runs"

# meta.json (jansson writes one key per line).
meta="$out/meta.json"
grep -q '"generator": "parbench"' "$meta" && grep -q '"status": "complete"' "$meta" &&
	grep -q '"subcommand": "demo"' "$meta" && grep -q '"demo": "false-sharing"' "$meta"
ok $? "meta.json: parbench's marker, complete, demo false-sharing-study"
grep -q '"verified": "yes"' "$meta" && grep -q '"workers": 2,' "$meta" && grep -q '"iterations": 200000,' "$meta" &&
	grep -q '"reps": 5,' "$meta" && grep -Eq '"line_bytes": [0-9]+,' "$meta"
ok $? "meta.json: verified, the workers, iterations, repetitions and line size"
ld='\[[0-9]+\.[0-9]{2}, [0-9]+\.[0-9]{2}, [0-9]+\.[0-9]{2}\]'
grep -Eq "^  \"loadavg_start\": $ld,\$" "$meta" && grep -Eq "^  \"loadavg_end\": $ld,\$" "$meta"
ok $? "meta.json: the load averages at the start and the end, as run's meta.json has them"
slow=$(sed -n 's/.*"slowdown": \([0-9.eE+-]*\).*/\1/p' "$meta")
pk=$(awk -F, '$1 == "packed" { print $2 }' "$sum")
pd=$(awk -F, '$1 == "padded" { print $2 }' "$sum")
awk -v s="$slow" -v a="$pk" -v b="$pd" 'BEGIN { r = a / b; d = s - r; if (d < 0) d = -d; exit !(s > 0 && d <= 1e-6 * r) }'
ok $? "meta.json's slowdown is packed's median over padded's ($slow)"

grep -q '^false sharing: 2 threads x 200000 increments; packed (one [0-9]* B line) [0-9.]* ms \[.*\], padded .* one thread .*: packed is [0-9.]*x \(slower\|faster\) than padded$' "$TMP/log"
ok $? "stdout: the sentence with the medians, the spreads and the slowdown"
grep -q '^false-sharing: slowdown=[0-9.e+-]* packed_median_s=.* padded_median_s=.* one_thread_median_s=.* workers=2 iterations=200000 .*verified=yes$' "$TMP/log"
ok $? "stdout: the key=value line for tools, verified"
grep -q 'threads pinned: 0 on PU [0-9]*, 1 on PU [0-9]*\|binding skipped' "$TMP/log"
ok $? "stdout: where the threads run, or that binding was skipped"
# "as if alone" only within 10% of one thread's time, else the number plainly
# (whatever this run measured: the words must agree with the number printed).
line=$(grep '^  padded takes [0-9.]*x one thread' "$TMP/log")
r=$(echo "$line" | sed 's/^  padded takes \([0-9.]*\)x.*/\1/')
if awk -v r="$r" 'BEGIN { exit !(r >= 0.9 && r <= 1.1) }'; then
	want="  padded takes ${r}x one thread's time: with a line each, the threads run as if alone"
elif awk -v r="$r" 'BEGIN { exit !(r > 1) }'; then
	want="  padded takes ${r}x one thread's time: slower than one thread alone"
else
	want="  padded takes ${r}x one thread's time: faster than one thread alone"
fi
is "$line" "$want" "stdout: padded against one thread in words that fit the ratio (${r}x)"

is_png "$out/plots/false-sharing.png" && grep -q '<svg' "$out/plots/false-sharing.svg"
ok $? "plots/false-sharing.png is a non-empty PNG, and the SVG is there"
rm -f "$out/plots/false-sharing.png"
"$PB" report "$out" >/dev/null 2>"$TMP/err" && is_png "$out/plots/false-sharing.png"
ok $? "parbench report draws the plot again from the folder"

# One thread, on a synthetic topology (binding skipped, said), into the same folder.
HWLOC_SYNTHETIC="pack:1 core:2 pu:1" timeout 60 "$PB" demo false-sharing-study --workers 1 --iterations 1000 \
	--no-report --out "$out" >"$TMP/log1" 2>&1
is "$?:$(grep -c 'binding skipped' "$TMP/log1")" "0:1" \
	"--workers 1 on a synthetic topology: exit 0, binding skipped and said"
[ ! -e "$out/plots/false-sharing.png" ] && grep -q '"workers": 1,' "$out/meta.json" &&
	[ "$(grep -c '^packed,' "$out/false-sharing-reps.csv")" -eq 6 ]
ok $? "the earlier run's outputs are gone (no plot with --no-report), this run's are there"

# Interrupted: stops after the run under way; meta.json says so, no summary.
# Short runs, many of them: the first row comes soon at any speed (ASan, a
# loaded machine), and the study is still running when it does; the wait
# is for that row, bounded only by a generous 120 s.
"$PB" demo false-sharing-study --iterations 2000000 --reps 1000 --no-report --out "$TMP/int" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1200); do
	[ "$({ wc -l < "$TMP/int/false-sharing-reps.csv"; } 2>/dev/null || echo 0)" -ge 2 ] && break
	sleep 0.1
done
kill -INT "$pid"
wait "$pid"
is "$?" 130 "SIGINT stops the demo with status 130"
grep -q '"status": "interrupted"' "$TMP/int/meta.json" && [ ! -e "$TMP/int/false-sharing.csv" ] &&
	[ "$(wc -l < "$TMP/int/false-sharing-reps.csv")" -ge 2 ]
ok $? "meta.json says interrupted, the runs measured are kept, no summary"

# Bad input: exit 2, one line naming the value, nothing written.
check_bad() { bad_input "demo false-sharing-study" "$@"; }
pus=$(nproc)
check_bad "more threads than PUs" "'$((pus + 1))': this process may use $pus PU" --workers $((pus + 1))
check_bad "no threads" "'0'" --workers 0
check_bad "iterations not a number" "'lots'" --iterations lots
check_bad "fewer than 5 repetitions" "'4'" --reps 4
check_bad "unknown option" "'--bogus'" --bogus
"$PB" demo --out "$TMP/badorder" false-sharing-study >/dev/null 2>"$TMP/stderr"
is "$?:$(wc -l < "$TMP/stderr"):$(grep -c 'go after its name' "$TMP/stderr")" "2:1:1" \
	"options before the demo's name: exit 2, one line saying where they go"
