#!/usr/bin/env bash
# scripts/cpython.sh: the same pi, sleep and read workloads in CPython, on a
# small real run with --quick sizes (a few seconds). With python3: the rows,
# all verified, pi's hit count equal to the C kernel's checksum, the
# interpreter recorded, and report.md's side-by-side section. Without
# python3 (a PATH that lacks it): one line in the report, exit 0. Bad input
# exits 2 with one line. No timing is asserted.
. tests/lib/tap.sh
plan 20

run="$TMP/run"
"$PB" run --kernels pi,sleep,read --runners serial,gil,pthreads,fork --workers 1,2 --quick --reps 2 \
	--out "$run" >"$TMP/log" 2>&1
is "$?" 0 "a small parbench run for the comparison exits 0"
cp -r "$run" "$TMP/nopy"
cp -r "$run" "$TMP/notrun"

# cpython_rows FILE: kernel/runner/workers of every row, one per line.
cpython_rows() {
	awk -F, -v k="$(col "$1" kernel)" -v r="$(col "$1" runner)" -v w="$(col "$1" workers)" \
		'NR > 1 { print $k "/" $r "/" $w }' "$1" | sort | tr '\n' ' '
}

if command -v python3 >/dev/null 2>&1; then
	sh scripts/cpython.sh "$run" --quick >"$TMP/py.log" 2>&1
	is "$?" 0 "scripts/cpython.sh --quick exits 0"
	csv="$run/cpython.csv"
	want=""
	for k in pi read sleep; do
		for r in cpython-processes/1 cpython-processes/2 cpython-serial/1 cpython-threads/1 cpython-threads/2; do
			want="$want$k/$r "
		done
	done
	is "$(cpython_rows "$csv")" "$want" "cpython.csv: serial, threads and processes on 1 and 2 workers for pi, sleep and read"
	for c in kernel kind runner workers schedule items reps median_s min_s max_s mean_s stddev_s cv \
		speedup efficiency verified status python_version python_implementation gil_enabled; do
		[ -n "$(col "$csv" "$c")" ] || missing="${missing:-} $c"
	done
	is "${missing:-}" "" "cpython.csv has summary.csv's column names and the interpreter's"
	is "$(awk -F, -v v="$(col "$csv" verified)" -v s="$(col "$csv" status)" 'NR > 1 && ($v != 1 || $s != "ok")' "$csv" | wc -l)" 0 \
		"every row is verified against serial, status ok"
	is "$(awk -F, 'NR == 1 { n = NF } NF != n { bad++ } END { print bad + 0 }' "$csv")" 0 \
		"every cpython.csv row has as many fields as the header"
	is "$(awk -F, -v r="$(col "$csv" reps)" 'NR > 1 && $r < 5' "$csv" | wc -l)" 0 "at least 5 measured repetitions per row"
	is "$(awk -F, -v r="$(col "$csv" runner)" -v s="$(col "$csv" speedup)" 'NR > 1 && $r == "cpython-serial" && $s != "1.0000"' "$csv" | wc -l)" 0 \
		"speedups are against cpython-serial (serial is 1.0000)"
	ver=$(python3 -c 'import platform; print(platform.python_version())')
	is "$(awk -F, -v p="$(col "$csv" python_version)" 'NR > 1 { print $p }' "$csv" | sort -u)" "$ver" \
		"the python version is recorded in every row"
	grep -q '"sys_version":' "$run/cpython.json" && grep -q '"gil_enabled": \(true\|false\|null\)' "$run/cpython.json"
	ok $? "cpython.json records sys.version and whether the GIL is enabled"

	# The same formula as kernels/cpu_pi.c: the hit count equals the C checksum.
	items=$(awk -F, -v k="$(col "$csv" kernel)" -v i="$(col "$csv" items)" 'NR > 1 && $k == "pi" { print $i; exit }' "$csv")
	"$PB" run --kernels pi --runners serial --items "$items" --allow-short --no-report --quiet --out "$TMP/cpi" >/dev/null 2>&1
	cchk=$(awk -F, -v c="$(col "$TMP/cpi/samples.csv" checksum)" 'NR == 2 { print $c }' "$TMP/cpi/samples.csv")
	pychk=$(awk -F, -v k="$(col "$csv" kernel)" -v c="$(col "$csv" checksum)" 'NR > 1 && $k == "pi" { print $c; exit }' "$csv")
	is "$pychk" "$cchk" "pi in Python counts the same hits as the C kernel over $items items"

	md="$run/report.md"
	grep -q '^## Python side by side$' "$md"
	ok $? "report.md has the Python side by side section"
	grep -q '^| kernel | workers | parbench gil | CPython threads | parbench pthreads | parbench fork | CPython processes |$' "$md" &&
		grep -q '^| pi (cpu) | 2 | [0-9.]*× | [0-9.]*× | [0-9.]*× | [0-9.]*× | [0-9.]*× |$' "$md" &&
		grep -q '^| sleep (io) | 2 | [0-9.]*× | [0-9.]*× | [0-9.]*× | [0-9.]*× | [0-9.]*× |$' "$md" &&
		grep -q '^| read (io) | 2 | [0-9.]*× | [0-9.]*× |' "$md"
	ok $? "it sets gil, pthreads and fork next to CPython threads and processes, per kernel and worker count"
	grep -q 'Absolute times are not comparable' "$md" && grep -q 'PEP 703' "$md" && grep -q 'pthreads` endpoint\|against `pthreads`' "$md"
	ok $? "it says the ratios compare, not the times, and that free-threaded Python is the pthreads endpoint"

	"$PB" run --kernels sleep --runners serial --items 2 --no-report --out "$run" >/dev/null 2>&1
	[ ! -e "$run/cpython.csv" ] && [ ! -e "$run/cpython.json" ]
	ok $? "a new run into the same --out removes the earlier cpython.csv and cpython.json"
else
	for i in $(seq 14); do skip "python3 is not installed"; done
fi

# No python3: a PATH with every command but python*.
mkdir -p "$TMP/bin"
IFS=: read -r -a dirs <<<"$PATH"
for d in "${dirs[@]}"; do
	for f in "$d"/*; do
		name=${f##*/}
		case "$name" in python*) continue ;; esac
		[ -x "$f" ] && [ ! -e "$TMP/bin/$name" ] && ln -s "$f" "$TMP/bin/$name"
	done
done 2>/dev/null
PATH="$TMP/bin" sh scripts/cpython.sh "$TMP/nopy" >"$TMP/nopy.log" 2>&1
is "$?" 0 "without python3 on PATH, scripts/cpython.sh exits 0"
[ ! -e "$TMP/nopy/cpython.csv" ] && [ "$(grep -c 'python3. was not found' "$TMP/nopy/report.md")" -eq 1 ] &&
	[ "$(sed -n '/^## Python side by side$/,/^## /p' "$TMP/nopy/report.md" | grep -c .)" -eq 3 ]
ok $? "and report.md says so in one line under the section heading"

sh scripts/report.sh "$TMP/notrun" >/dev/null 2>&1
grep -q '^Not measured for this run: `sh scripts/cpython.sh .*` runs pi, sleep and read in CPython' "$TMP/notrun/report.md"
ok $? "a run without cpython.csv says in one line how to add it"

# Bad input: one line, exit 2.
sh scripts/cpython.sh "$TMP/none" >/dev/null 2>"$TMP/err1"
is "$?:$(wc -l < "$TMP/err1")" "2:1" "a folder without a run: exit 2, one line"
if command -v python3 >/dev/null 2>&1; then
	sh scripts/cpython.sh "$TMP/notrun" --workers 0 >/dev/null 2>"$TMP/err2"
	is "$?:$(wc -l < "$TMP/err2"):$(ls "$TMP/notrun" | grep -c cpython)" "2:1:0" "--workers 0: exit 2, one line, nothing written"
else
	skip "python3 is not installed"
fi
