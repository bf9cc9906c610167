# topology_caches.gp - the cache levels, measured (parbench topology):
# pointer-chase latency (ns per dependent load, log scale) against the
# working-set size (log2, in KiB and MiB), the median of each size with
# its min-max range; hwloc's cache sizes as dashed vertical lines, the
# steps found in the curve as red diamonds at the middle of each rise,
# labelled with the size measured there.
# gnuplot -e "dir='plots/'; chase='R/chase.csv'; steps='R/steps.csv';
#             hw='32768 1048576 33554432'; hwnames='L1 L2 L3';
#             title='...'; subtitle='...'; out='R/plots/caches'"
#             plots/topology_caches.gp
# data, as written by parbench topology (CSV with a header row):
#   chase: bytes,ns,lo_ns,hi_ns,reps
#   steps: step,bytes,start_bytes,top_bytes,before_ns,after_ns,level

load dir.'style.gp'
set encoding utf8
set datafile separator ","
set datafile columnheaders

kib(b) = b / 1024.0
size_label(k) = k >= 1048576 ? sprintf("%.0f GiB", k / 1048576) : k >= 1024 ? sprintf("%.0f MiB", k / 1024) : sprintf("%.0f KiB", k)
human(b) = b >= 1073741824 ? sprintf("%.1f GiB", b / 1073741824.0) : b >= 1048576 ? sprintf("%.1f MiB", b / 1048576.0) : sprintf("%.0f KiB", b / 1024.0)

set logscale x 2
set logscale y 10
set xtics ()
do for [e = 0:24:2] { set xtics add (size_label(2**e) 2**e) }
set mxtics 2
set grid xtics ytics lc rgb "#e5e5e5"
set xlabel "working set (log scale)"
set ylabel "latency per dependent load (ns, log scale)"
set key bottom right box opaque
set rmargin 9

do for [i = 1:words(hw)] {
	x = kib(word(hw, i) + 0)
	set arrow from first x, graph 0 to first x, graph 1 nohead dt 2 lw 1.5 lc rgb "#555555"
	set label sprintf("%s (hwloc): %s", word(hwnames, i), human(word(hw, i) + 0)) at first x, graph 0.97 \
	    rotate by 90 right offset -1.2, -0.3 font ",9" tc rgb "#555555"
}

do for [term in "pngcairo svg"] {
	if (term eq "svg") {
		set terminal svg size 900,560 dynamic font "DejaVu Sans,12"
		set output out.'.svg'
	} else {
		set terminal pngcairo size 900,560 font "DejaVu Sans,11"
		set output out.'.png'
	}
	set title sprintf("%s\n{/*0.8 %s}", title, subtitle)
	plot chase using (kib($1)):2:3:4 with yerrorbars pt 7 ps 0.5 lc rgb "#1f77b4" notitle, \
	     chase using (kib($1)):2 with lines lw 2 lc rgb "#1f77b4" title "median latency (min-max)", \
	     NaN with lines dt 2 lw 1.5 lc rgb "#555555" title "cache size hwloc reports", \
	     steps using (kib($2)):(sqrt($5 * $6)) with points pt 13 ps 2 lc rgb "#d62728" title "step found (middle of the rise)", \
	     steps using (kib($2)):(sqrt($5 * $6)):(sprintf("%s: %s", strcol(7), human($2))) \
	         with labels left offset 1.2, -0.6 font ",10" tc rgb "#d62728" notitle
	unset output
}
