#!/usr/bin/env bash
# --init-cost and --init-in-parent: bad values exit 2 with one line and
# nothing written; a small run writes the meta.json keys and the column.
. tests/lib/tap.sh
plan 7
bad() {
	local name=$1 want=$2; shift 2
	"$PB" run "$@" --out "$TMP/bad" >/dev/null 2>"$TMP/err"
	local rc=$?
	if [ "$rc" -eq 2 ] && [ "$(wc -l < "$TMP/err")" -eq 1 ] && grep -qF -- "$want" "$TMP/err" && [ ! -e "$TMP/bad" ]; then
		ok 0 "$name: exit 2, one line, nothing written"
	else
		ok 1 "$name: exit 2, one line, nothing written (exit $rc)"
		sed 's/^/#   /' "$TMP/err"
	fi
}
bad "--init-cost 10001" "'10001'" --init-cost 10001
bad "--init-cost -1" "'-1'" --init-cost -1
bad "--init-cost 5ms" "'5ms'" --init-cost 5ms
bad "--init-in-parent without a cost" "--init-in-parent without --init-cost" --init-in-parent
bad "--init-in-parent without fork" "has neither" --init-cost 1 --init-in-parent --runners pthreads,gil
"$PB" run --quick --quiet --no-report --kernels pi --runners serial,fork,fork-pool --workers 2 \
	--init-cost 2 --init-in-parent --reps 2 --min-time 0 --out "$TMP/run" >/dev/null 2>&1
ok $? "a run with --init-cost 2 --init-in-parent verifies every configuration"
rows=$(mawk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { printf "%s:%s ", $(c["runner"]), $(c["init_in_parent"]) }' "$TMP/run/summary.csv")
keys=$(grep -cE '"init_cost_ms": 2,|"init_in_parent": 1,' "$TMP/run/meta.json")
is "$rows$keys" "serial:0 fork:0 fork:1 fork-pool:0 fork-pool:1 2" "summary.csv has init_in_parent per row, meta.json init_cost_ms and init_in_parent"
[ "$_failed" -eq 0 ]
