#!/usr/bin/env bash
# parbench report DIR on the studies' folders: a copy of a small convoy
# folder and of a small overheads folder, their drawn outputs removed, gets
# convoy.md / overheads.md and the plots back from the table and meta.json
# alone, the same text the study wrote at its end (the same C code); the
# scripts that used to draw them now call the binary; the tables keep
# their columns, RFC 4180; a folder that is none of run, convoy or
# overheads, or whose meta.json is not complete, exits 2 with one line.
. tests/lib/tap.sh
plan 16

is_png() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; }

cv="$TMP/cv"
timeout 120 "$PB" convoy --quick --modes new,io-priority --intervals 1 --cpu-threads 0,1 --out "$cv" \
	>"$TMP/cvlog" 2>&1
is "$?" 0 "a small convoy run exits 0"
is "$(head -n 1 "$cv/convoy.csv")" \
	"io,bind,pu,mode,interval_ms,cpu_threads,unit_us,ops,seconds,ops_per_s,min_us,median_us,p90_us,p99_us,max_us,mean_us,slowdown,echo_same_cpu,cpu_units,cpu_units_per_s,cpu_busy,handoffs,drop_requests,honoured,forced_waits,releases,wait_s,status,warning" \
	"convoy.csv keeps its columns in their order"
cp -r "$cv" "$TMP/cv2"
rm -rf "$TMP/cv2/convoy.md" "$TMP/cv2/plots"
"$PB" report "$TMP/cv2" >"$TMP/log" 2>&1
is "$?" 0 "parbench report redraws the convoy folder"
cmp -s "$cv/convoy.md" "$TMP/cv2/convoy.md"
ok $? "the same convoy.md as the run wrote"
is_png "$TMP/cv2/plots/convoy.png" && is_png "$TMP/cv2/plots/convoy-cpu.png" &&
	[ -s "$TMP/cv2/plots/convoy.svg" ] && [ -s "$TMP/cv2/plots/convoy-cpu.svg" ]
ok $? "plots/convoy.png and convoy-cpu.png (and .svg) drawn again"
[ "$(grep -ci 'warning\|error' "$TMP/log")" -eq 0 ]
ok $? "gnuplot printed no warning or error"

ov="$TMP/ov"
timeout 120 "$PB" overheads --quick --primitives thread-create,pipe-threads --out "$ov" >"$TMP/ovlog" 2>&1
is "$?" 0 "a small overheads run exits 0"
is "$(head -n 1 "$ov/overheads.csv")" \
	"primitive,model,shape,op,what,workers,bind,pus,median_us,min_us,max_us,mean_us,cv,inner,outer,reference_us,status,warning,note" \
	"overheads.csv keeps its columns in their order"
cp -r "$ov" "$TMP/ov2"
rm -rf "$TMP/ov2/overheads.md" "$TMP/ov2/plots"
"$PB" report "$TMP/ov2" >"$TMP/log" 2>&1
is "$?" 0 "parbench report redraws the overheads folder"
cmp -s "$ov/overheads.md" "$TMP/ov2/overheads.md" && is_png "$TMP/ov2/plots/overheads.png" &&
	[ -s "$TMP/ov2/plots/overheads.svg" ]
ok $? "the same overheads.md as the run wrote, and plots/overheads.png (.svg) again"

# RFC 4180: a comma and a quote in a text field stay as they are, quoted;
# the report reads the field whole.
awk 'BEGIN { FS = OFS = "," } NR == 1 { for (i = 1; i <= NF; i++) if ($i == "what") w = i }
	NR == 2 { $w = "\"a, \"\"quoted\"\" primitive\"" } { print }' "$ov/overheads.csv" >"$TMP/ov2/overheads.csv"
"$PB" report "$TMP/ov2" >/dev/null 2>&1 && grep -q ': a, "quoted" primitive; one operation is one' "$TMP/ov2/overheads.md"
ok $? "a quoted field with a comma and quotes reaches overheads.md whole"

rm -rf "$TMP/cv2/plots"
sh scripts/convoy.sh "$TMP/cv2" >/dev/null 2>&1 && is_png "$TMP/cv2/plots/convoy.png"
ok $? "scripts/convoy.sh calls parbench report"

sed 's/"status": "complete"/"status": "running"/' "$cv/meta.json" >"$TMP/cv2/meta.json"
"$PB" report "$TMP/cv2" >/dev/null 2>"$TMP/err"
is "$?:$(wc -l <"$TMP/err"):$(grep -c "$TMP/cv2" "$TMP/err")" "2:1:1" \
	"a convoy folder whose meta.json is not complete: exit 2, one line naming it"
mkdir -p "$TMP/none"
: >"$TMP/none/meta.json"
"$PB" report "$TMP/none" >/dev/null 2>"$TMP/err"
is "$?:$(wc -l <"$TMP/err"):$(grep -c "$TMP/none" "$TMP/err")" "2:1:1" \
	"a folder that is neither run, convoy nor overheads: exit 2, one line naming it"

# A table that cannot be written whole (a file size limit) stops the
# study: exit 1, one line saying where it stopped, meta.json "failed: "
# naming the file, and the table's last line whole.
(trap '' XFSZ; ulimit -f 6; timeout 120 "$PB" overheads --quick --no-report --out "$TMP/ovfull" >/dev/null 2>"$TMP/err")
is "$?:$(grep -c 'the run stopped there' "$TMP/err"):$(grep -c '"status": "failed: cannot write overheads.csv: File too large"' "$TMP/ovfull/meta.json"):$(tail -c 1 "$TMP/ovfull/overheads.csv" | od -An -c | tr -d ' ')" '1:1:1:\n' \
	"overheads.csv cut short by a full disk: exit 1, said, meta.json failed, no ragged row"
(trap '' XFSZ; ulimit -f 8; timeout 120 "$PB" convoy --quick --no-report --out "$TMP/cvfull" >/dev/null 2>"$TMP/err")
is "$?:$(grep -c 'the run stopped there' "$TMP/err"):$(grep -c '"status": "failed: cannot write convoy' "$TMP/cvfull/meta.json"):$(tail -c 1 "$TMP/cvfull/convoy-latency.csv" | od -An -c | tr -d ' ')" '1:1:1:\n' \
	"convoy's tables cut short by a full disk: exit 1, said, meta.json failed, no ragged row"
