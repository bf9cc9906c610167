# breakeven.gp - speedup over serial against the work per task, one colour
# per model: solid = cold (creating the workers + the work, what a fresh
# Pool pays), dashed = warm (the work alone, workers already waiting).
# Where a line crosses 1 the model starts to pay off.
# gnuplot -e "dir='plots/'; data='D'; series='fork:2 gil:2 ...'; kernel='pi';
#             subtitle='...'; out='R/plots/breakeven-pi'" plots/breakeven.gp
# data: one block per series, rows "serial_seconds cold_speedup warm_speedup".

load dir.'style.gp'
runner_of(s) = s[1:strstrt(s, ":") - 1]

set title sprintf("%s: when is it worth parallelising?\n{/*0.8 %s}", kernel, subtitle)
set xlabel "work per task: serial time (log scale)"
set ylabel "speedup over serial (log scale; 1 = break-even)"
set logscale x 10
set logscale y 10
set format x "%.0s%cs"
set key outside right top vertical Left reverse noopaque nobox
set arrow from graph 0, first 1 to graph 1, first 1 nohead lw 2 lc rgb "#000000"

do for [term in "pngcairo svg"] {
	if (term eq "svg") {
		set terminal svg size 900,560 dynamic font "DejaVu Sans,12"
		set output out.'.svg'
	} else {
		set terminal pngcairo size 900,560 font "DejaVu Sans,10"
		set output out.'.png'
	}
	plot for [i=1:words(series)] data index (i-1) using 1:2 with linespoints lw 2 pt 7 ps 0.6 \
	     lc rgb runner_color(runner_of(word(series, i))) title word(series, i).' cold', \
	     for [i=1:words(series)] data index (i-1) using 1:3 with lines lw 1 dt 2 \
	     lc rgb runner_color(runner_of(word(series, i))) title word(series, i).' warm'
	unset output
}
