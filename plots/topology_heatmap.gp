# topology_heatmap.gp - a matrix of PU pairs (parbench topology): the
# core-to-core latency (c2c.png) or the interference (interference.png).
# One cell per measured pair, PUs in hwloc's logical order on both axes
# (labelled L#i and P#j), the value written in the cell while there are
# few PUs; grey where nothing was measured (the diagonal, pairs left out
# by --pairs).
# gnuplot -e "dir='plots/'; data='R/plots/data/c2c.dat'; n=2;
#             tics='(\"L#0\nP#0\" 0, \"L#1\nP#1\" 1)'; xlabel='...'; ylabel='...';
#             cblabel='...'; fmt='%.0f'; lo=0; hi=200; reverse=0; labels=1;
#             title='...'; lead='what the cells are'; subtitle='host, CPU, date';
#             out='R/plots/c2c'"
#             plots/topology_heatmap.gp
# data: x y value (whitespace-separated; x and y the PUs' positions)
# reverse=1: low values dark (interference: a low relative rate is the
# finding); else high values dark (latency).

load dir.'style.gp'
set encoding utf8
unset grid
set border 15
set tics out nomirror
set size ratio -1
set xrange [-0.5:n - 0.5]
set yrange [n - 0.5:-0.5]
eval "set xtics ".tics
eval "set ytics ".tics
set xlabel xlabel offset 0, -0.6
set ylabel ylabel
set cblabel cblabel
set cbrange [lo:hi]
if (reverse) {
	set palette defined (0 "#b2182b", 0.5 "#f4a582", 1 "#f7f7f7")
} else {
	set palette defined (0 "#f7fbff", 0.5 "#6baed6", 1 "#08306b")
}
set style fill solid 1.0 noborder
# Grey where nothing was measured: the diagonal, and pairs left out.
set object 1 rectangle from graph 0, graph 0 to graph 1, graph 1 behind fc rgb "#d9d9d9" fs solid 1.0 noborder
unset key
lab_color(v) = reverse ? (v < lo + 0.5 * (hi - lo) ? 0xffffff : 0x000000) : (v > lo + 0.6 * (hi - lo) ? 0xffffff : 0x000000)
fontsize = n <= 4 ? 14 : n <= 8 ? 11 : 8

do for [term in "pngcairo svg"] {
	if (term eq "svg") {
		set terminal svg size 760,680 dynamic font "DejaVu Sans,12"
		set output out.'.svg'
	} else {
		set terminal pngcairo size 760,680 font "DejaVu Sans,11"
		set output out.'.png'
	}
	set title sprintf("%s\n{/*0.8 %s}\n{/*0.8 %s}", title, lead, subtitle)
	if (labels) {
		plot data using 1:2:(0.5):(0.5):3 with boxxyerror fc palette, \
		     data using 1:2:(sprintf(fmt, $3)):(lab_color($3)) with labels tc rgb variable font sprintf(",%d", fontsize)
	} else {
		plot data using 1:2:(0.5):(0.5):3 with boxxyerror fc palette
	}
	unset output
}
