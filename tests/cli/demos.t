#!/usr/bin/env bash
# The teaching demos' verdicts (issue 16): `parbench demo verdict NAME DIR`
# on fixture folders (tests/fixtures/demos/NAME: the CSVs a quiet run
# writes, trimmed to the columns the criteria read) says "shown" for each
# demo; the same folder with one number of the lesson changed and a loaded
# machine recorded says "NOT shown" and names the load and the other
# processes' CPU use; with no disturbance recorded it says so; a machine
# without hyperthreads skips demo-smt; bad input exits 2 with one line.
# demos.html from the fixtures has every demo and no outside asset. Live
# runs: demo-smt (skipped at once here, or a short run with SMT); a step
# killed by SIGSEGV (a crash, not Ctrl-C: demo all goes on); Ctrl-C.
# No timing is asserted.
. tests/lib/tap.sh
# Every demo of the table has a fixture folder and a way to break it below.
demos="gil convoy patterns fork false-sharing schedule pool cache smt amdahl"
ndemos=$(echo $demos | wc -w)
plan $((2 * ndemos + 26))

fx=tests/fixtures/demos

# The table (parbench's list), the Makefile's DEMOS and this file's list agree.
table=$("$PB" demo 2>&1 | sed -n 's/.*(NAME one of \(.*\))$/\1/p' | tr -d ,)
make=$(sed -n 's/^DEMOS := //p' Makefile)
is "$table|$make" "$demos|$demos" "demos_table[], the Makefile's DEMOS and the tests list the same demos"
verdict() { "$PB" demo verdict "$1" "$2" 2>&1; }

# setcell FILE WHERE COL VALUE: COL := VALUE in the rows of CSV FILE where
# every col=value term of WHERE holds.
setcell() {
	awk -F, -v OFS=, -v where="$2" -v col="$3" -v val="$4" '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; n = split(where, w, " "); print; next }
	{ ok = 1; for (j = 1; j <= n; j++) { split(w[j], kv, "="); if ($c[kv[1]] != kv[2]) ok = 0 }
	  if (ok) $c[col] = val; print }' "$1" >"$1.new" && mv "$1.new" "$1"
}
# loaded DIR: demo.json records the load of the issue's run: 5.3, 0.43 CPUs of others.
loaded() {
	printf '{"demo": "x", "usable_pus": 2, "wall_s": 5.0, "loadavg_start": 5.3, "loadavg_end": 5.6, "others_cpus": 0.43}\n' >"$1/demo.json"
}
want_loaded="load 5.3 at the start (2 usable PUs), other processes kept 0.43 CPUs busy during the run; rerun on a quiet machine"

# Each fixture shows its lesson; exit 0.
for d in $demos; do
	out=$(verdict "$d" "$fx/$d"); rc=$?
	is "$rc:$(echo "$out" | tail -n 1)" "0:verdict: shown" "demo-$d: the fixture's numbers show the lesson"
done

# One number of each lesson broken, the machine loaded: NOT shown, exit 0, the reasons measured.
break_one() {
	local d=$1 w="$TMP/not-$1"
	cp -r "$fx/$d" "$w"
	case $d in
	gil)      setcell "$w/summary.csv" "kernel=pi runner=pthreads" speedup 1.37
		  setcell "$w/summary.csv" "kernel=pi runner=gil" speedup 1.33 ;;
	convoy)   setcell "$w/convoy.csv" "mode=io-priority cpu_threads=1" slowdown 40 ;;
	patterns) setcell "$w/collect/summary.csv" "runner=pthreads collect=shared" median_s 0.07 ;;
	fork)     sed -i '/DEADLOCK detected/d' "$w/demo.md" ;;
	false-sharing) setcell "$w/false-sharing.csv" "layout=packed" median_s 0.5 ;;
	schedule) setcell "$w/summary.csv" "runner=pthreads schedule=static" loss_imbalance 0.02 ;;
	pool)     setcell "$w/summary.csv" "runner=fork" spawn_median_s 0.00009 ;;
	cache)    setcell "$w/summary.csv" "kernel=triad" rate 20.0 ;;
	smt)      setcell "$w/summary.csv" "bind=threads" speedup 1.95 ;;
	amdahl)   setcell "$w/fits.csv" "runner=gil workers=2" karp_flatt 0.3 ;;
	esac
	loaded "$w"
	echo "$w"
}
for d in $demos; do
	w=$(break_one "$d")
	out=$(verdict "$d" "$w"); rc=$?
	last=$(echo "$out" | tail -n 1)
	case "$last" in
	"verdict: NOT shown — "*"$want_loaded") r=0 ;;
	*) r=1; echo "$out" | sed 's/^/#   /' ;;
	esac
	is "$rc:$r" "0:0" "demo-$d: a broken number on a loaded machine: NOT shown, naming load 5.3 and 0.43 CPUs of others"
done

# The issue's run: gil 1.33x, pthreads 1.37x keeping 0.43 CPUs busy, off-CPU 26%.
w="$TMP/issue"
cp -r "$fx/gil" "$w"
setcell "$w/summary.csv" "kernel=pi runner=gil" speedup 1.33
setcell "$w/summary.csv" "kernel=pi runner=pthreads" speedup 1.37
setcell "$w/summary.csv" "kernel=pi runner=pthreads" cpu_util 0.43
setcell "$w/summary.csv" "kernel=pi runner=pthreads" loss_offcpu 0.26
loaded "$w"
is "$(verdict gil "$w" | tail -n 1)" \
	"verdict: NOT shown — pthreads on pi, 2 workers kept only 0.43 CPUs busy with 2 workers, workers off-CPU 26% of the time (loss_offcpu, pthreads pi 2 workers), $want_loaded" \
	"the issue's run: NOT shown, with CPUs busy, off-CPU, load and other processes named"
out=$(verdict gil "$w")
echo "$out" | grep -q '^  gil on pi, 2 workers: speedup  *1.33   (want < 1.2)  NO$' &&
	echo "$out" | grep -q '^  pthreads on pi, 2 workers: speedup  *1.37   (want >= 1.5)  NO$'
ok $? "... and prints the measured numbers beside the criterion"

# Nothing recorded: NOT shown, and it says the effect itself was smaller.
w="$TMP/quiet"
cp -r "$fx/schedule" "$w"
setcell "$w/summary.csv" "runner=pthreads schedule=static" loss_imbalance 0.03
is "$(verdict schedule "$w" | tail -n 1)" \
	"verdict: NOT shown — nothing recorded disturbed the run (load, other processes, time off-CPU all low): the effect was smaller here than the criterion" \
	"a lesson not shown on a quiet run: says nothing disturbed it"

# quiet DIR LOAD OTHERS: demo.json with that load at the start and other processes' CPUs.
quiet() {
	printf '{"demo": "x", "usable_pus": 2, "wall_s": 5.0, "loadavg_start": %s, "loadavg_end": %s, "others_cpus": %s}\n' \
		"$2" "$2" "$3" >"$1/demo.json"
}
# The load of parbench's own previous demo (1.2 on 2 PUs) while other
# processes used 0.05 CPUs: not a reason; both said, the effect blamed.
w="$TMP/ownload"
cp -r "$fx/schedule" "$w"
setcell "$w/summary.csv" "runner=pthreads schedule=static" loss_imbalance 0.03
quiet "$w" 1.2 0.05
is "$(verdict schedule "$w" | tail -n 1)" \
	"verdict: NOT shown — nothing recorded disturbed the run (load 1.2 at the start, but other processes used only 0.05 CPUs during the run; time off-CPU low): the effect was smaller here than the criterion" \
	"load 1.2 with other processes at 0.05 CPUs: the load is not a reason, and both are said"
quiet "$w" 1.2 0.3
is "$(verdict schedule "$w" | tail -n 1)" \
	"verdict: NOT shown — load 1.2 at the start (2 usable PUs), other processes kept 0.30 CPUs busy during the run; rerun on a quiet machine" \
	"load 1.2 with other processes at 0.30 CPUs: both are reasons"

# A configuration that failed but still carries its number: the check does not hold.
w="$TMP/failedrow"
cp -r "$fx/gil" "$w"
setcell "$w/summary.csv" "kernel=pi runner=gil" status "failed: checksum 3.1 is not serial's 3.14"
out=$(verdict gil "$w"); rc=$?
is "$rc:$(echo "$out" | tail -n 1)" \
	"0:verdict: NOT shown — a configuration failed (gil on pi, 2 workers: failed: checksum 3.1 is not serial's 3.14)" \
	"a failed row whose speedup still holds: NOT shown — a configuration failed, naming it"
echo "$out" | grep -q '^  gil on pi, 2 workers: speedup  *0.91   (want < 1.2)  NO (a configuration failed)$'
ok $? "... and its numbers line says NO"

# A step's exit 1 (a configuration failed) that no check reads: the verdict says so.
w="$TMP/unread"
cp -r "$fx/gil" "$w"
setcell "$w/summary.csv" "kernel=sleep runner=pthreads" status "failed: cannot create thread 1"
printf '{"demo": "gil", "usable_pus": 2, "wall_s": 5.0, "others_cpus": 0.01, "step_command": "parbench run --kernels pi,sleep", "step_exit": 1}\n' >"$w/demo.json"
is "$(verdict gil "$w" | tail -n 1)" \
	"verdict: shown — though a configuration it does not read failed (kernel=sleep runner=pthreads workers=2 schedule=static: failed: cannot create thread 1)" \
	"a failed row no check reads: shown, though the failure is named"
setcell "$w/summary.csv" "kernel=sleep runner=pthreads" status ok
is "$(verdict gil "$w" | tail -n 1)" \
	"verdict: shown — though a step exited 1 (parbench run --kernels pi,sleep): see its output" \
	"a step's exit 1 with no failed row: shown, though the exit is named"

# The serial reference failed: no speedup at all. Not measured, naming serial's failure.
w="$TMP/noserial"
cp -r "$fx/gil" "$w"
setcell "$w/summary.csv" "kernel=pi runner=serial" status "failed: setup: out of memory"
setcell "$w/summary.csv" "kernel=pi" speedup ""
is "$(verdict gil "$w" | tail -n 1)" \
	"verdict: NOT shown — not measured: gil on pi, 2 workers has no speedup (kernel=pi runner=serial workers=1 schedule=static: failed: setup: out of memory)" \
	"serial failed, every speedup empty: NOT shown — not measured, with serial's status, not 'the effect was smaller'"

# A condition of the measurement (false-sharing's CPU share) that failed is the reason itself.
w="$TMP/share"
cp -r "$fx/false-sharing" "$w"
setcell "$w/false-sharing.csv" "layout=packed" cpu_share 0.53
loaded "$w"
is "$(verdict false-sharing "$w" | tail -n 1)" \
	"verdict: NOT shown — the packed threads had their CPUs only 53 % of the time: other processes were running, $want_loaded" \
	"packed threads at 53 % of their CPUs: that is the reason, with the load measured"
# The load the study recorded in its own meta.json is named (demo.json without one).
quiet "$w" null 0.5
sed -i 's/^  "cpu_share": \(.*\)$/  "cpu_share": \1\n  "loadavg_start": [1.90, 1.50, 1.20],/' "$w/meta.json"
is "$(verdict false-sharing "$w" | tail -n 1)" \
	"verdict: NOT shown — the packed threads had their CPUs only 53 % of the time: other processes were running, load 1.9 at the start (2 usable PUs), other processes kept 0.50 CPUs busy during the run; rerun on a quiet machine" \
	"... and the load from the study's meta.json"

# smt on a machine without hyperthreads: skipped, from meta.json.
w="$TMP/nosmt"
cp -r "$fx/smt" "$w"
sed -i 's/"pus": 4/"pus": 2/; s/"usable_pus": 4/"usable_pus": 2/' "$w/meta.json"
out=$(verdict smt "$w" | tail -n 1); rc=${PIPESTATUS[0]}
is "$rc:$out" "0:verdict: skipped — this machine has no hyperthreads (hwloc: 2 cores, 2 PUs)" \
	"demo-smt on 2 cores, 2 PUs: a clear skip, exit 0"
w="$TMP/onepu"
cp -r "$fx/gil" "$w"
sed -i 's/"cores": 2/"cores": 1/; s/"pus": 2/"pus": 1/; s/"usable_pus": 2/"usable_pus": 1/' "$w/meta.json"
is "$(verdict gil "$w" | tail -n 1)" \
	"verdict: skipped — this needs 2 usable PUs and parbench may use 1 here (hwloc: 1 cores, 1 PUs)" \
	"demo-gil on 1 PU: skipped"

# Bad input: exit 2, one line naming the value.
bad=""
check() {
	local want=$1; shift
	"$PB" demo "$@" >"$TMP/stdout" 2>"$TMP/stderr"
	local rc=$? lines; lines=$(wc -l <"$TMP/stderr")
	if ! { [ "$rc" -eq 2 ] && [ "$lines" -eq 1 ] && grep -qF -- "$want" "$TMP/stderr"; }; then
		bad="$bad [$* -> exit $rc, $lines lines: $(head -c 200 "$TMP/stderr")]"
	fi
}
check "unknown demo 'nope'" verdict nope "$fx/gil"
check "'$TMP/none' is not a demo folder" verdict gil "$TMP/none"
check "has no row where kernel=pi runner=gil workers=2" verdict gil "$fx/schedule"
check "cannot read '$fx/gil/convoy.csv'" verdict convoy "$fx/gil"
check "usage: parbench demo verdict NAME DIR" verdict gil
check "unknown demo 'nope'" nope
check "'--bogus'" gil --bogus
is "$bad" "" "bad input: exit 2, one line naming the value"

# The notebook from the fixtures.
nb="$TMP/nb"
mkdir "$nb"
for d in $demos; do cp -r "$fx/$d" "$nb/$d"; done
rm -rf "$nb/gil" && cp -r "$TMP/issue" "$nb/gil"
"$PB" demo notebook "$nb" >"$TMP/log" 2>&1
is "$?:$(cat "$TMP/log")" "0:demos: the lab notebook: $nb/demos.html" "demo notebook writes demos.html and says where"
html="$nb/demos.html"
n=0
for d in $demos; do grep -q "<h2 id=\"demo-$d\">demo-$d</h2>" "$html" && n=$((n + 1)); done
is "$n:$(grep -c 'class="shown">verdict: shown' "$html"):$(grep -c 'class="not">verdict: NOT shown' "$html")" \
	"$ndemos:$((2 * (ndemos - 1))):2" \
	"demos.html: a section per demo, each verdict in the table and in its section (gil NOT shown, the others shown)"
! grep -Eiq '(src|href)="(https?:|//)|<link |<script' "$html"
ok $? "demos.html is self-contained: no outside asset, no script"

# One live demo: smt is skipped at once here (no SMT), or a short run where there is SMT.
out="$TMP/live-smt"
timeout 60 "$PB" demo smt --out "$out" >"$TMP/live" 2>&1
rc=$?
grep -q '^look for: ' "$TMP/live" && grep -q '^expected: ' "$TMP/live" &&
	grep -Eq '^verdict: (shown|NOT shown — .*|skipped — .*)$' "$TMP/live" && [ -f "$out/demo.json" ]
ok $? "a live demo prints what to look for, the expected outcome and a verdict; demo.json written"
is "$rc" 0 "... and exits 0"

# demo.json that cannot be written (a folder in its place): said, exit 1, no
# verdict claimed. demo-smt on a synthetic machine without hyperthreads
# skips at once, whatever this machine has.
out="$TMP/nojson"
mkdir -p "$out/demo.json"
HWLOC_SYNTHETIC="pack:1 core:2 pu:1" "$PB" demo smt --out "$out" >"$TMP/stdout" 2>"$TMP/stderr"
is "$?:$(cat "$TMP/stderr"):$(grep -c '^verdict' "$TMP/stdout")" "1:parbench: cannot write $out/demo.json: Is a directory:0" \
	"demo.json not written: one line naming it, exit 1, no verdict"

# A step that crashed (demo.json says which signal): NOT shown, naming it; no table read.
w="$TMP/crashed"
cp -r "$fx/gil" "$w"
rm "$w/summary.csv"
printf '{"demo": "gil", "usable_pus": 2, "wall_s": 1.0, "step_command": "parbench run --kernels pi", "step_crashed": "signal 11: Segmentation fault"}\n' >"$w/demo.json"
out=$(verdict gil "$w"); rc=$?
is "$rc:$(echo "$out" | tail -n 1)" "0:verdict: NOT shown — a step crashed (signal 11: Segmentation fault)" \
	"demo.json records a crashed step: NOT shown — a step crashed (signal 11), from the file alone"

# Live: a step killed by SIGSEGV is a crash, not Ctrl-C: the demo says so in
# its verdict, records it in demo.json and exits 1; Ctrl-C (the step and
# demo both get SIGINT, as from a terminal) stops it with 130 and no verdict.
# waitrow DIR: until the study's first row is written (at any speed; 120 s at most).
waitrow() {
	for _ in $(seq 1200); do
		[ "$({ wc -l <"$1/false-sharing-reps.csv"; } 2>/dev/null || echo 0)" -ge 2 ] && return 0
		sleep 0.1
	done
	return 1
}
if [ "$(nproc)" -lt 2 ]; then
	skip "a live crash needs the false-sharing demo, which needs 2 PUs"
	skip "Ctrl-C during a live demo"
	skip "demo all after a crash"
else
	out="$TMP/live-crash"
	(ulimit -c 0; exec "$PB" demo false-sharing --out "$out") >"$TMP/live" 2>&1 &
	pid=$!
	waitrow "$out"
	kill -SEGV $(pgrep -P "$pid")
	wait "$pid"
	rc=$?
	is "$rc:$(grep '^verdict' "$TMP/live"):$(grep -c '"step_crashed": "signal 11: Segmentation fault"' "$out/demo.json")" \
		"1:verdict: NOT shown — a step crashed (signal 11: Segmentation fault):1" \
		"live: a step ended by SIGSEGV: the verdict names the crash, demo.json records it, exit 1"
	out="$TMP/live-int"
	"$PB" demo false-sharing --out "$out" >"$TMP/live" 2>&1 &
	pid=$!
	waitrow "$out"
	kill -INT $(pgrep -P "$pid") "$pid"
	wait "$pid"
	rc=$?
	is "$rc:$(grep -c '^verdict' "$TMP/live"):$(grep -c '"status": "interrupted"' "$out/meta.json")" "130:0:1" \
		"live: Ctrl-C stops the demo after its step's run: exit 130, no verdict, the step's meta.json interrupted"
	# demo all: gil's step crashes, demo all goes on to convoy (then Ctrl-C ends it).
	out="$TMP/live-all"
	(ulimit -c 0; exec "$PB" demo all --out "$out") >"$TMP/live" 2>&1 &
	pid=$!
	for _ in $(seq 1200); do [ -e "$out/gil/meta.json" ] && break; sleep 0.1; done
	kill -SEGV $(pgrep -P "$pid")
	for _ in $(seq 1200); do [ -e "$out/convoy/meta.json" ] && break; sleep 0.1; done
	kill -INT $(pgrep -P "$pid") "$pid"
	wait "$pid"
	rc=$?
	is "$rc:$(grep '^verdict' "$TMP/live"):$(grep -c '^== demo-convoy: How' "$TMP/live")" \
		"130:verdict: NOT shown — a step crashed (signal 11: Segmentation fault):1" \
		"live demo all: a crashed step is gil's verdict and the next demo runs (Ctrl-C then stops it: 130)"
fi
