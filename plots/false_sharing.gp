# false_sharing.gp - the false-sharing demo: one bar per layout (packed,
# padded, one thread) at the median time of its counted runs, every counted
# run as a filled point across its bar, the warm-up run as an open grey
# point at the bar's left edge. The subtitle says the slowdown.
# gnuplot -e "dir='plots/'; summary='R/false-sharing.csv';
#             reps='R/false-sharing-reps.csv'; line=64; workers=2;
#             title='...'; subtitle='...'; out='R/plots/false-sharing'"
#             plots/false_sharing.gp
# data, read as written by the demo (CSV with a header row):
#   summary: layout,median_s,lo_s,hi_s,reps,verified
#   reps:    layout,rep,seconds,warmup,pus   (rep 0 is the warm-up)

load dir.'style.gp'
set encoding utf8
set datafile separator ","
set datafile columnheaders

layout_x(l) = l eq "packed" ? 0 : l eq "padded" ? 1 : l eq "one-thread" ? 2 : NaN
layout_color(l) = l eq "packed" ? 0xd62728 : l eq "padded" ? 0x1f77b4 : 0x555555
ms(x) = x * 1e3
label_of(x) = x >= 100 ? sprintf("%.0f ms", x) : x >= 1 ? sprintf("%.1f ms", x) : sprintf("%.0f µs", x * 1e3)

# The counted runs of a layout spread across the middle of its bar.
stats reps using 2 nooutput
nrep = STATS_max > 0 ? STATS_max : 1
spread(rep) = nrep > 1 ? -0.18 + 0.36 * (rep - 1) / (nrep - 1) : 0

packed_words = workers * 8 <= line ? sprintf("%d counters in one %d B line", workers, line) : \
               sprintf("%d counters side by side", workers)

set xrange [-0.6:2.6]
set yrange [0:*]
set xtics (sprintf("packed\n{/*0.8 %s}", packed_words) 0, \
           sprintf("padded\n{/*0.8 each counter on its own %d B line}", line) 1, \
           "one thread\n{/*0.8 alone, the same increments}" 2) nomirror
set ylabel "time per run (ms)"
set boxwidth 0.6
set style fill solid 0.35 border -1
set key top right box opaque
set offsets 0, 0, graph 0.12, 0
set bmargin 5

do for [term in "pngcairo svg"] {
	if (term eq "svg") {
		set terminal svg size 820,540 dynamic font "DejaVu Sans,12"
		set output out.'.svg'
	} else {
		set terminal pngcairo size 820,540 font "DejaVu Sans,11"
		set output out.'.png'
	}
	set title sprintf("%s\n{/*0.8 %s}", title, subtitle)
	# The key's entries in grey (NaN: drawn only in the key), the data untitled.
	plot NaN with boxes lc rgb "#999999" title "median of the counted runs", \
	     NaN with points pt 7 ps 1.1 lc rgb "#555555" title "each counted run", \
	     NaN with points pt 6 ps 1.1 lc rgb "#888888" title "warm-up (not counted)", \
	     summary using (layout_x(strcol(1))):(ms($2)):(layout_color(strcol(1))) \
	         with boxes lc rgb variable notitle, \
	     reps using (layout_x(strcol(1)) + spread($2)):($4 == 0 ? ms($3) : NaN):(layout_color(strcol(1))) \
	         with points pt 7 ps 1.1 lc rgb variable notitle, \
	     reps using (layout_x(strcol(1)) - 0.27):($4 == 1 ? ms($3) : NaN) \
	         with points pt 6 ps 1.1 lc rgb "#888888" notitle, \
	     summary using (layout_x(strcol(1))):(ms($4)):(label_of(ms($2))) \
	         with labels offset 0, 1 font ",11" notitle
	unset output
}
