#!/usr/bin/env bash
# Temporary files. In a run folder (summary.csv's .summary.csv.tmp, the
# report's report.md.tmp) they are created with O_EXCL|O_NOFOLLOW: a
# symbolic link planted at that name is refused, never followed, and its
# target is left as it was; a regular file there (an interrupted write's
# leftover) is replaced. read's scratch file has no name in $TMPDIR while it
# is written, so a SIGKILL during its setup leaves nothing behind.
. tests/lib/tap.sh
plan 11

quick=(--kernels pi --runners serial --quick --reps 1 --warmup 0 --min-time 0 --quiet)
echo precious > "$TMP/victim"

# A link at .summary.csv.tmp in an earlier run's folder.
"$PB" run "${quick[@]}" --out "$TMP/r1" >/dev/null 2>&1
ln -s "$TMP/victim" "$TMP/r1/.summary.csv.tmp"
"$PB" run "${quick[@]}" --out "$TMP/r1" >"$TMP/out" 2>"$TMP/err"
rc=$?
is "$(cat "$TMP/victim")" precious "a link planted at .summary.csv.tmp is not followed: its target is unchanged"
[ "$rc" -ne 0 ] && grep -q 'summary.csv.*File exists' "$TMP/err" && [ ! -e "$TMP/r1/summary.csv" ] &&
	grep -q '"status": "failed' "$TMP/r1/meta.json"
ok $? "the run refuses it: exit $rc, says so, no summary.csv, meta.json failed"

# A link at report.md.tmp in a finished run's folder.
"$PB" run "${quick[@]}" --no-report --out "$TMP/r2" >/dev/null 2>&1
ln -s "$TMP/victim" "$TMP/r2/report.md.tmp"
"$PB" report "$TMP/r2" >"$TMP/out" 2>"$TMP/err"
rc=$?
is "$(cat "$TMP/victim")" precious "a link planted at report.md.tmp is not followed: its target is unchanged"
[ "$rc" -ne 0 ] && grep -q 'report.md.tmp: File exists' "$TMP/err" && [ -L "$TMP/r2/report.md.tmp" ]
ok $? "parbench report refuses it: exit $rc, one line naming it, the link left as it was"

# Links at meta.json's and results.json's temporaries: not followed either.
for t in .meta.json.tmp .results.json.tmp; do
	"$PB" run "${quick[@]}" --no-report --out "$TMP/r3$t" >/dev/null 2>&1
	ln -s "$TMP/victim" "$TMP/r3$t/$t"
	"$PB" run "${quick[@]}" --no-report --out "$TMP/r3$t" >/dev/null 2>"$TMP/err"
	rc=$?
	[ "$(cat "$TMP/victim")" = precious ] && [ "$rc" -ne 0 ] && [ -L "$TMP/r3$t/$t" ]
	ok $? "a link planted at $t is not followed (exit $rc, its target unchanged)"
done

# A regular file left at those names by an interrupted write is replaced.
rm "$TMP/r2/report.md.tmp"
echo stale > "$TMP/r2/.summary.csv.tmp"
echo stale > "$TMP/r2/report.md.tmp"
"$PB" run "${quick[@]}" --out "$TMP/r2" >/dev/null 2>&1
is "$?" 0 "leftover regular temporaries do not stop a run into the same folder"
[ -s "$TMP/r2/summary.csv" ] && [ -s "$TMP/r2/report.md" ] && ! grep -q stale "$TMP/r2/report.md" &&
	[ -z "$(ls -A "$TMP/r2" | grep '\.tmp$')" ]
ok $? "summary.csv and report.md are written whole, no .tmp file is left"

# SIGKILL while read writes its scratch file: nothing is left in $TMPDIR.
tmpdir="$TMP/tmpdir"
mkdir "$tmpdir"
TMPDIR="$tmpdir" "$PB" run --kernels read --runners serial --items 262144 --reps 1 --warmup 0 \
	--min-time 0 --no-report --quiet --out "$TMP/r3" >/dev/null 2>&1 &
pid=$!
seen=0
for _ in $(seq 400); do          # up to 20 s for the setup to open its file
	if ls -l "/proc/$pid/fd" 2>/dev/null | grep -qF -- "$tmpdir"; then
		seen=1
		break
	fi
	sleep 0.05
done
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
is "$seen" 1 "read's setup opened its file in the private TMPDIR (then SIGKILL)"
is "$(ls -A "$tmpdir" | wc -l)" 0 "after SIGKILL during read's setup no file is left in TMPDIR"
[ ! -e "$TMP/r3/summary.csv" ]
ok $? "and the run did not get as far as its summary (it was killed in setup)"
