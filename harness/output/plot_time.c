/*
 * plot_time.c - a kernel's time plot: the median of each configuration as
 * a bar, every repetition as a point beside it (plots/time.gp).
 *
 * Why points and not min-max whiskers: one slow repetition (a context
 * switch, a page-cache miss) drew a whisker five times the bars' height
 * and squashed every bar to the floor. Here the scale is set by the bars
 * and the ordinary spread: a repetition that summary.csv counts as its
 * configuration's outlier (above the median, modified Z-score over
 * STATS_OUTLIER_Z, core/stats.h) does not stretch the axis; when it is
 * past the top it is drawn as a triangle there, its value beside it. The
 * unit (µs, ms, s) is chosen from that scale.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "report_int.h"
#include "../core/stats.h"

/* Whether plain row i belongs to kernel k and has a median. */
static int timed(const struct load_run *r, size_t i, const char *k)
{
	return load_plain(r, i) && strcmp(report_v(r, i, "kernel"), k) == 0 && *report_v(r, i, "median_s");
}

/* Whether t is an outlier above row i's median (stats_summarise's rule). */
static int high_outlier(const struct load_run *r, size_t i, double t)
{
	double med = report_n(r, i, "median_s"), mad = report_n(r, i, "mad_s");
	return mad > 0 && t > med && 0.6745 * (t - med) / mad > STATS_OUTLIER_Z;
}

/* The top of the axis in seconds: above every median and every repetition
 * that is not a high outlier, with a little room. */
static double time_top(const struct load_run *r, const char *k, const struct report_reps *reps)
{
	double top = 0;
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!timed(r, i, k))
			continue;
		double med = report_n(r, i, "median_s");
		size_t n;
		const double *t = report_reps_of(reps, r, i, &n);
		top = med > top ? med : top;
		for (size_t j = 0; j < n; j++)
			if (!high_outlier(r, i, t[j]) && t[j] > top)
				top = t[j];
	}
	return top * 1.08;
}

/* The unit for times up to top seconds: its name and seconds' factor. */
static const char *time_unit(double top, double *factor)
{
	if (top < 1e-3) {
		*factor = 1e6;
		return "µs";
	}
	if (top < 1) {
		*factor = 1e3;
		return "ms";
	}
	*factor = 1;
	return "s";
}

/* The data: block 0 a bar per configuration ("label" median runner),
 * block 1 a point per repetition (x value off text: off is 1 for one past
 * top, drawn at the top with text its value). Returns the bars, -1. */
static int time_data(const struct load_run *r, const char *k, int nsched, const struct report_reps *reps,
		     double top, double factor, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "parbench: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	int n = 0;
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!timed(r, i, k))
			continue;
		const char *run = report_v(r, i, "runner"), *bind = load_bind(r, i);
		int sched = nsched > 1 && !report_is(run, REPORT_REFERENCE);
		fprintf(f, "\"%s %sw%s%s%s%s\" %.6g %s\n", run, report_v(r, i, "workers"),
			sched ? " " : "", sched ? report_v(r, i, "schedule") : "",
			strcmp(bind, "none") ? " " : "", strcmp(bind, "none") ? bind : "",
			report_n(r, i, "median_s") * factor, run);
		n++;
	}
	fputs("\n\n", f);
	int x = 0, points = 0;
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!timed(r, i, k))
			continue;
		size_t m;
		const double *t = report_reps_of(reps, r, i, &m);
		for (size_t j = 0; j < m; j++) {
			double jitter = ((double)((j * 37) % 11) / 10.0 - 0.5) * 0.16;
			fprintf(f, "%.4f %.6g %d %.3g\n", x + 0.27 + jitter, t[j] * factor, t[j] > top,
				t[j] * factor);
			points++;
		}
		x++;
	}
	if (!points)
		fputs("-10 0 0 0\n", f);   /* a block gnuplot can read, left of the x range */
	return fclose(f) == 0 ? n : -1;
}

int plot_time(const struct load_run *r, const char *home, const char *k, int nsched,
	      const struct report_reps *reps)
{
	char tdat[4200], e[16384], num[64];
	double factor, top = time_top(r, k, reps);
	const char *unit = time_unit(top, &factor);
	snprintf(tdat, sizeof(tdat), "%s/plots/data/time-%s.dat", r->dir, k);
	int n = time_data(r, k, nsched, reps, top, factor, tdat);
	if (n <= 0)
		return n;
	report_gstart(e, sizeof(e), home, tdat);
	report_gset(e, sizeof(e), "kernel", k, 1);
	report_gset(e, sizeof(e), "unit", unit, 1);
	snprintf(num, sizeof(num), "%.6g", top * factor);
	report_gset(e, sizeof(e), "top", num, 0);
	return report_plot_end(r, home, e, sizeof(e), "time", k, "time");
}
