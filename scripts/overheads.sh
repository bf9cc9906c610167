#!/bin/sh
# scripts/overheads.sh DIR - the plot and overheads.md of a `parbench
# overheads` folder. They are drawn by the binary now (`parbench report
# DIR`, harness/output/report_overheads.c); this stays for old instructions.
# Exit 2 when DIR holds no complete overheads run, 1 when gnuplot failed.
home=$(cd "$(dirname "$0")/.." && pwd)
exec "$home/build/parbench" report "$@"
