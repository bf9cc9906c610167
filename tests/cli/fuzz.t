#!/usr/bin/env bash
# The libFuzzer targets (tests/fuzz/*.c: the option parser, the size
# parsers, run's value lists, the CSV reader and writer), briefly: built
# with clang, ASan and UBSan (make fuzz-build, build-fuzz/), each run for a
# fixed number of inputs from a fixed seed over its seed corpus. Each must
# exit 0 (no crash, leak, sanitizer report or broken invariant) having run
# them all; what it adds to the corpus goes to $TMP, never to
# tests/fuzz/corpus/. make fuzz runs them for a minute each. clang is
# installed by scripts/deps.sh test (make test), so a missing one fails.
. tests/lib/tap.sh
runs=10000
targets=()
for f in tests/fuzz/*.c; do targets+=("$(basename "$f" .c)"); done
plan $((2 + 2 * ${#targets[@]}))
start=$(date +%s)

# seeds: a checksum of the seed corpus, its names and contents.
seeds() {
	{
		find tests/fuzz/corpus -type f | sort
		find tests/fuzz/corpus -type f -print0 | sort -z | xargs -0 cat
	} | cksum
}
seeds_before=$(seeds)

# A make of its own: the jobs of the make running the tests are not ours.
MAKEFLAGS= MAKELEVEL= make --no-print-directory -j"$(nproc)" fuzz-build >"$TMP/build" 2>&1
rc=$?
[ $rc -eq 0 ] || tail -n 20 "$TMP/build" | sed 's/^/# /'
ok $rc "make fuzz-build: the targets built with clang, libFuzzer, ASan and UBSan"

export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in "${targets[@]}"; do
	mkdir -p "$TMP/corpus-$t"
	build-fuzz/tests/fuzz/"$t" -runs=$runs -seed=1 -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$TMP/$t-" "$TMP/corpus-$t" "tests/fuzz/corpus/$t" >"$TMP/$t.log" 2>&1
	rc=$?
	[ $rc -eq 0 ] || grep -a -A 20 -m 1 -E '^(==[0-9]+==ERROR|fuzz: |.*runtime error:)' "$TMP/$t.log" |
		sed 's/^/# /'
	ok $rc "fuzz target $t exits 0"
	done_runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$TMP/$t.log")
	[ "${done_runs:-0}" -ge $runs ]
	ok $? "fuzz target $t ran its $runs inputs (${done_runs:-none})"
done

[ "$(seeds)" = "$seeds_before" ] && [ -z "$(ls crash-* leak-* timeout-* 2>/dev/null)" ]
ok $? "the seeds in tests/fuzz/corpus are unchanged, no crash file left here"
diag "fuzz.t: $(($(date +%s) - start)) s with the build"
