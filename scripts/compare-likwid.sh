#!/bin/sh
# scripts/compare-likwid.sh - parbench's triad next to likwid-bench's STREAM
# triad (stream_avx512, or stream_avx where AVX-512 is missing) in one
# sitting, at an L1-, an L2- and a DRAM-sized working set, on 1 and 2 threads
# (--bind cores). Both count 24 bytes per element. Prints one line per size
# and thread count: likwid's GB/s, parbench's (serial or pthreads, and
# openmp) and the ratio. A benchmark, not a test: the figures vary with the
# machine and its load. Needs likwid (apt-get install likwid).
set -eu
home=$(cd "$(dirname "$0")/.." && pwd)
pb="$home/build/parbench"
command -v likwid-bench >/dev/null 2>&1 || { echo "compare-likwid.sh: likwid-bench is missing (apt-get install likwid)" >&2; exit 2; }
[ -x "$pb" ] || { echo "compare-likwid.sh: build parbench first (make)" >&2; exit 2; }
test=stream_avx512
grep -q avx512f /proc/cpuinfo || test=stream_avx
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$pb" run --kernels triad --runners serial,pthreads,openmp --workers 1,2 --bind cores \
	--size 24KiB,1536KiB,1GiB --reps 5 --min-time 0.2 --no-report --out "$out/run" >/dev/null
printf '%-8s %-7s %12s %12s %12s %8s\n' size threads "likwid GB/s" "threads GB/s" "openmp GB/s" ratio
for spec in 24kB:24576 1536kB:1572864 1GB:1073741824; do
	lsize=${spec%%:*}; bytes=${spec#*:}
	for t in 1 2; do
		lk=$(likwid-bench -t "$test" -w "S0:$lsize:$t" 2>/dev/null | awk '/^MByte\/s/ { print $2 / 1000 }')
		# parbench's rows: size_bytes is the item-rounded size, so take the nearest.
		awk -F, -v want="$bytes" -v t="$t" -v lk="$lk" -v lsize="$lsize" '
			NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
			$(c["workers"]) == t && ($(c["size_bytes"]) - want) ^ 2 < 4096 ^ 2 {
				r = $(c["runner"]); rate[r] = $(c["rate"])
			}
			END {
				th = t == 1 ? rate["serial"] : rate["pthreads"]
				printf "%-8s %-7s %12.1f %12.1f %12.1f %7.0f%%\n", lsize, t, lk, th, rate["openmp"], 100 * th / lk
			}' "$out/run/summary.csv"
	done
done
echo "likwid-bench -t $test; parbench triad, --bind cores, $(grep -m1 -o '"cflags": "[^"]*"' "$out/run/meta.json")"
