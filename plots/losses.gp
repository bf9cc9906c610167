# losses.gp - where the ideal went, for one kernel: each parallel
# configuration's efficiency and the six measured losses stacked, so that a
# bar reaches 1 (the ideal: p workers, p times serial's speed). A part below
# 0 is a gain: less of it than serial needed for the same work (a bar then
# stands that much above 1).
# gnuplot -e "dir='plots/'; data='D'; kernel='pi'; subtitle='...'; out='R/plots/losses-pi'" plots/losses.gp
# data rows: "label" efficiency gate imbalance offcpu slowdown serialized other
# (the report says what each part is; harness/bench/losses.h how it is measured)

load dir.'style.gp'

set title sprintf("%s: where the ideal went (1 = p x serial's speed)\n{/*0.8 %s}", kernel, subtitle)
set ylabel "share of the ideal (p x time)"
set style data histograms
set style histogram rowstacked
set style fill solid 0.85 border -1
set boxwidth 0.7
set xtics rotate by 40 right noenhanced
set key outside right top vertical noopaque nobox
set yrange [*:*]
set ytics 0.2
set grid ytics
set datafile separator whitespace

do for [term in "pngcairo svg"] {
	if (term eq "svg") {
		set terminal svg size 820,500 dynamic font "DejaVu Sans,12"
		set output out.'.svg'
	} else {
		set terminal pngcairo size 820,500 font "DejaVu Sans,10"
		set output out.'.png'
	}
	plot data using 2:xtic(1) title "efficiency" lc rgb "#4c9a2a", \
	     '' using 3 title "gate" lc rgb "#9edae5", \
	     '' using 4 title "imbalance" lc rgb "#1f77b4", \
	     '' using 5 title "off-CPU" lc rgb "#ff7f0e", \
	     '' using 6 title "slowdown" lc rgb "#9467bd", \
	     '' using 7 title "serialized" lc rgb "#d62728", \
	     '' using 8 title "other" lc rgb "#bbbbbb", \
	     1 with lines dt 2 lc rgb "#333333" notitle
	unset output
}
