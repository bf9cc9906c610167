#!/bin/sh
# scripts/overheads.sh DIR - the plot and overheads.md for a folder written
# by `parbench overheads`.
#
# Reads DIR/overheads.csv and DIR/meta.json, writes the gnuplot data to
# DIR/plots/data/overheads.dat, renders plots/overheads.gp to
# DIR/plots/overheads.png and .svg, and writes DIR/overheads.md: the
# machine and method, a few sentences that state only what the numbers
# show, the plot, the table and what each primitive is. Columns are found by
# their header names (mawk is enough). Exit 2 when DIR holds no complete
# overheads run, 1 when gnuplot fails.
set -eu

[ $# -eq 1 ] || { echo "usage: scripts/overheads.sh DIR" >&2; exit 2; }
run=${1%/}
home=$(cd "$(dirname "$0")/.." && pwd)
csv="$run/overheads.csv"
meta="$run/meta.json"
if [ ! -f "$csv" ] || [ ! -f "$meta" ] || ! grep -q '"status": "complete"' "$meta"; then
	echo "overheads.sh: '$run' holds no complete overheads run (overheads.csv, and meta.json saying complete)" >&2
	exit 2
fi
command -v gnuplot >/dev/null 2>&1 || { echo "overheads.sh: gnuplot is missing (make deps installs it)" >&2; exit 1; }
mkdir -p "$run/plots/data"

# A value of meta.json's top level: meta KEY (strings and numbers only).
meta() {
	sed -n -e "s/^  \"$1\": \"\(.*\)\",\{0,1\}\$/\1/p" \
	       -e "s/^  \"$1\": \([^\",]*\),\{0,1\}\$/\1/p" "$meta" | sed 's/\\"/"/g' | head -n 1
}
gq() { printf '%s' "$1" | sed "s/'/''/g"; }

prelude='BEGIN { FS = "," } NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
function v(name) { return (name in col) ? $(col[name]) : "" }
function ok() { return v("status") == "ok" }
# A line of the plot: a primitive at a worker count.
function line_name(    w) {
	w = v("workers") + 0
	if (v("shape") == "pair") return v("primitive") ", " w (w == 1 ? " PU" : " PUs")
	return v("primitive") ", " w (w == 1 ? " worker" : " workers")
}
function us(x) { x += 0; return x >= 100 ? sprintf("%.0f", x) : x >= 10 ? sprintf("%.1f", x) : x >= 1 ? sprintf("%.2f", x) : sprintf("%.3f", x) }'

# ---- the plot ------------------------------------------------------------
dat="$run/plots/data/overheads.dat"
# Lines that have a measured row: primitives in the table's order, worker
# counts ascending within each; then the points.
awk "$prelude"'
	ok() {
		n = line_name(); p = v("primitive")
		if (!(p in pseen)) { pseen[p]; porder[++npr] = p }
		if (!(n in lseen)) { lseen[n]; k = ++nl[p]; lname[p, k] = n; lw[p, k] = v("workers") + 0 }
		row[++nr] = n " " v("median_us") " " v("min_us") " " v("max_us") " " v("model") " " v("bind")
		rname[nr] = n
	}
	END {
		for (i = 1; i <= npr; i++) {
			p = porder[i]
			# insertion sort of the lines of p by worker count
			for (a = 2; a <= nl[p]; a++)
				for (b = a; b > 1 && lw[p, b - 1] > lw[p, b]; b--) {
					t = lw[p, b]; lw[p, b] = lw[p, b - 1]; lw[p, b - 1] = t
					t = lname[p, b]; lname[p, b] = lname[p, b - 1]; lname[p, b - 1] = t
				}
			if (i > 1) groups = groups (groups == "" ? "" : " ") sprintf("%.1f", ny + 0.5)
			for (a = 1; a <= nl[p]; a++) { y[lname[p, a]] = ++ny; name[ny] = lname[p, a] }
		}
		for (r = 1; r <= nr; r++) print y[rname[r]], substr(row[r], length(rname[r]) + 2) > out
		printf "("
		for (i = 1; i <= ny; i++) printf "%s\"%s\" %d", (i > 1 ? ", " : ""), name[i], i
		printf ")\n%s\n%d\n", groups, ny
	}' out="$dat" "$csv" > "$run/plots/data/overheads.axis"
labels=$(sed -n 1p "$run/plots/data/overheads.axis")
groups=$(sed -n 2p "$run/plots/data/overheads.axis")
nlabels=$(sed -n 3p "$run/plots/data/overheads.axis")
subtitle="$(meta host), $(meta cpu_model), $(meta date)"
if [ "$nlabels" -gt 0 ]; then
	gnuplot -e "dir='$(gq "$home/plots/")'; data='$(gq "$dat")'; labels='$(gq "$labels")'; groups='$groups'; nlabels=$nlabels; subtitle='$(gq "$subtitle")'; out='$(gq "$run/plots/overheads")'" \
		"$home/plots/overheads.gp"
fi

# ---- overheads.md --------------------------------------------------------
target_ms=$(awk -v t="$(meta target_s)" 'BEGIN { printf "%g", t * 1e3 }')
tick_ns=$(awk -v t="$(meta clock_tick_ns)" 'BEGIN { printf "%.0f", t }')
delay_us=$(awk -v d="$(meta delay_us)" 'BEGIN { printf "%.2f", d }')
{
	echo "# parbench overheads: $(meta host), $(meta date)"
	echo
	echo "- CPU: $(meta cpu_model); $(meta packages) package(s), $(meta cores) core(s), $(meta pus) PU(s)"
	echo "- build: $(meta compiler), \`$(meta cflags)\`, git $(meta git)"
	echo "- command: \`$(meta command)\`"
	echo "- method: per row, inner repetitions timed together until one go lasts at least $target_ms ms (1000 clock ticks of $tick_ns ns, or --min-time), then $(meta reps) such goes; the median, min and max are over the goes, per operation. Where the loop does work of its own (the $delay_us µs delay inside the OpenMP constructs, the loop of atomic-add), the median of a reference go without the primitive is subtracted (EPCC's method)."
	echo "- a pair's workers are the PUs its two parties run on: 1 (both on one PU, which needs --bind cores) or 2"
	echo
	echo "## What the numbers show"
	echo
	awk "$prelude"'
	ok() {
		k = v("primitive") SUBSEP v("workers") SUBSEP v("bind")
		med[k] = v("median_us"); lo[k] = v("min_us"); hi[k] = v("max_us")
		if (v("shape") == "pair" && v("model") != "gil" && v("bind") == "cores" && !(v("primitive") in pairseen)) {
			pairseen[v("primitive")]; pairs[++np] = v("primitive"); op[v("primitive")] = v("op")
		}
		total++
		if (v("warning") != "") flagged++
	}
	!ok() && v("status") !~ /^skipped/ { notok++ }
	function has(p, w, b) { return (p SUBSEP w SUBSEP b) in med }
	function m(p, w, b) { return med[p, w, b] + 0 }
	END {
		# Same core against the other core, for the pairs measured both ways.
		more = 0; n = 0; line = ""; apart = 0
		for (i = 1; i <= np; i++) {
			p = pairs[i]
			if (!has(p, 1, "cores") || !has(p, 2, "cores")) continue
			n++
			if (m(p, 2, "cores") > m(p, 1, "cores")) more++
			if (lo[p, 2, "cores"] + 0 > hi[p, 1, "cores"] + 0) apart++
			line = line (line == "" ? "" : "; ") sprintf("%s %s µs on two cores against %s µs on one (per %s)", p, us(m(p, 2, "cores")), us(m(p, 1, "cores")), op[p])
		}
		if (n > 0) {
			if (more == n)
				printf "- With --bind cores, waking a partner on the other core cost more than switching to it on the same core, for every pair measured: %s. ", line
			else if (more == 0)
				printf "- With --bind cores, a partner on the other core cost no more than one on the same core: %s. ", line
			else
				printf "- With --bind cores, a partner on the other core cost more than one on the same core for %d of %d pairs: %s. ", more, n, line
			printf "The fastest two-core repetition was slower than the slowest one-core repetition for %d of them.\n", apart
		}
		# Threads against processes, one worker.
		if (has("thread-create", 1, "none") && has("fork-exit", 1, "none")) {
			printf "- Creating and joining one thread took %s µs, forking one process and reaping it %s µs (%.1f× as much), under --bind none", us(m("thread-create", 1, "none")), us(m("fork-exit", 1, "none")), m("fork-exit", 1, "none") / m("thread-create", 1, "none")
			if (has("fork-exec", 1, "none"))
				printf "; with an exec of the tiny program in between, %s µs", us(m("fork-exec", 1, "none"))
			printf ".\n"
		}
		# The gil: the interval sets the pace.
		gl = ""
		for (g = 1; g <= 2; g++) {
			p = g == 1 ? "gil-5ms" : "gil-1ms"; iv = g == 1 ? 5000 : 1000
			b = has(p, 2, "none") ? "none" : "cores"
			if (!has(p, 2, b)) continue
			gl = gl (gl == "" ? "" : ", and ") sprintf("%s µs with a %d ms switch interval (%s µs above it; --bind %s)", us(m(p, 2, b)), iv / 1000, us(m(p, 2, b) - iv), b)
		}
		one = ""
		if (has("gil-5ms", 1, "cores") && has("gil-1ms", 1, "cores"))
			one = sprintf(" With both threads on one PU (--bind cores) it took %s µs at 5 ms and %s µs at 1 ms.", us(m("gil-5ms", 1, "cores")), us(m("gil-1ms", 1, "cores")))
		if (gl != "")
			printf "- A gil hand-off between two CPU-bound threads on two PUs took %s: a waiting thread asks for the lock only after a whole interval, so the interval, not the hand-off itself, sets the pace.%s\n", gl, one
		if (flagged)
			printf "- %d of %d measured rows vary by more than 5%% between repetitions (see the warning column): their medians are the figures to read, not their means.\n", flagged, total
		if (notok)
			printf "- %d row(s) failed or could not be resolved from their reference: see the status column.\n", notok
	}' "$csv"
	echo
	[ -f "$run/plots/overheads.png" ] && echo "![cost of each primitive](plots/overheads.png)" && echo
	echo "## Table"
	echo
	echo "| primitive | model | workers | bind | PUs | median µs | min .. max µs | CV | inner × outer | reference µs | status |"
	echo "|---|---|---:|---|---|---:|---|---:|---|---:|---|"
	awk "$prelude"'
	{
		st = v("status"); if (v("warning") != "") st = st " (" v("warning") ")"
		if (v("median_us") == "") {
			printf "| %s | %s | %s | %s | - | - | - | - | - | - | %s |\n", v("primitive"), v("model"), v("workers"), v("bind"), st
			next
		}
		printf "| %s | %s | %s | %s | %s | %s | %s .. %s | %.1f%% | %s × %s | %s | %s |\n", v("primitive"), v("model"), v("workers"), v("bind"), (v("pus") == "" ? "-" : v("pus")), us(v("median_us")), us(v("min_us")), us(v("max_us")), 100 * v("cv"), v("inner"), v("outer"), (v("reference_us") == "" ? "-" : us(v("reference_us"))), st
	}' "$csv"
	echo
	echo "## The primitives"
	echo
	awk "$prelude"'
	!(v("primitive") in seen) {
		seen[v("primitive")]
		printf "- **%s** (%s, %s): %s; one operation is one %s%s\n", v("primitive"), v("model"), v("shape"), v("what"), v("op"), (v("note") != "" ? "; " v("note") : "")
	}' "$csv"
	echo
	echo "Files: \`overheads.csv\` (the table), \`meta.json\`, \`topology.txt\` and \`topology.xml\`, \`plots/overheads.png\` and \`.svg\`."
} > "$run/overheads.md.tmp"
mv "$run/overheads.md.tmp" "$run/overheads.md"
echo "overheads.sh: wrote $run/overheads.md$( [ -f "$run/plots/overheads.png" ] && echo " and plots/overheads.png, .svg")"
