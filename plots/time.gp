# time.gp - median time per configuration for one kernel, as bars coloured by
# runner, with the fastest and slowest repetition as an error bar.
# gnuplot -e "dir='plots/'; data='D'; kernel='pi'; subtitle='...'; out='R/plots/time-pi'" plots/time.gp
# data rows: "label" median min max runner (the label in double quotes).

load dir.'style.gp'

set title sprintf("%s: median time per run (bars: min to max)\n{/*0.8 %s}", kernel, subtitle)
set ylabel "seconds"
set yrange [0:*]
set style fill solid 0.8 border -1
set boxwidth 0.7
set xtics rotate by 40 right noenhanced
unset key
set datafile separator whitespace

do for [term in "pngcairo svg"] {
	if (term eq "svg") {
		set terminal svg size 800,500 dynamic font "DejaVu Sans,12"
		set output out.'.svg'
	} else {
		set terminal pngcairo size 800,500 font "DejaVu Sans,10"
		set output out.'.png'
	}
	plot data using 0:2:(runner_color(strcol(5))):xtic(1) with boxes lc rgb variable, \
	     data using 0:3:(0):($4 - $3) with vectors heads size screen 0.006,90 lc rgb "#222222"
	unset output
}
