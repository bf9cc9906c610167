#!/usr/bin/env bash
# The sizes of things (the structure issue, item 9): every C file opens
# with a comment saying why it exists, and no function is longer than 80
# lines (from the "{" in column 0 to the "}" in column 0). Functions still
# being cut down are listed below and shown as TODO; the list only shrinks.
set -u
max=80
todo="
harness/bench/bench.c:bench_run
"
files=$(ls harness/*/*.[ch] runners/*.[ch] kernels/*.[ch] tests/unit/*.c tools/*.c 2>/dev/null)
long=$(awk -v max=$max '
FNR == 1 { prev = ""; inb = 0 }
/^\{/ && !inb { inb = 1; start = FNR; name = prev; next }
/^\}/ && inb { inb = 0; n = FNR - start + 1; m = name; sub(/\(.*/, "", m); sub(/.*[ *]/, "", m)
	if (n > max) print FILENAME ":" m ":" n; next }
!inb && /^[a-zA-Z_].*\(/ { prev = $0 }' $files)
nfiles=$(echo "$files" | wc -l)
bare=""
for f in $files; do head -n 1 "$f" | grep -q '^/\*' || bare="$bare $f"; done
if [ -z "$bare" ]; then echo "ok 1 - all $nfiles C files open with a comment"; else echo "not ok 1 - files without a header comment:$bare"; fi
fail=""
open=""
for l in $long; do
	key=${l%:*}
	case "$todo" in *"
$key
"*) open="$open $l" ;; *) fail="$fail $l" ;; esac
done
if [ -z "$fail" ]; then echo "ok 2 - no function over $max lines${open:+ (but the TODOs below)}"
else echo "not ok 2 - functions over $max lines:"; for l in $fail; do echo "#   $l"; done; fi
n=2
for l in $open; do n=$((n + 1)); echo "not ok $n - $l lines # TODO being cut down by the structure issue"; done
echo "1..$n"
