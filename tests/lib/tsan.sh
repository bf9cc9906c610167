#!/bin/sh
# tests/lib/tsan.sh - make check-tsan's run: the threaded unit tests and the
# thread runners (serial, gil, pthreads, their pools, fork and fork-pool)
# over the kernels, triad among them, under static and dynamic schedules
# and the patterns, all from the ThreadSanitizer build in folder $1. Every
# process writes its reports to its own log (log_path); the run fails if a
# step fails or any report was written, and prints the reports. openmp is
# left out: libgomp is not instrumented, so its barriers look like races
# (tests/lib/tsan.supp would have to hide them all).
set -u
b=${1:?usage: tsan.sh BUILD-DIR}
dir=$(mktemp -d "${TMPDIR:-/tmp}/parbench-tsan.XXXXXX") || exit 1
# handle_segv=0: the fork crash tests need the child to die of SIGSEGV.
TSAN_OPTIONS="log_path=$dir/report halt_on_error=0 handle_segv=0 suppressions=$(pwd)/tests/lib/tsan.supp"
export TSAN_OPTIONS
start=$(date +%s) steps=0 failed=0

step() {
	steps=$((steps + 1))
	echo "check-tsan: $*"
	if ! "$@" >"$dir/out.$steps" 2>&1; then
		echo "check-tsan: step $steps FAILED: $*"
		tail -n 5 "$dir/out.$steps"
		failed=$((failed + 1))
	fi
}

for t in runners patterns msgqueue gil; do
	step "$b/tests/unit/$t"
done
runners=serial,gil,pthreads,pthreads-pool,fork,fork-pool
fast="--workers 1,3 --reps 1 --warmup 0 --allow-short --no-report"
# shellcheck disable=SC2086
step "$b/parbench" run --kernels triad --items 4096 --runners $runners \
	--schedule static,dynamic,dynamic:7 $fast --out "$dir/triad"
# shellcheck disable=SC2086
step "$b/parbench" run --quick --kernels pi,primes,sleep,chase --runners $runners \
	--schedule static,dynamic $fast --out "$dir/others"
# shellcheck disable=SC2086
step "$b/parbench" run --kernels triad --items 4096 --runners $runners \
	--pattern map,imap,imap_unordered,queue $fast --out "$dir/patterns"

reports=$(cat "$dir"/report.* 2>/dev/null | grep -c 'WARNING: ThreadSanitizer')
if [ "$reports" -ne 0 ]; then
	cat "$dir"/report.*
fi
echo "check-tsan: $steps steps, $failed failed, $reports ThreadSanitizer reports, $(($(date +%s) - start)) s (logs: $dir)"
[ "$failed" -eq 0 ] && [ "$reports" -eq 0 ] && echo "check-tsan: PASS" && exit 0
echo "check-tsan: FAIL"
exit 1
