#!/usr/bin/env bash
# Option ranges that follow the values they depend on: --test-crash-worker
# names a worker of the largest --workers (0 to workers - 1), and a label
# (--profile) is not empty. Each refusal: exit 2, one line on stderr naming
# the value and what is allowed, nothing written.
. tests/lib/tap.sh
plan 6

# refused NAME WANT ARGS...: run with ARGS exits 2 with one line holding WANT,
# writing nothing.
refused() { bad_input "run --kernels pi --runners fork --quick --reps 1 --no-report --quiet" "$@"; }

refused "--test-crash-worker 99 with 2 workers" \
	"bad --test-crash-worker '99': expected a worker id from 0 to 1" --workers 2 --test-crash-worker 99
refused "--test-crash-worker 2 with 2 workers" \
	"'2': expected a worker id from 0 to 1 (workers - 1 of the largest --workers, 2)" \
	--workers 2 --test-crash-worker 2
refused "--test-crash-worker 4 with --workers 1,4" "'4': expected a worker id from 0 to 3" \
	--workers 1,4 --test-crash-worker 4
refused "--profile ''" "--profile is empty: name a label" --profile ''
refused "--profile=" "--profile is empty: name a label" --profile=

"$PB" run --kernels pi --runners serial --workers 1,3 --test-crash-worker 2 --quick --reps 1 \
	--warmup 0 --min-time 0 --no-report --quiet --out "$TMP/ok" >/dev/null 2>&1
is "$?" 0 "--test-crash-worker 2 with --workers 1,3 is in range (the largest counts)"
