# overheads.gp - what each primitive costs, on a log scale: one line per
# primitive and worker count, a point per --bind (open circle: none, filled
# triangle: cores, a little above and below the line), coloured by model,
# with the fastest and slowest outer repetition as a horizontal bar.
# gnuplot -e "dir='plots/'; data='D'; labels='...'; nlabels=N; groups='...';
#             subtitle='...'; out='R/plots/overheads'" plots/overheads.gp
# data rows: y median_us min_us max_us model bind (y: the line, 1 = top).
# labels: gnuplot's ytics list, ("name" y, ...); groups: the y values
# between two primitives, separated by spaces (a rule is drawn there).

load dir.'style.gp'

set title sprintf("cost per operation of each model's primitive (bars: fastest to slowest repetition)\n{/*0.8 %s}", subtitle)
set xlabel "microseconds per operation (log scale)"
set logscale x
set format x "%g"
set grid xtics mxtics lc rgb "#dddddd" lw 1
set grid noytics
set yrange [nlabels + 0.7:0.3]
eval "set ytics ".labels
set ytics noenhanced scale 0
set key outside right top box opaque
set datafile separator whitespace
do for [g in groups] {
	set arrow from graph 0, first (g + 0) to graph 1, first (g + 0) nohead lc rgb "#bbbbbb" dt 3
}
is(b, want) = b eq want ? 1 : NaN

height = 150 + 24 * nlabels
do for [term in "pngcairo svg"] {
	if (term eq "svg") {
		set terminal svg size 1000,height dynamic font "DejaVu Sans,12"
		set output out.'.svg'
	} else {
		set terminal pngcairo size 1000,height font "DejaVu Sans,10"
		set output out.'.png'
	}
	plot data using 2:($1 - 0.17 * is(strcol(6), "none")):3:4:(runner_color(strcol(5))) \
	         with xerrorbars pt 6 ps 1.1 lw 1.2 lc rgb variable notitle, \
	     data using 2:($1 + 0.17 * is(strcol(6), "cores")):3:4:(runner_color(strcol(5))) \
	         with xerrorbars pt 9 ps 1.1 lw 1.2 lc rgb variable notitle, \
	     NaN with points pt 6 lc rgb "#000000" title "--bind none", \
	     NaN with points pt 9 lc rgb "#000000" title "--bind cores", \
	     for [m in "pthreads fork gil openmp"] NaN with points pt 5 lc rgb runner_color(m) title m
	unset output
}
