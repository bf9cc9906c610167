#!/usr/bin/env bash
# parbench run --pattern: every runner (pools too) x none, map, imap,
# imap_unordered gives serial's checksum on pi and primes (asserted from
# samples.csv), the pattern column, the imap figures and meta.json say
# what ran, --chunksize sets the chunk, and what cannot run is refused
# with one line and exit 2.
. tests/lib/tap.sh
plan 16

out="$TMP/run"
"$PB" run --kernels pi,primes --runners all --pool --workers 2 --pattern none,map,imap,imap_unordered \
	--quick --reps 2 --warmup 1 --min-time 0 --no-report --out "$out" >"$TMP/log" 2>&1
rc=$?
is "$rc" 0 "every runner x pattern runs and exits 0"
[ $rc -eq 0 ] || sed 's/^/#   /' "$TMP/log"
s="$out/samples.csv"; y="$out/summary.csv"
k=$(col "$s" kernel); r=$(col "$s" runner); c=$(col "$s" checksum); p=$(col "$s" pattern)
bad=$(awk -F, -v k="$k" -v r="$r" -v c="$c" -v p="$p" '
	NR > 1 && $r == "serial" && $p == "none" { ref[$k] = $c }
	NR > 1 { all[NR] = $k SUBSEP $c }
	END { for (i in all) { split(all[i], q, SUBSEP); if (!(q[1] in ref) || q[2] != ref[q[1]]) n++ } print n + 0 }' "$s")
is "$bad" 0 "every repetition's checksum equals serial's (no pattern) for its kernel"
is "$(awk -F, -v v="$(col "$s" verified)" 'NR > 1 && $v != 1' "$s" | wc -l)" 0 "every repetition is verified"
# 9 runners x 4 patterns, less openmp's imap and imap_unordered and the
# patterns of spawn and spawn-pool (no results table in their workers' reach).
is "$(awk -F, -v r="$(col "$y" runner)" -v p="$(col "$y" pattern)" 'NR > 1 { print $r "/" $p }' "$y" | sort -u | wc -l)" 28 \
	"summary: 28 runner x pattern rows (openmp has no imap, spawn only none)"
is "$(awk -F, -v r="$(col "$y" runner)" -v p="$(col "$y" pattern)" 'NR > 1 && $r == "openmp" && $p ~ /imap/' "$y" | wc -l)" 0 \
	"openmp, from --runners all, is left out of imap and imap_unordered"
st=$(col "$y" status)
is "$(awk -F, -v st="$st" 'NR > 1 && $st != "ok"' "$y" | wc -l)" 0 "every configuration's status is ok"
fr=$(col "$s" first_result_s); pw=$(col "$s" parent_wait_s); e=$(col "$s" error)
is "$(awk -F, -v p="$p" -v fr="$fr" -v pw="$pw" 'NR > 1 && (($p ~ /^imap/) != ($fr != "" && $pw != ""))' "$s" | wc -l)" 0 \
	"samples: first_result_s and parent_wait_s are there for imap and imap_unordered, empty otherwise"
is "$(awk -F, -v p="$(col "$y" pattern)" -v fr="$(col "$y" first_result_s)" 'NR > 1 && (($p ~ /^imap/) != ($fr != ""))' "$y" | wc -l)" 0 \
	"summary: the median time to first result for imap and imap_unordered only"
grep -q '"pattern": "none,map,imap,imap_unordered"' "$out/meta.json" && grep -q '"chunksize": 0' "$out/meta.json"
ok $? "meta.json records --pattern and --chunksize"

"$PB" run --kernels pi --runners serial,fork --workers 2 --pattern map --chunksize 1000 --quick --reps 1 \
	--warmup 0 --min-time 0 --no-report --out "$TMP/cs" >/dev/null 2>&1
is "$(awk -F, -v ch="$(col "$TMP/cs/summary.csv" chunk)" 'NR > 1 { print $ch }' "$TMP/cs/summary.csv" | sort -u)" 1000 \
	"--chunksize 1000 is the chunk of every map configuration"

# report.md: the patterns section compares map with the dynamic schedule
# and imap with imap_unordered; the per-kernel table lists the pattern rows.
"$PB" run --kernels pi --runners serial,fork --workers 2 --schedule dynamic --pattern none,map,imap,imap_unordered \
	--quick --reps 2 --warmup 0 --min-time 0 --out "$TMP/rep" >/dev/null 2>&1
grep -q '^- pi, fork on 2 workers: map .* the dynamic schedule .*; imap: first result .*; imap_unordered: first result ' "$TMP/rep/report.md"
ok $? "report.md: a patterns line for fork with map against dynamic and both imaps' first result"
is "$(grep -c '^| fork | 2 | \(map\|imap\|imap_unordered\):' "$TMP/rep/report.md")" 3 "report.md: the pi table lists fork's three pattern rows"

refuse() {   # refuse NAME ARGS...: exit 2, one line on stderr, nothing written
	local name=$1; shift
	"$PB" run --kernels pi --quick --no-report --out "$TMP/no" "$@" >/dev/null 2>"$TMP/err"
	local got=$?
	is "$got:$(wc -l < "$TMP/err"):$([ -e "$TMP/no" ] && echo written)" "2:1:" "$name ($(cat "$TMP/err"))"
}
refuse "openmp named for imap is refused" --runners openmp --pattern imap
refuse "an unknown pattern is refused" --pattern starmap
refuse "--chunksize without --pattern is refused" --chunksize 64
"$PB" run --kernels pi --runners openmp --pattern imap_unordered --quick --no-report --out "$TMP/no2" 2>&1 | grep -q "openmp: the calling thread is worker 0"
ok $? "the refusal says why openmp cannot (its caller is a worker)"
