#!/usr/bin/env bash
# The write kernel: 4 KiB blocks appended to a file per worker, fsync every
# --fsync-every items. Its checksum is read back from the files after each
# run, so a verified run proves every block reached its file: asserted here
# under every runner at 1 and 2 workers with a batch of 64 (checksums.t
# runs it at the default, every item). Its files have no name in $TMPDIR
# (mode 0600), so nothing is left behind after a run or after a SIGKILL in
# the middle of one; --fsync-every's range is checked.
. tests/lib/tap.sh
plan 12

tmpdir="$TMP/tmpdir"
mkdir "$tmpdir"
out="$TMP/run"
TMPDIR="$tmpdir" "$PB" run --kernels write --runners all --pool --workers 1,2 --fsync-every 64 \
	--quick --reps 2 --warmup 1 --min-time 0 --allow-short --no-report --quiet --out "$out" >"$TMP/log" 2>&1
is "$?" 0 "write runs under every runner at 1 and 2 workers with --fsync-every 64"
y="$out/summary.csv"
bad=$(awk -F, -v v="$(col "$y" verified)" 'NR > 1 && $v != 1' "$y" | wc -l)
is "$bad" 0 "every configuration's checksum (the files read back) equals serial's"
# spawn's workers set the kernel up again in a new process: write's
# unnamed files cannot be opened there, so spawn and spawn-pool leave it out.
nr=$("$PB" list | awk '/^runners:/ {on = 1; next} on && $1 !~ /^spawn/' | wc -l)
is "$(awk -F, -v r="$(col "$y" runner)" 'NR > 1 && !s[$r]++' "$y" | wc -l)" "$nr" "... under all $nr runners but spawn's"
"$PB" run --kernels write --runners serial,spawn --quick --out "$TMP/wsp" >/dev/null 2>"$TMP/wsp.err"
is "$?:$(wc -l < "$TMP/wsp.err")" "2:1" "write named with spawn is refused in one line (exit 2)"
is "$(ls -A "$tmpdir" | wc -l)" 0 "no file is left in TMPDIR after the run"

# SIGKILL in the middle of a run: the files it had open leave nothing.
TMPDIR="$tmpdir" "$PB" run --kernels write --runners serial --items 20000 --reps 50 --warmup 0 \
	--min-time 0 --no-report --quiet --out "$TMP/k" >/dev/null 2>&1 &
pid=$!
fd=
for _ in $(seq 400); do          # up to 20 s for the setup to open its files
	fd=$(ls -l "/proc/$pid/fd" 2>/dev/null | grep -F -- "$tmpdir" | awk '{ print $9; exit }')
	[ -n "$fd" ] && break
	sleep 0.05
done
mode=$( [ -n "$fd" ] && stat -L -c %a "/proc/$pid/fd/$fd" 2>/dev/null)
link=$( [ -n "$fd" ] && readlink "/proc/$pid/fd/$fd" 2>/dev/null)
sleep 0.3
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
[ -n "$fd" ]
ok $? "the run opened its files in the private TMPDIR (then SIGKILL)"
is "$mode" 600 "a worker's file is private: mode 0600"
case "$link" in *"(deleted)") r=0 ;; *) r=1 ;; esac
ok $r "... and has no name while it is written ($link)"
is "$(ls -A "$tmpdir" | wc -l)" 0 "after SIGKILL in the middle of a run no file is left in TMPDIR"

check() { bad_input "run" "$@"; }
check "--fsync-every 0" "--fsync-every" --kernels write --fsync-every 0
check "--fsync-every past the range" "from 1 to 2^20" --kernels write --fsync-every 2000000
check "--fsync-every not a number" "--fsync-every" --kernels write --fsync-every often
