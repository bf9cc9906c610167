#!/usr/bin/env bash
# What a newcomer reads on the terminal (issue 16, parts 2 and 6): a header
# row aligned with the rows, the spread labelled, one status word, no
# warning for the repetitions --quick chose, a log that keeps stdout and
# stderr in order; parbench --version, make help, the CPU model without
# padding, parbench list aligned. No timing is asserted.
. tests/lib/tap.sh
plan 12

# --- a quick run, stdout and stderr into one log ----------------------------
"$PB" run --quick --kernels pi,primes --runners serial,pthreads --workers 1,2 --no-report \
	--out "$TMP/q" >"$TMP/log" 2>&1
is "$?" 0 "a quick run into a log exits 0"

# Each kernel's header is followed by its rows; every header names its fields.
is "$(grep -c '^  kernel   runner  *workers  schedule  *median  spread  *speedup  rate ([^)]*)  status$' "$TMP/log")" 2 \
	"a header row above each kernel's rows names every field, the rate with its unit"

# Every row's fields start (left-aligned) or end (right-aligned) where the
# header's names do.
bad=$(awk '
/^  kernel   runner/ { h = $0; r = index(h, "runner"); s = index(h, "schedule"); st = index(h, "status")
	w = index(h, "workers") + length("workers") - 1; m = index(h, "median") + length("median") - 1; next }
/^  (pi|primes) / && h != "" {
	if (substr($0, r - 1, 1) != " " || substr($0, r, 1) == " " || substr($0, s - 1, 2) !~ /^ [^ ]/ ||
	    substr($0, st - 1, 2) !~ /^ [^ ]/ || substr($0, w, 2) !~ /^[0-9] / || substr($0, m, 2) != "s ")
		print NR ": " $0 }' "$TMP/log")
is "$bad" "" "every row is aligned under its header (runner, workers, schedule, median, status)"

rows=$(grep -E '^  (pi|primes) ' "$TMP/log")
echo "$rows" | grep -q ' cv [0-9.]*% ' && ! grep -q '±' "$TMP/log"
ok $? "the spread is written as 'cv N%', never a bare ±"
is "$(echo "$rows" | grep -Evc '  (ok|unstable|too short|few reps|failed: .*)$')" 0 \
	"each row's status column says one thing"
! grep -Eq 'few reps|fewer than|only [0-9]+ repetitions' "$TMP/log" "$TMP/q/summary.csv"
ok $? "--quick flags no row for the 3 repetitions it chose"

# In the log, a kernel's title comes before its progress lines, and its rows
# before the next kernel's title (stdout is line-buffered, not held back).
order=$(awk '
/^pi \(cpu\)/ { t1 = NR } /^primes \(cpu\)/ { t2 = NR }
/^\[[0-9]+\/[0-9]+\] pi / { if (!p1) p1 = NR }
/^  pi  / { r1 = NR }
END { print (t1 && t1 < p1 && r1 && r1 < t2) ? "in order" : "t1=" t1 " p1=" p1 " r1=" r1 " t2=" t2 }' "$TMP/log")
is "$order" "in order" "a log of stdout and stderr keeps them in order"

# --- parbench --version -----------------------------------------------------
v=$("$PB" --version); rc=$?
echo "$v" | grep -Eqx 'parbench [^ ]+ \(git [^ ]+\)' && [ "$(echo "$v" | wc -l)" = 1 ] && [ "$rc" = 0 ] &&
	[ "$("$PB" -V)" = "$v" ]
ok $? "--version and -V: one line, the version and the git revision, exit 0 ($v)"

# --- make help --------------------------------------------------------------
help=$(make -s --no-print-directory -C "$(pwd)" help 2>&1)
echo "$help" | grep -q '^  make test  ' && echo "$help" | grep -q '^  make bench  ' &&
	echo "$help" | grep -q '^  make demo-gil  ' && echo "$help" | grep -q '^  make clean  '
ok $? "make help lists test, bench, the demos and clean, one line each"
missing=""
demos=$(sed -n 's/^DEMOS := //p' Makefile)
for t in $(sed -n 's/^\.PHONY://p' Makefile | sed 's/\$(addprefix demo-,\$(DEMOS))//') $(printf 'demo-%s ' $demos); do
	echo "$help" | grep -q "^  make $t " || missing="$missing $t"
done
is "$missing" "" "every .PHONY target has its line in make help"

# --- the CPU model, squeezed where it is read -------------------------------
sed 's/name="CPUModel" value="[^"]*"/name="CPUModel" value="  Some   CPU  Model    "/' "$TMP/q/topology.xml" >"$TMP/pad.xml"
HWLOC_XMLFILE="$TMP/pad.xml" "$PB" run --quick --kernels pi --runners serial --workers 1 --no-report \
	--out "$TMP/pad" >/dev/null 2>&1
is "$(grep '"cpu_model":' "$TMP/pad/meta.json")" '  "cpu_model": "Some CPU Model",' \
	"a padded CPU model reaches meta.json without its spaces"

# --- parbench list ----------------------------------------------------------
is "$("$PB" list | awk '/^  / { match($0, /^  [^ ]+ +/); print RLENGTH }' | sort -u | wc -l)" 1 \
	"parbench list: every kernel's and runner's text starts in one column"
