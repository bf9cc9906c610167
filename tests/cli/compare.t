#!/usr/bin/env bash
# parbench compare on two hand-written run folders (tests/fixtures/compare-a
# and compare-b): pi serial is 1.5x slower in B, pi pthreads 2 has the same
# spread in both, triad has 2 repetitions in B, sleep is only in A and pi
# pthreads 4 only in B. B's samples.csv has its columns in another order and
# one extra, a warm-up and a failed repetition that would move the medians if
# they were counted. Bad input: one line on stderr, exit 2, nothing written.
# Damaged rows (a time that is NaN, inf, negative or empty, a ragged row, a
# NUL byte) are refused and counted on stderr, per run; no usable row: exit 2.
. tests/lib/tap.sh
plan 32

a="$TMP/compare-a" b="$TMP/compare-b"
cp -r tests/fixtures/compare-a tests/fixtures/compare-b "$TMP/"

# row FILE KERNEL RUNNER WORKERS: that configuration's table row.
row() { grep "^| $2 | $3 | $4 |" "$1"; }
# cell FILE KERNEL RUNNER WORKERS N: the N-th cell of that row.
cell() { row "$1" "$2" "$3" "$4" | awk -F' [|] ' -v n="$5" '{ sub(/ [|]$/, ""); print $n }'; }

"$PB" compare "$a" "$b" >"$TMP/out" 2>"$TMP/err"
is "$?" 0 "compare of the fixtures exits 0 although B differs"
is "$(wc -c < "$TMP/err")" 0 "and prints nothing on stderr"
grep -qF -- "- A: \`$a\`" "$TMP/out" && grep -qF -- "- B: \`$b\`" "$TMP/out" &&
	grep -q -- '^- alpha: 0.05$' "$TMP/out" && grep -q -- '^- test: two-sided Mann-Whitney U' "$TMP/out"
ok $? "the header names A, B, alpha and the test"
grep -q 'git aaaaaaa' "$TMP/out" && grep -q 'git bbbbbbb' "$TMP/out"
ok $? "and each run's git revision from its meta.json"

is "$(cell "$TMP/out" pi serial 1 13)" "slower" "pi serial: slower in B"
is "$(cell "$TMP/out" pi serial 1 11)" "1.500" "pi serial: ratio B/A of the medians is 1.500 (warm-up and failed rows left out)"
is "$(cell "$TMP/out" pi serial 1 7):$(cell "$TMP/out" pi serial 1 8)" "7:7" "pi serial: 7 measured, verified repetitions each"
is "$(cell "$TMP/out" pi serial 1 12)" "0.000583" "pi serial: exact p of 7 vs 7 fully separated, 2/3432"
is "$(cell "$TMP/out" pi pthreads 2 13)" "same within noise" "pi pthreads 2: the same distribution is not called faster"
is "$(cell "$TMP/out" pi pthreads 2 11)" "0.982" "pi pthreads 2: ratio 0.982 shown all the same"
is "$(cell "$TMP/out" triad openmp 2 13)" "too few repetitions" "triad: 2 repetitions in B cannot reach alpha, though 1.84x apart"
is "$(cell "$TMP/out" triad openmp 2 4)" "dynamic:64" "triad: the schedule shows its chunk"
[ "$(row "$TMP/out" sleep fork 2)" = "| sleep | fork | 2 | static | none | 8 | 3 |" ] &&
	[ "$(row "$TMP/out" pi pthreads 4)" = "| pi | pthreads | 4 | static | none | 1000 | 3 |" ] &&
	grep -q '^1 configuration only in A:' "$TMP/out" && grep -q '^1 configuration only in B:' "$TMP/out"
ok $? "sleep is listed as only in A, pi pthreads 4 as only in B"

f="$b/compare-compare-a.md"
cmp -s "$TMP/out" "$f"
ok $? "the same Markdown lands in B as compare-compare-a.md"
is "$(ls -A "$b" | grep -c '\.tmp$')" 0 "no temporary file is left in B"

"$PB" compare "$b" "$a" >"$TMP/out2" 2>/dev/null
is "$(cell "$TMP/out2" pi serial 1 13):$(cell "$TMP/out2" pi serial 1 11)" "faster:0.667" "swapped: pi serial is faster, ratio 0.667"

"$PB" compare --alpha 0.0005 "$a" "$b" >"$TMP/out3" 2>/dev/null
is "$?:$(cell "$TMP/out3" pi serial 1 13)" "0:too few repetitions" "--alpha 0.0005: 7 vs 7 can never reach it (smallest p 0.000583)"

# Bad input.
check() {
	local name=$1 want=$2 rc=$3; shift 3
	"$PB" compare "$@" >"$TMP/stdout" 2>"$TMP/stderr"
	local got=$? lines; lines=$(wc -l < "$TMP/stderr")
	if [ "$got" -eq "$rc" ] && [ "$lines" -eq 1 ] && grep -qF -- "$want" "$TMP/stderr" && [ ! -s "$TMP/stdout" ]; then
		ok 0 "$name: exit $rc, one line naming $want"
	else
		ok 1 "$name: exit $rc, one line naming $want (exit $got, $lines lines)"
		sed 's/^/#   /' "$TMP/stderr"
	fi
}
mkdir -p "$TMP/other" "$TMP/nosamples" "$TMP/onlyb"
echo '{ "status": "complete" }' > "$TMP/other/meta.json"
cp "$a/samples.csv" "$TMP/other/"
cp "$a/meta.json" "$TMP/nosamples/"
cp "$b/meta.json" "$TMP/onlyb/"
awk -F, 'NR == 1 || $6 == 4' "$b/samples.csv" > "$TMP/onlyb/samples.csv"
check "missing folder" "'$TMP/none'" 2 "$TMP/none" "$b"
check "not a parbench folder" "'$TMP/other' is not a parbench run folder" 2 "$a" "$TMP/other"
check "no samples.csv" "'$TMP/nosamples' has no readable samples.csv" 2 "$TMP/nosamples" "$b"
check "bad --alpha" "'0.5'" 2 --alpha 0.5 "$a" "$b"
check "non-numeric --alpha" "'abc'" 2 "$a" "$b" --alpha=abc
check "one folder only" "two run folders" 2 "$a"
check "no configuration in both" "no configuration is in both" 1 "$a" "$TMP/onlyb"
is "$(ls "$TMP/other" "$TMP/onlyb" | grep -c compare-)" 0 "nothing is written into B when compare fails"

# Damaged copies of A: four measured rows with a time that is no finite
# positive number, one ragged row, one with a NUL byte in its time.
dmg="$TMP/damaged" dead="$TMP/dead"
mkdir -p "$dmg" "$dead"
cp "$a/meta.json" "$dmg/"
cp "$a/meta.json" "$dead/"
awk -F, -v OFS=, 'NR == 3 { $13 = "nan" } NR == 4 { $13 = "inf" } NR == 5 { $13 = "-0.1" }
	NR == 6 { $13 = "" } { print }' "$a/samples.csv" > "$dmg/samples.csv"
echo 'pi,cpu,serial,1,static,0,none' >> "$dmg/samples.csv"
printf 'pi,cpu,serial,1,static,0,none,1000,0,fixture,9,0,0.05\000,0.000010000,12345,1,0,,,\n' >> "$dmg/samples.csv"
"$PB" compare "$dmg" "$b" >"$TMP/out4" 2>"$TMP/err4"
is "$?" 0 "damaged A with usable rows left: compare still exits 0"
is "$(cat "$TMP/err4")" \
	"parbench: compare: $dmg/samples.csv: 6 rows refused (4 with a time that is not a finite positive number, 1 ragged, 1 with a NUL byte)" \
	"one line on stderr counts A's refused rows by reason"
is "$(cell "$TMP/out4" pi serial 1 7)" "3" "pi serial: the 3 undamaged repetitions of A are the ones counted"
awk -F, -v OFS=, 'NR > 1 && $12 == 0 { $13 = (NR % 2 ? "NaN" : "-1") } { print }' "$a/samples.csv" > "$dead/samples.csv"
"$PB" compare "$dead" "$b" >"$TMP/stdout" 2>"$TMP/stderr"
is "$?" 2 "a run with no usable row: exit 2"
grep -q "^parbench: compare: $dead/samples.csv: [0-9]* rows refused ([0-9]* with a time that is not a finite positive number)\$" "$TMP/stderr" &&
	grep -qF "'$dead/samples.csv' has no usable row" "$TMP/stderr" && [ "$(wc -l < "$TMP/stderr")" -eq 2 ]
ok $? "it says how many rows it refused and that none is usable (two lines)"
[ ! -s "$TMP/stdout" ] && [ "$(ls -A "$b" | grep -c compare-dead)" -eq 0 ]
ok $? "and prints and writes no report"

# --collect (and --pattern) name configurations too: partial and shared stay apart.
"$PB" run --kernels pi --runners pthreads --workers 2 --collect partial,shared --quick --reps 3 \
	--no-report --quiet --out "$TMP/coll" >/dev/null 2>&1
is "$("$PB" compare "$TMP/coll" "$TMP/coll" 2>/dev/null | grep -c '^| pi | pthreads | 2 | static')" 2 \
	"compare keeps --collect partial and shared apart (two rows)"
