# trace.gp - the timeline of one traced run (parbench run --trace): one lane
# per worker, time on x from the start of spawning. Chunks of work are the
# pale bands (alternating shades, so chunk boundaries show); under gil the
# darker bars are the intervals a worker held the lock, hatched ones its
# blocking calls, and the ticks above a lane the drop requests it made. The
# grey bar at a lane's start is the wait at the start gate; the dashed lines
# are the gate opening and the last finish.
# gnuplot -e "dir='plots/'; data='D'; runner='gil'; title='...'; subtitle='...';
#             workers=2; gate=0.0001; finish=0.03; held=1; blocked=0; requests=1; gates=1;
#             out='R/plots/trace-...'" plots/trace.gp
# data: index 0 chunks "start end lane parity", 1 held, 2 blocked, 3 gates
# "start end lane", 4 requests "time lane" (seconds). An empty kind holds
# one point off the lanes; held, blocked, requests and gates say which are not.

load dir.'style.gp'

set title sprintf("%s\n{/*0.8 %s}", title, subtitle)
set xlabel "time since spawning began (ms)"
set ylabel ""
set yrange [-0.6:workers - 0.4]
set ytics 1
set ytics format "worker %.0f"
set grid xtics ytics lc rgb "#eeeeee"
set bmargin 7
set key at screen 0.5, screen 0.02 center bottom horizontal box opaque
set xrange [0:finish * 1000 * 1.02]
set arrow 1 from first gate * 1000, graph 0 to first gate * 1000, graph 1 nohead dt 2 lc rgb "#444444"
set arrow 2 from first finish * 1000, graph 0 to first finish * 1000, graph 1 nohead dt 2 lc rgb "#444444"
set style fill solid 1.0 noborder
col = runner_color(runner)
pale(p) = int(p) ? 0xc6dbef : 0x9ecae1
set datafile separator whitespace

do for [term in "pngcairo svg"] {
	if (term eq "svg") {
		set terminal svg size 1000,(260 + 60 * workers) dynamic font "DejaVu Sans,12"
		set output out.'.svg'
	} else {
		set terminal pngcairo size 1000,(260 + 60 * workers) font "DejaVu Sans,10"
		set output out.'.png'
	}
	plot data index 0 using (($1 + $2) * 500):3:(($2 - $1) * 500):(0.38):(pale($4)) \
	         with boxxyerror fs solid 1.0 noborder lc rgb variable title "chunk of work", \
	     data index 3 using (($1 + $2) * 500):3:(($2 - $1) * 500):(0.38) \
	         with boxxyerror fs solid 1.0 noborder lc rgb "#bbbbbb" title (gates ? "at the start gate" : ""), \
	     data index 1 using (($1 + $2) * 500):3:(($2 - $1) * 500):(0.2) \
	         with boxxyerror fs solid 1.0 noborder lc rgb col title (held ? "holds the gil" : ""), \
	     data index 2 using (($1 + $2) * 500):3:(($2 - $1) * 500):(0.2) \
	         with boxxyerror fs pattern 4 border lc rgb "#333333" lc rgb "#777777" title (blocked ? "in a blocking call" : ""), \
	     data index 4 using ($1 * 1000):($2 + 0.25):(0):(0.2) \
	         with vectors nohead lw 1.5 lc rgb "#000000" title (requests ? "drop request" : "")
	unset output
}
