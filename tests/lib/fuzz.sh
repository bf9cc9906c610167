#!/bin/sh
# tests/lib/fuzz.sh - make fuzz's run: each libFuzzer target in
# BUILD-DIR/tests/fuzz/ for SECONDS seconds over its corpus, a copy of
# tests/fuzz/corpus/NAME/ in BUILD-DIR/corpus/NAME/ (what a run finds stays
# there for the next; the seeds in tests/ are never written). Prints per
# target its runs and executions per second (libFuzzer's final stats) and
# ends with "fuzz: PASS", or prints the report and the input that crashed
# (saved under BUILD-DIR/artifacts/) and fails: a crash, a leak, a
# sanitizer report (fatal in this build) or a broken invariant (abort).
set -u
b=${1:?usage: fuzz.sh BUILD-DIR SECONDS}
secs=${2:?usage: fuzz.sh BUILD-DIR SECONDS}
# Reports to stderr (the log); every finding is an exit status that is not 0.
ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export ASAN_OPTIONS UBSAN_OPTIONS
start=$(date +%s) failed=0 n=0

# stat NAME LOG: libFuzzer's final stat NAME from LOG.
stat() { sed -n "s/^stat::$1: *//p" "$2" | tail -n 1; }

for src in tests/fuzz/*.c; do
	name=$(basename "$src" .c)
	bin=$b/tests/fuzz/$name
	corpus=$b/corpus/$name
	log=$b/logs/$name.log
	mkdir -p "$corpus" "$b/artifacts" "$b/logs"
	cp -p tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null
	n=$((n + 1))
	"$bin" -max_total_time="$secs" -timeout=10 -error_exitcode=77 -print_final_stats=1 \
		-artifact_prefix="$b/artifacts/$name-" "$corpus" >"$log" 2>&1
	rc=$?
	printf 'fuzz: %-8s %10s runs %8s exec/s  %s inputs in %s  exit %d\n' "$name" \
		"$(stat number_of_executed_units "$log")" "$(stat average_exec_per_sec "$log")" \
		"$(find "$corpus" -type f | wc -l)" "$corpus" "$rc"
	if [ "$rc" -ne 0 ]; then
		failed=$((failed + 1))
		grep -a -A 20 -m 1 -E '^(==[0-9]+==ERROR|fuzz: |.*runtime error:)' "$log" || tail -n 20 "$log"
		grep -a -m 1 'Test unit written' "$log"
	fi
done
echo "fuzz: $n targets, $secs s each, $failed failed, $(($(date +%s) - start)) s (logs: $b/logs)"
[ "$n" -gt 0 ] && [ "$failed" -eq 0 ] && echo "fuzz: PASS" && exit 0
echo "fuzz: FAIL"
exit 1
