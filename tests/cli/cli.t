#!/usr/bin/env bash
# Bad input: one line on stderr naming the value and what is allowed, exit
# status 2, and no results folder left behind.
. tests/lib/tap.sh

# case NAME EXPECTED-TEXT ARGS...: runs parbench with ARGS plus --out.
cases=0
check() {
	local name=$1 want=$2; shift 2
	local out="$TMP/out$cases"
	cases=$((cases + 1))
	# A value wrongly accepted would start a whole benchmark: cut it short.
	timeout 20 "$PB" "$@" --out "$out" >"$TMP/stdout" 2>"$TMP/stderr"
	local rc=$?
	local lines; lines=$(wc -l < "$TMP/stderr")
	if [ "$rc" -eq 2 ] && [ "$lines" -eq 1 ] && grep -qF -- "$want" "$TMP/stderr" && [ ! -e "$out" ]; then
		ok 0 "$name: exit 2, one line naming $want, nothing written"
	else
		ok 1 "$name: exit 2, one line naming $want, nothing written (exit $rc, $lines lines, out $( [ -e "$out" ] && echo exists || echo absent))"
		sed 's/^/#   /' "$TMP/stderr"
	fi
}

plan 41
check "unknown kernel" "'nope'" run --kernels nope
kernels=$("$PB" list | awk '/^kernels:/ { on = 1; next } /^runners:/ { on = 0 } on { printf "%s%s", sep, $1; sep = ", " }')
check "unknown kernel lists the allowed" "$kernels, all" run --kernels pi,nope
check "unknown runner" "'threads'" run --runners threads
check "unknown runner lists the allowed" "serial, gil, pthreads, openmp, fork" run --runners threads
check "workers 0" "'0'" run --workers 0
check "workers negative" "'-3'" run --workers -3
check "workers non-numeric" "'two'" run --workers two
check "workers beyond the bound" "'100000'" run --workers 100000
check "workers reversed range" "'4-2'" run --workers 4-2
check "size that does not parse" "'12XB'" run --size 12XB
check "size zero" "'0'" run --size 0
check "size that cannot be allocated" "triad" run --kernels triad --size 900TiB
check "unknown schedule" "'guided'" run --schedule guided
check "zero chunk" "'dynamic:0'" run --schedule dynamic:0
check "reps zero" "'0'" run --reps 0
check "unknown option" "'--bogus'" run --bogus
check "switch interval" "'-1'" run --switch-interval -1
check "switch interval zero" "'0'" run --switch-interval 0
check "unknown gil mode" "'fair': allowed are new, old, new-noforce, io-priority" run --gil-mode fair
check "gil unit zero" "'0'" run --gil-unit 0
check "gil unit non-numeric" "'big'" run --gil-unit big
check "gil check zero" "'0'" run --gil-check 0
check "gil check too large" "'2000000'" run --gil-check 2000000
check "empty item in a list" "'1,'" run --workers 1,
check "empty first item" "',2'" run --workers ,2
check "space in a count" "' 2'" run --workers ' 2'
check "signed count" "'+2'" run --workers +2
check "empty kernel item" "'pi,,sleep'" run --kernels pi,,sleep
check "empty schedule item" "'static,'" run --schedule static,
check "hexadecimal size" "'0x10'" run --size 0x10
check "timeout zero" "'0'" run --timeout 0

# An existing --out that holds somebody's files is refused, and left alone.
mkdir -p "$TMP/theirs" && echo keep > "$TMP/theirs/notes.txt"
"$PB" run --kernels sleep --runners serial --items 2 --out "$TMP/theirs" >/dev/null 2>"$TMP/stderr"
is "$?:$(cat "$TMP/theirs/notes.txt"):$(ls "$TMP/theirs" | wc -l)" "2:keep:1" "a non-empty --out that is no parbench run: exit 2, untouched"
grep -qF "'$TMP/theirs' holds other files" "$TMP/stderr"
ok $? "and the message names it"

# max is capped at the most workers parbench runs (256), on a machine we do not have.
HWLOC_SYNTHETIC="pack:2 core:150 pu:1" "$PB" run --kernels sleep --runners serial --items 2 \
	--workers 1,max --reps 1 --warmup 0 --no-report --out "$TMP/big" >"$TMP/stdout" 2>&1
is "$?" 0 "on a 300-PU synthetic machine, --workers max runs"
grep -q "hwloc sees 300 PUs; 'max' means 256" "$TMP/stdout"
ok $? "and says that max is capped at 256"

# --out that cannot be created: below a regular file.
touch "$TMP/file"
"$PB" run --kernels pi --quick --out "$TMP/file/sub" >/dev/null 2>"$TMP/stderr"
is "$?" 2 "unwritable --out exits 2"
grep -qF "'$TMP/file/sub'" "$TMP/stderr"
ok $? "unwritable --out names the directory"

"$PB" frobnicate >/dev/null 2>"$TMP/stderr"
is "$?" 2 "unknown command exits 2"
grep -qF "'frobnicate'" "$TMP/stderr"
ok $? "unknown command is named"

# help COMMAND is that command's --help; help of an unknown one exits 2.
is "$("$PB" help run | head -n 1)" "usage: parbench run [options]" "help run shows run's --help"
"$PB" help frobnicate >/dev/null 2>"$TMP/stderr"
is "$?:$(grep -c "'frobnicate'" "$TMP/stderr")" "2:1" "help of an unknown command: exit 2, named"
