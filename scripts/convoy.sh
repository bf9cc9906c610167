#!/bin/sh
# scripts/convoy.sh DIR - the plots and convoy.md for a folder written by
# `parbench convoy`.
#
# Reads DIR/convoy.csv and DIR/meta.json, writes one gnuplot data file per
# panel (placement x switch interval) to DIR/plots/data/, renders
# plots/convoy.gp to DIR/plots/convoy.png and .svg (latency) and
# DIR/plots/convoy-cpu.png and .svg (the CPU threads' work), and writes
# DIR/convoy.md: the machine and method, a table of the key numbers, a few
# sentences that state what those numbers show, CPython's own measurement
# of the effect, the plots and the whole table. Columns are found by their
# header names (mawk is enough). Exit 2 when DIR holds no complete convoy
# run, 1 when gnuplot fails.
set -eu

[ $# -eq 1 ] || { echo "usage: scripts/convoy.sh DIR" >&2; exit 2; }
run=${1%/}
home=$(cd "$(dirname "$0")/.." && pwd)
csv="$run/convoy.csv"
meta="$run/meta.json"
if [ ! -f "$csv" ] || [ ! -f "$meta" ] || ! grep -q '"status": "complete"' "$meta" ||
	! grep -q '"subcommand": "convoy"' "$meta"; then
	echo "convoy.sh: '$run' holds no complete convoy run (convoy.csv, and meta.json saying complete)" >&2
	exit 2
fi
command -v gnuplot >/dev/null 2>&1 || { echo "convoy.sh: gnuplot is missing (make deps installs it)" >&2; exit 1; }
mkdir -p "$run/plots/data"

# A value of meta.json's top level: meta KEY (strings and numbers only).
meta() {
	sed -n -e "s/^  \"$1\": \"\(.*\)\",\{0,1\}\$/\1/p" \
	       -e "s/^  \"$1\": \([^\",]*\),\{0,1\}\$/\1/p" "$meta" | sed 's/\\"/"/g' | head -n 1
}
gq() { printf '%s' "$1" | sed "s/'/''/g"; }

prelude='BEGIN { FS = "," } NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
function v(name) { return (name in col) ? $(col[name]) : "" }
function measured() { return v("median_us") != "" }
function us(x) { x += 0; return x >= 10000 ? sprintf("%.0f", x) : x >= 100 ? sprintf("%.0f", x) : x >= 10 ? sprintf("%.1f", x) : sprintf("%.2f", x) }
function times(x) { x += 0; return x >= 10 ? sprintf("%.0f", x) : sprintf("%.1f", x) }
function pct(x) { return sprintf("%.0f%%", 100 * x) }
function bind_name(b) { return b == "none" ? "unbound" : b == "one" ? "one PU" : b == "two" ? "two PUs" : b }'

# ---- the plots ---------------------------------------------------------
# Lists in the order of the table: placements with a measured row,
# intervals, modes; the largest CPU-thread count; the y range.
awk "$prelude"'
	{
		if (!(v("interval_ms") in iseen)) { iseen[v("interval_ms")]; ivs = ivs (ivs == "" ? "" : " ") v("interval_ms") }
		if (!(v("mode") in mseen)) { mseen[v("mode")]; modes = modes (modes == "" ? "" : " ") v("mode") }
		if (v("cpu_threads") + 0 > maxcpu) maxcpu = v("cpu_threads") + 0
		if (!measured()) next
		if (!(v("bind") in bseen)) { bseen[v("bind")]; binds = binds (binds == "" ? "" : " ") v("bind") }
		lo = v("median_us") + 0; hi = v("p99_us") + 0
		if (ymin == "" || lo < ymin) ymin = lo
		if (hi > ymax) ymax = hi
		if (v("interval_ms") * 1000 > ymax) ymax = v("interval_ms") * 1000
	}
	END {
		print binds; print ivs; print modes; print maxcpu + 0
		# whole decades around the data
		e = 0; while (10 ^ e > ymin / 1.2 && e > -3) e--; while (10 ^ (e + 1) <= ymin / 1.2) e++
		f = 0; while (10 ^ f < ymax * 1.5) f++
		print 10 ^ e; print 10 ^ f
	}' "$csv" > "$run/plots/data/convoy.lists"
binds=$(sed -n 1p "$run/plots/data/convoy.lists")
ivs=$(sed -n 2p "$run/plots/data/convoy.lists")
modes=$(sed -n 3p "$run/plots/data/convoy.lists")
maxcpu=$(sed -n 4p "$run/plots/data/convoy.lists")
ymin=$(sed -n 5p "$run/plots/data/convoy.lists")
ymax=$(sed -n 6p "$run/plots/data/convoy.lists")

# One file per panel: a block per mode (in the order of modes), rows by CPU
# threads; a mode without a measured row gets one line gnuplot skips.
for b in $binds; do
	for iv in $ivs; do
		awk "$prelude"'
			v("bind") == b && v("interval_ms") == iv && measured() {
				k = v("mode"); row[k] = row[k] sprintf("%s %s %s %s %s %s\n", v("cpu_threads"), v("median_us"), v("p90_us"), v("p99_us"), (v("cpu_busy") == "" ? "NaN" : v("cpu_busy")), v("ops_per_s"))
			}
			v("bind") == b && v("interval_ms") == iv && v("status") ~ /^starved/ { starved[v("mode")] = starved[v("mode")] " " v("cpu_threads") }
			END {
				n = split(modes, m, " ")
				for (i = 1; i <= n; i++) {
					if (i > 1) printf "\n\n"
					printf "%s", (m[i] in row) ? row[m[i]] : "NaN NaN NaN NaN NaN NaN\n"
				}
				# the last block: starved rows, drawn at the top (cpu, mode number)
				printf "\n\n"
				k = 0
				for (i = 1; i <= n; i++)
					if (m[i] in starved) {
						c = split(starved[m[i]], cs, " ")
						for (j = 1; j <= c; j++) { printf "%s %d\n", cs[j], i; k++ }
					}
				if (!k) printf "NaN 1\n"
			}' b="$b" iv="$iv" modes="$modes" "$csv" > "$run/plots/data/convoy-$b-$iv.dat"
	done
done
subtitle="$(meta host), $(meta cpu_model), $(meta date); IO: $(meta io) $(meta io_time_us) us, CPU unit $(meta unit_us) us"
if [ -n "$binds" ]; then
	for what in latency cpu; do
		name=convoy
		[ "$what" = cpu ] && name=convoy-cpu
		gnuplot -e "dir='$(gq "$home/plots/")'; datadir='$(gq "$run/plots/data/")'; binds='$binds'; intervals='$ivs'; modes='$modes'; maxcpu=$maxcpu; ymin=$ymin; ymax=$ymax; what='$what'; subtitle='$(gq "$subtitle")'; out='$(gq "$run/plots/$name")'" \
			"$home/plots/convoy.gp"
	done
fi

# ---- convoy.md -----------------------------------------------------------
unit=$(meta unit_us)
check=$(meta gil_check)
{
	echo "# parbench convoy: $(meta host), $(meta date)"
	echo
	echo "- CPU: $(meta cpu_model); $(meta packages) package(s), $(meta cores) core(s), $(meta pus) PU(s)"
	echo "- build: $(meta compiler), \`$(meta cflags)\`, git $(meta git)"
	echo "- command: \`$(meta command)\`"
	if [ "$(meta io)" = pipe ]; then
		io="a one-byte round trip through two pipes to an echo thread that does not use the gil and answers after sleeping $(meta io_time_us) µs (the server on the other side)"
	else
		io="a nanosleep of $(meta io_time_us) µs"
	fi
	echo "- method: one IO thread drops the gil, blocks ($io), takes the gil back as a thread returning from a blocking call, and does $(meta io_work_units) units of work under it; one operation's latency runs from just before the drop to the end of that work. Beside it, 0 to $maxcpu CPU threads hold or wait for the gil and do units of $unit µs (measured: $(meta unit_measured_us) µs), checking the drop request between two units, as the gil runner's workers do. Per configuration: $(meta warmup_s) s of unrecorded operations, then every operation recorded for $(meta duration_s) s and at least $(meta min_ops) operations (a configuration stops anyway after $(meta deadline_s) s). Every thread sets its timer slack to 1 ns. The gil's counts are differences over the recorded window."
	echo "- placements: \`none\` (unbound), the OS places the threads; \`one\` (one PU), every thread, the echo thread too, is bound to one PU; \`two\` (two PUs), the IO thread is bound to one PU and the echo and CPU threads to another, so that every wake-up of the IO thread, and of the echo thread, crosses from one CPU to the other"
	echo "- slowdown: the median latency over the median of the same mode, interval and placement with 0 CPU threads (the IO thread alone with the gil)"
	echo
	echo "## Key numbers"
	echo
	echo "Median latency of one IO operation, in µs, and the slowdown against the IO thread alone:"
	echo
	awk "$prelude"'
	{
		k = v("bind") SUBSEP v("mode") SUBSEP v("interval_ms")
		if (!(k in seen)) { seen[k]; key[++nk] = k }
		c = v("cpu_threads"); if (!(c in cseen)) { cseen[c]; cpus[++nc] = c }
		if (measured()) { med[k, c] = v("median_us"); slow[k, c] = v("slowdown"); few[k, c] = v("ops") + 0 < minops + 0 }
		else if (v("status") ~ /^skipped/) skipped[k, c] = 1
		else if (v("status") ~ /^starved/) starved[k, c] = 1
	}
	END {
		# cpu counts ascending
		for (a = 2; a <= nc; a++) for (b = a; b > 1 && cpus[b - 1] + 0 > cpus[b] + 0; b--) { t = cpus[b]; cpus[b] = cpus[b - 1]; cpus[b - 1] = t }
		printf "| placement | mode | interval ms |"
		for (i = 1; i <= nc; i++) printf " %s CPU thread%s |", cpus[i], (cpus[i] == 1 ? "" : "s")
		printf "\n|---|---|---:|"
		for (i = 1; i <= nc; i++) printf "---:|"
		printf "\n"
		for (j = 1; j <= nk; j++) {
			split(key[j], p, SUBSEP)
			printf "| %s | %s | %s |", bind_name(p[1]), p[2], p[3]
			for (i = 1; i <= nc; i++) {
				c = cpus[i]
				if ((key[j], c) in med) printf " %s%s%s |", us(med[key[j], c]), (few[key[j], c] ? "*" : ""), (slow[key[j], c] != "" && c + 0 > 0 ? " (×" times(slow[key[j], c]) ")" : "")
				else printf " %s |", (((key[j], c) in skipped) ? "skipped" : ((key[j], c) in starved) ? "starved" : "-")
			}
			printf "\n"
		}
	}' minops="$(meta min_ops)" "$csv"
	echo
	echo "\* fewer operations than --min-ops ($(meta min_ops)) before the deadline. *starved*: none at all (see below)."
	echo
	echo "## What the numbers show"
	echo
	awk "$prelude"'
	function has(b, m, iv, c) { return (b SUBSEP m SUBSEP iv SUBSEP c) in med }
	function get(b, m, iv, c) { return med[b, m, iv, c] + 0 }
	# The slowdowns of mode m with c CPU threads at interval iv, over the
	# placements: "×lo" or "×lo–×hi"; "" when none was measured.
	function span(m, c, iv,    b, lo, hi, r) {
		lo = hi = ""
		for (b = 1; b <= nb; b++) {
			if (!has(binds[b], m, iv, c) || !has(binds[b], m, iv, 0)) continue
			r = get(binds[b], m, iv, c) / get(binds[b], m, iv, 0)
			if (lo == "" || r < lo) lo = r
			if (hi == "" || r > hi) hi = r
		}
		if (lo == "") return ""
		return times(lo) == times(hi) ? "×" times(lo) : "×" times(lo) "–×" times(hi)
	}
	# The medians of mode m with c CPU threads over every placement and
	# interval: "lo–hi µs".
	function medspan(m, c,    b, i, lo, hi, x) {
		lo = hi = ""
		for (b = 1; b <= nb; b++) for (i = 1; i <= ni; i++) {
			if (!has(binds[b], m, ivs[i], c)) continue
			x = get(binds[b], m, ivs[i], c)
			if (lo == "" || x < lo) lo = x
			if (hi == "" || x > hi) hi = x
		}
		if (lo == "") return ""
		return us(lo) == us(hi) ? us(lo) " µs" : us(lo) "–" us(hi) " µs"
	}
	# "×a at 5 ms, ×b at 1 ms and ×c at 0.1 ms" for mode m, c CPU threads.
	function by_interval(m, c,    i, s, t, n) {
		s = ""; n = 0
		for (i = 1; i <= ni; i++) {
			t = span(m, c, ivs[i])
			if (t == "") continue
			n++
			s = s (s == "" ? "" : i == ni ? " and " : ", ") t " at " ivs[i] " ms"
		}
		return s
	}
	{
		if (!(v("interval_ms") in iseen)) { iseen[v("interval_ms")]; ivs[++ni] = v("interval_ms") }
		if (v("warning") ~ /only [0-9]* operations/) fewops++
		else if (v("warning") ~ /p99 of fewer/) fewp99++
		if (v("status") ~ /^skipped/) skip[v("bind")] = v("status")
		else if (v("status") ~ /^starved/) { starved = starved (starved == "" ? "" : ", ") bind_name(v("bind")) " " v("mode") " " v("interval_ms") " ms " v("cpu_threads") " CPU"; starvedin[v("bind")] = 1 }
		else if (!measured()) failed++
		if (!measured()) next
		if (!(v("bind") in bseen)) { bseen[v("bind")]; binds[++nb] = v("bind") }
		k = v("bind") SUBSEP v("mode") SUBSEP v("interval_ms") SUBSEP v("cpu_threads")
		med[k] = v("median_us"); p99[k] = v("p99_us"); busy[k] = v("cpu_busy"); ops[k] = v("ops_per_s")
		if (v("bind") == "none" && v("echo_same_cpu") != "") {
			x = v("echo_same_cpu") + 0; nsame++; sameall += x * v("ops"); nsameops += v("ops")
			if (samelo == "" || x < samelo) samelo = x
			if (samehi == "" || x > samehi) samehi = x
		}
	}
	END {
		# new with one CPU thread: the slowdown, and the added time in intervals.
		flo = fhi = ""
		for (b = 1; b <= nb; b++) for (i = 1; i <= ni; i++) {
			if (!has(binds[b], "new", ivs[i], 0) || !has(binds[b], "new", ivs[i], 1)) continue
			f = (get(binds[b], "new", ivs[i], 1) - get(binds[b], "new", ivs[i], 0)) / (ivs[i] * 1000)
			if (flo == "" || f < flo) flo = f
			if (fhi == "" || f > fhi) fhi = f
		}
		if (flo != "")
			printf "- **new** (CPython 3.2 and later): with one CPU thread beside it, an IO operation took %s as long as alone (the ranges span the placements; the medians are in the table above). The time it added was %.2f–%.2f switch intervals: the IO thread comes back from its blocking call to find the lock held by the CPU thread, and asks for it only after waiting a whole interval. So the slowdown follows the interval: at 0.1 ms the interval is hardly longer than the operation itself.\n", by_interval("new", 1), flo, fhi
		# new with two CPU threads
		more = 0
		for (b = 1; b <= nb; b++) for (i = 1; i <= ni; i++)
			if (has(binds[b], "new", ivs[i], 2) && has(binds[b], "new", ivs[i], 1) &&
			    get(binds[b], "new", ivs[i], 2) > 1.5 * get(binds[b], "new", ivs[i], 1)) more++
		if (by_interval("new", 2) != "")
			printf "- With two CPU threads, new mode gave %s.%s\n", by_interval("new", 2), (more ? " Where that is well above one CPU thread, the request was honoured by a hand-off to the other CPU thread, and the IO thread waited another interval." : "")
		# io-priority
		if (by_interval("io-priority", 1) != "")
			printf "- **io-priority** (proposed by David Beazley, never in CPython) all but removes the convoy: with one CPU thread the IO operation took %s as long as alone (%s, against %s in new mode). The IO thread back from its blocking call asks for the lock at once, and the CPU thread drops it at its next check, within one unit of work.\n", by_interval("io-priority", 1), medspan("io-priority", 1), medspan("new", 1)
		hi2 = ""
		for (b = 1; b <= nb; b++) for (i = 1; i <= ni; i++)
			if (has(binds[b], "io-priority", ivs[i], 2) && has(binds[b], "io-priority", ivs[i], 0)) {
				r = get(binds[b], "io-priority", ivs[i], 2) / get(binds[b], "io-priority", ivs[i], 0)
				if (hi2 == "" || r > hi2) { hi2 = r; hb = binds[b]; hiv = ivs[i] }
			}
		if (hi2 != "" && hi2 > 3) {
			line = ""
			for (b = 1; b <= nb; b++) {
				t = ""
				for (i = 1; i <= ni; i++) if (has(binds[b], "io-priority", ivs[i], 2)) t = t (t == "" ? "" : "/") us(get(binds[b], "io-priority", ivs[i], 2))
				if (t != "") line = line (line == "" ? "" : "; ") bind_name(binds[b]) " " t " µs"
			}
			printf "- With two CPU threads io-priority helps less, and not everywhere: medians at %s ms were %s (up to ×%s, %s at %s ms). When the IO thread asks, the holder drops the lock and every waiter wakes; if the other CPU thread takes it first, that thread is asked to drop it at once too, so the IO thread gets it one more hand-off later, and each hand-off is a wake-up (tens of µs across the vCPUs of a virtual machine).\n", ivs_text(), line, times(hi2), bind_name(hb), hiv
		}
		worst = ""
		for (b = 1; b <= nb; b++) for (i = 1; i <= ni; i++) {
			k = binds[b] SUBSEP "io-priority" SUBSEP ivs[i] SUBSEP 2
			if ((k in p99) && (worst == "" || p99[k] / (ivs[i] * 1000) > worst)) { worst = p99[k] / (ivs[i] * 1000); wk = k; wiv = ivs[i]; wb = binds[b] }
		}
		if (worst != "" && worst >= 0.5 && !(hi2 != "" && hi2 > 3))
			printf "- io-priority keeps a tail with two CPU threads: their p99 reached %s µs (%s, %s ms). Every drop wakes all the waiters, and the lock may pass between the CPU threads, each asked to drop it at once, several times before the IO thread wins it.\n", us(p99[wk]), bind_name(wb), wiv
		for (b = 1; b <= nb; b++) {
			k1 = binds[b] SUBSEP "new" SUBSEP ivs[1] SUBSEP 1; k2 = binds[b] SUBSEP "io-priority" SUBSEP ivs[1] SUBSEP 1
			if (!(k1 in busy) || !(k2 in busy) || busy[k1] == "" || busy[k2] == "") continue
			printf "- What io-priority costs the CPU thread (%s, %s ms): beside %.0f IO operations/s in new mode it spent %s of one CPU in its units; beside %.0f operations/s with io-priority, %s. The lock changes hands twice per IO operation, and each hand-off wakes a sleeping thread.\n", bind_name(binds[b]), ivs[1], ops[k1], pct(busy[k1]), ops[k2], pct(busy[k2])
			break
		}
		where = ""
		for (b = 1; b <= nb; b++) {
			n = 0
			for (i = 1; i <= ni; i++) n += has(binds[b], "old", ivs[i], 1)
			if (n) where = where (where == "" ? "" : ", ") bind_name(binds[b])
		}
		if (medspan("old", 1) != "")
			printf "- **old** (before 3.2) has no timer, so its rows at the three intervals repeat one configuration (their spread is the run-to-run noise): with one CPU thread the median was %s (%s; other placements below). The holder releases the lock every %s units (%s µs of work) counted from when it took it, whether anybody waits or not; the IO thread, back from its call before that, waits for the next release.\n", medspan("old", 1), where, check, us(check * unit)
		lo = hi = ""
		for (b = 1; b <= nb; b++) for (i = 1; i <= ni; i++) {
			if (!has(binds[b], "new-noforce", ivs[i], 1) || !has(binds[b], "new", ivs[i], 1)) continue
			r = get(binds[b], "new-noforce", ivs[i], 1) / get(binds[b], "new", ivs[i], 1)
			if (lo == "" || r < lo) lo = r
			if (hi == "" || r > hi) hi = r
		}
		if (lo != "" && hi <= 1.5)
			printf "- **new-noforce** (new without the forced wait) with one CPU thread took %.2f–%.2f times as long as new: the IO thread waits for the interval before it asks either way, and once it asks, the CPU thread drops the lock and the IO thread, already waiting, usually takes it.\n", lo, hi
		else if (lo != "")
			printf "- **new-noforce** (new without the forced wait) with one CPU thread took %.2f–%.2f times as long as new: after dropping the lock on request, the CPU thread may take it straight back before the IO thread has woken, and the IO thread then waits another interval before it asks again.\n", lo, hi
		# placement
		if (nb > 1) {
			line = ""
			for (b = 1; b <= nb; b++) {
				s0 = ""; s1 = ""
				for (i = 1; i <= ni; i++) {
					if (has(binds[b], "new", ivs[i], 0)) s0 = s0 (s0 == "" ? "" : "/") us(get(binds[b], "new", ivs[i], 0))
					if (has(binds[b], "io-priority", ivs[i], 1)) s1 = s1 (s1 == "" ? "" : "/") us(get(binds[b], "io-priority", ivs[i], 1))
				}
				line = line (line == "" ? "" : "; ") sprintf("%s %s µs alone, %s µs beside one CPU thread in io-priority", bind_name(binds[b]), s0, s1)
			}
			printf "- **Placement** (medians at %s ms): %s.", ivs_text(), line
			# one PU against two PUs: the price of waking threads on the other CPU
			n1 = n2 = 0; t1 = t2 = 0
			for (k in med) {
				split(k, p, SUBSEP)
				if (p[4] != 0) continue
				if (p[1] == "one") { t1 += med[k]; n1++ }
				if (p[1] == "two") { t2 += med[k]; n2++ }
			}
			if (n1 && n2)
				printf " With the IO thread on a PU of its own, every round trip wakes the echo thread on the other CPU and the IO thread back on its own: alone, an operation took %s µs more on two PUs than on one (the mean of the 0-CPU-thread medians, %s against %s µs): the price of two wake-ups across CPUs, which on a virtual machine go through the hypervisor.", us(t2 / n2 - t1 / n1), us(t2 / n2), us(t1 / n1)
			if (nsame > 0)
				printf " Unbound, the echo thread answered from the CPU the IO thread then ran on in %s of the operations (%s–%s over the unbound rows), so unbound rows fall between the two placements, and vary from run to run with where Linux puts the threads.", pct(sameall / nsameops), pct(samelo), pct(samehi)
			printf " The wait for the interval itself is the same in every placement: it comes from the rules of the lock, not from the scheduler.\n"
		}
		fast = ""
		for (b = 1; b <= nb; b++) for (i = 1; i <= ni; i++)
			if (has(binds[b], "io-priority", ivs[i], 1) && has(binds[b], "io-priority", ivs[i], 0) &&
			    get(binds[b], "io-priority", ivs[i], 1) < 0.9 * get(binds[b], "io-priority", ivs[i], 0))
				fast = fast (fast == "" ? "" : ", ") bind_name(binds[b]) " " ivs[i] " ms"
		if (fast != "")
			printf "- In some rows (%s) an IO operation beside a CPU thread in io-priority was faster than alone. A likely reason: the busy CPU thread keeps its CPU from going idle, and on a virtual machine waking a thread on an idle vCPU costs more than on a busy one.\n", fast
		for (b in skip)
			printf "- Placement %s was not measured: %s.\n", b, skip[b]
		if (fewp99)
			printf "- %d rows recorded fewer than 100 operations (mostly at 5 ms, where an operation can take an interval or more), so their p99 is close to their max.\n", fewp99
		if (fewops)
			printf "- %d rows reached the deadline with fewer operations than --min-ops (marked * above): their medians rest on few operations.\n", fewops
		if (starved != "")
			printf "- Starved (no IO operation finished within the deadline): %s. The CPU threads released the lock and took it back before the woken IO thread got to it, every time, as David Beazley showed for the old GIL on multicore machines in 2009.%s\n", starved, (("one" in bseen) && !("one" in starvedin) ? " On one PU nothing starved: there, waking the IO thread at a release likely preempts the CPU thread before it can take the lock back." : "")
		if (failed)
			printf "- %d configuration(s) failed: see the status column.\n", failed
	}
	function ivs_text(    i, s) { s = ""; for (i = 1; i <= ni; i++) s = s (s == "" ? "" : "/") ivs[i]; return s }' unit="$unit" check="$check" "$csv"
	echo
	echo "## CPython's own measurement"
	echo
	echo "David Beazley reported the effect against the then new GIL of Python 3.2 in bpo-7946 (\"Convoy effect with I/O bound threads and New GIL\", February 2010): a thread that gives up the lock for a short I/O call comes back to find a CPU-bound thread holding it and waits for the switch interval, so its I/O throughput collapses. He proposed letting threads that return from I/O take priority, which is what the io-priority mode does here. Antoine Pitrou's ccbench, in CPython's Tools directory at the time, has a latency test for exactly this: a separate client process sends a small UDP datagram, stamped with its send time, every 0.1 s, while the benchmark process runs 0 to N CPU-bound threads and one thread that receives the datagrams and records how late each one is handled. With the CPU threads running, those latencies rise from the microseconds of an idle process to about the switch interval and beyond. The issue was closed years later without a change to the rules: CPython 3.x still works as the new mode does. This measurement differs from ccbench in its clock (a round trip started by the IO thread itself, not a datagram that waits to be read) and in its lock (parbench's model of the rules, in C, without an interpreter)."
	echo
	[ -f "$run/plots/convoy.png" ] && echo "![IO operation latency against CPU threads, per gil mode](plots/convoy.png)" && echo
	[ -f "$run/plots/convoy-cpu.png" ] && echo "![the CPU threads' share of one CPU](plots/convoy-cpu.png)" && echo
	echo "## Table"
	echo
	echo "| placement | mode | interval ms | CPU threads | ops | ops/s | median µs | p90 µs | p99 µs | max µs | slowdown | echo on the IO CPU | CPU units/s | CPU busy | hand-offs | drop requests | forced waits | wait s | status |"
	echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
	awk "$prelude"'
	{
		st = v("status"); if (v("warning") != "") st = st " (" v("warning") ")"
		if (!measured()) {
			printf "| %s | %s | %s | %s | %s | - | - | - | - | - | - | - | - | - | - | - | - | - | %s |\n", bind_name(v("bind")), v("mode"), v("interval_ms"), v("cpu_threads"), (v("ops") == "" ? "-" : v("ops")), st
			next
		}
		printf "| %s | %s | %s | %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %.0f | %s | %s | %s | %s | %.3f | %s |\n", bind_name(v("bind")) (v("pu") != "" ? " (P#" v("pu") ")" : ""), v("mode"), v("interval_ms"), v("cpu_threads"), v("ops"), v("ops_per_s"), us(v("median_us")), us(v("p90_us")), us(v("p99_us")), us(v("max_us")), "×" times(v("slowdown")), (v("echo_same_cpu") == "" ? "-" : pct(v("echo_same_cpu"))), v("cpu_units_per_s"), sprintf("%.2f", v("cpu_busy")), v("handoffs"), v("drop_requests"), v("forced_waits"), v("wait_s"), st
	}' "$csv"
	echo
	echo "Columns: *ops* operations recorded and *ops/s* their rate over the recorded window; latencies are per operation; *echo on the IO CPU* the share of operations the echo thread answered from the CPU the IO thread then ran on; *CPU units/s* the CPU threads' units of work per second, all together, and *CPU busy* those units times the unit's length per second (the share of one CPU spent on them; under the gil at most 1); *hand-offs* the times the lock was taken by another thread than its last holder, *drop requests* the times a waiter asked the holder to drop it, *forced waits* the times a holder that dropped on request waited for another thread to take it, *wait s* the time all threads together spent waiting for it."
	echo
	echo "Files: \`convoy.csv\` (the table), \`convoy-latency.csv\` (each row's latencies in bins, 10 per decade), \`meta.json\`, \`topology.xml\`, \`plots/convoy.png\` and \`.svg\`, \`plots/convoy-cpu.png\` and \`.svg\`."
} > "$run/convoy.md.tmp"
mv "$run/convoy.md.tmp" "$run/convoy.md"
echo "convoy.sh: wrote $run/convoy.md$( [ -f "$run/plots/convoy.png" ] && echo " and plots/convoy.png, convoy-cpu.png (.svg)")"
