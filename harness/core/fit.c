/*
 * fit.c - see fit.h: Amdahl's serial fraction by least squares on the time
 * form of the law, the Karp-Flatt metric and its trend. Closed forms only,
 * so the same speedups always give the same fit.
 */
#include <math.h>

#include "fit.h"

/* Whether (p, s) is a point the fits use. */
static int usable(double p, double s)
{
	return isfinite(p) && p >= 1 && isfinite(s) && s > 0;
}

double fit_karp_flatt(double p, double s)
{
	if (!usable(p, s) || p <= 1)
		return NAN;
	return (1 / s - 1 / p) / (1 - 1 / p);
}

/* Adds the point (p, s) to the sums of the least squares, when usable. */
static void add(double p, double s, double *sxy, double *sxx, size_t *above1)
{
	if (!usable(p, s))
		return;
	double x = 1 - 1 / p, y = 1 / s - 1 / p;
	*sxy += x * y;
	*sxx += x * x;
	*above1 += p > 1;
}

/* f from the sums: 0, or -1 with NAN when too few points are above 1. */
static int solve(double sxy, double sxx, size_t above1, double *f)
{
	*f = NAN;
	if (above1 < FIT_MIN_ABOVE1 || sxx <= 0)
		return -1;
	*f = sxy / sxx;
	return 0;
}

int fit_amdahl(const double *p, const double *s, size_t n, double *f)
{
	double sxy = 0, sxx = 0;
	size_t above1 = 0;
	for (size_t i = 0; i < n; i++)
		add(p[i], s[i], &sxy, &sxx, &above1);
	return solve(sxy, sxx, above1, f);
}

/* Which speedup of a point a fit reads. */
enum which { AT_MEDIAN, AT_FAST, AT_SLOW };

/* f fitted to the speedups of pt[0..n) at w: NAN when a point above 1
 * that has a median speedup lacks that one. */
static double fit_at(const struct fit_point *pt, size_t n, enum which w)
{
	double sxy = 0, sxx = 0, f;
	size_t above1 = 0;
	for (size_t i = 0; i < n; i++) {
		double s = w == AT_MEDIAN ? pt[i].s : w == AT_FAST ? pt[i].s_fast : pt[i].s_slow;
		if (usable(pt[i].p, pt[i].s) && pt[i].p > 1 && !usable(pt[i].p, s))
			return NAN;
		add(pt[i].p, s, &sxy, &sxx, &above1);
	}
	solve(sxy, sxx, above1, &f);
	return f;
}

/* The e interval's end nearest the other point: its e when it has none. */
static double end_or(double end, double e)
{
	return isnan(end) ? e : end;
}

/* The trend of e from the fewest to the most workers above 1 (fit.h). */
static enum fit_trend trend(const struct fit_point *pt, size_t n)
{
	const struct fit_point *a = NULL, *b = NULL;
	for (size_t i = 0; i < n; i++) {
		if (isnan(pt[i].e))
			continue;
		if (!a || pt[i].p < a->p)
			a = &pt[i];
		if (!b || pt[i].p > b->p)
			b = &pt[i];
	}
	if (!a || a == b)
		return FIT_TREND_NONE;
	double d = b->e - a->e;
	if (fabs(d) <= FIT_TREND_TOL)
		return FIT_TREND_FLAT;
	if (d > 0 && end_or(b->e_lo, b->e) > end_or(a->e_hi, a->e))
		return FIT_TREND_RISING;
	if (d < 0 && end_or(b->e_hi, b->e) < end_or(a->e_lo, a->e))
		return FIT_TREND_FALLING;
	return FIT_TREND_UNCLEAR;
}

void fit_series(struct fit *out, struct fit_point *pt, size_t n)
{
	*out = (struct fit){ .f = NAN, .f_lo = NAN, .f_hi = NAN, .trend = FIT_TREND_NONE };
	for (size_t i = 0; i < n; i++) {
		pt[i].e = fit_karp_flatt(pt[i].p, pt[i].s);
		pt[i].e_lo = fit_karp_flatt(pt[i].p, pt[i].s_fast);
		pt[i].e_hi = fit_karp_flatt(pt[i].p, pt[i].s_slow);
		if (usable(pt[i].p, pt[i].s)) {
			out->points++;
			out->above1 += pt[i].p > 1;
		}
	}
	out->f = fit_at(pt, n, AT_MEDIAN);
	if (!isnan(out->f)) {
		out->f_lo = fit_at(pt, n, AT_FAST);
		out->f_hi = fit_at(pt, n, AT_SLOW);
		if (isnan(out->f_lo) || isnan(out->f_hi))
			out->f_lo = out->f_hi = NAN;   /* both ends or none */
	}
	out->trend = trend(pt, n);
}

const char *fit_trend_name(enum fit_trend t)
{
	static const char *const names[] = {
		[FIT_TREND_NONE] = "", [FIT_TREND_FLAT] = "flat",
		[FIT_TREND_RISING] = "rising", [FIT_TREND_FALLING] = "falling", [FIT_TREND_UNCLEAR] = "unclear",
	};
	return names[t];
}
