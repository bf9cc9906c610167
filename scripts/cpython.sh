#!/bin/sh
# scripts/cpython.sh RUN_DIR [cpython.py options] - the same workloads in
# real CPython, next to a parbench run.
#
# Runs scripts/cpython.py (pi, sleep and read in pure Python: serial,
# threads, a fork Pool) with the run's worker counts, which writes
# RUN_DIR/cpython.csv and cpython.json, then draws RUN_DIR's report
# (parbench report; make bench's run draws none before) so
# that report.md shows them side by side with parbench's runners. PYTHON
# names the interpreter (default python3; e.g. PYTHON=python3.13t for a
# free-threaded one). Without one, RUN_DIR/cpython.skipped gets one line
# saying so, the report repeats it, and the exit status is 0. Options after
# RUN_DIR go to cpython.py (--quick: tiny sizes; --help: all of them).
# Exit 2 for bad input, 1 when a configuration failed or the report could
# not be drawn.
set -eu

[ $# -ge 1 ] || { echo "usage: scripts/cpython.sh RUN_DIR [cpython.py options]" >&2; exit 2; }
run=${1%/}
shift
home=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -f "$run/summary.csv" ] || [ ! -f "$run/meta.json" ]; then
	echo "cpython.sh: '$run' holds no complete run (no summary.csv or meta.json)" >&2
	exit 2
fi
py=${PYTHON:-python3}

# skipped REASON: the one line the report shows instead of the comparison.
skipped() {
	echo "$1" > "$run/cpython.skipped"
	if [ -f "$run/cpython.csv" ]; then
		echo "cpython.sh: $1 The earlier cpython.csv stays in the report." >&2
	else
		echo "cpython.sh: $1" >&2
	fi
	"$home/build/parbench" report "$run"
}

if ! command -v "$py" >/dev/null 2>&1; then
	skipped "No CPython side by side: \`$py\` was not found on PATH when scripts/cpython.sh ran."
	exit
fi
if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 7))' >/dev/null 2>&1; then
	skipped "No CPython side by side: \`$py\` is not Python 3.7 or later ($("$py" --version 2>&1 | head -n 1))."
	exit
fi
rc=0
"$py" "$home/scripts/cpython.py" "$@" "$run" || rc=$?
[ "$rc" -eq 2 ] && exit 2
[ -f "$run/cpython.csv" ] && rm -f "$run/cpython.skipped"
"$home/build/parbench" report "$run" || exit 1
exit "$rc"
