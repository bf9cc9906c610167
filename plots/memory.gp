# memory.gp - the memory a run's workers held against their number, for one
# kernel: per runner, PSS summed over its processes (a threads' process
# once), workers on a log2 axis. The dashed grey line is "one worker's
# memory times the workers", drawn from the first runner's 1-worker point:
# processes that share nothing follow it; threads share one process; fork
# shares what it inherited until it is written (--touch-inherited).
# gnuplot -e "dir='plots/'; data='D'; runners='pthreads fork'; maxw=N; kernel='triad';
#             subtitle='...'; out='R/plots/memory-triad'" plots/memory.gp
# data: one block per runner of `runners` (two blank lines apart), rows
# "workers pss_mib", then the dashed line's block (the same rows).

load dir.'style.gp'

set title sprintf("%s: memory for N workers (PSS, summed over the processes)\n{/*0.8 %s}", kernel, subtitle)
set xlabel "workers (log2 scale)"
set ylabel "PSS, MiB"
set logscale x 2
set xrange [0.8:maxw * 1.25]
set xtics 2 nomirror
set format x "%.0f"
set yrange [0:*]
set key outside right top vertical noopaque nobox noenhanced
set label 1 "threads share one process; fork shares until written; spawn: each its own" at screen 0.5, screen 0.03 center font ",8"
set bmargin 6

do for [term in "pngcairo svg"] {
	if (term eq "svg") {
		set terminal svg size 820,500 dynamic font "DejaVu Sans,12"
		set output out.'.svg'
	} else {
		set terminal pngcairo size 820,500 font "DejaVu Sans,10"
		set output out.'.png'
	}
	plot for [i = 1:words(runners)] data index (i - 1) using 1:2 with linespoints lw 2 pt 7 \
		lc rgb runner_color(word(runners, i)) title word(runners, i), \
	     data index words(runners) using 1:2 with lines dt 2 lc rgb "#888888" title "1 worker x N"
	unset output
}
