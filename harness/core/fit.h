/*
 * fit.h - scaling fits of one model's speedup against its worker count:
 * Amdahl's serial fraction f and the Karp-Flatt metric e(p).
 *
 * Why here, beside stats: it is arithmetic on numbers a run already has
 * (the speedups of summary.csv), with no notion of runners or files, so
 * the report, fits.csv and the unit test share one definition.
 *
 * The method, so that the numbers can be checked by hand:
 * - Amdahl: S(p) = 1 / (f + (1 - f)/p), i.e. 1/S - 1/p = f (1 - 1/p), which
 *   is linear in f. f is the least-squares solution of that time form over
 *   the points (closed form, no iteration): f = sum x y / sum x^2 with
 *   x = 1 - 1/p, y = 1/S - 1/p. Since y = e(p) x, this is the mean of the
 *   e(p) weighted by (1 - 1/p)^2. A point at p = 1 has x = 0: it is taken
 *   but carries no weight, as the law fixes S(1) = 1 whatever f is.
 *   f is not clamped to [0, 1]: above 1 the model got slower with more
 *   workers, below 0 faster than p times (superlinear).
 * - No fit from fewer than FIT_MIN_ABOVE1 worker counts above 1: one such
 *   point gives f = e(p) exactly, which cannot tell a serial part from an
 *   overhead that grows with the workers.
 * - The interval [f_lo, f_hi]: the same fit to the speedups of the faster
 *   and of the slower quartile of the repetitions at every p. f is linear
 *   in the 1/S, so every curve through the middle half of the repetitions
 *   at each p has its f inside it. It is a spread, not a confidence
 *   interval, and serial's own spread is not in it (the speedup divides by
 *   serial's median).
 * - Karp-Flatt: e(p) = (1/S - 1/p) / (1 - 1/p) at each p > 1, with its own
 *   interval from the two quartiles.
 * - Trend of e(p), from the fewest to the most workers above 1: flat when
 *   e changed by FIT_TREND_TOL or less; rising when it grew by more and the
 *   two points' quartile intervals do not overlap (the change is larger
 *   than the repetitions' spread); falling the same way down; unclear when
 *   it changed by more than FIT_TREND_TOL but inside that spread (calling
 *   that flat would read noise as a fixed serial part). FIT_TREND_TOL =
 *   0.01: near full efficiency a change of 0.01 in e is a change of about
 *   1% in the speedup, below what repeated timings on a shared machine
 *   separate even when their quartiles happen to be narrow (and exact
 *   data, with no spread, must not call rounding a trend).
 */
#ifndef PARBENCH_FIT_H
#define PARBENCH_FIT_H

#include <stddef.h>

#define FIT_MIN_ABOVE1 2
#define FIT_TREND_TOL 0.01

enum fit_trend {
	FIT_TREND_NONE,      /* fewer than two worker counts above 1 */
	FIT_TREND_FLAT,
	FIT_TREND_RISING,
	FIT_TREND_FALLING,
	FIT_TREND_UNCLEAR,   /* a change beyond the tolerance, inside the spread */
};

/* One worker count of a series. The caller fills p and the speedups; the
 * speedups of the quartiles are NAN when unknown. fit_series fills e. */
struct fit_point {
	double p;                /* workers */
	double s;                /* speedup at the median */
	double s_slow, s_fast;   /* speedup of the slower (q3) and faster (q1) quartile */
	double e, e_lo, e_hi;    /* Karp-Flatt at s, s_fast, s_slow; NAN at p <= 1 */
};

/* A series' fit. f, f_lo and f_hi are NAN without a fit; f_lo and f_hi
 * also when a point above 1 lacks a quartile. */
struct fit {
	double f, f_lo, f_hi;
	size_t points;           /* points with a positive, finite speedup and p >= 1 */
	size_t above1;           /* of them with p > 1 */
	enum fit_trend trend;
};

/* The Karp-Flatt metric of speedup s at p workers: NAN when p <= 1 or s
 * is not a positive finite number. */
double fit_karp_flatt(double p, double s);

/* Amdahl's f by least squares over the n points (p[i], s[i]) (see above;
 * points that are not p >= 1 with a positive finite s are left out).
 * Returns 0 with *f set; -1 with *f NAN when fewer than FIT_MIN_ABOVE1 of
 * them have p > 1. */
int fit_amdahl(const double *p, const double *s, size_t n, double *f);

/* Fits the series pt[0..n), sorted by p or not: sets every point's e,
 * e_lo, e_hi and *out (fit, interval, counts, trend). */
void fit_series(struct fit *out, struct fit_point *pt, size_t n);

/* "flat", "rising", "falling", "unclear"; "" for FIT_TREND_NONE. */
const char *fit_trend_name(enum fit_trend t);

#endif
