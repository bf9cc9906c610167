# sweep.gp - a rate (or latency) against the working-set size for one
# kernel: one line per runner/workers series, sizes on a log2 axis in
# KiB/MiB/GiB, an error bar per point from the repetitions' quartiles (the
# middle half of the runs), dashed vertical markers at the L1d, L2 and L3
# sizes hwloc reports (one instance of each: what one worker's data must
# fit in); a cache level past either end of the sizes drawn is named in a
# note instead, so a missing marker is never mistaken for "no such cache".
# gnuplot -e "dir='plots/'; data='D'; series='serial:1 openmp:2 ...';
#             labels='serial,_1_worker openmp,_2_workers ...'; kernel='triad';
#             ylab='GB/s'; logy=0; l1=49152; l2=2097152; l3=272629760;
#             xmin=16384; xmax=4194304; subtitle='...'; out='R/plots/sweep-triad'" plots/sweep.gp
# data: one block per series (two blank lines between), rows "bytes value
# lo hi" (lo, hi: the value at the faster and slower quartile's time).
# labels: the legend's words per series, '_' for a space.

load dir.'style.gp'
runner_of(s) = s[1:strstrt(s, ":") - 1]
# Series alternate solid and dashed, so that two of one runner differ.
dashes(i) = i % 2 ? 1 : 2
unspace(s) = strstrt(s, "_") ? s[1:strstrt(s, "_") - 1]." ".unspace(s[strstrt(s, "_") + 1:]) : s
label_of(i) = (i <= words(labels)) ? unspace(word(labels, i)) : word(series, i)
human(v) = v >= 2**30 ? sprintf("%g GiB", v / 2.0**30) : v >= 2**20 ? sprintf("%g MiB", v / 2.0**20) : \
           v >= 1024 ? sprintf("%g KiB", v / 1024.0) : sprintf("%g B", v)

set title sprintf("%s: %s against working-set size (bars: the middle half of the repetitions)\n{/*0.8 %s}", kernel, ylab, subtitle)
set xlabel "working set (log2 scale)"
set ylabel ylab
set logscale x 2
set xrange [xmin / 1.3:xmax * 1.3]
if (logy) { set logscale y 10 } else { set yrange [0:*] }
set key outside right top vertical Left reverse noopaque nobox
# A tick per doubling, every other one past 12 doublings.
step = log(xmax / xmin) / log(2) > 12 ? 2 : 1
set xtics () nomirror
e0 = floor(log(xmin) / log(2) + 0.01)
do for [ex = e0:int(log(xmax) / log(2) + 0.01):step] { set xtics add (human(2.0**ex) 2.0**ex) }
set mxtics 1
note = ""
do for [c in "l1 l2 l3"] {
	v = value(c)
	name = c eq "l1" ? "L1d" : c eq "l2" ? "L2" : "L3"
	if (v > 0 && v >= xmin / 1.3 && v <= xmax * 1.3) {
		set arrow from v, graph 0 to v, graph 1 nohead dt 2 lc rgb "#888888"
		set label name at v, graph 0.97 offset 0.5, 0 tc rgb "#555555"
	}
	if (v > 0 && (v < xmin / 1.3 || v > xmax * 1.3)) {
		note = note.(note eq "" ? "" : "; ").sprintf("%s (%s) is %s the sizes drawn", name, human(v), v > xmax ? "beyond" : "below")
	}
}
if (note ne "") { set label 10 note at screen 0.5, screen 0.02 center font ",9" tc rgb "#555555" }
set bmargin 5

do for [term in "pngcairo svg"] {
	if (term eq "svg") {
		set terminal svg size 900,500 dynamic font "DejaVu Sans,12"
		set output out.'.svg'
	} else {
		set terminal pngcairo size 900,500 font "DejaVu Sans,10"
		set output out.'.png'
	}
	plot for [i=1:words(series)] data index (i-1) using 1:2 with lines lw 2 \
	         dt dashes(i) lc rgb runner_color(runner_of(word(series, i))) title label_of(i), \
	     for [i=1:words(series)] data index (i-1) using 1:2:3:4 with yerrorbars pt 7 ps 0.6 lw 1.2 \
	         lc rgb runner_color(runner_of(word(series, i))) notitle
	unset output
}
