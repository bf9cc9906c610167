#!/bin/sh
# scripts/convoy.sh DIR - the plots and convoy.md of a `parbench convoy`
# folder. They are drawn by the binary now (`parbench report DIR`,
# harness/output/report_convoy.c); this stays for old instructions.
# Exit 2 when DIR holds no complete convoy run, 1 when gnuplot failed.
home=$(cd "$(dirname "$0")/.." && pwd)
exec "$home/build/parbench" report "$@"
