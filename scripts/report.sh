#!/bin/sh
# scripts/report.sh RUNDIR - plots, report.md and report.html for a run
# folder. The report is drawn by the binary now (`parbench report RUNDIR`,
# harness/output/); this stays for the habit and for old instructions.
# Exit 2 when RUNDIR holds no complete run, 1 when a plot or file failed.
home=$(cd "$(dirname "$0")/.." && pwd)
exec "$home/build/parbench" report "$@"
