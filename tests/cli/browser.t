#!/usr/bin/env bash
# The pages looked at in a browser (issue 16): demos.html (from the demo
# fixtures, with a figure the fixture run's report drew) and that run's
# report.html, opened in headless Chromium. Each page gives a screenshot
# that decodes as a PNG of the window's size, and every <img> on it loaded
# (naturalWidth above 0, checked by a small script in a copy of the page:
# the pages themselves carry none); report.html draws its figures as
# inline SVG. Without chromium the tests are skipped, saying so
# (scripts/deps.sh test installs it). PARBENCH_SHOTS=DIR keeps the
# screenshots there, to be looked at.
. tests/lib/tap.sh
plan 6

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	for i in 1 2 3 4 5 6; do skip "chromium is not installed (sh scripts/deps.sh test installs it)"; done
	exit 0
fi
# As root Chromium needs --no-sandbox; its own profile in $TMP, no GPU.
chrome() {
	timeout 90 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
		--user-data-dir="$TMP/profile" "$@" 2>>"$TMP/chrome.err"
}

# The run and its report (plots drawn by gnuplot), and the notebook with one of its figures.
run="$TMP/run"
cp -r tests/fixtures/small-run "$run"
"$PB" report "$run" >"$TMP/log" 2>&1
nb="$TMP/nb"
mkdir "$nb"
for d in tests/fixtures/demos/*/; do cp -r "$d" "$nb/"; done
mkdir -p "$nb/gil/plots"
cp "$run/plots/speedup-pi.png" "$nb/gil/plots/"
"$PB" demo notebook "$nb" >>"$TMP/log" 2>&1

# shot PAGE NAME: a 1200 x 2000 screenshot of PAGE into $TMP/NAME.png; its `file` line.
shot() {
	(cd "$TMP" && chrome --window-size=1200,2000 --screenshot="$TMP/$2.png" "file://$1" >/dev/null)
	[ -n "${PARBENCH_SHOTS:-}" ] && mkdir -p "$PARBENCH_SHOTS" && cp "$TMP/$2.png" "$PARBENCH_SHOTS/"
	file -b "$TMP/$2.png" 2>/dev/null | cut -d, -f1,2
}
# images PAGE: the page with a script that counts its images, broken ones and SVGs, as the DOM's title.
images() {
	local copy="$TMP/check-$(basename "$1")"
	sed 's|</body>|<script>window.addEventListener("load", function () { var n = 0, bad = 0; for (var i of document.images) { n++; if (!i.complete \|\| i.naturalWidth === 0) bad++; } document.title = "images " + n + " broken " + bad + " svg " + document.querySelectorAll("svg").length; });</script></body>|' \
		"$1" >"$copy"
	chrome --virtual-time-budget=5000 --dump-dom "file://$copy" | grep -o '<title>images [^<]*</title>'
}

is "$(shot "$nb/demos.html" demos)" "PNG image data, 1200 x 2000" "demos.html: a screenshot, a PNG of the window's size"
got=$(images "$nb/demos.html")
is "$got" "<title>images 1 broken 0 svg 0</title>" "demos.html: its one figure (an inlined PNG) loaded"
[ "$(stat -c %s "$TMP/demos.png")" -gt 20000 ]
ok $? "demos.html's screenshot is not blank ($(stat -c %s "$TMP/demos.png") bytes)"

is "$(shot "$run/report.html" report)" "PNG image data, 1200 x 2000" "report.html: a screenshot, a PNG of the window's size"
got=$(images "$run/report.html")
case "$got" in "<title>images 0 broken 0 svg "[1-9]*) r=0 ;; *) r=1 ;; esac
ok $r "report.html: no broken image, its figures as inline SVG ($got)"
[ "$(stat -c %s "$TMP/report.png")" -gt 20000 ]
ok $? "report.html's screenshot is not blank ($(stat -c %s "$TMP/report.png") bytes)"
[ "$_failed" -eq 0 ] || sed 's/^/# chromium: /' "$TMP/chrome.err" | tail -n 20
exit 0
