#!/bin/sh
# scripts/trace.sh RUNDIR [SUBTITLE] - timelines of a run made with --trace.
#
# Reads RUNDIR/trace.csv (one traced run per configuration, written by
# parbench run --trace), renders one plots/trace-<configuration>.png (and
# .svg) per configuration with plots/trace.gp, and writes
# plots/data/trace.md: a line per configuration with what its timeline
# shows (when the gate opened, how unevenly the workers finished, under gil
# how much of the run the lock was held and how often it changed hands).
# parbench report (harness/output/plots.c) calls it; exit 0 with nothing done when there is no trace.csv.
set -eu
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: scripts/trace.sh RUNDIR [SUBTITLE]" >&2; exit 2; }
run=${1%/}
home=$(cd "$(dirname "$0")/.." && pwd)
trace="$run/trace.csv"
[ -s "$trace" ] || exit 0
mkdir -p "$run/plots/data"
gq() { printf '%s' "$1" | sed "s/'/''/g"; }
subtitle=${2:-}

# One configuration per "run" row; its events follow it. Per configuration:
# the data file, and a line "name|runner|workers|gate|finish|held|blocked|
# requests|gates|title" to plot (the four flags: whether there are any).
# Rows are kept in arrays and written at the end of each configuration.
awk -v dir="$run/plots/data" -v md="$run/plots/data/trace.md" '
BEGIN { FS = "," }
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
function v(n) { return $(col[n]) }
# Whether two held intervals overlap: each lane lists its own in time
# order, so a merge over the lanes visits them all by start time.
function overlaps(    w, pos, best, bw, prev) {
	for (w = 0; w < workers; w++) pos[w] = 1
	prev = -1
	for (;;) {
		bw = -1
		for (w = 0; w < workers; w++)
			if (pos[w] <= nh[w] && (bw < 0 || hs[w, pos[w]] < best)) { bw = w; best = hs[w, pos[w]] }
		if (bw < 0) return 0
		if (best < prev) return 1
		prev = he[bw, pos[bw]]
		pos[bw]++
	}
}
function flush(    k, i, w, first, last, s) {
	if (name == "") return
	overlap = nheld > 1 ? overlaps() : 0
	out = dir "/trace-" name ".dat"
	for (k = 0; k <= 4; k++) {
		if (k) printf "\n\n" > out
		for (i = 1; i <= ne[k]; i++) print row[k, i] > out
		# An empty kind gets one point off the lanes, so that the index
		# numbers stay put (the plot leaves it out of the key).
		if (!ne[k]) print (k == 4 ? "0 -9" : "0 0 -9 0") > out
	}
	close(out)
	print name "|" runner "|" workers "|" gate "|" finish "|" (nheld > 0) "|" (nblk > 0) "|" (nreq > 0) "|" (ne[3] > 0) "|" title (lost ? " - the trace is cut short at " ms(lostat) : "")
	# What the timeline shows, in numbers.
	first = -1; last = 0
	for (w = 0; w < workers; w++) {
		if (!(w in lastend)) continue
		if (first < 0 || lastend[w] < first) first = lastend[w]
		if (lastend[w] > last) last = lastend[w]
	}
	s = sprintf("- `%s`: the gate opened %s after spawning began", title, ms(gate))
	# A lane that filled up stops early: its figures would be wrong.
	if (lost)
		s = s sprintf("; **the trace is cut short**: %d events found no room in the lanes (the first lane to fill stopped at %s), so the timeline stops there and no further figures are given", lost, ms(lostat))
	if (!lost && workers > 1 && first >= 0 && finish > gate)
		s = s sprintf("; the workers finished %s apart (%.0f%% of the run)", ms(last - first), 100 * (last - first) / (finish - gate))
	if (!lost && nheld > 0 && finish > gate)
		s = s sprintf("; the lock was held %.0f%% of the run, in %d intervals, by one worker at a time%s", 100 * held / (finish - gate), nheld, overlap ? " **except for overlaps: a bug**" : "")
	if (nreq > 0) s = s sprintf("; %d drop request%s", nreq, nreq > 1 ? "s" : "")
	if (nblk > 0) s = s sprintf("; %d blocking call%s", nblk, nblk > 1 ? "s" : "")
	printf "%s ![timeline](plots/trace-%s.png)\n", s ".", name > md
	split("", lastend); split("", row); split("", ne); split("", nh); split("", hs); split("", he)
	held = 0; nheld = 0; nreq = 0; nblk = 0; overlap = 0; lost = 0; lostat = 0
}
function ms(x) { return x >= 1e-3 ? sprintf("%.2f ms", x * 1e3) : sprintf("%.0f µs", x * 1e6) }
v("event") == "run" {
	flush()
	runner = v("runner"); workers = v("workers") + 0
	sched = v("schedule") (v("schedule") == "dynamic" ? ":" v("chunk") : "")
	name = v("kernel") "-" runner "-" workers "w-" v("schedule") (v("schedule") == "dynamic" ? v("chunk") : "") "-" v("bind") "-" v("items")
	gsub(/[^A-Za-z0-9_.-]/, "_", name)
	title = v("kernel") ", " runner " on " workers " worker" (workers > 1 ? "s" : "") ", " sched ", bind " v("bind") ", " v("items") " items"
	gate = v("start_s") + 0; finish = v("end_s") + 0
	next
}
{
	w = v("worker"); s = v("start_s"); e = v("end_s"); ev = v("event")
	if (ev == "chunk") { row[0, ++ne[0]] = s " " e " " w " " (ne[0] % 2); if (e + 0 > lastend[w] + 0) lastend[w] = e }
	else if (ev == "held") { row[1, ++ne[1]] = s " " e " " w; held += e - s; nheld++; nh[w]++; hs[w, nh[w]] = s + 0; he[w, nh[w]] = e + 0 }
	else if (ev == "blocked") { row[2, ++ne[2]] = s " " e " " w; nblk++ }
	else if (ev == "gate") row[3, ++ne[3]] = s " " e " " w
	else if (ev == "request") { row[4, ++ne[4]] = s " " w; nreq++ }
	else if (ev == "lost") { if (!lost || s + 0 < lostat) lostat = s + 0; lost += v("lo") }
}
END { flush() }' "$trace" > "$run/plots/data/trace.list"

while IFS='|' read -r name runner workers gate finish held blocked requests gates title; do
	gnuplot -e "dir='$(gq "$home/plots/")'; data='$(gq "$run/plots/data/trace-$name.dat")'; runner='$runner'; title='$(gq "$title")'; subtitle='$(gq "$subtitle")'; workers=$workers; gate=$gate; finish=$finish; held=$held; blocked=$blocked; requests=$requests; gates=$gates; out='$(gq "$run/plots/trace-$name")'" \
		"$home/plots/trace.gp" 2>&1 | grep -v "Skipping data file with no valid points" >&2 || true
done < "$run/plots/data/trace.list"
