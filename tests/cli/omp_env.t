#!/usr/bin/env bash
# The OpenMP environment, honoured or refused: OMP_PROC_BIND / OMP_PLACES
# make libgomp pin the main thread while parbench loads; parbench gives
# the other runners the start-up CPUs back (--bind still applies to them)
# and leaves the openmp runner to the runtime. OMP_NUM_THREADS that
# --workers overrides is a note on each such row, or exit 2 with
# --strict-env; OMP_WAIT_POLICY and GOMP_SPINCOUNT are recorded and
# explained. No timing is asserted.
. tests/lib/tap.sh
plan 9

# meta FILE KEY: the value of "KEY" in meta.json (one per line there), unquoted.
meta() { sed -n "s/^ *\"$2\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}\$/\1/p" "$1" | head -n 1; }

if "$PB" plan --bind cores --workers 2 >/dev/null 2>&1 && ! "$PB" plan --bind cores --workers 2 | grep -q skipped; then
	OMP_PROC_BIND=close OMP_PLACES=cores "$PB" run --kernels pi --runners serial,pthreads,openmp \
		--bind cores --workers 2 --quick --quiet --out "$TMP/placed" >"$TMP/out" 2>"$TMP/err"
	is "$?:$(cat "$TMP/err")" "0:" "OMP_PROC_BIND=close OMP_PLACES=cores with --bind cores --workers 2: runs (exit 0)"
	grep -q "the OpenMP runtime pinned the main thread to CPU(s) .* parbench gave it back" "$TMP/out"
	ok $? "run says libgomp pinned the main thread and parbench gave the CPUs back"
	pinned=$(meta "$TMP/placed/meta.json" startup_pinned_cpu_list)
	[ -n "$pinned" ] && [ "$(meta "$TMP/placed/meta.json" usable_pus)" -ge 2 ]
	ok $? "meta.json: the start-up pin ($pinned) is recorded and parbench used every start-up PU"
	c=$(col "$TMP/placed/samples.csv" cpus); r=$(col "$TMP/placed/samples.csv" runner)
	want=$("$PB" plan --bind cores --workers 2 | sed -n 's/^worker [01]: PU L#[0-9]* (P#\([0-9]*\)).*/\1/p' | paste -sd';')
	got=$(csv_flat "$TMP/placed/samples.csv" | awk -F, -v c="$c" -v r="$r" '$r=="pthreads" {print $c}' | sort -u)
	is "$got" "$want" "pthreads under --bind cores still ran on their planned PUs $want (not on libgomp's one place)"
else
	for i in 1 2 3 4; do skip "no two usable cores here to bind to"; done
fi

OMP_NUM_THREADS=3 "$PB" run --kernels pi --runners serial,openmp --workers 2 --quick --quiet \
	--out "$TMP/nt" >"$TMP/out" 2>&1
w=$(col "$TMP/nt/summary.csv" warning); r=$(col "$TMP/nt/summary.csv" runner)
got=$(csv_flat "$TMP/nt/summary.csv" | awk -F, -v w="$w" -v r="$r" '$r=="openmp" {print $w}')
case "$got" in "OMP_NUM_THREADS=3 but 2 workers: --workers decides openmp's team"*) ok 0 "OMP_NUM_THREADS=3, --workers 2: the openmp row's warning says so" ;;
*) ok 1 "OMP_NUM_THREADS=3, --workers 2: the openmp row's warning says so (got '$got')" ;; esac
got=$(csv_flat "$TMP/nt/summary.csv" | awk -F, -v w="$w" -v r="$r" '$r=="serial" {print $w}' | grep -c OMP_NUM_THREADS)
is "$got" "0" "the serial row has no such note"
grep -q "^- OMP_NUM_THREADS=3: " "$TMP/nt/report.md"
ok $? "report.md explains OMP_NUM_THREADS"

OMP_NUM_THREADS=3 "$PB" run --kernels pi --runners openmp --workers 2 --quick --strict-env \
	--out "$TMP/strict" >/dev/null 2>"$TMP/err"
is "$?:$([ -e "$TMP/strict" ] && echo written || echo nothing):$(cat "$TMP/err")" \
	"2:nothing:parbench: OMP_NUM_THREADS=3 but 2 workers: --workers decides openmp's team (num_threads), the variable is overridden (--strict-env: give --workers 3 or unset it)" \
	"--strict-env: exit 2 naming the variable, nothing written"

OMP_WAIT_POLICY=passive GOMP_SPINCOUNT=1000 "$PB" run --kernels pi --runners openmp --workers 1 --quick \
	--quiet --out "$TMP/wait" >/dev/null 2>&1
got="$(meta "$TMP/wait/meta.json" OMP_WAIT_POLICY) $(meta "$TMP/wait/meta.json" GOMP_SPINCOUNT):$(grep -c -e '^- OMP_WAIT_POLICY=passive: ' -e '^- GOMP_SPINCOUNT=1000: ' "$TMP/wait/report.md")"
is "$got" "passive 1000:2" "OMP_WAIT_POLICY and GOMP_SPINCOUNT: in meta.json and one sentence each in report.md"
