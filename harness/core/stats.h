/*
 * stats.h - summary statistics of one configuration's repetitions, and the
 * test that says whether two sets of repetitions differ.
 *
 * Choices, so that numbers here match what other tools print:
 * - quartiles interpolate linearly between order statistics: the p-quantile
 *   of sorted x[0..n) is x[h] + (h - floor h)(x[floor h + 1] - x[floor h])
 *   at h = (n - 1) p (Hyndman & Fan type 7; R's and numpy's default);
 * - mad is the median of |x - median|, unscaled (multiply by 1.4826 for a
 *   consistent estimate of a normal standard deviation);
 * - an outlier is a value whose modified Z-score 0.6745 |x - median| / mad
 *   exceeds STATS_OUTLIER_Z = 3.5 (Iglewicz & Hoaglin; hyperfine uses the
 *   same rule). When mad is 0 (more than half the values are equal) no
 *   score exists and outliers is 0;
 * - Mann-Whitney U is exact (the permutation distribution of U, counted
 *   in doubles) when no two of the na + nb values are equal and na x nb is
 *   at most STATS_MW_EXACT_PAIRS (50 repetitions each, or 10 against 250);
 *   otherwise the normal approximation with the tie-corrected variance and
 *   a continuity correction of 1/2. A tie inside one sample also rules out
 *   the exact distribution: it assumes values that never tie.
 * - many tests at once (compare's configurations) are corrected by Holm's
 *   step-down procedure (Holm 1979): the family-wise error stays below
 *   alpha whatever the tests' dependence, and it never rejects less than
 *   plain Bonferroni (alpha / m for each).
 */
#ifndef PARBENCH_STATS_H
#define PARBENCH_STATS_H

#include <stddef.h>

struct stats {
	size_t n;
	double median, min, max, mean, stddev, cv;   /* cv = stddev / mean */
	double q1, q3;        /* quartiles, type 7 (see above) */
	double mad;           /* median absolute deviation from the median, unscaled */
	size_t outliers;      /* modified Z-score above STATS_OUTLIER_Z; 0 when mad == 0 */
};

/* Summarises x[0..n) (n >= 1; x is not changed). stddev is the sample
 * standard deviation (n - 1), 0 for a single value. Returns 0, or -1 when
 * out of memory (more than 256 values), s then all NaN with n 0. */
int stats_summarise(const double *x, size_t n, struct stats *s);

/* qsort's comparison for doubles, ascending. */
int stats_cmp_double(const void *a, const void *b);

/* The p-quantile of sorted[0..n) (n >= 1), linear between order
 * statistics (type 7, as R and NumPy by default). */
double stats_quantile(const double *sorted, size_t n, double p);

/* The distribution-free confidence interval of the median of sorted[0..n)
 * at level (e.g. 0.95): order statistics sorted[j - 1] and sorted[n - j]
 * for the largest j whose interval holds the median with probability
 * 1 - 2 P(B <= j - 1) >= level, B ~ Binomial(n, 1/2) (any continuous
 * distribution; the textbook sign-test interval). Returns 0 with *lo and
 * *hi, or -1 when n is too small for level (n < 6 at 0.95: [min, max]
 * holds it with 1 - 2^(1-n) only). */
int stats_median_ci(const double *sorted, size_t n, double level, double *lo, double *hi);

/* Resamples and seed of stats_ratio_ci as the plots use it: fixed, so a
 * run folder redraws the same intervals every time. */
#define STATS_BOOT_RESAMPLES 1000
#define STATS_BOOT_SEED 20261204u

/* The percentile-bootstrap interval at level (e.g. 0.95) of the ratio
 * median(a) / median(b) (a speedup: a serial's times, b a model's): each
 * of resamples rounds draws na values from a and nb from b with
 * replacement, the ratio of their medians is kept, and lo and hi are the
 * (1 - level)/2 and (1 + level)/2 quantiles (type 7) of those ratios. The
 * draws come from a generator seeded with seed (splitmix64), so equal
 * inputs give equal intervals. When the percentiles miss the estimate
 * itself (possible with very few values) the interval is widened to it:
 * lo <= median(a) / median(b) <= hi always. Returns 0, or -1 when na, nb
 * or resamples is 0, a median of b is not above 0, or memory runs out. */
int stats_ratio_ci(const double *a, size_t na, const double *b, size_t nb, double level,
		   size_t resamples, unsigned long long seed, double *lo, double *hi);

/* CV above which a result is flagged unstable, and the fewest repetitions
 * that are not flagged as too few. */
#define STATS_CV_WARN 0.05
#define STATS_MIN_REPS 5

/* Modified Z-score above which a value counts as an outlier. */
#define STATS_OUTLIER_Z 3.5

/* Most pairs na x nb for which Mann-Whitney uses the exact distribution;
 * it costs about (na nb)^2 / 4 additions and min(na, nb) x na nb doubles. */
#define STATS_MW_EXACT_PAIRS 2500

/* Two-sided Mann-Whitney U test of a[0..na) against b[0..nb). Sets *u (the
 * U of a: the number of pairs a_i > b_j, ties counting 1/2) and *p (the
 * two-sided p-value, at most 1). Returns 0, or -1 when na or nb is 0 or
 * memory for the exact distribution runs out (*u and *p untouched). */
int stats_mann_whitney(const double *a, size_t na, const double *b, size_t nb,
		       double *u, double *p);

/* The smallest two-sided p-value stats_mann_whitney can return for samples
 * of na and nb values without ties (the samples do not overlap at all): a
 * test at level alpha can only ever reject when this is below alpha.
 * 1 when na or nb is 0. */
double stats_mann_whitney_min_p(size_t na, size_t nb);

/* Holm-Bonferroni over a family of tests: sets adjusted[i] to Holm's
 * adjusted p-value of p[i] (at most 1), the family being every p[i] that
 * is not NaN (a NaN gets NaN and does not count). Test i is rejected at
 * family-wise level alpha exactly when adjusted[i] < alpha. adjusted may
 * be p. Returns 0, or -1 when memory runs out (adjusted untouched). */
int stats_holm(const double *p, size_t n, double *adjusted);

#endif
