#!/usr/bin/env bash
# spawn and spawn-pool: a spawned worker that dies before the gate (test
# hook) fails its configuration naming the worker and the signal, the run
# exits 1 and no spawned worker is left behind; a run that works leaves
# none either; the worker mode is no user command. (Checksums of every
# kernel under both runners at 1-3 workers: checksums.t, --runners all.)
. tests/lib/tap.sh
plan 11

# parbench runs as the child of a subreaper (prctl PR_SET_CHILD_SUBREAPER):
# a spawned worker it did not reap, dead (a zombie) or alive, is handed to
# the subreaper when parbench exits, which counts them into $TMP/stray.
under_reaper() {
	python3 - "$TMP/stray" "$@" <<'PY'
import ctypes, os, sys, time
if ctypes.CDLL(None).prctl(36, 1, 0, 0, 0) != 0:
    sys.exit(99)
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status = os.waitpid(pid, 0)
time.sleep(0.3)
me, stray = str(os.getpid()), 0
for d in os.listdir('/proc'):
    try:
        if d.isdigit() and open('/proc/%s/stat' % d).read().rsplit(')', 1)[1].split()[1] == me:
            stray += 1
    except OSError:
        pass
open(sys.argv[1], 'w').write('%d\n' % stray)
sys.exit(os.waitstatus_to_exitcode(status))
PY
}
leftover() { cat "$TMP/stray" 2>/dev/null || echo "not counted"; }

out="$TMP/crash"
under_reaper "$PB" run --kernels pi --runners serial,spawn,spawn-pool --workers 2 --test-spawn-crash 1 \
	--quick --reps 2 --warmup 0 --min-time 0 --no-report --out "$out" >"$TMP/log" 2>"$TMP/err"
is "$?" 1 "the run exits 1: the spawn configurations failed"
y="$out/summary.csv"
st=$(col "$y" status); r=$(col "$y" runner)
for runner in spawn spawn-pool; do
	got=$(awk -F, -v r="$r" -v st="$st" -v want="$runner" '$r == want { print $st }' "$y")
	case "$got" in
		"failed: worker 1 (spawn) killed by signal 11 (SIGSEGV"*) ok 0 "$runner failed naming worker 1 and SIGSEGV ($got)" ;;
		*) ok 1 "$runner failed naming worker 1 and SIGSEGV (got '$got')" ;;
	esac
done
is "$(awk -F, -v r="$r" -v st="$st" '$r == "serial" { print $st }' "$y")" ok "serial still ran and passed"
is "$(leftover)" 0 "no spawned worker is left after the failed run"

out="$TMP/good"
under_reaper "$PB" run --kernels sleep,triad --runners serial,spawn,spawn-pool --workers 3 --schedule static,dynamic \
	--quick --reps 1 --warmup 0 --min-time 0 --no-report --out "$out" >"$TMP/log" 2>&1
rc=$?
is "$rc" 0 "sleep and triad under spawn and spawn-pool at 3 workers verify"
[ $rc -eq 0 ] || sed 's/^/#   /' "$TMP/log"
is "$(leftover)" 0 "no spawned worker is left after a run that worked"

# A worker killed during the work (SIGKILL to the first of them, found by
# its parent, under the reaper's python, while a long run goes on) fails
# the run naming it.
out="$TMP/killed"
under_reaper "$PB" run --kernels pi --runners spawn --workers 2 --items 3000000000 --reps 1 --warmup 0 \
	--no-report --quiet --out "$out" >/dev/null 2>&1 &
reaper=$!
victim=""
for _ in $(seq 200); do
	py=$(pgrep -P "$reaper" | tr '\n' ','); py=${py%,}   # the subshell's python
	[ -n "$py" ] && pb=$(pgrep -P "$py" -x parbench | head -n 1)
	[ -n "$pb" ] && victim=$(pgrep -P "$pb" -x parbench | head -n 1)
	[ -n "$victim" ] && break
	sleep 0.05
done
[ -n "$victim" ] && sleep 0.3 && kill -KILL "$victim"
wait "$reaper"
rc=$?
st=$(awk -F, -v c="$(col "$out/summary.csv" status)" 'NR == 2 { print $c }' "$out/summary.csv" 2>/dev/null)
case "$rc:$st" in
	"1:failed: worker "*" (spawn) killed by signal 9 (SIGKILL"*) ok 0 "a spawned worker killed during the work fails the run naming it ($st)" ;;
	*) ok 1 "a spawned worker killed during the work fails the run naming it (got $rc, '$st', victim '$victim')" ;;
esac
is "$(leftover)" 0 "... and no spawned worker is left"

"$PB" --spawned-worker >/dev/null 2>"$TMP/err"
is "$?:$(wc -l < "$TMP/err")" "2:1" "the worker mode run by hand: exit 2 and one line ($(cat "$TMP/err"))"
"$PB" run --kernels pi --runners spawn --collect shared --quick --no-report --out "$TMP/no" >/dev/null 2>"$TMP/err"
is "$?:$(wc -l < "$TMP/err")" "2:1" "spawn named with --collect shared is refused ($(cat "$TMP/err"))"
