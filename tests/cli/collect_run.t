#!/usr/bin/env bash
# parbench run --collect partial,shared,messages: every runner (pools too),
# static and many small dynamic tasks, pattern none and map, gives serial's
# checksum on pi and sleep (asserted from samples.csv); the collect column,
# meta.json and report.md say what ran; what cannot run is refused.
. tests/lib/tap.sh
plan 9

out="$TMP/run"
"$PB" run --kernels pi,sleep --runners all --pool --workers 2 --schedule static,dynamic:64 --pattern none,map \
	--collect partial,shared,messages --quick --reps 2 --warmup 0 --min-time 0 --out "$out" >"$TMP/log" 2>&1
rc=$?
is "$rc" 0 "every runner x collect x pattern runs and exits 0"
[ $rc -eq 0 ] || sed 's/^/#   /' "$TMP/log"
s="$out/samples.csv"; y="$out/summary.csv"
k=$(col "$s" kernel); r=$(col "$s" runner); c=$(col "$s" checksum); p=$(col "$s" pattern); cl=$(col "$s" collect)
bad=$(awk -F, -v k="$k" -v r="$r" -v c="$c" -v p="$p" -v cl="$cl" '
	NR > 1 && $r == "serial" && $p == "none" && $cl == "partial" { ref[$k] = $c }
	NR > 1 { all[NR] = $k SUBSEP $c }
	END { for (i in all) { split(all[i], q, SUBSEP); if (!(q[1] in ref) || q[2] != ref[q[1]]) n++ } print n + 0 }' "$s")
is "$bad" 0 "every repetition's checksum equals serial's (partial) for its kernel"
is "$(awk -F, -v st="$(col "$y" status)" 'NR > 1 && $st != "ok"' "$y" | wc -l)" 0 "every configuration's status is ok"
is "$(awk -F, -v r="$(col "$y" runner)" -v cl="$(col "$y" collect)" 'NR > 1 { print $r "/" $cl }' "$y" | sort -u | wc -l)" 22 \
	"summary: 9 runners x 3 collects, less openmp's messages and spawn's and spawn-pool's tables"
grep -q '"collect": "partial,shared,messages"' "$out/meta.json"
ok $? "meta.json records --collect"
grep -q '^- pi, fork on 2 workers, dynamic:64: partial .*, shared .*× partial.*, messages .*× partial' "$out/report.md"
ok $? "report.md: shared and messages against partial for fork"

refuse() {   # refuse NAME ARGS...: exit 2, one line on stderr, nothing written
	local name=$1; shift
	"$PB" run --kernels pi --quick --no-report --out "$TMP/no" "$@" >/dev/null 2>"$TMP/err"
	local got=$?
	is "$got:$(wc -l < "$TMP/err"):$([ -e "$TMP/no" ] && echo written)" "2:1:" "$name ($(cat "$TMP/err"))"
}
refuse "openmp named for --collect messages is refused" --runners openmp --collect messages
refuse "--collect shared with imap is refused" --pattern imap --collect shared
refuse "an unknown --collect is refused" --collect manager
