/*
 * tests/unit/fit.c - the scaling fits (harness/core/fit.c) on data made
 * from the laws themselves: exact Amdahl speedups give back their f and a
 * flat e(p); e(p) made to rise or fall gives that trend, or unclear inside
 * the quartiles' spread; one worker count above 1 gives no fit; the
 * interval comes from the quartiles' speedups; a hand-worked least-squares
 * value. TAP output.
 */
#include <math.h>
#include <stdio.h>

#include "../../harness/core/fit.h"
#include "../lib/tap.h"

#define LEN(x) (sizeof(x) / sizeof((x)[0]))

static int near(double got, double want, double tol)
{
	return fabs(got - want) <= tol;
}

/* Amdahl's speedup at p workers for serial fraction f. */
static double amdahl(double f, double p)
{
	return 1 / (f + (1 - f) / p);
}

/* The speedup whose Karp-Flatt metric at p is e (the law read backwards). */
static double from_e(double e, double p)
{
	return 1 / (e * (1 - 1 / p) + 1 / p);
}

/* A series at ps[0..n) with speedups from e[i] (NAN at p = 1: speedup 1),
 * no quartiles unless spread > 0 (then e +- spread). */
static void series(struct fit_point *pt, const double *ps, const double *e, size_t n, double spread)
{
	for (size_t i = 0; i < n; i++) {
		double p = ps[i];
		pt[i] = (struct fit_point){ .p = p, .s = p > 1 ? from_e(e[i], p) : 1, .s_slow = NAN, .s_fast = NAN };
		if (spread > 0 && p > 1) {
			pt[i].s_fast = from_e(e[i] - spread, p);
			pt[i].s_slow = from_e(e[i] + spread, p);
		}
	}
}

static void exact_amdahl(void)
{
	const double ps[] = { 1, 2, 4, 8, 16 };
	struct fit_point pt[LEN(ps)];
	struct fit fit;
	for (size_t i = 0; i < LEN(ps); i++)
		pt[i] = (struct fit_point){ .p = ps[i], .s = amdahl(0.1, ps[i]), .s_slow = NAN, .s_fast = NAN };
	fit_series(&fit, pt, LEN(ps));
	ok(near(fit.f, 0.1, 1e-9), "exact Amdahl data, f = 0.1 at 1,2,4,8,16: f = %.12f", fit.f);
	int flat = 1;
	for (size_t i = 1; i < LEN(ps); i++)
		flat &= near(pt[i].e, 0.1, 1e-9);
	ok(flat && isnan(pt[0].e), "e(p) = 0.1 at every p > 1, none at p = 1");
	ok(fit.trend == FIT_TREND_FLAT, "the trend is flat (%s)", fit_trend_name(fit.trend));
	ok(fit.points == 5 && fit.above1 == 4, "5 points, 4 above 1 (%zu, %zu)", fit.points, fit.above1);
	ok(isnan(fit.f_lo) && isnan(fit.f_hi), "no quartiles: no interval");
	double p[LEN(ps)], s[LEN(ps)], f;
	for (size_t i = 0; i < LEN(ps); i++)
		p[i] = ps[i], s[i] = amdahl(0.1, ps[i]);
	ok(fit_amdahl(p, s, LEN(ps), &f) == 0 && near(f, 0.1, 1e-9), "fit_amdahl alone gives the same f");
}

static void interval(void)
{
	const double ps[] = { 1, 2, 4, 8 };
	struct fit_point pt[LEN(ps)];
	struct fit fit;
	for (size_t i = 0; i < LEN(ps); i++)
		pt[i] = (struct fit_point){ .p = ps[i], .s = amdahl(0.1, ps[i]),
					    .s_fast = amdahl(0.08, ps[i]), .s_slow = amdahl(0.12, ps[i]) };
	fit_series(&fit, pt, LEN(ps));
	ok(near(fit.f_lo, 0.08, 1e-9) && near(fit.f_hi, 0.12, 1e-9),
	   "the interval is the fit to the faster and the slower quartile: %.4f .. %.4f", fit.f_lo, fit.f_hi);
	ok(near(pt[2].e_lo, 0.08, 1e-9) && near(pt[2].e_hi, 0.12, 1e-9), "e(4) has the same interval");
	pt[3].s_slow = NAN;
	fit_series(&fit, pt, LEN(ps));
	ok(!isnan(fit.f) && isnan(fit.f_lo) && isnan(fit.f_hi), "a point above 1 without one of its quartiles: f, no interval");
}

static void rising_and_falling(void)
{
	const double ps[] = { 1, 2, 4, 8 }, up[] = { NAN, 0.02, 0.05, 0.09 }, down[] = { NAN, 0.09, 0.05, 0.02 };
	struct fit_point pt[LEN(ps)];
	struct fit fit;
	series(pt, ps, up, LEN(ps), 0);
	fit_series(&fit, pt, LEN(ps));
	ok(fit.trend == FIT_TREND_RISING, "e(p) 0.02, 0.05, 0.09: rising (%s)", fit_trend_name(fit.trend));
	ok(near(pt[3].e, 0.09, 1e-12), "e(8) read back as 0.09 (%.12f)", pt[3].e);
	series(pt, ps, down, LEN(ps), 0);
	fit_series(&fit, pt, LEN(ps));
	ok(fit.trend == FIT_TREND_FALLING, "e(p) 0.09, 0.05, 0.02: falling (%s)", fit_trend_name(fit.trend));
	/* Rising by more than the tolerance, but inside the repetitions' spread. */
	series(pt, ps, up, LEN(ps), 0.04);
	fit_series(&fit, pt, LEN(ps));
	ok(fit.trend == FIT_TREND_UNCLEAR, "the same rise inside overlapping quartiles: unclear (%s)",
	   fit_trend_name(fit.trend));
	series(pt, ps, down, LEN(ps), 0.04);
	fit_series(&fit, pt, LEN(ps));
	ok(fit.trend == FIT_TREND_UNCLEAR, "and the same fall: unclear (%s)", fit_trend_name(fit.trend));
	series(pt, ps, up, LEN(ps), 0.01);
	fit_series(&fit, pt, LEN(ps));
	ok(fit.trend == FIT_TREND_RISING, "outside them: rising (%s)", fit_trend_name(fit.trend));
	const double small[] = { NAN, 0.100, 0.103, 0.108 };
	series(pt, ps, small, LEN(ps), 0);
	fit_series(&fit, pt, LEN(ps));
	ok(fit.trend == FIT_TREND_FLAT, "a rise of 0.008 < %.2f: flat (%s)", FIT_TREND_TOL, fit_trend_name(fit.trend));
}

static void one_point(void)
{
	struct fit_point pt[2] = {
		{ .p = 1, .s = 1.0103, .s_slow = NAN, .s_fast = NAN },
		{ .p = 2, .s = 1.9938, .s_slow = NAN, .s_fast = NAN },
	};
	struct fit fit;
	fit_series(&fit, pt, 2);
	ok(isnan(fit.f) && isnan(fit.f_lo) && isnan(fit.f_hi), "workers 1 and 2 only: no fit");
	ok(fit.trend == FIT_TREND_NONE && *fit_trend_name(fit.trend) == '\0', "and no trend");
	ok(fit.points == 2 && fit.above1 == 1, "2 points, 1 above 1");
	ok(near(pt[1].e, 2 / 1.9938 - 1, 1e-12), "e(2) = 2/S - 1 = %.6f", pt[1].e);
	double p = 2, s = 1.9938, f = 0;
	int rc = fit_amdahl(&p, &s, 1, &f);
	ok(rc == -1 && isnan(f), "fit_amdahl: -1 and NAN from one point");
	const double ps[] = { 2 }, ss[] = { 1.5 };
	ok(fit_amdahl(ps, ss, 1, &f) == -1, "a single p gives no fit");
}

static void by_hand(void)
{
	/* e = 0.1 at 2 (weight 0.25) and 0.2 at 4 (weight 0.5625):
	 * f = (0.25 * 0.1 + 0.5625 * 0.2) / 0.8125 = 0.1375 / 0.8125. */
	double p[] = { 1, 2, 4 }, s[] = { 0.95, from_e(0.1, 2), from_e(0.2, 4) }, f;
	int rc = fit_amdahl(p, s, 3, &f);
	ok(rc == 0 && near(f, 0.1375 / 0.8125, 1e-12), "least squares in the time form, worked by hand: f = %.9f", f);
	double slow[] = { 1, 0.8824, 0.8 }, g;
	rc = fit_amdahl(p, slow, 3, &g);
	ok(rc == 0 && g > 1, "slower with more workers: f above 1, not clamped (%.4f)", g);
	double bad[] = { 1, 0, NAN };
	ok(fit_amdahl(p, bad, 3, &g) == -1, "speedups of 0 or NAN are left out: no fit");
	ok(isnan(fit_karp_flatt(1, 1)) && isnan(fit_karp_flatt(2, 0)) && isnan(fit_karp_flatt(2, NAN)),
	   "e is undefined at p = 1 and for a speedup that is not positive");
	ok(near(fit_karp_flatt(4, 5), (0.2 - 0.25) / 0.75, 1e-12), "superlinear: e below 0 (%.4f)", fit_karp_flatt(4, 5));
}

int main(void)
{
	static const struct tap_case cases[] = {
		{ "exact Amdahl data", exact_amdahl },
		{ "the interval from the quartiles", interval },
		{ "trends of e(p)", rising_and_falling },
		{ "one worker count above 1", one_point },
		{ "least squares by hand", by_hand },
		{ NULL, NULL },
	};
	int rc = tap_run_cases(cases);
	printf("1..%d\n", tap_count);
	return rc;
}
