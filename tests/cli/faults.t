#!/usr/bin/env bash
# Faults at the edges of a run: a disk that fills up mid-run or from the
# start (a small tmpfs; skipped where mounting is not allowed), a fork
# worker killed, crashed or stopped, SIGINT and SIGTERM while measuring and
# while drawing the report, a second SIGINT, and SIGKILL during read's
# setup. Each checks the exit status, meta.json, that every CSV row is
# whole, and that no process, file or shared-memory object is left.
#
# Every parbench here runs in a session of its own (setsid), so that what it
# forked can be found afterwards (pgrep -s) even once it is gone.
. tests/lib/tap.sh
plan 33

mnt="$TMP/mnt"
mounted=0
trap '[ "$mounted" = 1 ] && umount "$mnt" 2>/dev/null; rm -rf "$TMP"' EXIT
shm_before=$(ls /dev/shm 2>/dev/null | sort)

# whole FILE: 0 when FILE ends with a line break and every record has as
# many fields as the header.
whole() {
	[ -s "$1" ] && [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" = '\n' ] &&
		[ "$(csv_flat "$1" | awk -F , 'NR == 1 { n = NF } NF != n { bad++ } END { print bad + 0 }')" = 0 ]
}
# left SID: the processes of session SID still there after up to 3 s.
left() {
	for _ in $(seq 30); do
		pgrep -s "$1" >/dev/null || { echo 0; return; }
		sleep 0.1
	done
	pgrep -s "$1" | wc -l
}
# status DIR: meta.json's status.
status() { sed -n 's/^  "status": "\(.*\)",$/\1/p' "$1/meta.json" 2>/dev/null; }
during() { sed -n 's/^  "interrupted_during": "\(.*\)"$/\1/p' "$1/meta.json" 2>/dev/null; }
# temps DIR: parbench's temporaries left in DIR.
temps() { find "$1" -name '.*.tmp' -o -name '.*.last' | wc -l; }
# kids PID: waits for PID's forked workers (up to 5 s) and prints them
# (parbench processes: not the git or gnuplot it may run meanwhile).
kids() {
	for _ in $(seq 100); do
		k=$(pgrep -P "$1" -x parbench | tr '\n' ' ')
		[ -n "$k" ] && { echo "$k"; return; }
		sleep 0.05
	done
}

quick="--quick --kernels pi --runners serial,pthreads --workers 1,2 --no-report --quiet"

# --- a full disk -----------------------------------------------------------
mkdir -p "$mnt"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=32k tmpfs "$mnt" 2>/dev/null; then
	mounted=1
	# 32 KiB: meta.json, topology.txt and .xml take 16 KiB, samples.csv
	# fills the rest long before 40 repetitions of 6 configurations.
	"$PB" run $quick --reps 40 --out "$mnt/run" >/dev/null 2>"$TMP/err"
	is "$?:$(grep -c . "$TMP/err")" "1:1" "disk full mid-run: exit 1, one line"
	grep -q "cannot write samples.csv (a repetition): No space left on device (disk full)" "$TMP/err"
	ok $? "... naming samples.csv and why ($(cat "$TMP/err"))"
	case "$(status "$mnt/run")" in
	"failed: cannot write samples.csv"*"(disk full)") ok 0 "... meta.json says failed, and why" ;;
	*) ok 1 "... meta.json says failed, and why (got '$(status "$mnt/run")')" ;;
	esac
	whole "$mnt/run/samples.csv"
	ok $? "... samples.csv keeps whole rows only"
	[ ! -e "$mnt/run/summary.csv" ] && [ ! -e "$mnt/run/results.json" ] && [ "$(temps "$mnt/run")" = 0 ]
	ok $? "... no summary.csv, no results.json, no temporary file"
	mount -o remount,size=4m "$mnt"
	"$PB" run $quick --reps 3 --out "$mnt/run" >/dev/null 2>"$TMP/err"
	is "$?:$(status "$mnt/run")" "0:complete" "the folder it left is accepted again as --out"

	# 8 KiB from the start: topology.txt fits, topology.xml does not.
	umount "$mnt" && mount -t tmpfs -o size=8k tmpfs "$mnt"
	"$PB" run $quick --out "$mnt/start" >/dev/null 2>"$TMP/err"
	is "$?:$(grep -c . "$TMP/err"):$(grep -c "(disk full)" "$TMP/err")" "1:1:1" "disk full at the start: exit 1, one line saying so"
	is "$(ls -A "$mnt/start" | tr '\n' ' ')" "" "... and the folder is left empty, not half-made"
	mount -o remount,size=4m "$mnt"
	"$PB" run $quick --reps 3 --out "$mnt/start" >/dev/null 2>"$TMP/err"
	is "$?:$(status "$mnt/start")" "0:complete" "... and is accepted again as --out"
else
	for i in 1 2 3 4 5 6 7 8 9; do skip "cannot mount a tmpfs here (needs root and mount rights)"; done
fi

# --- a fork worker killed, crashed or stopped ------------------------------
long="--kernels pi --runners fork --workers 2 --items 3000000000 --reps 1 --warmup 0 --no-report --quiet"
for sig in KILL SEGV; do
	setsid "$PB" run $long --out "$TMP/w$sig" >/dev/null 2>"$TMP/err" &
	pid=$!
	k=$(kids "$pid")
	kill -"$sig" ${k%% *}
	wait "$pid"
	rc=$?
	st=$(csv_flat "$TMP/w$sig/summary.csv" | awk -F , -v c="$(col "$TMP/w$sig/summary.csv" status)" 'NR == 2 { print $c }')
	num=$(kill -l "$sig" >/dev/null; [ "$sig" = KILL ] && echo 9 || echo 11)
	case "$rc:$st" in
	"1:failed: worker "*"killed by signal $num (SIG$sig"*) ok 0 "a fork worker sent SIG$sig: exit 1, the configuration failed naming it" ;;
	*) ok 1 "a fork worker sent SIG$sig: exit 1, the configuration failed naming it (got $rc, '$st')" ;;
	esac
	is "$(status "$TMP/w$sig"):$(left "$pid")" "complete:0" "... the run itself completed, no process left"
done
setsid "$PB" run $long --timeout 1 --out "$TMP/wSTOP" >/dev/null 2>"$TMP/err" &
pid=$!
k=$(kids "$pid")
kill -STOP ${k%% *}
wait "$pid"
rc=$?
grep -q "still running after the 1 s timeout: killed" "$TMP/wSTOP/summary.csv"
ok $? "a stopped fork worker outlives --timeout 1 and fails its configuration (exit $rc)"
is "$rc:$(left "$pid")" "1:0" "... exit 1, and the stopped worker is not left behind"

# --- signals in each phase -------------------------------------------------
# While measuring, Ctrl-C (the whole process group, as a terminal sends it).
setsid "$PB" run --kernels pi --runners serial,fork --workers 1,2 --items 400000000 --reps 20 \
	--no-report --quiet --out "$TMP/int" >/dev/null 2>"$TMP/err" &
pid=$!
for _ in $(seq 100); do [ "$(wc -l 2>/dev/null <"$TMP/int/samples.csv" || echo 0)" -ge 3 ] && break; sleep 0.05; done
kill -INT -- -"$pid"
wait "$pid"
is "$?:$(status "$TMP/int"):$(during "$TMP/int")" "130:interrupted:" "SIGINT while measuring: exit 130, meta.json interrupted"
whole "$TMP/int/samples.csv" && [ ! -e "$TMP/int/summary.csv" ] && [ "$(temps "$TMP/int")" = 0 ]
ok $? "... samples.csv whole, no summary.csv, no temporary file"
is "$(left "$pid")" 0 "... no process left"

# While drawing the report: SIGTERM to parbench alone, once summary.csv is there.
setsid "$PB" run --quick --kernels pi,primes --runners serial,pthreads,fork --workers 1,2 \
	--out "$TMP/rep" >/dev/null 2>"$TMP/err" &
pid=$!
for _ in $(seq 600); do [ -e "$TMP/rep/summary.csv" ] && break; sleep 0.01; done
kill -TERM "$pid"
wait "$pid"
is "$?:$(status "$TMP/rep"):$(during "$TMP/rep")" "143:interrupted:report" \
	"SIGTERM while drawing the report: exit 143, meta.json interrupted during the report"
whole "$TMP/rep/samples.csv" && whole "$TMP/rep/summary.csv" && [ "$(temps "$TMP/rep")" = 0 ]
ok $? "... samples.csv and summary.csv whole, no temporary file"
is "$(left "$pid")" 0 "... no process left (gnuplot included)"
"$PB" report "$TMP/rep" >/dev/null 2>&1 && [ -s "$TMP/rep/report.md" ]
ok $? "... and parbench report draws it again: what was measured is whole"

# A second SIGINT in a long run: at once, meta.json still says interrupted.
setsid "$PB" run --kernels pi --runners fork --workers 2 --items 4000000000 --reps 3 --warmup 0 \
	--no-report --quiet --out "$TMP/twice" >/dev/null 2>"$TMP/err" &
pid=$!
kids "$pid" >/dev/null
kill -INT "$pid"
sleep 0.2
kill -INT "$pid"
wait "$pid"
is "$?:$(status "$TMP/twice"):$(during "$TMP/twice")" "130:interrupted:measuring" \
	"a second SIGINT: exit 130 at once, meta.json interrupted while measuring"
grep -q "stopped at once" "$TMP/err"
ok $? "... it says it stopped at once"
whole "$TMP/twice/samples.csv" && [ "$(temps "$TMP/twice")" = 0 ]
ok $? "... samples.csv whole (its header at least), no temporary file"
is "$(left "$pid")" 0 "... no fork worker left"

# The same as Ctrl-C twice: the workers get both signals too.
setsid "$PB" run --kernels pi --runners fork --workers 2 --items 4000000000 --reps 3 --warmup 0 \
	--no-report --quiet --out "$TMP/twice2" >/dev/null 2>"$TMP/err" &
pid=$!
kids "$pid" >/dev/null
kill -INT -- -"$pid"
sleep 0.2
kill -INT -- -"$pid"
wait "$pid"
is "$?:$(status "$TMP/twice2")" "130:interrupted" "Ctrl-C twice (the whole group): exit 130, meta.json interrupted"
is "$(left "$pid")" 0 "... no process left"

# SIGTERM twice to a study: the same rule.
setsid "$PB" overheads --quick --no-report --out "$TMP/ovh" >/dev/null 2>"$TMP/err" &
pid=$!
for _ in $(seq 200); do [ -s "$TMP/ovh/overheads.csv" ] && break; sleep 0.02; done
kill -TERM "$pid"
wait "$pid"
is "$?:$(status "$TMP/ovh")" "143:interrupted" "SIGTERM during overheads: exit 143, meta.json interrupted"
whole "$TMP/ovh/overheads.csv"
ok $? "... overheads.csv whole"

# --- SIGKILL during read's setup --------------------------------------------
mkdir -p "$TMP/scratch"
TMPDIR="$TMP/scratch" setsid "$PB" run --kernels read --runners serial --size 1GiB --reps 1 --warmup 0 \
	--no-report --quiet --out "$TMP/read" >/dev/null 2>&1 &
pid=$!
seen=0
for _ in $(seq 200); do
	ls -l /proc/"$pid"/fd 2>/dev/null | grep -q "$TMP/scratch/.*(deleted)" && { seen=1; break; }
	sleep 0.01
done
kill -KILL "$pid"
wait "$pid" 2>/dev/null
is "$seen:$(ls -A "$TMP/scratch" | wc -l)" "1:0" "SIGKILL while read writes its file: the file never had a name, nothing is left"
is "$(left "$pid")" 0 "... no process left"

shm_after=$(ls /dev/shm 2>/dev/null | sort)
is "$(comm -13 <(echo "$shm_before") <(echo "$shm_after") | tr '\n' ' ')" "" "no shared-memory object is left in /dev/shm"
