# speedup.gp - speedup vs workers for one kernel: a panel per schedule (and
# --bind) that ran, one line per runner, the ideal line dashed, and each
# fitted series' Amdahl curve 1 / (f + (1 - f)/p) as a thin line of its
# colour (report_fits.c fits f). The error bar of a point is the 95 %
# bootstrap interval of serial's median / the model's median, both sides'
# repetitions resampled (core/stats.c stats_ratio_ci: `resamples` rounds,
# a fixed seed); a point whose interval rests on fewer than `minreps`
# repetitions on a side is drawn open. Workers on a log2 axis; series are
# shifted a little sideways so that their bars do not hide each other.
# gnuplot -e "dir='plots/'; data='D'; series='gil:static pthreads:static ...';
#             panels='static dynamic'; runners='gil pthreads'; maxw=N; wlist='1 2 4';
#             ymax=2.1;
#             resamples=1000; minreps=5; fitidx='2'; fits='0.031'; kernel='pi';
#             subtitle='...'; out='R/plots/speedup-pi'" plots/speedup.gp
# data: one block per series (two blank lines between blocks), in the order
# of `series` (runner:schedule[/bind]), each row "workers speedup lo hi n"
# (n: the fewer repetitions of the two sides, 0 when there were none).
# fitidx: the places (1-based) in `series` of the fitted series, fits their
# f, in the same order; both may be empty or unset.

load dir.'style.gp'
runner_of(s) = s[1:strstrt(s, ":") - 1]
panel_of(s) = s[strstrt(s, ":") + 1:]
# Series i is drawn a little to the side of x (by a factor: the axis is log2).
dodge(x, i) = x * 2 ** ((i - (words(series) + 1) / 2.0) * 0.012)
in_panel(i, p) = panel_of(word(series, i)) eq word(panels, p)
if (!exists("fits")) fits = ""
if (!exists("fitidx")) fitidx = ""
fit_f(j) = (j <= words(fits)) ? word(fits, j) + 0 : 0
fit_series(j) = (j <= words(fitidx)) ? word(series, word(fitidx, j) + 0) : ":"
amdahl(p, f) = (f + (1 - f) / p > 1.0 / (2 * maxw)) ? 1 / (f + (1 - f) / p) : NaN
fit_key = words(fits) > 0 ? "Amdahl fit" : ""
bind_part(w) = strstrt(w, "/") ? w[1:strstrt(w, "/") - 1].", --bind ".w[strstrt(w, "/") + 1:] : w
panel_title(p) = "schedule ".bind_part(word(panels, p))
# The ideal, p at each worker count that ran, joined by straight lines as
# the series are, drawn over them (on a log2 axis the curve y = p would bow below a series
# that is exactly ideal at every point and make it look superlinear).
if (!exists("wlist")) wlist = sprintf("1 %d", maxw)
set print $ideal
do for [w in wlist] { print w, w }
unset print
np = words(panels)
ncol = np == 4 ? 2 : np < 3 ? np : 3
nrow = int((np + ncol - 1) / ncol)

set xlabel "workers (log2 scale)"
set ylabel "speedup (serial's median / the model's)"
set logscale x 2
set xrange [0.8:maxw * 1.25]
# The data decide the scale (an ideal line far above them leaves the top).
set yrange [0:(ymax > 1 ? ymax : 1) * 1.1]
set xtics 2 nomirror
set mxtics 1
set format x "%.0f"

width = 640 + 300 * ncol
height = 150 + 330 * nrow
tm = 1 - 85.0 / height
bm = 95.0 / height
do for [term in "pngcairo svg"] {
	if (term eq "svg") {
		set terminal svg size width,height dynamic font "DejaVu Sans,12"
		set output out.'.svg'
	} else {
		set terminal pngcairo size width,height font "DejaVu Sans,10"
		set output out.'.png'
	}
	set multiplot title sprintf("%s: speedup over serial\n{/*0.8 %s}", kernel, subtitle) \
	    layout nrow, ncol margins 0.08, 0.80, bm, tm spacing 0.06, 0.16
	unset title
	do for [p = 1:np] {
		set title (np > 1 ? panel_title(p) : "") noenhanced
		set ylabel ((p - 1) % ncol == 0 ? "speedup (serial's median / the model's)" : "")
		if (p == 1) {
			set key at screen 0.81, screen tm left top vertical Left reverse noopaque nobox noenhanced
			set label 1 sprintf("bars: 95 %% bootstrap interval of serial's median / the model's median, from both sides' repetitions (%d resamples, fixed seed); open point: under %d repetitions on a side", resamples, minreps) at screen 0.5, screen 0.04 center font ",8" noenhanced
		} else {
			unset key
			unset label 1
		}
		plot keyentry with lines dt 2 lw 1.5 lc rgb "#222222" title "ideal", \
		     keyentry with lines lw 1 lc rgb "#555555" title fit_key, \
		     for [r in runners] keyentry with linespoints lw 2 pt 7 lc rgb runner_color(r) title r, \
		     keyentry with points pt 6 lc rgb "#555555" title sprintf("< %d repetitions", minreps), \
		     for [j=1:words(fits)] (panel_of(fit_series(j)) eq word(panels, p) ? amdahl(x, fit_f(j)) : NaN) \
		         with lines lw 1 dt 1 lc rgb runner_color(runner_of(fit_series(j))) notitle, \
		     for [i=1:words(series)] data index (i-1) using (in_panel(i, p) ? dodge($1, i) : NaN):2 with lines \
		         lw 2 lc rgb runner_color(runner_of(word(series, i))) notitle, \
		     for [i=1:words(series)] data index (i-1) using (in_panel(i, p) ? dodge($1, i) : NaN):2:3:4 with yerrorbars \
		         lw 1.5 pt 7 ps 0.8 lc rgb runner_color(runner_of(word(series, i))) notitle, \
		     for [i=1:words(series)] data index (i-1) using (in_panel(i, p) && $5 < minreps ? dodge($1, i) : NaN):2 \
		         with points pt 7 ps 0.55 lc rgb "#ffffff" notitle, \
		     $ideal using 1:2 with lines dt 2 lw 1.5 lc rgb "#222222" notitle
	}
	unset multiplot
	unset output
}
