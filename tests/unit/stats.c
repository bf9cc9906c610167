/*
 * tests/unit/stats.c - stats_summarise against hand-computed values,
 * stats_median_ci against binomial tables and exact counting, and
 * stats_mann_whitney against a U distribution this file counts on its own
 * (by enumerating every ordering of the pooled sample), a published table's
 * critical value, and a normal approximation worked by hand; stats_holm
 * against Holm's step-down worked by hand and against plain Bonferroni;
 * stats_ratio_ci (the speedup's bootstrap interval) on inputs whose
 * bootstrap distribution is known by hand. TAP output.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../harness/core/stats.h"
#include "../lib/tap.h"

#define LEN(x) (sizeof(x) / sizeof((x)[0]))

static int near(double got, double want, double tol)
{
	return fabs(got - want) <= tol;
}

/* By enumeration: how many of the C(m + n, m) orderings of m values of a
 * and n of b give U_a <= u, and how many give U_a >= u (m + n <= 24). */
static void count_orderings(int m, int n, int u, double *below, double *above, double *total)
{
	*below = *above = *total = 0;
	for (unsigned long mask = 0; mask < 1ul << (m + n); mask++) {
		if (__builtin_popcountl(mask) != m)
			continue;
		int ua = 0, bs = 0;
		for (int pos = 0; pos < m + n; pos++) {
			if (mask >> pos & 1)
				ua += bs;       /* this a beats every b below it */
			else
				bs++;
		}
		*total += 1;
		*below += ua <= u;
		*above += ua >= u;
	}
}

/* Samples of m and n distinct values whose U_a is u: b = 1..n, and each a
 * sits above as many b as it still needs. */
static void make_samples(int m, int n, int u, double *a, double *b)
{
	for (int j = 0; j < n; j++)
		b[j] = j + 1;
	for (int i = 0; i < m; i++) {
		int beat = u < n ? u : n;
		a[i] = beat + 0.5 + 0.001 * i;
		u -= beat;
	}
}

static void summaries(void)
{
	struct stats s;
	double odd[] = { 3, 1, 2 }, even[] = { 4, 1, 3, 2 };
	stats_summarise(odd, LEN(odd), &s);
	ok(s.median == 2 && s.min == 1 && s.max == 3 && s.n == 3, "median of an odd count is the middle value");
	stats_summarise(even, LEN(even), &s);
	ok(s.median == 2.5, "median of an even count is the mean of the middle two");

	/* Type 7: h = (n - 1) p; 1..8 gives h = 1.75 and 5.25. */
	double eight[] = { 8, 7, 6, 5, 4, 3, 2, 1 };
	stats_summarise(eight, LEN(eight), &s);
	ok(near(s.q1, 2.75, 1e-12) && near(s.q3, 6.25, 1e-12), "quartiles of 1..8 are 2.75 and 6.25 (got %g, %g)", s.q1, s.q3);
	double five[] = { 3, 1, 4, 1, 5 };
	stats_summarise(five, LEN(five), &s);
	ok(s.q1 == 1 && s.q3 == 4, "quartiles of {1,1,3,4,5} fall on order statistics: 1 and 4");
	double one[] = { 7 };
	stats_summarise(one, 1, &s);
	ok(s.q1 == 7 && s.q3 == 7 && s.mad == 0 && s.stddev == 0 && s.outliers == 0, "a single value is its own quartiles, no spread");

	/* Median 2; deviations 0,0,1,1,2,4,7. */
	double spread[] = { 1, 1, 2, 2, 4, 6, 9 };
	stats_summarise(spread, LEN(spread), &s);
	ok(s.mad == 1, "MAD of {1,1,2,2,4,6,9} is 1 (got %g)", s.mad);

	/* Mean 5, squared deviations add to 32: sd = sqrt(32 / 7). */
	double moments[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	stats_summarise(moments, LEN(moments), &s);
	ok(near(s.stddev, sqrt(32.0 / 7), 1e-12) && near(s.cv, sqrt(32.0 / 7) / 5, 1e-12),
	   "sample stddev and CV of {2,4,4,4,5,5,7,9}: %.6f, %.6f", s.stddev, s.cv);

	/* Median 11, MAD 1: 40 scores 0.6745 x 29 = 19.6, 10 and 12 score 0.67. */
	double outl[] = { 10, 10, 10, 11, 11, 12, 40 };
	stats_summarise(outl, LEN(outl), &s);
	ok(s.outliers == 1 && s.mad == 1, "{10,10,10,11,11,12,40} has one outlier (got %zu)", s.outliers);
	/* Still median 11, MAD 1: 16 scores 0.6745 x 5 = 3.37, not above 3.5;
	 * 17 scores 0.6745 x 6 = 4.05. */
	double edge[] = { 10, 10, 10, 11, 11, 12, 16 }, past[] = { 10, 10, 10, 11, 11, 12, 17 };
	size_t at_edge, beyond;
	stats_summarise(edge, LEN(edge), &s);
	at_edge = s.outliers;
	stats_summarise(past, LEN(past), &s);
	beyond = s.outliers;
	ok(at_edge == 0 && beyond == 1, "the cut is a modified Z-score of 3.5: 16 is in, 17 is out");
	double flat[] = { 5, 5, 5, 5, 9 };
	stats_summarise(flat, LEN(flat), &s);
	ok(s.mad == 0 && s.outliers == 0, "MAD 0 (most values equal): no outliers counted");
}

static void exact(void)
{
	double u, p;
	double lo[] = { 1, 2, 3, 4, 5 }, hi[] = { 6, 7, 8, 9, 10 };
	int rc = stats_mann_whitney(hi, 5, lo, 5, &u, &p);
	ok(rc == 0 && u == 25 && near(p, 2.0 / 252, 1e-15),
	   "5 vs 5 fully separated: U = 25, p = 2/252 = 0.00794 (got %g)", p);
	ok(stats_mann_whitney(lo, 5, hi, 5, &u, &p) == 0 && u == 0 && near(p, 2.0 / 252, 1e-15),
	   "and the other way round: U = 0, same p");
	double one_a[] = { 2 }, one_b[] = { 1 };
	ok(stats_mann_whitney(one_a, 1, one_b, 1, &u, &p) == 0 && u == 1 && p == 1, "1 vs 1: U = 1, p = 1");
	ok(stats_mann_whitney(lo, 0, hi, 5, &u, &p) == -1 && stats_mann_whitney(lo, 5, hi, 0, &u, &p) == -1,
	   "an empty sample is refused");

	/* Every achievable U for a few sizes, against the enumeration. */
	static const int sizes[][2] = { { 3, 7 }, { 6, 4 }, { 5, 5 }, { 1, 8 }, { 8, 8 } };
	for (size_t s = 0; s < LEN(sizes); s++) {
		int m = sizes[s][0], n = sizes[s][1], bad = 0;
		double a[24], b[24];
		for (int want = 0; want <= m * n; want++) {
			double below, above, total;
			count_orderings(m, n, want, &below, &above, &total);
			double ref = 2 * (below < above ? below : above) / total;
			make_samples(m, n, want, a, b);
			if (stats_mann_whitney(a, (size_t)m, b, (size_t)n, &u, &p) < 0 || u != want ||
			    !near(p, ref < 1 ? ref : 1, 1e-12))
				bad++;
		}
		ok(bad == 0, "exact p for %d vs %d matches counting every ordering, at each U (%d wrong)", m, n, bad);
	}

	/* Published tables give 23 as the two-sided 0.05 critical U for 10 vs 10. */
	double a[10], b[10], below, above, total, p23, p24;
	count_orderings(10, 10, 23, &below, &above, &total);
	ok(total == 184756 && near(2 * below / total, 0.0433, 5e-5),
	   "counting: P(U <= 23) for 10 vs 10 is %.0f/184756, two-sided %.4f", below, 2 * below / total);
	make_samples(10, 10, 23, a, b);
	stats_mann_whitney(a, 10, b, 10, &u, &p23);
	make_samples(10, 10, 24, a, b);
	stats_mann_whitney(a, 10, b, 10, &u, &p24);
	ok(u == 24 && p23 <= 0.05 && p24 > 0.05 && near(p23, 2 * below / total, 1e-12),
	   "10 vs 10: U = 23 gives p = %.4f <= 0.05, U = 24 gives p = %.4f > 0.05", p23, p24);

	ok(near(stats_mann_whitney_min_p(5, 5), 2.0 / 252, 1e-15) && near(stats_mann_whitney_min_p(3, 3), 0.1, 1e-15) &&
	   near(stats_mann_whitney_min_p(2, 2), 1.0 / 3, 1e-15) && near(stats_mann_whitney_min_p(4, 4), 2.0 / 70, 1e-15),
	   "smallest p: 2/252 for 5+5, 0.1 for 3+3, 1/3 for 2+2, 2/70 for 4+4");
	ok(stats_mann_whitney_min_p(1, 1) == 1 && stats_mann_whitney_min_p(0, 5) == 1 &&
	   near(stats_mann_whitney_min_p(2, 5), 2.0 / 21, 1e-15), "smallest p: 1 for 1+1 and 0+5, 2/21 for 2+5");
}

static void normal(void)
{
	double u, p;
	/* Pooled: 1a 2a 3a 3a 3b 4b 5a 6b 7b 8b; mid-rank 4 for the three 3s.
	 * R_a = 1 + 2 + 4 + 4 + 7 = 18, U_a = 18 - 15 = 3. One tie of 3:
	 * sum t^3 - t = 24. var = 25/12 (11 - 24/90) = 22.3611;
	 * z = (|3 - 12.5| - 0.5) / sqrt(22.3611) = 1.90325; p = 0.057008. */
	double a[] = { 1, 2, 3, 3, 5 }, b[] = { 3, 4, 6, 7, 8 };
	int rc = stats_mann_whitney(a, 5, b, 5, &u, &p);
	ok(rc == 0 && u == 3 && near(p, 0.057008, 1e-6),
	   "ties: normal approximation with tie and continuity correction, U = 3, p = %.6f (hand: 0.057008)", p);

	/* 60 vs 60 (3600 pairs, beyond the exact limit): a = 0..59,
	 * b = 5.5..64.5. a_i beats a_i - 5 of them: U = 1 + ... + 54 = 1485.
	 * var = 3600 x 121 / 12 = 36300; z = (1800 - 1485 - 0.5) / 190.526
	 * = 1.65070; p = 0.098800. */
	double big_a[60], big_b[60];
	for (int i = 0; i < 60; i++) {
		big_a[i] = i;
		big_b[i] = i + 5.5;
	}
	rc = stats_mann_whitney(big_a, 60, big_b, 60, &u, &p);
	ok(rc == 0 && u == 1485 && near(p, 0.098800, 1e-6),
	   "60 vs 60, no ties: normal approximation, U = 1485, p = %.6f (hand: 0.098800)", p);

	double same[] = { 4, 4, 4 };
	ok(stats_mann_whitney(same, 3, same, 3, &u, &p) == 0 && u == 4.5 && p == 1, "all values equal: U = 4.5, p = 1");
}

/* By exact counting for n <= 50 (C(n, i) is exact in a double): the largest
 * j with 2 P(B <= j - 1) <= 1 - level, B ~ Binomial(n, 1/2); 0 when none. */
static size_t ci_rank(size_t n, double level)
{
	double total = ldexp(1, (int)n), c = 1, below = 0;
	size_t j = 0;
	for (size_t i = 0; 2 * i < n; i++) {
		below += c;
		if (2 * below / total > 1 - level + 1e-12)
			break;
		j = i + 1;
		c = c * (double)(n - i) / (double)(i + 1);
	}
	return j;
}

/* The median's confidence interval: the sign test's order statistics, from
 * a binomial table and from counting, none below 6 values at 95 %. */
static void median_ci(void)
{
	double x[2000], lo, hi;
	for (size_t i = 0; i < LEN(x); i++)
		x[i] = (double)i;
	ok(stats_median_ci(x, 5, 0.95, &lo, &hi) == -1 && stats_median_ci(x, 1, 0.95, &lo, &hi) == -1,
	   "no 95 %% interval from 5 values: [min, max] covers 1 - 2/32 only");
	ok(stats_median_ci(x, 6, 0.95, &lo, &hi) == 0 && lo == 0 && hi == 5,
	   "6 values: [min, max] (coverage 1 - 2/64)");
	ok(stats_median_ci(x, 9, 0.95, &lo, &hi) == 0 && lo == 1 && hi == 7,
	   "9 values: the 2nd and 8th (coverage 1 - 20/512)");
	ok(stats_median_ci(x, 20, 0.95, &lo, &hi) == 0 && lo == 5 && hi == 14,
	   "20 values: the 6th and 15th, as the tables give");
	ok(stats_median_ci(x, 100, 0.95, &lo, &hi) == 0 && lo == 39 && hi == 60,
	   "100 values: the 40th and 61st (P(B <= 39) = 0.018, P(B <= 40) = 0.028)");
	int agree = 1;
	for (size_t n = 1; n <= 50; n++) {
		size_t j = ci_rank(n, 0.95);
		int rc = stats_median_ci(x, n, 0.95, &lo, &hi);
		agree &= j == 0 ? rc == -1 : rc == 0 && lo == (double)(j - 1) && hi == (double)(n - j);
	}
	ok(agree, "1 to 50 values: the ranks agree with exact counting");
	int rc = stats_median_ci(x, 2000, 0.95, &lo, &hi);
	ok(rc == 0 && lo >= 950 && lo <= 960 && hi == 1999 - lo,
	   "2000 values (2^-2000 underflows): about n/2 - 1.96 sqrt(n)/2 either side (%g, %g)", lo, hi);
	ok(stats_median_ci(x, 20, 0.80, &lo, &hi) == 0 && lo == 6 && hi == 13,
	   "a lower level, a narrower interval (80 %%: the 7th and 14th)");
}

/* Holm's adjusted p-values: worked by hand, NaN left out of the family,
 * ties, the cap at 1, in place, and never above Bonferroni's m p. */
static void holm(void)
{
	/* m = 4, sorted 0.01 0.02 0.03 0.04: 4 x 0.01, 3 x 0.02, 2 x 0.03, 1 x 0.04. */
	double p[] = { 0.03, 0.01, 0.04, 0.02 }, adj[4];
	ok(stats_holm(p, 4, adj) == 0 && near(adj[1], 0.04, 1e-15) && near(adj[3], 0.06, 1e-15) &&
	   near(adj[0], 0.06, 1e-15) && near(adj[2], 0.06, 1e-15),
	   "by hand: 0.01 0.02 0.03 0.04 -> 0.04 0.06 0.06 0.06 (the running maximum)");
	ok(adj[1] < 0.05 && !(adj[3] < 0.05) && p[3] < 0.05,
	   "at 0.05 only the smallest is rejected; 0.02, significant alone, is not (0.02 >= 0.05 / 3)");
	double q[] = { NAN, 0.01, NAN, 0.04 }, qa[4];
	ok(stats_holm(q, 4, qa) == 0 && isnan(qa[0]) && isnan(qa[2]) && near(qa[1], 0.02, 1e-15) &&
	   near(qa[3], 0.04, 1e-15), "NaN is not in the family: m = 2 (0.01 -> 0.02, 0.04 -> 0.04)");
	double t[] = { 0.6, 0.01, 0.01, 0.9 };
	ok(stats_holm(t, 4, t) == 0 && t[1] == t[2] && near(t[1], 0.04, 1e-15) && t[0] == 1 && t[3] == 1,
	   "in place: ties adjust alike (0.04); 2 x 0.6 is capped at 1, and 0.9 takes the running 1");
	double one[] = { 0.03 }, oa[1];
	ok(stats_holm(one, 1, oa) == 0 && oa[0] == 0.03, "a family of one: p unchanged");
	double x[50], xa[50];
	int bounded = 1;
	for (size_t i = 0; i < LEN(x); i++)
		x[i] = fmod(0.0137 * (double)(i * i + 3), 0.2);
	bounded &= stats_holm(x, LEN(x), xa) == 0;
	for (size_t i = 0; i < LEN(x); i++)
		bounded &= xa[i] >= x[i] && xa[i] <= fmin(1, 50 * x[i]) + 1e-15;
	ok(bounded, "50 p-values: each adjusted one between p and Bonferroni's min(1, 50 p)");
}

static void ratio_ci(void)
{
	double lo = 0, hi = 0, lo2 = 0, hi2 = 0;
	double four[] = { 4, 4, 4 }, two[] = { 2, 2, 2 };
	int rc = stats_ratio_ci(four, 3, two, 3, 0.95, 1000, STATS_BOOT_SEED, &lo, &hi);
	ok(rc == 0 && lo == 2 && hi == 2,
	   "no spread on either side: the interval is the ratio itself (%g, %g)", lo, hi);
	/* a = {6}; b = {1, 2}: a resample's median of b is 1, 1.5 or 2 with
	 * probability 1/4, 1/2, 1/4, so the ratio is 6, 4 or 3: the 2.5 % and
	 * 97.5 % quantiles of 1000 draws are 3 and 6, the estimate 6 / 1.5. */
	double six[] = { 6 }, onetwo[] = { 1, 2 };
	rc = stats_ratio_ci(six, 1, onetwo, 2, 0.95, 1000, STATS_BOOT_SEED, &lo, &hi);
	ok(rc == 0 && lo == 3 && hi == 6,
	   "the parallel side's spread alone: 6 / {1, 1.5, 2} gives 3 .. 6 (%g, %g)", lo, hi);
	double serial[] = { 0.9, 1.0, 1.1, 1.2, 0.8 }, flat[] = { 0.5, 0.5, 0.5, 0.5, 0.5 };
	rc = stats_ratio_ci(serial, 5, flat, 5, 0.95, 1000, STATS_BOOT_SEED, &lo, &hi);
	ok(rc == 0 && lo < 2 && hi > 2 &&
	   lo >= 1.6 && hi <= 2.4,
	   "the serial side's spread counts too: 2 inside (%g, %g), within min/0.5 .. max/0.5", lo, hi);
	double noisy[] = { 1.3, 0.7, 1.0, 1.6, 0.9, 1.1, 0.6, 1.2 }, par[] = { 0.52, 0.61, 0.45, 0.5, 0.7, 0.48, 0.55 };
	stats_ratio_ci(noisy, 8, par, 7, 0.95, 1000, STATS_BOOT_SEED, &lo, &hi);
	stats_ratio_ci(noisy, 8, par, 7, 0.95, 1000, STATS_BOOT_SEED, &lo2, &hi2);
	ok(lo == lo2 && hi == hi2, "the same seed, the same interval (%g, %g)", lo, hi);
	double est = 1.05 / 0.52;
	ok(lo <= est && est <= hi && lo < hi, "it holds the ratio of the medians, %g", est);
	double many_a[80], many_b[80];
	for (int i = 0; i < 80; i++) {
		many_a[i] = noisy[i % 8];
		many_b[i] = par[i % 7];
	}
	stats_ratio_ci(many_a, 80, many_b, 80, 0.95, 1000, STATS_BOOT_SEED, &lo2, &hi2);
	ok(hi2 - lo2 < (hi - lo) / 2, "ten times the repetitions, an interval under half as wide (%g .. %g vs %g .. %g)",
	   lo2, hi2, lo, hi);
	double zero[] = { 0, 0 };
	ok(stats_ratio_ci(six, 0, onetwo, 2, 0.95, 10, 1, &lo, &hi) == -1 &&
	   stats_ratio_ci(six, 1, zero, 2, 0.95, 10, 1, &lo, &hi) == -1 &&
	   stats_ratio_ci(six, 1, onetwo, 2, 0.95, 0, 1, &lo, &hi) == -1,
	   "no values, a median of 0 below, or no resamples: -1");
}

int main(void)
{
	printf("1..47\n");
	summaries();
	median_ci();
	ratio_ci();
	exact();
	normal();
	holm();
	return tap_failures != 0;
}
