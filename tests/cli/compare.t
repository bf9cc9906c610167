#!/usr/bin/env bash
# parbench compare on two hand-written run folders (tests/fixtures/compare-a
# and compare-b): pi serial is 1.5x slower in B, pi pthreads 2 has the same
# spread in both, triad has 2 repetitions in B, sleep is only in A and pi
# pthreads 4 only in B. B's samples.csv has its columns in another order and
# one extra, a warm-up and a failed repetition that would move the medians if
# they were counted. Bad input: one line on stderr, exit 2, nothing written.
# Damaged rows (a time that is NaN, inf, negative or empty, a ragged row, a
# NUL byte) are refused and counted on stderr, per run; no usable row: exit 2.
#
# Holm, the minimum effect and the exit status on tests/fixtures/compare-holm-a
# and -b (a real run's header, hand-set times, 4 configurations):
# - pi serial 1: 10 vs 10 overlapping, B 3.3 % slower, raw p 0.0288: below
#   0.05 alone, not after Holm (3 x 0.0288 = 0.0864);
# - pi pthreads 2: 10 vs 10 fully apart, B exactly 1 % slower, p 1.08e-05:
#   significant even after Holm, but below the 2 % minimum effect;
# - primes serial 1: 10 vs 10 interleaved, 3.4 % apart, p 0.739;
# - primes pthreads 2: 3 vs 3, 32 % apart: the smallest p is 0.1.
# Nothing is written anywhere without --out.
. tests/lib/tap.sh
plan 57

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
	grep -q -- '^- test: two-sided Mann-Whitney U' "$TMP/out" &&
	grep -q -- '^- correction: Holm-Bonferroni, α 0.05, over a family of 3 configurations' "$TMP/out" &&
	grep -q -- '^- minimum effect: 2 %' "$TMP/out"
ok $? "the header names A, B, the test, the correction with α and the family size, and the minimum effect"
grep -q 'git aaaaaaa' "$TMP/out" && grep -q 'git bbbbbbb' "$TMP/out"
ok $? "and each run's git revision from its meta.json"

is "$(cell "$TMP/out" pi serial 1 14)" "slower" "pi serial: slower in B"
is "$(cell "$TMP/out" pi serial 1 11)" "1.500" "pi serial: ratio B/A of the medians is 1.500 (warm-up and failed rows left out)"
is "$(cell "$TMP/out" pi serial 1 7):$(cell "$TMP/out" pi serial 1 8)" "7:7" "pi serial: 7 measured, verified repetitions each"
is "$(cell "$TMP/out" pi serial 1 12)" "0.000583" "pi serial: exact p of 7 vs 7 fully separated, 2/3432"
is "$(cell "$TMP/out" pi serial 1 13)" "0.00175" "pi serial: Holm's adjusted p, 3 x 0.000583 (the smallest of a family of 3)"
is "$(cell "$TMP/out" pi pthreads 2 14)" "same (within 2 %)" "pi pthreads 2: the same distribution is not called faster (1.8 % apart: within 2 %)"
is "$(cell "$TMP/out" pi pthreads 2 11)" "0.982" "pi pthreads 2: ratio 0.982 shown all the same"
is "$(cell "$TMP/out" triad openmp 2 14)" "too few repetitions to decide: n=5 and 2, the smallest p the test can give is 0.0952" \
	"triad: 5 and 2 repetitions cannot pass Holm's first step (0.05 / 3), though 1.84x apart: said with the numbers"
is "$(cell "$TMP/out" triad openmp 2 4)" "dynamic:64" "triad: the schedule shows its chunk"
[ "$(row "$TMP/out" sleep fork 2)" = "| sleep | fork | 2 | static | none | 8 | 3 |" ] &&
	[ "$(row "$TMP/out" pi pthreads 4)" = "| pi | pthreads | 4 | static | none | 1000 | 3 |" ] &&
	grep -q '^1 configuration only in A:' "$TMP/out" && grep -q '^1 configuration only in B:' "$TMP/out"
ok $? "sleep is listed as only in A, pi pthreads 4 as only in B"

is "$(tail -n 1 "$TMP/out")" "compare: 1 slower, 0 faster, 1 same, 1 too few repetitions to decide, 1 measured in A missing from B (Holm, α 0.05, min effect 2 %)" \
	"the last line states the verdict, the method, α and the minimum effect"
[ -z "$(find "$a" "$b" -name '*compare*' ! -path "$a" ! -path "$b")" ]
ok $? "without --out nothing is written into A or B"

"$PB" compare "$a" "$b" --out "$TMP/report.md" >"$TMP/outf" 2>/dev/null &&
	cmp -s "$TMP/out" "$TMP/report.md" && cmp -s "$TMP/out" "$TMP/outf"
ok $? "--out FILE: the same Markdown in FILE as on stdout"
mkdir "$TMP/reports"
"$PB" compare "$a" "$b" --out "$TMP/reports" >/dev/null 2>&1 && cmp -s "$TMP/out" "$TMP/reports/compare-compare-a.md" &&
	[ "$(ls -A "$TMP/reports")" = "compare-compare-a.md" ]
ok $? "--out DIR: DIR/compare-<name of A>.md, and no temporary file left"

"$PB" compare "$b" "$a" >"$TMP/out2" 2>/dev/null
is "$(cell "$TMP/out2" pi serial 1 14):$(cell "$TMP/out2" pi serial 1 11)" "faster:0.667" "swapped: pi serial is faster, ratio 0.667"

"$PB" compare --alpha 0.0005 "$a" "$b" >"$TMP/out3" 2>/dev/null
is "$?:$(cell "$TMP/out3" pi serial 1 14)" "0:too few repetitions to decide: n=7 each, the smallest p the test can give is 0.000583" \
	"--alpha 0.0005: 7 vs 7 can never pass 0.0005 / 3 (smallest p 0.000583)"

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
check "no configuration in both" "no configuration is in both" 2 "$a" "$TMP/onlyb"
check "bad --min-effect" "bad --min-effect '150': expected a percentage from 0 to 100" 2 --min-effect 150 "$a" "$b"
check "non-numeric --min-effect" "bad --min-effect '2%': expected a percentage from 0 to 100" 2 "$a" "$b" --min-effect=2%
check "--out in a missing directory" "bad --out '$TMP/none/x.md': no directory" 2 --out "$TMP/none/x.md" "$a" "$b"
check "--fail-on-slower takes no value" "'--fail-on-slower=1'" 2 --fail-on-slower=1 "$a" "$b"
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

# Holm and the minimum effect (the fixtures are described at the top).
ha="$TMP/compare-holm-a" hb="$TMP/compare-holm-b"
cp -r tests/fixtures/compare-holm-a tests/fixtures/compare-holm-b "$TMP/"
before=$(ls -lAR "$ha" "$hb")
"$PB" compare "$ha" "$hb" >"$TMP/h" 2>"$TMP/herr"
is "$?:$(wc -c < "$TMP/herr")" "0:0" "Holm fixtures: exit 0, nothing on stderr"
grep -q -- '^- correction: Holm-Bonferroni, α 0.05, over a family of 4 configurations .*below α/4 = 0.0125' "$TMP/h"
ok $? "the header states Holm-Bonferroni, α 0.05, a family of 4 and the first step, α/4 = 0.0125"
is "$(cell "$TMP/h" pi serial 1 12):$(cell "$TMP/h" pi serial 1 13):$(cell "$TMP/h" pi serial 1 14)" \
	"0.0288:0.0864:same within noise" "pi serial: raw p 0.0288 < 0.05 but Holm's 0.0864 is not: same within noise, not slower"
is "$(cell "$TMP/h" pi pthreads 2 11):$(cell "$TMP/h" pi pthreads 2 13):$(cell "$TMP/h" pi pthreads 2 14)" \
	"1.010:4.33e-05:same (within 2 %)" "pi pthreads 2: significant after Holm, but 1 % is below the 2 % minimum effect"
is "$(cell "$TMP/h" primes serial 1 14)" "same within noise" "primes serial: interleaved, same within noise"
is "$(cell "$TMP/h" primes pthreads 2 14)" \
	"too few repetitions to decide: n=3 each, the smallest p the test can give is 0.1" \
	"primes pthreads 2: 3 vs 3, 32 % apart, too few repetitions to decide, with the smallest p"
grep -qx -- '- pi: 1.022 over 2 configurations' "$TMP/h" && grep -qx -- '- primes: 1.170 over 2 configurations' "$TMP/h"
ok $? "a geometric mean of B/A per kernel, with how many configurations (pi: sqrt(1.033 x 1.010))"
is "$(tail -n 1 "$TMP/h")" "compare: 0 slower, 0 faster, 3 same, 1 too few repetitions to decide (Holm, α 0.05, min effect 2 %)" \
	"the last line: nothing slower or faster"
"$PB" compare "$ha" "$hb" --fail-on-slower >"$TMP/h1" 2>/dev/null
is "$?:$(tail -n 1 "$TMP/h1" | sed 's/.*; //')" "0:--fail-on-slower: exit 0" "--fail-on-slower with nothing slower: exit 0, and the last line says so"
"$PB" compare "$ha" "$hb" --min-effect 0.5 >"$TMP/h2" 2>/dev/null
is "$?:$(cell "$TMP/h2" pi pthreads 2 14)" "0:slower" "--min-effect 0.5: the 1 % difference is slower, exit 0 without --fail-on-slower"
"$PB" compare "$ha" "$hb" --min-effect 0.5 --fail-on-slower >"$TMP/h3" 2>/dev/null
is "$?:$(tail -n 1 "$TMP/h3")" \
	"1:compare: 1 slower, 0 faster, 2 same, 1 too few repetitions to decide (Holm, α 0.05, min effect 0.5 %); --fail-on-slower: exit 1" \
	"--fail-on-slower with a configuration slower: exit 1, said on the last line"
"$PB" compare "$hb" "$ha" --min-effect 0.5 --fail-on-slower >"$TMP/h4" 2>/dev/null
is "$?:$(cell "$TMP/h4" pi pthreads 2 14)" "0:faster" "swapped: faster is no failure (exit 0)"
"$PB" compare "$a" "$b" --fail-on-slower >/dev/null 2>&1
is "$?" 1 "--fail-on-slower on the first fixtures (pi serial 1.5x slower): exit 1"
# A gate must not pass a build that broke a configuration: B with primes
# serial's runs all unverified, then B without primes serial at all.
cp -r "$hb" "$TMP/lost" && awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
	NR > 1 && $c["kernel"] == "primes" && $c["runner"] == "serial" { $c["verified"] = 0 } { print }' \
	"$hb/samples.csv" >"$TMP/lost/samples.csv"
"$PB" compare "$ha" "$TMP/lost" --fail-on-slower >"$TMP/h7" 2>/dev/null
is "$?:$(cell "$TMP/h7" primes serial 1 14):$(tail -n 1 "$TMP/h7" | grep -c '1 with no verified repetition in B')" \
	"1:no verified repetition in B:1" "--fail-on-slower: a configuration whose runs in B all failed verification fails the gate (exit 1)"
cp -r "$hb" "$TMP/gone" && awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
	!($c["kernel"] == "primes" && $c["runner"] == "serial")' "$hb/samples.csv" >"$TMP/gone/samples.csv"
"$PB" compare "$ha" "$TMP/gone" --fail-on-slower >"$TMP/h8" 2>/dev/null
is "$?:$(tail -n 1 "$TMP/h8" | grep -c '1 measured in A missing from B')" "1:1" \
	"--fail-on-slower: a configuration measured in A and missing from B fails the gate (exit 1)"
"$PB" compare "$ha" "$hb" --min-effect 0 >"$TMP/h5" 2>/dev/null
is "$(cell "$TMP/h5" pi serial 1 14):$(cell "$TMP/h5" pi pthreads 2 14)" "same within noise:slower" \
	"--min-effect 0: Holm alone decides (pi serial still not slower)"
"$PB" compare "$ha" "$hb" --min-effect 0.5 --fail-on-slower --alpha 0.00001 >"$TMP/h6" 2>/dev/null
is "$?:$(cell "$TMP/h6" pi pthreads 2 14)" "0:too few repetitions to decide: n=10 each, the smallest p the test can give is 1.08e-05" \
	"--alpha 0.00001: 10 vs 10 cannot pass 0.00001 / 4, said so; exit 0"
is "$(ls -lAR "$ha" "$hb")" "$before" "none of these compares wrote into either run folder"

# --collect (and --pattern) name configurations too: partial and shared stay apart.
"$PB" run --kernels pi --runners pthreads --workers 2 --collect partial,shared --quick --reps 3 \
	--no-report --quiet --out "$TMP/coll" >/dev/null 2>&1
is "$("$PB" compare "$TMP/coll" "$TMP/coll" 2>/dev/null | grep -c '^| pi | pthreads | 2 | static')" 2 \
	"compare keeps --collect partial and shared apart (two rows)"
