# convoy.gp - the convoy effect: an IO operation's latency (log scale)
# against the number of CPU threads beside it, one line per gil mode;
# small multiples, one column per switch interval and one row per
# placement. Solid: the median; dashed, open points: the 99th percentile;
# dotted grey: the switch interval. With what='cpu', the same panels show
# the CPU threads' work instead (the share of one CPU spent in their units).
# gnuplot -e "dir='plots/'; datadir='R/plots/data/'; binds='none one';
#             intervals='5 1 0.1'; modes='new old ...'; maxcpu=2; ymin=..;
#             ymax=..; what='latency'; subtitle='...'; out='R/plots/convoy'"
#             plots/convoy.gp
# data: datadir.'convoy-BIND-INTERVAL.dat', one block per mode in the
# order of `modes` (two blank lines apart): cpu median_us p90_us p99_us
# cpu_busy ops_per_s; then one more block, the starved rows (no operation
# finished): cpu mode_number, drawn as a cross at the top of the panel.

load dir.'style.gp'
set encoding utf8

mode_color(m) = m eq "new" ? 0xd62728 : \
                m eq "old" ? 0x7f7f7f : \
                m eq "new-noforce" ? 0xff7f0e : \
                m eq "io-priority" ? 0x1f77b4 : 0x9467bd
mode_point(m) = m eq "new" ? 7 : m eq "old" ? 5 : m eq "new-noforce" ? 9 : 13
bind_title(b) = b eq "none" ? "unbound" : b eq "one" ? "all threads on one PU" : \
                b eq "two" ? "IO thread on its own PU" : b

nb = words(binds)
ni = words(intervals)
nm = words(modes)
# Lines of different modes sit side by side around each count, so that
# equal values do not hide each other.
shift(m) = 0.06 * (m - (nm + 1) / 2.0)
height = 150 + 330 * nb
width = 80 + 400 * ni
lat = what eq 'latency'

# Screen layout: the title, a strip for the key, then nb rows of ni panels.
top = 1 - 100.0 / height
keyh = 36.0 / height

do for [term in "pngcairo svg"] {
	if (term eq "svg") {
		set terminal svg size width,height dynamic font "DejaVu Sans,12"
		set output out.'.svg'
	} else {
		set terminal pngcairo size width,height font "DejaVu Sans,11"
		set output out.'.png'
	}
	set multiplot title (lat ? \
		sprintf("IO operation latency beside CPU-bound threads under the gil (log scale)\n{/*0.8 %s}", subtitle) : \
		sprintf("CPU threads' work beside the IO thread (share of one CPU spent in units of work)\n{/*0.8 %s}", subtitle))

	# The key, once, across the top: the same entries as the panels draw.
	set origin 0, top
	set size 1, keyh
	set margins 0, 0, 0, 0
	unset border
	unset tics
	unset grid
	unset title
	unset xlabel
	unset ylabel
	unset logscale y
	set xrange [0:1]
	set yrange [0:1]
	set key center center horizontal maxrows 1 box opaque font ",10" samplen 3 width 1
	if (lat) {
		plot for [m = 1:nm] NaN with linespoints lw 2 pt mode_point(word(modes, m)) ps 1.1 \
		         lc rgb mode_color(word(modes, m)) title word(modes, m), \
		     NaN with linespoints lw 1 dt 2 pt 6 ps 0.8 lc rgb "#555555" title "p99 (dashed, open points)", \
		     NaN with lines lw 1.5 dt 3 lc rgb "#555555" title "switch interval", \
		     NaN with points pt 2 ps 1.5 lw 2 lc rgb "#555555" title "starved (at the top)"
	} else {
		plot for [m = 1:nm] NaN with linespoints lw 2 pt mode_point(word(modes, m)) ps 1.1 \
		         lc rgb mode_color(word(modes, m)) title word(modes, m)
	}

	unset key
	set border 3
	set xtics nomirror
	set ytics nomirror
	unset x2tics
	unset y2tics
	set margins -1, -1, -1, -1
	set lmargin 10
	set rmargin 2
	set xrange [(lat ? -0.25 : 0.75):maxcpu + 0.25]
	set xtics 1 nomirror
	set mxtics 1
	set grid xtics ytics mytics lc rgb "#dddddd" lw 1
	if (lat) {
		set logscale y
		set yrange [ymin:ymax]
		set ytics ("0.1 µs" 0.1, "1 µs" 1, "10 µs" 10, "100 µs" 100, "1 ms" 1000, "10 ms" 10000, \
		           "100 ms" 100000, "1 s" 1e6, "10 s" 1e7, "100 s" 1e8)
	} else {
		set yrange [0:1.1]
		set format y "%.1f"
		set ytics 0.2
	}
	do for [b = 1:nb] {
		do for [i = 1:ni] {
			bind = word(binds, b)
			iv = word(intervals, i)
			set origin (i - 1.0) / ni, top * (nb - b) / nb
			set size 1.0 / ni, top / nb
			set title sprintf("%s, switch interval %s ms", bind_title(bind), iv) font ",11"
			set xlabel (b == nb ? "CPU threads beside the IO thread" : "")
			set ylabel (i == 1 ? (lat ? "latency per IO operation" : "share of one CPU") : "")
			file = datadir.'convoy-'.bind.'-'.iv.'.dat'
			if (lat) {
				plot for [m = 1:nm] file index (m - 1) using ($1 + shift(m)):2 with linespoints lw 2 \
				         pt mode_point(word(modes, m)) ps 1.1 lc rgb mode_color(word(modes, m)) notitle, \
				     for [m = 1:nm] file index (m - 1) using ($1 + shift(m)):4 with linespoints lw 1 dt 2 \
				         pt mode_point(word(modes, m)) - 1 ps 0.8 lc rgb mode_color(word(modes, m)) notitle, \
				     (iv * 1000.0) with lines lw 1.5 dt 3 lc rgb "#555555" notitle, \
				     file index nm using ($1 + shift($2)):(ymax / 1.6):(mode_color(word(modes, int($2)))) \
				         with points pt 2 ps 1.5 lw 2 lc rgb variable notitle
			} else {
				plot for [m = 1:nm] file index (m - 1) using ($1 > 0 ? $1 + shift(m) : NaN):5 with linespoints lw 2 \
				         pt mode_point(word(modes, m)) ps 1.1 lc rgb mode_color(word(modes, m)) notitle
			}
		}
	}
	unset multiplot
	unset output
}
