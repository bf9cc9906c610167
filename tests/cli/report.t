#!/usr/bin/env bash
# parbench report DIR: the C report against what scripts/report.sh drew for
# the same run (tests/fixtures/small-run.report-sh): the same headings in
# the same order, the same figures and plot files, the same per-kernel
# table rows; report.html self-contained, one inline SVG per figure.
# A folder that holds no run: exit 2, one line naming it.
. tests/lib/tap.sh
plan 17

ref=tests/fixtures/small-run.report-sh
run="$TMP/small-run"
cp -r tests/fixtures/small-run "$run"
"$PB" report "$run" >"$TMP/log" 2>&1
is "$?" 0 "parbench report redraws the fixture run"
[ "$(grep -ci 'warning\|error' "$TMP/log")" -eq 0 ]
ok $? "gnuplot printed no warning or error"

md="$run/report.md"
is "$(grep '^#\{1,3\} ' "$md")" "$(grep '^#\{1,3\} ' "$ref/report.md")" \
	"the same #, ## and ### headings in the same order as report.sh"
is "$(grep -o '!\[[^]]*\](plots/[^)]*)' "$md")" "$(grep -o '!\[[^]]*\](plots/[^)]*)' "$ref/report.md")" \
	"the same figures linked, in the same order"
missing=""
for f in $(grep -o '](plots/[^)]*)' "$md" | sed 's/^](//; s/)$//'); do [ -s "$run/$f" ] || missing="$missing $f"; done
is "$missing" "" "every figure linked exists"
missing=""
while read -r f; do [ -s "$run/plots/$f" ] || missing="$missing $f"; done <"$ref/plots.txt"
is "$missing" "" "every plot file report.sh made is there ($(wc -l <"$ref/plots.txt") files)"
# A table row's configuration: runner, workers, schedule, bind, items, size,
# from the kernels' tables (headed "| runner | workers |") only: the scaling
# fits' tables list series, not configurations.
config() {
	awk '/^\| runner \| workers \|/ { t = 1; next } !/^\|/ { t = 0 } t && /^\| [a-z]/' "$1" | cut -d'|' -f2-7
}
is "$(config "$md" | sort)" "$(config "$ref/report.md" | sort)" "the per-kernel tables list the same configurations"
is "$(config "$md" | wc -l)" "$(($(wc -l <"$run/summary.csv") - 1))" "one table row per row of summary.csv"

html="$run/report.html"
[ -s "$html" ] && grep -q '</html>' "$html"
ok $? "report.html is written whole"
! grep -Eiq "(src|href)=[\"']?https?://" "$html" && ! grep -qi '<link\|<script' "$html"
ok $? "report.html loads nothing: no http(s) src or href, no <link> or <script>"
is "$(grep -o '<svg' "$html" | wc -l)" "$(grep -o '!\[[^]]*\](plots/[^)]*)' "$md" | wc -l)" \
	"report.html has one inline <svg> per figure of report.md"

# parbench run draws the same report at its end; a later run into the
# same --out takes the earlier report.html away with the rest.
"$PB" run --kernels sleep --runners serial,pthreads --workers 2 --items 4 --reps 1 --warmup 0 --min-time 0 \
	--quiet --out "$TMP/r" >"$TMP/rlog" 2>&1
ok "$([ $? -eq 0 ] && [ -s "$TMP/r/report.md" ] && grep -q '<svg' "$TMP/r/report.html"; echo $?)" \
	"parbench run ends with report.md and report.html (with its plots inline)"
"$PB" run --kernels sleep --runners serial --items 2 --reps 1 --warmup 0 --min-time 0 --quiet --no-report \
	--out "$TMP/r" >/dev/null 2>&1
ok "$([ ! -e "$TMP/r/report.html" ] && [ ! -e "$TMP/r/report.md" ]; echo $?)" "a run into the same --out removes the earlier report.html"

mkdir -p "$TMP/notrun"
"$PB" report "$TMP/notrun" >/dev/null 2>"$TMP/err"
is "$?:$(wc -l <"$TMP/err"):$(grep -c "$TMP/notrun" "$TMP/err")" "2:1:1" "a folder that is not a run: exit 2, one line naming it"

# A folder that only looks like one: a summary.csv and a meta.json that are
# not parbench's, or a run that did not finish, is not drawn.
mkdir -p "$TMP/junk"
printf 'a,b\n1,2\n' >"$TMP/junk/summary.csv"
echo '{}' >"$TMP/junk/meta.json"
"$PB" report "$TMP/junk" >/dev/null 2>"$TMP/err"
is "$?:$(wc -l <"$TMP/err"):$([ -e "$TMP/junk/report.md" ] || [ -e "$TMP/junk/plots" ]; echo $?)" "2:1:1" \
	"a meta.json that is not parbench's: exit 2, one line, nothing drawn"
cp -r tests/fixtures/small-run "$TMP/running"
sed -i 's/"status": "complete"/"status": "running"/' "$TMP/running/meta.json"
"$PB" report "$TMP/running" >/dev/null 2>"$TMP/err"
is "$?:$(grep -c '"running"' "$TMP/err")" "2:1" "a run whose meta.json says running: exit 2, the status named"
cp -r tests/fixtures/small-run "$TMP/nocol"
sed -i '1s/median_s/median/' "$TMP/nocol/summary.csv"
"$PB" report "$TMP/nocol" >/dev/null 2>"$TMP/err"
is "$?:$(grep -c "no column 'median_s'" "$TMP/err")" "2:1" "a summary.csv without median_s: exit 2, the column named"
