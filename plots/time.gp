# time.gp - median time per configuration for one kernel: a bar per
# configuration coloured by runner, and beside it a point per repetition,
# so the spread (and any outlier) shows without stretching the bars. A
# repetition past the top of the axis (plot_time.c: the axis ends above the
# medians and every repetition that is not an outlier) is a triangle at the
# top, its value beside it. (Every label row has a y: gnuplot 5.4 crashes on
# a labels plot whose every y is undefined.)
# gnuplot -e "dir='plots/'; data='D'; kernel='pi'; unit='ms'; top=1.7; subtitle='...';
#             out='R/plots/time-pi'" plots/time.gp
# data: index 0 rows "label" median runner (median in unit; the label in
# double quotes); index 1 rows x value off text (a repetition; off 1: past top).

load dir.'style.gp'

set title sprintf("%s: median time per configuration (bar) and each repetition (dot)\n{/*0.8 %s}", kernel, subtitle)
set ylabel sprintf("time per run (%s)", unit)
set yrange [0:top]
set xrange [-0.6:*]
set style fill solid 0.8 border -1
set boxwidth 0.5
set xtics rotate by 40 right noenhanced
set key outside right top vertical Left reverse noopaque nobox
set datafile separator whitespace
set clip two

do for [term in "pngcairo svg"] {
	if (term eq "svg") {
		set terminal svg size 860,500 dynamic font "DejaVu Sans,12"
		set output out.'.svg'
	} else {
		set terminal pngcairo size 860,500 font "DejaVu Sans,10"
		set output out.'.png'
	}
	plot data index 0 using ($0 - 0.12):2:(runner_color(strcol(3))):xtic(1) with boxes lc rgb variable notitle, \
	     data index 1 using 1:($3 != 0 ? NaN : $2) with points pt 7 ps 0.45 lc rgb "#222222" title "a repetition", \
	     data index 1 using 1:($3 != 0 ? top : NaN) with points pt 9 ps 1.1 lc rgb "#b00000" title "past the top", \
	     data index 1 using 1:(top):($3 != 0 ? strcol(4) : "") with labels left offset 0.8, -0.4 \
	         font ",8" tc rgb "#b00000" notitle
	unset output
}
