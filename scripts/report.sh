#!/bin/sh
# scripts/report.sh RUNDIR - plots and report.md for a finished run folder.
#
# Reads RUNDIR/summary.csv and RUNDIR/meta.json (written by parbench run),
# writes per kernel the gnuplot data under RUNDIR/plots/data/, renders
# plots/speedup.gp and plots/time.gp to PNG and SVG in RUNDIR/plots/, and
# writes RUNDIR/report.md: the machine, what the numbers show in a few
# sentences, and a table and the plots per kernel. Columns are found by
# their header names, so new columns do not break it. Exit 2 when RUNDIR
# holds no complete run, 1 when gnuplot fails.
set -eu

usage() { echo "usage: scripts/report.sh RUNDIR" >&2; exit 2; }
[ $# -eq 1 ] || usage
run=${1%/}
home=$(cd "$(dirname "$0")/.." && pwd)
summary="$run/summary.csv"
meta="$run/meta.json"
if [ ! -f "$summary" ] || [ ! -f "$meta" ]; then
	echo "report.sh: '$run' holds no complete run (no summary.csv or meta.json)" >&2
	exit 2
fi
command -v gnuplot >/dev/null 2>&1 || { echo "report.sh: gnuplot is missing (make deps installs it)" >&2; exit 1; }

mkdir -p "$run/plots/data"

# A value of meta.json's top level: meta KEY (strings and numbers only).
meta() {
	sed -n -e "s/^  \"$1\": \"\(.*\)\",\{0,1\}\$/\1/p" \
	       -e "s/^  \"$1\": \([^\",]*\),\{0,1\}\$/\1/p" "$meta" | sed 's/\\"/"/g' | head -n 1
}
# A value inside a gnuplot single-quoted string: ' is written ''.
gq() { printf '%s' "$1" | sed "s/'/''/g"; }

host=$(meta host)
date=$(meta date)
subtitle="$host, $(meta cpu_model), $date"

# awk prelude: col["name"] = index, from the header line.
prelude='BEGIN { FS = "," } NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
function v(name) { return (name in col) ? $(col[name]) : "" }
function bind() { return v("bind") == "" ? "none" : v("bind") }
# Rows of a --pattern (map, imap, imap_unordered), a --collect other than
# partial or --init-in-parent are in their own sections and the per-kernel
# tables; an awk given -v pat=1 sees them, the others not.
!pat && ((v("pattern") != "" && v("pattern") != "none") || (v("collect") != "" && v("collect") != "partial") || v("init_in_parent") == 1) { next }
# Series gathered as order[1..ns], sn[s] rows row[s, j]: writes them to out as
# gnuplot data blocks (two blank lines apart) and prints their names.
function emit_series(out,    i, j) {
	for (i = 1; i <= ns; i++) {
		if (i > 1) printf "\n\n" > out
		for (j = 1; j <= sn[order[i]]; j++) print row[order[i], j] > out
		printf "%s%s", (i > 1 ? " " : ""), order[i]
	}
}'

kernels=$(awk "$prelude"' { if (!(v("kernel") in seen)) { seen[v("kernel")] = 1; print v("kernel") } }' "$summary")

for k in $kernels; do
	# A kernel run at several sizes (a sweep) is drawn against the size:
	# the rate, and for chase the latency; its speedup and time plots would
	# mix sizes, so they are left out.
	# A sweep is a --size list (a comma in meta.json's size), not one
	# cache-relative size that resolves differently per worker count.
	nsizes=$(awk -v k="$k" "$prelude"' v("kernel") == k && !(v("size_bytes") in s) { s[v("size_bytes")]; n++ } END { print n + 0 }' "$summary")
	case "$(meta size)" in *,*) ;; *) nsizes=1 ;; esac
	if [ "$nsizes" -gt 1 ]; then
		for what in rate latency; do
			[ "$what" = latency ] && [ "$k" != chase ] && continue
			wdat="$run/plots/data/$what-$k.dat"
			series=$(awk -v k="$k" -v what="$what" -v out="$wdat" "$prelude"'
				v("kernel") == k && v("rate") != "" && (what == "rate" || v("workers") == 1) {
					s = v("runner") ":" v("workers") (v("schedule") != "static" ? "/" v("schedule") : "") (bind() != "none" ? "/" bind() : "")
					if (!(s in sn)) { order[++ns] = s; sn[s] = 0 }
					row[s, ++sn[s]] = v("size_bytes") " " (what == "rate" ? v("rate") : 1000 / v("rate"))
				}
				END { emit_series(out) }' "$summary")
			unit=$(awk -v k="$k" "$prelude"' v("kernel") == k && v("rate_unit") != "" { print v("rate_unit"); exit }' "$summary")
			ylab=$unit; logy=0
			[ "$what" = latency ] && ylab="ns per load (1 worker)" && logy=1
			[ -n "$series" ] && gnuplot -e "dir='$(gq "$home/plots/")'; data='$(gq "$wdat")'; series='$series'; kernel='$k'; ylab='$(gq "$ylab")'; logy=$logy; l1=$(meta l1_bytes); l2=$(meta l2_bytes); l3=$(meta l3_bytes); subtitle='$(gq "$subtitle")'; out='$(gq "$run/plots/$what-$k")'" \
				"$home/plots/sweep.gp"
		done
		continue
	fi
	# Several item counts (an --items list, as parbench breakeven runs):
	# speedup against the work per task, i.e. serial's time at that count,
	# cold (spawn + work) and warm (work alone), one line per model.
	# (One cache-relative --size also gives several counts: not a list.)
	nitems=$(awk -v k="$k" "$prelude"' v("kernel") == k && !(v("items") in s) { s[v("items")]; n++ } END { print n + 0 }' "$summary")
	case "$(meta size)" in *,*) ;; *) nitems=1 ;; esac
	if [ "$nitems" -gt 1 ]; then
		bdat="$run/plots/data/breakeven-$k.dat"
		series=$(awk -v k="$k" -v out="$bdat" "$prelude"'
			v("kernel") == k && v("runner") == "serial" && v("median_s") != "" { ser[v("items"), bind()] = v("median_s") }
			v("kernel") == k && v("runner") != "serial" && v("cold_speedup") != "" { n++; r[n] = v("runner") ":" v("workers") (v("schedule") != "static" ? "/" v("schedule") : "") (bind() != "none" ? "/" bind() : ""); key[n] = v("items") SUBSEP bind(); cs[n] = v("cold_speedup"); ws[n] = v("speedup") }
			END {
				for (i = 1; i <= n; i++) {
					if (!(key[i] in ser)) continue
					s = r[i]
					if (!(s in sn)) { order[++ns] = s; sn[s] = 0 }
					row[s, ++sn[s]] = ser[key[i]] " " cs[i] " " ws[i]
				}
				emit_series(out)
			}' "$summary")
		if [ -n "$series" ]; then
			# Each block sorted by task size (the runs are grouped by items already).
			gnuplot -e "dir='$(gq "$home/plots/")'; data='$(gq "$bdat")'; series='$series'; kernel='$k'; subtitle='$(gq "$subtitle")'; out='$(gq "$run/plots/breakeven-$k")'" \
				"$home/plots/breakeven.gp"
		fi
		continue
	fi
	sdat="$run/plots/data/speedup-$k.dat"
	tdat="$run/plots/data/time-$k.dat"
	# Speedup: one block per runner:schedule with a serial reference;
	# rows: workers, speedup, and the range over the repetitions.
	series=$(awk -v k="$k" -v out="$sdat" "$prelude"'
		v("kernel") == k && v("runner") != "serial" && v("speedup") != "" {
			s = v("runner") ":" v("schedule") (bind() != "none" ? "/" bind() : "")
			if (!(s in sn)) { order[++ns] = s; sn[s] = 0 }
			# The speedup of the slowest and of the fastest repetition.
			row[s, ++sn[s]] = v("workers") " " v("speedup") " " v("speedup") * v("median_s") / v("max_s") " " v("speedup") * v("median_s") / v("min_s")
		}
		END { emit_series(out) }' "$summary")
	maxw=$(awk -v k="$k" "$prelude"' v("kernel") == k && v("workers") + 0 > m { m = v("workers") + 0 } END { print m + 0 }' "$summary")
	# How many schedule/bind variants the kernel ran: labels name them when > 1.
	nsched=$(awk -v k="$k" "$prelude"' v("kernel") == k && v("runner") != "serial" && !((v("schedule") "/" bind()) in s) { s[v("schedule") "/" bind()]; n++ } END { print n + 0 }' "$summary")
	if [ -n "$series" ]; then
		gnuplot -e "dir='$(gq "$home/plots/")'; data='$(gq "$sdat")'; series='$series'; nsched=$nsched; maxw=$maxw; kernel='$k'; subtitle='$(gq "$subtitle")'; out='$(gq "$run/plots/speedup-$k")'" \
			"$home/plots/speedup.gp"
	fi
	# Time: every verified configuration, in run order.
	awk -v k="$k" -v nsched="$nsched" "$prelude"'
		v("kernel") == k && v("median_s") != "" {
			lab = v("runner") " " v("workers") "w"
			if (nsched > 1 && v("runner") != "serial") lab = lab " " v("schedule")
			if (bind() != "none") lab = lab " " bind()
			printf "\"%s\" %s %s %s %s\n", lab, v("median_s"), v("min_s"), v("max_s"), v("runner")
		}' "$summary" > "$tdat"
	if [ -s "$tdat" ]; then
		gnuplot -e "dir='$(gq "$home/plots/")'; data='$(gq "$tdat")'; kernel='$k'; subtitle='$(gq "$subtitle")'; out='$(gq "$run/plots/time-$k")'" \
			"$home/plots/time.gp"
	fi
done

# --trace: one timeline per configuration (plots/trace-*.png) and a line
# each on what it shows (plots/data/trace.md).
rm -f "$run/plots/data/trace.md"
sh "$home/scripts/trace.sh" "$run" "$subtitle"

# ---- report.md ---------------------------------------------------------------
{
	echo "# parbench report: $host, $date"
	echo
	echo "## Machine"
	echo
	echo "- CPU: $(meta cpu_model); $(meta packages) package(s), $(meta cores) core(s), $(meta pus) PU(s)"
	[ "$(meta topology_from_hwloc_env)" = true ] &&
		echo "- **not this machine**: the topology came from HWLOC_SYNTHETIC or HWLOC_XMLFILE; the runs happened on the machine parbench ran on"
	[ -n "$(meta usable_pus)" ] && [ "$(meta usable_pus)" != "$(meta pus)" ] && echo "- CPU affinity let parbench use $(meta usable_pus) of the PUs"
	l1=$(meta l1_bytes); l2=$(meta l2_bytes); l3=$(meta l3_bytes)
	echo "- caches (hwloc): L1d $((l1 / 1024)) KiB x $(meta l1_count), L2 $((l2 / 1024)) KiB x $(meta l2_count), L3 $((l3 / 1048576)) MiB x $(meta l3_count)"
	echo "- memory: $(($(meta memory_bytes) / 1048576)) MiB in NUMA nodes (hwloc), $(($(meta sysconf_memory_bytes) / 1048576)) MiB in all"
	if [ "$(meta cores)" -gt 0 ] && [ "$(meta pus)" -gt "$(meta cores)" ] 2>/dev/null; then
		echo "- hyperthreads: $(meta pus) PUs on $(meta cores) cores"
	else
		echo "- no hyperthreads visible: one PU per core, so there is no cores-vs-hyperthreads comparison"
	fi
	if [ -s "$run/topology.txt" ]; then
		echo "- topology (hwloc; all of it in topology.txt and topology.xml):"
		echo
		echo '```'
		head -n 40 "$run/topology.txt"
		[ "$(wc -l < "$run/topology.txt")" -gt 40 ] && echo "... ($(wc -l < "$run/topology.txt") lines)"
		echo '```'
		echo
	fi
	echo "- build: $(meta compiler), \`$(meta cflags)\`, hwloc $(meta hwloc_version), git $(meta git)"
	echo "- command: \`$(meta command)\`: per configuration at least $(meta warmup) warm-up run(s) and $(meta reps) measured ones, continued until they took $(meta min_time_s) s; gil: mode $(meta gil_mode), switch interval $(meta gil_switch_interval_s) s, $(meta gil_unit_items) items between two checks"
	binds=$(awk "$prelude"' !(bind() in s) { s[bind()]; printf "%s%s", (n++ ? ", " : ""), bind() }' "$summary")
	if [ "$binds" = none ]; then
		echo "- workers are not pinned: the OS places them (the cpus column of samples.csv says where each finished)"
	else
		echo "- placement (--bind): $binds; \`parbench plan\` shows each policy's PUs, and the cpus column of samples.csv where each worker finished"
	fi
	omp=$(grep -E '"OMP_(PROC_BIND|PLACES)"' "$meta" | tr -d ' ' | tr '\n' ' ')
	[ -n "$omp" ] && echo "- openmp was placed by the OpenMP runtime ($omp), not by --bind"
	# Conditions: the state of the machine during the run (harness/sysinfo.c),
	# with a warning where it can skew the numbers.
	echo
	echo "### Conditions"
	echo
	gov=$(meta governor)
	case "$gov" in
	"") echo "- not recorded: this meta.json comes from a parbench without harness/sysinfo.c" ;;
	unavailable) echo "- governor unavailable (virtual machine?): no cpufreq in /sys, so clock speed changes during the run cannot be ruled out" ;;
	performance) echo "- CPU frequency governor: performance" ;;
	*) echo "- **warning**: the CPU frequency governor is $gov, not performance: the clock speed may change during the run (\`cpupower frequency-set -g performance\` fixes it)" ;;
	esac
	loadavg() { sed -n "s/^  \"$1\": \[\([^]]*\)\],\{0,1\}\$/\1/p" "$meta" | head -n 1; }
	load=$(loadavg loadavg_start); load_end=$(loadavg loadavg_end)
	cpus=$(meta affinity_cpus); online=$(meta online_cpus)
	case "$cpus" in ''|null) cpus=$(meta usable_pus) ;; esac
	if [ -n "$load" ]; then
		echo "- load average (1, 5, 15 min): $load at the start, ${load_end:-not read} at the end"
		if awk -v l="${load%%,*}" -v n="$cpus" 'BEGIN { exit !(n > 0 && l + 0 > 0.5 * n) }'; then
			echo "- **warning**: the load at the start (${load%%,*} over 1 min) exceeded 0.5 per usable CPU ($cpus usable): other work competed with the run"
		fi
	fi
	if [ -n "$online" ] && [ "$online" != null ] && [ "$cpus" -lt "$online" ] 2>/dev/null; then
		echo "- **warning**: the affinity mask ($(meta affinity_cpu_list)) holds $cpus of the $online online CPUs: the others were hidden from parbench"
	fi
	[ -n "$(meta kernel_release)" ] &&
		echo "- kernel $(meta kernel_release) ($(meta arch)), booted $(meta boot_time); ASLR (randomize_va_space) $(meta aslr)"
	[ -n "$(meta clock_getres_ns)" ] &&
		echo "- clock: $(meta clock) resolution $(meta clock_getres_ns) ns by clock_getres, smallest step seen $(meta clock_measured_resolution_ns) ns"
	[ -n "$(meta libgomp)" ] &&
		echo "- OpenMP: $(meta libgomp), compiled for OpenMP $(meta openmp_version) ($(meta openmp_spec)); hwloc API $(meta hwloc_api_compiled) compiled, $(meta hwloc_api_runtime) at run time"
	echo
	echo "## What the numbers show"
	echo
	# One line per kernel: the speedups at the largest worker count, and
	# what they mean, said only where the numbers support it.
	sweep=0; case "$(meta size)" in *,*) sweep=1 ;; esac
	awk -v pus="$(meta usable_pus)" -v l3="$(( $(meta l3_bytes) * $(meta l3_count) ))" -v sweep="$sweep" "$prelude"'
	function fmt(x) { return sprintf("%.2f×", x) }
	function has(k, r) { return (k SUBSEP r) in sp }
	{
		# Sweeps: per kernel, the peak of each series and its largest size.
		zk = v("kernel"); zb = v("size_bytes") + 0
		if (sweep && !((zk, zb) in zseen)) { zseen[zk, zb]; zsizes[zk]++ }
		if (v("status") == "ok" && v("rate") != "") {
			zs = v("runner") " on " v("workers") (v("schedule") != "static" ? " " v("schedule") : "") (bind() != "none" ? " bound to " bind() : "")
			zkey = zk SUBSEP zs
			# The best rate (the smallest latency for chase), and the largest size.
			if (!(zkey in zlo) || v("rate") + 0 > zlorate[zkey] + 0) { zlo[zkey] = zb; zlorate[zkey] = v("rate") }
			if (!(zkey in zhi) || zb > zhi[zkey]) { zhi[zkey] = zb; zhirate[zkey] = v("rate") }
			if (!(zkey in zlist)) { zlist[zkey]; zseries[zk] = zseries[zk] "|" zs }
			zunit[zk] = v("rate_unit")
		}
	}
	{
		k = v("kernel"); r = v("runner"); w = v("workers") + 0
		if (!(k in kind)) { kind[k] = v("kind"); order[++nk] = k }
		if (v("status") != "ok") {
			failed[++nf] = "- **failed**: " k ", " r " " w "w " v("schedule") ": " substr(v("status"), 9)
			if (r != "serial") pfail[k]++
			next
		}
		total++
		if (v("warning") != "") flagged++
		if (r == "serial") { srate[k] = v("rate"); unit[k] = v("rate_unit"); bytes[k] = v("size_bytes"); next }
		if (v("speedup") == "") next
		x = v("speedup") + 0
		# cores vs hyperthreads at equal worker counts (--compare-smt)
		if ((bind() == "cores" || bind() == "threads") && v("schedule") == "static" && w >= 2) {
			smt[k, r, bind(), w] = x
			if ((k, r, "cores", w) in smt && (k, r, "threads", w) in smt && w >= smtw[k]) { smtw[k] = w; smtr[k] = r }
		}
		# One thread doing all the work should match serial: how far it is off
		# measures the machine'"'"'s drift (fork has costs of its own: not counted).
		if (w == 1 && r != "fork" && (x - 1 > dev[k] || 1 - x > dev[k])) dev[k] = x > 1 ? x - 1 : 1 - x
		if (x > 1.1 * w && x > over[k]) { over[k] = x; overwho[k] = r " on " w }
		# At the largest worker count: the static row (or the first) per runner.
		if (w > maxw[k]) maxw[k] = w
		key = k SUBSEP r
		if (w == maxw[k] && (!(key in sp) || spw[key] < w || v("schedule") == "static")) {
			if (!(key in sp)) runners[k] = runners[k] " " r
			sp[key] = x; spw[key] = w; rate[key] = v("rate")
		}
	}
	function human(b) { return b >= 1073741824 ? sprintf("%.1f GiB", b / 1073741824) : b >= 1048576 ? sprintf("%.1f MiB", b / 1048576) : b >= 1024 ? sprintf("%.0f KiB", b / 1024) : sprintf("%d B", b) }
	# Whether the series of kernel k fell by a fifth from their best to the
	# largest size (rates; for chase, whether the latency at least doubled).
	function fell(k,    n, ss, j, key) {
		n = split(substr(zseries[k], 2), ss, "|")
		for (j = 1; j <= n; j++) {
			key = k SUBSEP ss[j]
			if (zhirate[key] + 0 < (k == "chase" ? 0.5 : 0.8) * zlorate[key]) return 1
		}
		return 0
	}
	function sweep_line(k,    n, ss, j, key, line) {
		n = split(substr(zseries[k], 2), ss, "|")
		line = ""
		for (j = 1; j <= n; j++) {
			key = k SUBSEP ss[j]
			if (k == "chase" && ss[j] ~ / on 1( |$)/)
				line = line (line == "" ? "" : "; ") sprintf("%s: %.1f ns per load at best (%s), %.1f ns at %s", ss[j], 1000 / zlorate[key], human(zlo[key]), 1000 / zhirate[key], human(zhi[key]))
			else if (k != "chase")
				line = line (line == "" ? "" : "; ") sprintf("%s: %.3g %s at best (%s), %.3g at %s", ss[j], zlorate[key], zunit[k], human(zlo[key]), zhirate[key], human(zhi[key]))
		}
		return line
	}
	END {
		for (i = 1; i <= nk; i++) {
			k = order[i]; w = maxw[k]
			if (zsizes[k] > 1) {
				printf "- **%s** (%s), swept over %d sizes: %s.%s\n", k, kind[k], zsizes[k], sweep_line(k), (!fell(k) ? " Little changes over this range of sizes." : k == "chase" ? " Each step in the latency curve is a cache level running out; compare the steps with the L1d/L2/L3 sizes hwloc reports." : " The rate falls where a worker'"'"'s data leaves a cache level.")
				continue
			}
			if (w == 0) {
				printf "- **%s**: %s\n", k, pfail[k] ? "every parallel configuration failed (see below)." : (k in srate) ? "only serial ran: nothing to compare." : "no serial reference, so no speedups."
				continue
			}
			n = split(runners[k], rs, " ")
			line = ""; best = ""; bestv = 0
			for (j = 1; j <= n; j++) {
				key = k SUBSEP rs[j]
				if (spw[key] != w) continue
				line = line (line == "" ? "" : ", ") rs[j] " " fmt(sp[key])
				if (sp[key] > bestv) { bestv = sp[key]; best = rs[j] }
			}
			printf "- **%s** (%s) on %d worker%s: %s.", k, kind[k], w, (w > 1 ? "s" : ""), line
			# Waiting needs no CPU: only cpu and mem work is capped by the PUs.
			ideal = (kind[k] != "io" && pus > 0 && w > pus) ? pus : w
			if (w > ideal)
				printf " %d workers on %d PUs is oversubscribed: the ideal is %d×.", w, pus, ideal
			g = has(k, "gil") ? sp[k SUBSEP "gil"] : -1
			if (w >= 2 && kind[k] == "cpu" && g >= 0 && g < 1.25)
				printf " gil stays at %s: only the thread holding the lock computes, as with CPython threads on CPU-bound work%s.", fmt(g), (best != "gil" ? sprintf("; %s, without that lock, reaches %s", best, fmt(bestv)) : "")
			if (w >= 2 && kind[k] == "io" && g >= 0.75 * ideal)
				printf " gil reaches %s as well: a thread releases the lock while it waits, so waiting overlaps, as with CPython threads on I/O.", fmt(g)
			if (w >= 2 && kind[k] == "io" && g >= 0 && g < 1)
				printf " gil is slower than serial (%s): each call blocks only microseconds, so the threads spend their time handing the lock back and forth.", fmt(g)
			if (w >= 2 && kind[k] == "mem") {
				if (unit[k] ~ /loads/)
					printf " Latency: %.1f ns per load serial; with %s the workers together complete %.1f %s.", 1000 / srate[k], best, rate[k SUBSEP best], unit[k]
				else
					printf " Bandwidth: %.1f %s serial, %.1f %s with %s.", srate[k], unit[k], rate[k SUBSEP best], unit[k], best
				if (l3 > 0 && bytes[k] > 0 && bytes[k] <= l3)
					printf " The %.0f MiB data set is smaller than the %.0f MiB of L3 that hwloc reports: if that figure is right, these are cache figures, not DRAM (a VM may report its host'"'"'s cache; parbench sweep shows where the levels really end, --size DRAM sizes past them).", bytes[k] / 1048576, l3 / 1048576
				else if (bestv < 0.6 * ideal)
					printf " More workers add little: the memory system, not the cores, is the limit."
				else
					printf " It grows with the workers: one core alone does not saturate memory here."
				f = has(k, "fork") ? sp[k SUBSEP "fork"] : -1
				if (f >= 0 && f < 0.75 * bestv)
					printf " fork lags (%s): a new child has no page-table entries for the shared arrays and takes page faults when it first touches them, inside the timed work.", fmt(f)
			}
			if (w >= 2 && kind[k] == "cpu" && bestv < 0.85 * ideal)
				printf " No model reaches the ideal %d× here (best: %s %s): the workers slow each other down (shared core resources, frequency, or other load on the host).", ideal, best, fmt(bestv)
			if (dev[k] > 0.1)
				printf " Careful: with 1 worker the thread models differ from serial by up to %.0f%%, so the machine'"'"'s speed varied between configurations and these speedups carry that much uncertainty.", 100 * dev[k]
			if (smtw[k] >= 2)
				printf " Cores against hyperthreads, %s on %d workers: %s on separate cores, %s on the hyperthreads of shared cores.", smtr[k], smtw[k], fmt(smt[k, smtr[k], "cores", smtw[k]]), fmt(smt[k, smtr[k], "threads", smtw[k]])
			if (over[k] > 0)
				printf " %s reaches %s, above the ideal: a sign of a slow serial median (or of data that fits the caches of more cores).", overwho[k], fmt(over[k])
			printf "\n"
		}
		for (i = 1; i <= nf; i++) print failed[i]
		if (flagged) printf "- %d of %d configurations are flagged in the warning column (CV over 5%%, fewer than 5 repetitions, or too short for the clock): read their medians with care.\n", flagged, total
	}' "$summary"
	echo

	# CPUs kept busy (CPU seconds of the workers / wall seconds) and what
	# creating the workers costs (cold against warm), at the most workers run,
	# for kernels not run over an --items list.
	listed=0; case "$(meta size)" in *,*) listed=1 ;; esac
	awk -v listed="$listed" "$prelude"'
	listed { kern = v("kernel"); if (!((kern, v("items")) in si)) { si[kern, v("items")]; nit[kern]++ } }
	v("runner") != "serial" && v("cpu_util") != "" && bind() == "none" && v("schedule") == "static" {
		k = v("kernel"); w = v("workers") + 0
		if (w > mw[k]) { mw[k] = w }
		u[k, v("runner"), w] = v("cpu_util"); sp[k, v("runner"), w] = v("spawn_median_s")
		ws[k, v("runner"), w] = v("speedup"); cs[k, v("runner"), w] = v("cold_speedup")
		if (!(k in seen)) { seen[k]; ks[++nk] = k }
		if (!(v("runner") in rs)) { rs[v("runner")]; rn[++nr] = v("runner") }
	}
	function us(x) { return x >= 1e-3 ? sprintf("%.2f ms", x * 1e3) : sprintf("%.0f µs", x * 1e6) }
	END {
		shown = 0
		for (i = 1; i <= nk; i++) {
			k = ks[i]; w = mw[k]
			if (nit[k] > 1 || w < 2) continue
			if (!shown++) {
				print "## CPUs kept busy, and the price of creating workers\n"
				print "CPUs busy is the CPU time (user + system) the workers used during the work divided by its wall time: about 1 when only one worker can run at a time, about N when N workers really run in parallel. Creating the workers is the spawn time: new threads or processes for gil, pthreads and fork (what a program pays when it starts a `Pool()` for one task); waking workers that already exist for pthreads-pool, fork-pool and openmp (their creation was in the warm-up). Cold speedup counts it, warm does not.\n"
			}
			line = ""
			for (j = 1; j <= nr; j++)
				if ((k, rn[j], w) in u) line = line sprintf("%s%s %.2f", line == "" ? "" : ", ", rn[j], u[k, rn[j], w])
			printf "- %s on %d workers, CPUs busy: %s.", k, w, line
			if ((k, "gil", w) in u && u[k, "gil", w] < 1.3 && ((k, "pthreads", w) in u) && u[k, "pthreads", w] > 1.5)
				printf " The gil keeps about one CPU busy however many threads wait for it; pthreads use %.1f.", u[k, "pthreads", w]
			line = ""
			for (j = 1; j <= nr; j++)
				if ((k, rn[j], w) in sp && sp[k, rn[j], w] != "" && cs[k, rn[j], w] != "")
					line = line sprintf("%s%s %s (%.2f× cold, %.2f× warm)", line == "" ? "" : "; ", rn[j], us(sp[k, rn[j], w]), cs[k, rn[j], w], ws[k, rn[j], w])
			if (line != "") printf " Creating the workers: %s.", line
			printf "\n"
		}
		if (shown) print ""
	}' "$summary"

	# The gil's counters (gil_lock.c) at the most threads run, static,
	# unbound: how often the lock changed hands and why.
	awk -v mode="$(meta gil_mode)" -v interval="$(meta gil_switch_interval_s)" "$prelude"'
	v("runner") == "gil" && v("gil_handoffs") != "" && v("schedule") == "static" && bind() == "none" && v("workers") + 0 >= 2 {
		k = v("kernel"); w = v("workers") + 0
		if (!(k in mw)) ks[++nk] = k
		if (w >= mw[k]) { mw[k] = w; h[k] = v("gil_handoffs"); rq[k] = v("gil_drop_requests"); fw[k] = v("gil_forced_waits"); ws[k] = v("gil_wait_s"); md[k] = v("median_s"); kd[k] = v("kind") }
	}
	END {
		if (!nk) exit
		printf "## The gil: how the lock changed hands (mode %s)\n\n", mode == "" ? "new" : mode
		print "Medians per run. A hand-off is the lock going to another thread. In the new modes a thread that waited a whole switch interval (" interval * 1000 " ms) sets a drop request, and the holder gives the lock up at its next check; a forced wait is a holder that drops with a request pending (at a check or at a blocking call) waiting until another thread has taken the lock. Waiting is the time the threads spent waiting to take the lock, summed over the threads, as a share of threads × run time.\n"
		for (i = 1; i <= nk; i++) {
			k = ks[i]; w = mw[k]
			share = md[k] > 0 ? 100 * ws[k] / (w * md[k]) : 0
			printf "- %s (%s), %d threads: %d hand-offs, %d drop requests, %d forced waits; the threads waited %.0f%% of their time for the lock.", k, kd[k], w, h[k], rq[k], fw[k], share
			if (kd[k] == "cpu" && rq[k] > 0 && h[k] <= rq[k] + w)
				printf " Nearly every hand-off was asked for: CPU-bound threads keep the lock until a waiter has waited a switch interval, about %.0f hand-offs a second.", h[k] / md[k]
			if (kd[k] == "io" && h[k] > 2 * rq[k])
				printf " Most hand-offs needed no request: a thread gives the lock up itself when it blocks."
			if (mode == "old" && rq[k] == 0)
				printf " The old GIL has no requests: the holder releases every check, and on several cores usually takes the lock straight back."
			printf "\n"
		}
		print ""
	}' "$summary"

	# Python side by side: scripts/cpython.sh ran the pi, sleep and read
	# workloads in CPython (cpython.csv, cpython.json). parbench's gil,
	# pthreads and fork stand next to CPython's threads and processes at the
	# same worker counts, each a ratio to its own side's serial (static,
	# unbound rows; the most items where a kernel ran several). Without
	# cpython.csv: one line saying why (cpython.skipped) or how to add it.
	if [ -f "$run/cpython.csv" ]; then
		pyexe=$(sed -n 's/^  "executable": "\(.*\)",\{0,1\}$/\1/p' "$run/cpython.json" 2>/dev/null | head -n 1)
		awk -v pyexe="$pyexe" -v run="$run" 'BEGIN { FS = "," }
		FNR == 1 { file++; for (i = 1; i <= NF; i++) col[file, $i] = i; next }
		function v(name) { return ((file, name) in col) ? $(col[file, name]) : "" }
		function x(s) { return sprintf("%.2f×", s) }
		function t(s) { return s >= 1 ? sprintf("%.3g s", s) : s >= 1e-3 ? sprintf("%.3g ms", s * 1e3) : s >= 1e-6 ? sprintf("%.3g µs", s * 1e6) : sprintf("%.3g ns", s * 1e9) }
		function has(k, r, w) { return (k SUBSEP r SUBSEP w) in sp }
		function cell(k, r, w,    key) { key = k SUBSEP r SUBSEP w; return (key in bad) ? "failed" : (key in sp) ? x(sp[key]) : "-" }
		function busy(k, r, w,    key) { key = k SUBSEP r SUBSEP w; return (key in util) && util[key] != "" ? sprintf(" (CPUs busy %.2f)", util[key]) : "" }
		file == 1 && v("schedule") == "static" && (v("bind") == "" || v("bind") == "none") {
			k = v("kernel"); r = v("runner"); w = v("workers") + 0; n = v("items") + 0
			if (r == "serial") {
				if (v("median_s") != "" && n >= sitems[k, "pb"]) { smed[k, "pb"] = v("median_s"); sitems[k, "pb"] = n }
				next
			}
			if (r != "gil" && r != "pthreads" && r != "fork") next
			key = k SUBSEP r SUBSEP w
			if ((key in items) && n < items[key]) next
			items[key] = n; delete bad[key]; delete sp[key]
			if (v("status") != "ok" || v("speedup") == "") bad[key] = 1
			else { sp[key] = v("speedup") + 0; util[key] = v("cpu_util") }
		}
		file == 2 {
			k = v("kernel"); r = v("runner"); w = v("workers") + 0; key = k SUBSEP r SUBSEP w
			if (!(k in kind)) { kind[k] = v("kind"); ks[++nk] = k }
			ver = v("python_version"); impl = v("python_implementation"); gil = v("gil_enabled")
			if (r != "cpython-serial" && !((k, w) in wseen)) { wseen[k, w]; ws[k, ++nw[k]] = w; if (w > maxw[k]) maxw[k] = w }
			if (v("status") != "ok") { bad[key] = 1; failed[++nf] = "- **failed**: " k ", " r " " w "w: " substr(v("status"), 9); next }
			prows++; if (v("warning") ~ /unstable/) unstable++
			if (r == "cpython-serial") { smed[k, "py"] = v("median_s"); sitems[k, "py"] = v("items") + 0; next }
			if (v("speedup") == "") next
			sp[key] = v("speedup") + 0; util[key] = v("cpu_util"); spawn[key] = v("spawn_median_s"); cold[key] = v("cold_speedup")
		}
		END {
			print "## Python side by side\n"
			gs = gil == "1" ? "GIL enabled" : gil == "0" ? "GIL disabled: a free-threaded build" : "GIL state unknown"
			printf "%s %s (%s%s) ran the same workloads in pure Python (`scripts/cpython.py`; rows in `cpython.csv`, the interpreter in `cpython.json`): the pi formula of `kernels/cpu_pi.c`, a 1 ms `time.sleep` per item, 4 KiB `os.pread`s of a temporary file. `cpython-threads` are `threading.Thread`s, `cpython-processes` a `multiprocessing.Pool` with the fork start method; both are created for each repetition and given one static block per worker, and the time is the work alone (creating them is spawn). Every figure is a speedup against the serial median of its own side. **Absolute times are not comparable** (a pure-Python loop is far slower per item than C, and pi runs fewer items); the ratios are. The two sides ran one after the other: a change in the load of the machine between them moves one side and not the other.\n\n", impl, ver, gs, pyexe != "" ? "; `" pyexe "`" : ""
			print "| kernel | workers | parbench gil | CPython threads | parbench pthreads | parbench fork | CPython processes |"
			print "|---|---:|---:|---:|---:|---:|---:|"
			for (i = 1; i <= nk; i++) {
				k = ks[i]
				for (j = 1; j <= nw[k]; j++) {
					w = ws[k, j]
					printf "| %s (%s) | %d | %s | %s | %s | %s | %s |\n", k, kind[k], w, cell(k, "gil", w), cell(k, "cpython-threads", w), cell(k, "pthreads", w), cell(k, "fork", w), cell(k, "cpython-processes", w)
				}
			}
			print ""
			line = ""
			for (i = 1; i <= nk; i++) {
				k = ks[i]
				if (!((k, "py") in smed)) continue
				pb = ((k, "pb") in smed) ? sprintf("parbench %s for %d items (%s per item)", t(smed[k, "pb"]), sitems[k, "pb"], t(smed[k, "pb"] / sitems[k, "pb"])) : "parbench did not run it"
				line = line (line == "" ? "" : "; ") sprintf("%s: %s, CPython %s for %d items (%s per item)", k, pb, t(smed[k, "py"]), sitems[k, "py"], t(smed[k, "py"] / sitems[k, "py"]))
			}
			if (line != "") printf "- Serial medians, for scale only: %s.\n", line
			for (i = 1; i <= nk; i++) {
				k = ks[i]; w = maxw[k]
				if (w < 2) continue
				tk = k SUBSEP "cpython-threads" SUBSEP w; gk = k SUBSEP "gil" SUBSEP w; pk = k SUBSEP "pthreads" SUBSEP w
				qk = k SUBSEP "cpython-processes" SUBSEP w; fk = k SUBSEP "fork" SUBSEP w
				line = ""
				if ((tk in sp) && (gk in sp)) {
					tv = sp[tk]; gv = sp[gk]
					line = sprintf(" CPython threads %s%s, parbench gil %s%s", x(tv), busy(k, "cpython-threads", w), x(gv), busy(k, "gil", w))
					if (kind[k] == "cpu" && tv < 1.25 && gv < 1.25) {
						line = line ": only the thread holding the lock runs, so the second core does not help."
						if (tv < 0.95) line = line " Below 1, the CPython threads also pay for handing the lock from core to core at every switch interval."
					} else if (kind[k] == "cpu" && tv >= 1.25)
						line = line sprintf(": the CPython threads ran at the same time, as without a GIL%s, so they follow pthreads%s rather than gil.", gil == "0" ? " (this interpreter runs without one)" : "", (pk in sp) ? " (" x(sp[pk]) ")" : "")
					else if (kind[k] == "io" && tv >= 0.75 * w && gv >= 0.75 * w)
						line = line ": a thread releases the lock while it sleeps or reads, so the waits overlap on both sides."
					else if (kind[k] == "io" && (pk in sp) && sp[pk] < 0.75 * w)
						line = line sprintf(": pthreads, without any lock, reach only %s, so these calls do not scale on this machine in the first place and there is little for a lock to take away.%s", x(sp[pk]), (tv < 1 || gv < 1) ? " Below 1 is what handing the lock over costs." : "")
					else if (kind[k] == "io" && (tv < 0.75 * w || gv < 0.75 * w))
						line = line sprintf(": each call blocks only microseconds, so a thread holds the lock most of the time and the waits overlap little%s.", (pk in sp) ? ", where pthreads reach " x(sp[pk]) : "")
					else
						line = line "."
				}
				if ((qk in sp) && (fk in sp)) {
					line = line sprintf(" CPython processes %s, parbench fork %s", x(sp[qk]), x(sp[fk]))
					line = line (kind[k] == "cpu" ? ": every process has an interpreter and a lock of its own." : ".")
					if (spawn[qk] != "" && cold[qk] != "")
						line = line sprintf(" Starting the pool of %d took %s; counted in, the processes reach %s.", w, t(spawn[qk]), x(cold[qk]))
				}
				if (line != "") printf "- **%s** on %d workers:%s\n", k, w, line
			}
			for (i = 1; i <= nf; i++) print failed[i]
			if (unstable) printf "- %d of %d CPython rows vary by more than 5%% between repetitions (the warning column of `cpython.csv`): the machine was not quiet, so read those ratios with care.\n", unstable, prows
			if (gil == "0")
				print "- This interpreter runs without the GIL (PEP 703, free-threaded): read its threads against `pthreads`, the endpoint they approach, less the costs of the interpreter itself."
			else
				printf "- A free-threaded Python (PEP 703: `python3.13t`, CPython 3.13 or later built with `--disable-gil`, where `sys._is_gil_enabled()` is false) has no such lock: its threads are the `pthreads` endpoint of this table, less the costs of the interpreter itself. `PYTHON=python3.13t sh scripts/cpython.sh %s` measures one.\n", run
			print ""
		}' "$summary" "$run/cpython.csv"
	elif [ -f "$run/cpython.skipped" ]; then
		printf '## Python side by side\n\n%s\n\n' "$(head -n 1 "$run/cpython.skipped")"
	elif awk "$prelude"' v("kernel") ~ /^(pi|sleep|read)$/ { found = 1 } END { exit !found }' "$summary"; then
		printf '## Python side by side\n\nNot measured for this run: `sh scripts/cpython.sh %s` runs pi, sleep and read in CPython and adds them here (`make bench` does it after its run).\n\n' "$run"
	fi

	# Break-even: for kernels run at several item counts (parbench breakeven),
	# the task size from which on each model beats serial, cold and warm.
	# Only an --items list (a comma in meta.json's size) of kernels without
	# a data set: the others are sweeps, or one size resolved per worker count.
	listed=0; case "$(meta size)" in *,*) listed=1 ;; esac
	awk -v listed="$listed" "$prelude"'
	function tm(x) { return x >= 1 ? sprintf("%.3g s", x) : x >= 1e-3 ? sprintf("%.3g ms", x * 1e3) : sprintf("%.3g µs", x * 1e6) }
	# A point is above 1 only when its slower quartile beats serial
	# (speedup x median / q3 >= 1), below when its faster quartile does not
	# (speedup x median / q1 < 1), and unresolved in between. The crossing
	# is where the points stay above from there on: interpolated (log-log)
	# from a point below, a range from an unresolved one.
	function cross(s, m,    i, first, a, b) {
		first = 0
		for (i = cnt[s]; i >= 1; i--) { if (val[s, i, m] * lo[s, i] >= 1) first = i; else break }
		if (first == 0) return "does not clearly pay off up to " tm(x[s, cnt[s]]) " (" sprintf("%.2f", val[s, cnt[s], m]) "× there)"
		if (first == 1) return "pays off from the smallest task measured, " tm(x[s, 1])
		a = first - 1; b = first
		if (val[s, a, m] * hi[s, a] >= 1 || val[s, a, m] <= 0) return "pays off between " tm(x[s, a]) " and " tm(x[s, b])
		return "pays off above ~" tm(exp(log(x[s, a]) + (0 - log(val[s, a, m])) * (log(x[s, b]) - log(x[s, a])) / (log(val[s, b, m]) - log(val[s, a, m]))))
	}
	listed && v("size_bytes") + 0 == 0 { kern = v("kernel"); if (!((kern, v("items")) in seenitems)) { seenitems[kern, v("items")]; nit[kern]++ } }
	v("runner") == "serial" && v("median_s") != "" { ser[v("kernel"), v("items"), bind()] = v("median_s") }
	v("runner") != "serial" && v("cold_speedup") != "" {
		n++; sk[n] = v("kernel"); s = v("kernel") ": " v("runner") " on " v("workers") (v("schedule") != "static" ? " " v("schedule") : "") (bind() != "none" ? " bound to " bind() : "")
		ss[n] = s; key[n] = v("kernel") SUBSEP v("items") SUBSEP bind(); c[n] = v("cold_speedup"); w[n] = v("speedup")
		ql[n] = v("q3_s") > 0 ? v("median_s") / v("q3_s") : 1; qh[n] = v("q1_s") > 0 ? v("median_s") / v("q1_s") : 1
	}
	END {
		for (i = 1; i <= n; i++) {
			if (nit[sk[i]] < 2 || !(key[i] in ser)) continue
			s = ss[i]; if (!(s in cnt)) { order[++ns] = s; cnt[s] = 0 }
			j = ++cnt[s]; x[s, j] = ser[key[i]]; val[s, j, 1] = c[i]; val[s, j, 2] = w[i]; lo[s, j] = ql[i]; hi[s, j] = qh[i]
			# keep each series sorted by task size
			while (j > 1 && x[s, j - 1] > x[s, j]) {
				t = x[s, j]; x[s, j] = x[s, j - 1]; x[s, j - 1] = t
				t = lo[s, j]; lo[s, j] = lo[s, j - 1]; lo[s, j - 1] = t
				t = hi[s, j]; hi[s, j] = hi[s, j - 1]; hi[s, j - 1] = t
				for (m = 1; m <= 2; m++) { t = val[s, j, m]; val[s, j, m] = val[s, j - 1, m]; val[s, j - 1, m] = t }
				j--
			}
		}
		if (!ns) exit
		print "## What is worth parallelising (break-even)\n"
		print "Speedup over serial at each task size (serial time for the same items). Cold counts creating the workers and the work, as a new set of threads or processes per task would; for pthreads-pool, fork-pool and openmp the workers already exist, so their cold is waking them. Warm counts the work alone. A size counts as paying off only when the slower quartile of its repetitions beats serial; where the quartiles straddle 1 the crossing is given as a range.\n"
		for (i = 1; i <= ns; i++) {
			s = order[i]
			if (cnt[s] < 2) continue
			printf "- %s: cold %s; warm %s.\n", s, cross(s, 1), cross(s, 2)
		}
		print ""
	}' "$summary"
	for f in "$run"/plots/breakeven-*.png; do
		[ -f "$f" ] && echo "![break-even]($(basename "$(dirname "$f")")/$(basename "$f"))" && echo
	done

	# --pattern: map against the dynamic schedule, imap against
	# imap_unordered (time to first result, total, the parent blocked),
	# per kernel and runner at the most workers run, unbound.
	awk -v pat=1 "$prelude"'
	bind() == "none" && v("runner") != "serial" && v("median_s") != "" {
		k = v("kernel"); r = v("runner"); w = v("workers") + 0; p = v("pattern")
		if (p == "" || p == "none") { if (v("schedule") == "dynamic") dyn[k, r, w] = v("median_s"); next }
		if (p == "queue") next
		if (!(k in seenk)) { seenk[k]; ks[++nk] = k }
		if (!((k, r) in seenr)) { seenr[k, r]; rs[k, ++nr[k]] = r }
		if (w > mw[k, r]) mw[k, r] = w
		med[k, r, w, p] = v("median_s"); ch[k, r, w, p] = v("chunk")
		fr[k, r, w, p] = v("first_result_s"); pw[k, r, w, p] = v("parent_wait_s")
	}
	function t(x) { x += 0; return x >= 1 ? sprintf("%.3f s", x) : x >= 1e-3 ? sprintf("%.2f ms", x * 1e3) : sprintf("%.1f µs", x * 1e6) }
	END {
		if (!nk) exit
		print "## Patterns: Pool.map, imap, imap_unordered\n"
		print "Workers take chunks as they free up (the dynamic schedule) and each chunk result lands at its index in a results table in shared memory. map reads the table after the run; under imap the parent consumes the results in input order while the workers run ahead, under imap_unordered in the order they finish. First result is the time from the start gate to the first result the parent consumed; blocked is the time the parent spent waiting for the next one (under imap, a slow chunk holds up every result behind it). Medians per run, at the most workers run.\n"
		for (i = 1; i <= nk; i++) {
			k = ks[i]
			for (j = 1; j <= nr[k]; j++) {
				r = rs[k, j]; w = mw[k, r]; line = ""
				if ((k, r, w, "map") in med) {
					line = sprintf("map %s (chunks of %s)", t(med[k, r, w, "map"]), ch[k, r, w, "map"])
					if ((k, r, w) in dyn && dyn[k, r, w] > 0) line = line sprintf(", %.2f× the dynamic schedule (%s)", med[k, r, w, "map"] / dyn[k, r, w], t(dyn[k, r, w]))
				}
				split("imap imap_unordered", ps, " ")
				for (q = 1; q <= 2; q++) {
					p = ps[q]
					if (!((k, r, w, p) in med)) continue
					line = line sprintf("%s%s: first result %s, total %s, blocked %s (chunks of %s)", line == "" ? "" : "; ", p, t(fr[k, r, w, p]), t(med[k, r, w, p]), t(pw[k, r, w, p]), ch[k, r, w, p])
				}
				if ((k, r, w, "imap") in med && (k, r, w, "imap_unordered") in med && fr[k, r, w, "imap_unordered"] > 0)
					line = line sprintf(". imap waits %.1f× as long for its first result", fr[k, r, w, "imap"] / fr[k, r, w, "imap_unordered"])
				if (line != "") printf "- %s, %s on %d workers: %s.\n", k, r, w, line
			}
		}
		print ""
	}' "$summary"

	# --pattern queue: tasks per second for each runner and payload, at
	# the most workers run, unbound; threads against processes.
	awk -v pat=1 "$prelude"'
	bind() == "none" && v("pattern") == "queue" && v("tasks_per_s") != "" {
		k = v("kernel"); r = v("runner"); w = v("workers") + 0; b = v("payload") + 0
		if (!(k in seenk)) { seenk[k]; ks[++nk] = k }
		if (!((k, r) in seenr)) { seenr[k, r]; rs[k, ++nr[k]] = r }
		if (!((k, b) in seenb)) { seenb[k, b]; bs[k, ++nb[k]] = b }
		if (w > mw[k, r]) mw[k, r] = w
		tps[k, r, w, b] = v("tasks_per_s"); ch[k, r, w, b] = v("chunk")
	}
	function bytes(x) { return x >= 1048576 && x % 1048576 == 0 ? x / 1048576 " MiB" : x >= 1024 && x % 1024 == 0 ? x / 1024 " KiB" : x " B" }
	function rate(x) { x += 0; return x >= 1e6 ? sprintf("%.2f M ", x / 1e6) : x >= 1e3 ? sprintf("%.1f k ", x / 1e3) : sprintf("%.0f ", x) }
	END {
		if (!nk) exit
		print "## Queue: Process + Queue\n"
		print "The parent sends one task message per chunk into a bounded task queue while the workers take them, run the chunk and send a result message back on a result queue, which the parent drains during the run. Every message carries the payload below (filled by the sender, checked by the receiver), so the cost of moving data shows. Tasks per second (median), at the most workers run; threads share an address space, processes copy through shared memory just the same, so the difference is in waking and scheduling.\n"
		for (i = 1; i <= nk; i++) {
			k = ks[i]
			# payloads ascending
			for (a = 1; a <= nb[k]; a++) for (c = a + 1; c <= nb[k]; c++) if (bs[k, c] < bs[k, a]) { x = bs[k, a]; bs[k, a] = bs[k, c]; bs[k, c] = x }
			head = "| " k " | workers |"; rule = "|---|---|"
			for (a = 1; a <= nb[k]; a++) { head = head " " bytes(bs[k, a]) " |"; rule = rule "---|" }
			print head; print rule
			for (j = 1; j <= nr[k]; j++) {
				r = rs[k, j]; w = mw[k, r]; line = "| " r " | " w " |"
				for (a = 1; a <= nb[k]; a++) {
					b = bs[k, a]
					line = line ((k, r, w, b) in tps ? " " rate(tps[k, r, w, b]) "tasks/s |" : " - |")
				}
				print line
			}
			for (a = 1; a <= nb[k]; a++) {
				b = bs[k, a]; wt = mw[k, "pthreads"]; wf = mw[k, "fork"]
				if (wt && wt == wf && (k, "pthreads", wt, b) in tps && (k, "fork", wf, b) in tps && tps[k, "fork", wf, b] > 0)
					printf "\n- %s, %s payload, %d workers: threads move %.2f× the tasks per second of processes (chunks of %s).", k, bytes(b), wt, tps[k, "pthreads", wt, b] / tps[k, "fork", wf, b], ch[k, "fork", wf, b]
			}
			print "\n"
		}
	}' "$summary"

	# --collect: shared (one table, one lock) and messages (a pipe to
	# the parent) against partial, per kernel and runner at the most
	# workers, for each schedule or pattern that ran all of them.
	awk -v pat=1 "$prelude"'
	bind() == "none" && v("collect") != "" && v("median_s") != "" {
		k = v("kernel"); r = v("runner"); w = v("workers") + 0; cl = v("collect")
		how = v("pattern") != "" && v("pattern") != "none" ? v("pattern") ":" v("chunk") : v("schedule") (v("schedule") == "dynamic" ? ":" v("chunk") : "")
		if (v("pattern") == "queue") how = how " " v("payload") "B"
		key = k SUBSEP r SUBSEP how
		if (!(key in seen)) { seen[key]; keys[++n] = key; kk[n] = k; rr[n] = r; hh[n] = how }
		if (w > mw[key]) mw[key] = w
		med[key, w, cl] = v("median_s")
		if (cl != "partial") any = 1
	}
	function t(x) { x += 0; return x >= 1 ? sprintf("%.3f s", x) : x >= 1e-3 ? sprintf("%.2f ms", x * 1e3) : sprintf("%.1f µs", x * 1e6) }
	END {
		if (!any) exit
		print "## Collecting results: partial, shared, messages\n"
		print "How each task result reaches the parent. partial: each worker sums its own results and the partials are combined at the end. shared: every worker writes each result into one table under one lock (a process-shared mutex in shared memory), the way every access to a Manager().dict() goes through the manager. messages: each result is sent to the parent as a 16-byte record over a pipe, and the parent reads them during the run, like a Queue. Same checksum; the cost grows with the number of tasks (the chunk). Medians per run, at the most workers run, with the ratio to partial.\n"
		for (i = 1; i <= n; i++) {
			key = keys[i]; w = mw[key]
			if (!((key, w, "partial") in med)) continue
			p = med[key, w, "partial"]; line = sprintf("partial %s", t(p))
			split("shared messages", cs, " ")
			for (q = 1; q <= 2; q++)
				if ((key, w, cs[q]) in med && p > 0) line = line sprintf(", %s %s (%.2f× partial)", cs[q], t(med[key, w, cs[q]]), med[key, w, cs[q]] / p)
			if (line ~ /×/) printf "- %s, %s on %d worker%s, %s: %s.\n", kk[i], rr[i], w, w == 1 ? "" : "s", hh[i], line
		}
		print ""
	}' "$summary"

	# --init-cost: what the initializer adds to spawn and cold time, per
	# runner at the most workers, and which way of paying it wins.
	init_ms=$(meta init_cost_ms)
	if [ "${init_ms:-0}" -gt 0 ] 2>/dev/null; then
		awk -v pat=1 -v ms="$init_ms" "$prelude"'
		bind() == "none" && (v("pattern") == "" || v("pattern") == "none") && (v("collect") == "" || v("collect") == "partial") && v("cold_median_s") != "" {
			k = v("kernel"); r = v("runner") (v("init_in_parent") == 1 ? " init:parent" : ""); w = v("workers") + 0; s = v("schedule")
			if (!(k in seenk)) { seenk[k]; ks[++nk] = k }
			if (!((k, r) in seenr)) { seenr[k, r]; rs[k, ++nr[k]] = r }
			if (!((k, r, w) in sch)) sch[k, r, w] = s
			if (s != sch[k, r, w]) next
			if (w > mw[k]) mw[k] = w
			sp[k, r, w] = v("spawn_median_s"); cold[k, r, w] = v("cold_median_s"); cs[k, r, w] = v("cold_speedup")
		}
		function t(x) { x += 0; return x >= 1 ? sprintf("%.3f s", x) : x >= 1e-3 ? sprintf("%.2f ms", x * 1e3) : sprintf("%.1f µs", x * 1e6) }
		END {
			if (!nk) exit
			print "## Initializer\n"
			printf "Each worker first built a table with %d ms of CPU (--init-cost, like Pool(initializer=...)), in its own thread or process before the start gate, so it counts in spawn and cold time, not in the warm work time. Per-run runners pay it every run; pools once per worker for all the runs of a configuration (the medians hide that first run); init:parent builds it once in the parent before forking and the children inherit it. serial builds it too, once per run, so cold speedups compare like with like. Medians per run, at the most workers run.\n\n", ms
			for (i = 1; i <= nk; i++) {
				k = ks[i]; w = mw[k]
				for (j = 1; j <= nr[k]; j++) {
					r = rs[k, j]; ww = (k, r, w) in cold ? w : 1
					if (!((k, r, ww) in cold)) continue
					printf "- %s, %s on %d worker%s: spawn %s, cold %s", k, r, ww, ww == 1 ? "" : "s", t(sp[k, r, ww]), t(cold[k, r, ww])
					if (cs[k, r, ww] != "") printf ", cold speedup %.2f×", cs[k, r, ww]
					print "."
				}
				# fork, fork-pool, fork init:parent: name a winner only when it is 10 % ahead of the next.
				n = 0; split("fork|fork init:parent|fork-pool|fork-pool init:parent", cand, "|")
				for (q = 1; q <= 4; q++) if ((k, cand[q], w) in cold && cold[k, cand[q], w] > 0) { n++; nm[n] = cand[q]; cv[n] = cold[k, cand[q], w] + 0 }
				if (n < 2) continue
				best = 1; for (q = 2; q <= n; q++) if (cv[q] < cv[best]) best = q
				second = 0; for (q = 1; q <= n; q++) if (q != best && (!second || cv[q] < cv[second])) second = q
				if (cv[second] > 1.1 * cv[best])
					printf "\nOn %s with %d workers, %s wins cold: %s against %s for %s, the next best (%.2f× faster).\n\n", k, w, nm[best], t(cv[best]), t(cv[second]), nm[second], cv[second] / cv[best]
				else
					printf "\nOn %s with %d workers, %s and %s are within 10 %% of each other cold (%s and %s): no winner on these numbers.\n\n", k, w, nm[best], nm[second], t(cv[best]), t(cv[second])
			}
			print ""
		}' "$summary"
	fi

	if [ -s "$run/plots/data/trace.md" ]; then
		echo "## Timelines (--trace)"
		echo
		echo "One extra run per configuration, after the measured ones and not counted in them, with every worker's chunks of work on its own lane (\`trace.csv\` has the events). Under gil the lanes take turns holding the lock; a static schedule on irregular work (primes) leaves one worker finishing early, dynamic evens it out; fork's gate opens late, after the children exist."
		echo
		cat "$run/plots/data/trace.md"
		echo
	fi
	for k in $kernels; do
		awk -v k="$k" "$prelude"'
		v("kernel") == k { n++; if (!(v("size_bytes") in seen)) { seen[v("size_bytes")]; sizes++ } }
		v("kernel") == k && !done { kind = v("kind"); items = v("items"); bytes = v("size_bytes"); done = 1 }
		END {
			printf "## %s (%s)\n\n", k, kind
			if (sizes > 1) printf "%d sizes (a sweep): see the plots, and the size column\n\n", sizes
			else { printf "%s items", items; if (bytes > 0) printf ", %.1f MiB", bytes / 1048576; printf "\n\n" }
		}' "$summary"
		echo "| runner | workers | schedule | bind | items | size | median (warm) | CV | min .. max | spawn | cold | speedup warm | speedup cold | efficiency | CPUs busy | rate | status |"
		echo "|---|---:|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|"
		awk -v k="$k" -v pat=1 "$prelude"'
		function t(x) { if (x == "") return "-"; x += 0; return x >= 1 ? sprintf("%.3f s", x) : x >= 1e-3 ? sprintf("%.2f ms", x * 1e3) : sprintf("%.1f µs", x * 1e6) }
		function f(x, p, scale) { return x == "" ? "-" : sprintf(p, x * scale) }
		function sz(b) { b += 0; return b == 0 ? "-" : b >= 1073741824 ? sprintf("%.1f GiB", b / 1073741824) : b >= 1048576 ? sprintf("%.1f MiB", b / 1048576) : sprintf("%.1f KiB", b / 1024) }
		v("kernel") == k {
			sched = v("schedule"); if (sched == "dynamic") sched = sched ":" v("chunk")
			if (v("pattern") != "" && v("pattern") != "none") sched = v("pattern") ":" v("chunk")
			if (v("pattern") == "queue") sched = sched " " v("payload") "B"
			if (v("collect") != "" && v("collect") != "partial") sched = sched " " v("collect")
			if (v("init_in_parent") == 1) sched = sched " init:parent"
			st = v("status"); if (v("warning") != "") st = st " (" v("warning") ")"
			printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s .. %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", v("runner"), v("workers"), sched, bind(), v("items"), sz(v("size_bytes")), t(v("median_s")), f(v("cv"), "%.1f%%", 100), t(v("min_s")), t(v("max_s")), t(v("spawn_median_s")), t(v("cold_median_s")), f(v("speedup"), "%.2f×", 1), f(v("cold_speedup"), "%.2f×", 1), f(v("efficiency"), "%.2f", 1), f(v("cpu_util"), "%.2f", 1), f(v("rate"), "%.4g", 1) (v("rate") == "" ? "" : " " v("rate_unit")), st
		}' "$summary"
		echo
		[ -f "$run/plots/rate-$k.png" ] && echo "![$k against the working-set size](plots/rate-$k.png)"
		[ -f "$run/plots/latency-$k.png" ] && echo "![latency of $k against the working-set size](plots/latency-$k.png)"
		[ -f "$run/plots/speedup-$k.png" ] && echo "![speedup of $k](plots/speedup-$k.png)"
		[ -f "$run/plots/time-$k.png" ] && echo "![median time of $k](plots/time-$k.png)"
		echo
	done
	py=""; [ -f "$run/cpython.csv" ] && py=", \`cpython.csv\` and \`cpython.json\` (the same workloads in CPython)"
	echo "Files: \`samples.csv\` (every repetition), \`summary.csv\` (one row per configuration), \`meta.json\`, \`topology.xml\` and \`topology.txt\`, \`plots/\` (PNG and SVG)$py."
} > "$run/report.md.tmp"
mv "$run/report.md.tmp" "$run/report.md"
echo "report.sh: wrote $run/report.md and $(ls "$run"/plots/*.png 2>/dev/null | wc -l) plots"
