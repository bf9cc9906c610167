#!/usr/bin/env bash
# results.json (harness/output/results_json.c): a small real run's file
# loads with Python's json; it has schema_version 1, the context keys, and
# one benchmark per summary.csv row whose measured repetitions are as many
# as that row's reps, with the times samples.csv has (to its 9 decimals).
# An interrupted run writes none (summary.csv's rule), nor does one whose
# samples.csv could not be written (a file size limit): that run fails.
. tests/lib/tap.sh
plan 11

if ! command -v python3 >/dev/null 2>&1; then
	for i in 1 2 3 4 5 6 7 8; do skip "no python3 to load results.json"; done
	exit 0
fi
out="$TMP/r"
"$PB" run --quick --kernels pi --runners serial,pthreads --workers 1,2 --out "$out" --no-report \
	>"$TMP/log" 2>&1
is "$?" 0 "a small run exits 0"
j="$out/results.json"

# check NAME PYTHON: runs PYTHON with d = results.json, s = samples.csv and
# y = summary.csv (lists of dicts); it prints "ok" or why not.
check() {
	is "$(python3 - "$j" "$out/samples.csv" "$out/summary.csv" 2>&1 <<PY
import csv, json, sys
d = json.load(open(sys.argv[1]))
s = list(csv.DictReader(open(sys.argv[2], newline="")))
y = list(csv.DictReader(open(sys.argv[3], newline="")))
$2
PY
)" "ok" "$1"
}

check "results.json loads, schema_version 1" \
'print("ok" if d["schema_version"] == 1 else d["schema_version"])'
check "the context has the run, the machine, the build and the settings" \
'want = ["run_id", "date", "host_name", "executable", "command", "git", "cpu_model", "num_cpus",
        "num_cores", "caches", "load_avg", "compiler", "cflags", "settings", "environment"]
missing = [k for k in want if k not in d["context"]]
ok = not missing and d["context"]["run_id"] == "r" and d["context"]["settings"]["reps"] >= 1
print("ok" if ok else missing or d["context"])'
check "one benchmark per summary.csv row, with its key and statistics" \
'b = d["benchmarks"]
ok = len(b) == len(y) == 3 and all(x["runner"] == r["runner"] and str(x["workers"]) == r["workers"]
        and x["status"] == r["status"] and abs(x["median_s"] - float(r["median_s"])) < 1e-9
        for x, r in zip(b, y))
print("ok" if ok else [(x["name"], x["status"]) for x in b])'
check "each benchmark has as many measured repetitions as summary.csv reps" \
'bad = [x["name"] for x, r in zip(d["benchmarks"], y)
       if sum(1 for p in x["repetitions"] if p["warmup"] == 0) != int(r["reps"])]
print("ok" if not bad else bad)'
check "every repetition (warm-ups flagged) has the times samples.csv has" \
'def key(r): return (r["runner"], int(r["workers"]), int(r["rep"]), int(r["warmup"]))
t = {key(r): (float(r["seconds"]), float(r["spawn_seconds"]), int(r["verified"])) for r in s}
j = {}
for x in d["benchmarks"]:
    for p in x["repetitions"]:
        j[(x["runner"], x["workers"], p["rep"], p["warmup"])] = (p["seconds"], p["spawn_seconds"], p["verified"])
bad = [k for k in t if k not in j or abs(t[k][0] - j[k][0]) > 6e-10 or abs(t[k][1] - j[k][1]) > 6e-10
       or t[k][2] != j[k][2]]
print("ok" if not bad and len(j) == len(t) else (bad[:3], len(j), len(t)))'

# An interrupted run (SIGINT) has samples.csv but neither summary.csv nor results.json.
"$PB" run --quick --kernels pi --runners serial --min-time 30 --out "$TMP/int" --no-report \
	>/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 100); do
	[ "$({ wc -l < "$TMP/int/samples.csv"; } 2>/dev/null || echo 0)" -ge 3 ] && break
	sleep 0.1
done
kill -INT "$pid"; wait "$pid"
[ -s "$TMP/int/samples.csv" ] && [ ! -e "$TMP/int/summary.csv" ] && [ ! -e "$TMP/int/results.json" ]
ok $? "an interrupted run writes no results.json"

# A repetition that cannot be written (8 KiB file size limit, SIGXFSZ
# ignored so that write fails with EFBIG) fails the run: exit 1, one line
# naming samples.csv, no summary.csv or results.json, meta.json not complete,
# samples.csv's rows whole (as many fields in each as in the header).
# --reps 40: samples.csv outgrows 8 KiB however slow the build (ASan too).
(trap '' XFSZ; ulimit -f 8; exec "$PB" run --quick --reps 40 --kernels pi --runners serial,pthreads --workers 1,2 \
	--out "$TMP/full" --no-report --quiet >/dev/null 2>"$TMP/full.err")
rc=$?
[ "$rc" -eq 1 ] && grep -q 'cannot write samples.csv (a repetition): File too large' "$TMP/full.err" &&
	[ "$(grep -c . "$TMP/full.err")" -eq 1 ] && [ ! -e "$TMP/full/summary.csv" ] &&
	[ ! -e "$TMP/full/results.json" ] && ! grep -q '"status": "complete"' "$TMP/full/meta.json"
ok $? "a samples.csv that cannot be written fails the run (exit $rc): one line, nothing claims completion"
grep -q '"status": "failed: cannot write samples.csv (a repetition): File too large"' "$TMP/full/meta.json"
ok $? "... and meta.json says failed, and why"
[ "$(csv_flat "$TMP/full/samples.csv" | awk -F , 'NR == 1 { n = NF } NF != n { bad++ } END { print (NR > 1 && !bad) }')" = 1 ] &&
	[ "$(tail -c 1 "$TMP/full/samples.csv" | od -An -c | tr -d ' ')" = '\n' ]
ok $? "... and samples.csv keeps whole rows only"
(trap '' XFSZ; ulimit -f 8; exec "$PB" run --quick --kernels pi,primes --runners serial,pthreads,gil --workers 1,2 \
	--out "$TMP/full2" --no-report --quiet >"$TMP/full2.out" 2>/dev/null)
[ "$(grep -c ' ok ' "$TMP/full2.out")" -lt 12 ]
ok $? "the walk stops at the first failed write instead of measuring all 12 configurations ($(grep -c ' ok ' "$TMP/full2.out") printed)"
