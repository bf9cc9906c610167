#!/usr/bin/env bash
# parbench demo fork-after-threads: finishes within its bound, provokes and
# reports the deadlock (the child timed out on a lock it inherited held),
# each fix gets the lock, the OpenMP child starts with 1 thread, no child
# process is left behind; bad input exits 2 with one line and writes
# nothing. No timing is asserted.
. tests/lib/tap.sh
plan 15

out="$TMP/demo-out"
timeout 30 "$PB" demo fork-after-threads --out "$out" >"$TMP/log" 2>"$TMP/err"
rc=$?
[ "$rc" -ne 124 ] && [ "$rc" -ne 137 ]
ok $? "the demo finished within 30 s (exit $rc)"
is "$rc" 0 "the demo exits 0: it ran as designed"
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$TMP/log" "$TMP/err" | tail -n 30
grep -q UNEXPECTED "$TMP/log"
ok $((! $?)) "no UNEXPECTED line"

# section NAME: the lines from the heading that starts with NAME to the next heading.
section() { awk -v h="$1" 'index($0, h) == 1 { on = 1; next } /^#/ { on = 0 } on' "$TMP/log"; }
pit=$(section "## 1.")
echo "$pit" | grep -q "child:  1 thread right after fork"
ok $? "pitfall: the child has 1 thread"
echo "$pit" | grep -q "child:  timed out after [0-9.]* s waiting for a lock held by a thread that" &&
	echo "$pit" | grep -q "does not exist in this process"
ok $? "pitfall: the child timed out on the inherited lock, and says why"
echo "$pit" | grep -q "parent: DEADLOCK detected"
ok $? "pitfall: the parent reports the deadlock"
for fix in "### 2a." "### 2b." "### 2c."; do
	section "$fix" | grep -q "child:  got the lock: OK"
	ok $? "fix $fix: the child got the lock"
done
section "### 2c." | grep -q "inherited lock is still held"
ok $? "fix 2c: the inherited lock is still held in the child, and the child did not wait for it"
section "## 3." | grep -q "child:  1 thread right after fork: libgomp's pool threads are not inherited"
ok $? "OpenMP then fork: the child has 1 thread right after fork"
section "## 3." | grep -Eq "child:  (a region of [0-9]+ threads finished|its parallel region .* has not finished)"
ok $? "OpenMP then fork: the child's region is reported as finished or hung"

grep -q "Every child was reaped: none is left" "$TMP/log" && ! pgrep -f -- "$out" >/dev/null
ok $? "no child process left behind"
[ -f "$out/demo.md" ] && grep -q "timed out after" "$out/demo.md" && grep -q '^# parbench demo fork-after-threads' "$out/demo.md"
ok $? "--out writes demo.md with the same text"

# Bad input: exit 2, one line naming the value, nothing written.
bad=""
check() {
	local want=$1; shift
	local o="$TMP/bad$RANDOM"
	timeout 20 "$PB" demo "$@" --out "$o" >/dev/null 2>"$TMP/stderr"
	local rc=$? lines; lines=$(wc -l < "$TMP/stderr")
	if ! { [ "$rc" -eq 2 ] && [ "$lines" -eq 1 ] && grep -qF -- "$want" "$TMP/stderr" && [ ! -e "$o" ]; }; then
		bad="$bad [$* -> exit $rc, $lines lines: $(head -c 200 "$TMP/stderr")]"
	fi
}
check "'nope'" nope
check "allowed are fork-after-threads" --timeout 1
check "'0'" fork-after-threads --timeout 0
check "'abc'" fork-after-threads --timeout abc
check "'-1'" fork-after-threads --timeout -1
check "'100'" fork-after-threads --timeout 100
check "'--bogus'" fork-after-threads --bogus
is "$bad" "" "bad input: exit 2, one line naming the value, nothing written"
