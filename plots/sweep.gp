# sweep.gp - a rate (or latency) against the working-set size for one
# kernel: one line per runner/workers series, log-scale sizes, dashed
# vertical markers at the L1d, L2 and L3 sizes hwloc reports (one instance
# of each: what one worker's data must fit in).
# gnuplot -e "dir='plots/'; data='D'; series='serial:1 openmp:2 ...'; kernel='triad';
#             ylab='GB/s'; logy=0; l1=49152; l2=2097152; l3=272629760;
#             subtitle='...'; out='R/plots/sweep-triad'" plots/sweep.gp
# data: one block per series (two blank lines between), rows "bytes value".

load dir.'style.gp'
runner_of(s) = s[1:strstrt(s, ":") - 1]
# Series alternate solid and dashed, so that two of one runner differ.
dashes(i) = i % 2 ? 1 : 2

set title sprintf("%s: %s against working-set size\n{/*0.8 %s}", kernel, ylab, subtitle)
set xlabel "working set (bytes, log scale)"
set ylabel ylab
set logscale x 2
set format x "%.0b%B"
if (logy) { set logscale y 10 } else { set yrange [0:*] }
set key top right box opaque width 2
do for [c in "l1 l2 l3"] {
	v = value(c)
	if (v > 0) {
		set arrow from v, graph 0 to v, graph 1 nohead dt 2 lc rgb "#888888"
		set label (c eq "l1" ? "L1d" : c eq "l2" ? "L2" : "L3") at v, graph 0.97 offset 0.5, 0 tc rgb "#555555"
	}
}

do for [term in "pngcairo svg"] {
	if (term eq "svg") {
		set terminal svg size 800,500 dynamic font "DejaVu Sans,12"
		set output out.'.svg'
	} else {
		set terminal pngcairo size 800,500 font "DejaVu Sans,10"
		set output out.'.png'
	}
	plot for [i=1:words(series)] data index (i-1) using 1:2 with linespoints lw 2 pt 7 ps 0.6 \
	     dt dashes(i) lc rgb runner_color(runner_of(word(series, i))) title word(series, i)
	unset output
}
