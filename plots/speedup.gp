# speedup.gp - speedup vs workers for one kernel: one line per runner (and
# schedule), with the range from the slowest to the fastest repetition as an
# error bar (the speedup scaled by median/slowest and median/fastest; series are shifted a little
# sideways so that their bars do not hide each other), the ideal line dashed,
# and each fitted series' Amdahl curve 1 / (f + (1 - f)/p) as a thin line
# of its colour (report_fits.c fits f; a series without a fit has none).
# gnuplot -e "dir='plots/'; data='D'; series='gil:static pthreads:static ...';
#             nsched=1; maxw=N; fitidx='2'; fits='0.031'; kernel='pi'; subtitle='...';
#             out='R/plots/speedup-pi'" plots/speedup.gp
# data: one block per series (two blank lines between blocks), in the order
# of `series`, each row "workers speedup slowest fastest". fitidx: the
# places (1-based) in `series` of the fitted series, fits: their f, in the
# same order; both may be empty or unset.

load dir.'style.gp'
runner_of(s) = s[1:strstrt(s, ":") - 1]
label_of(s) = (nsched > 1) ? s : runner_of(s)
# Line style by variant: solid static, dotted dynamic; with a --bind policy
# (a "/" in the name) dashed and square points instead of round.
dashes(s) = strstrt(s, "dynamic") ? (strstrt(s, "/") ? 5 : 3) : (strstrt(s, "/") ? 2 : 1)
points(s) = strstrt(s, "/") ? 5 : 7
# Series i is drawn a little to the side of x, so that error bars do not overlap.
dodge(x, i) = x + (i - (words(series) + 1) / 2.0) * 0.012
# The j-th fit: its f, its series' name, and the curve (cut off where a
# negative f would send it past twice the most workers).
if (!exists("fits")) fits = ""
if (!exists("fitidx")) fitidx = ""
fit_f(j) = (j <= words(fits)) ? word(fits, j) + 0 : 0
fit_series(j) = (j <= words(fitidx)) ? word(series, word(fitidx, j) + 0) : ":"
amdahl(p, f) = (f + (1 - f) / p > 1.0 / (2 * maxw)) ? 1 / (f + (1 - f) / p) : NaN
fit_key = words(fits) > 0 ? "Amdahl fit" : ""

set title sprintf("%s: speedup over serial (bars: slowest to fastest run)\n{/*0.8 %s}", kernel, subtitle)
set xlabel "workers"
set ylabel "speedup (rate / serial's rate)"
set xrange [0.8:maxw + 0.2]
set yrange [0:*]
set xtics 1
set mxtics 1

do for [term in "pngcairo svg"] {
	if (term eq "svg") {
		set terminal svg size 800,500 dynamic font "DejaVu Sans,12"
		set output out.'.svg'
	} else {
		set terminal pngcairo size 800,500 font "DejaVu Sans,10"
		set output out.'.png'
	}
	plot x with lines dt 2 lw 1.5 lc rgb "#888888" title "ideal", \
	     keyentry with lines lw 1 lc rgb "#555555" title fit_key, \
	     for [j=1:words(fits)] amdahl(x, fit_f(j)) with lines lw 1 dt 1 \
	         lc rgb runner_color(runner_of(fit_series(j))) notitle, \
	     for [i=1:words(series)] data index (i-1) using (dodge($1, i)):2 with lines \
	         lw 2 dt dashes(word(series, i)) \
	         lc rgb runner_color(runner_of(word(series, i))) title label_of(word(series, i)), \
	     for [i=1:words(series)] data index (i-1) using (dodge($1, i)):2:3:4 with yerrorbars \
	         lw 1.5 dt 1 pt points(word(series, i)) ps 0.8 lc rgb runner_color(runner_of(word(series, i))) notitle
	unset output
}
