/*
 * stats.c - order statistics (median, quartiles, MAD, outliers, the
 * median's confidence interval), moments (mean, standard deviation, CV),
 * the Mann-Whitney U test, Holm's correction for testing many at once, and
 * the bootstrap interval of a ratio of medians (a speedup's, from both
 * sides' repetitions).
 *
 * The exact U distribution is counted, not looked up: with the largest of
 * the m + n values either in the first sample (it beats all n of the
 * second) or not, the number of orderings with U = u obeys
 *     f(u; m, n) = f(u - n; m - 1, n) + f(u; m, n - 1),
 * f(0; 0, n) = f(0; m, 0) = 1. Only additions of positive numbers, so
 * counts past 2^53 lose a few last bits and never go wrong by cancellation.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

int stats_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double stats_quantile(const double *sorted, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h);
	if (lo + 1 >= n)
		return sorted[n - 1];
	return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

static double median_sorted(const double *sorted, size_t n)
{
	return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

int stats_summarise(const double *x, size_t n, struct stats *s)
{
	/* On the stack for the usual few dozen repetitions; a file's worth
	 * (compare reads any samples.csv) on the heap, not a stack overflow. */
	double small[2 * 256], *sorted = small, *dev;
	double sum = 0, sq = 0;

	if (n > 256 && !(sorted = malloc(2 * n * sizeof(*sorted)))) {
		*s = (struct stats){ .n = 0, .mean = NAN, .median = NAN, .min = NAN, .max = NAN,
				     .stddev = NAN, .cv = NAN, .q1 = NAN, .q3 = NAN, .mad = NAN };
		return -1;
	}
	dev = sorted + n;
	memcpy(sorted, x, n * sizeof(*x));
	qsort(sorted, n, sizeof(*sorted), stats_cmp_double);
	for (size_t i = 0; i < n; i++)
		sum += sorted[i];
	s->n = n;
	s->mean = sum / (double)n;
	for (size_t i = 0; i < n; i++)
		sq += (sorted[i] - s->mean) * (sorted[i] - s->mean);
	s->stddev = n > 1 ? sqrt(sq / (double)(n - 1)) : 0;
	s->cv = s->mean > 0 ? s->stddev / s->mean : 0;
	s->min = sorted[0];
	s->max = sorted[n - 1];
	s->median = median_sorted(sorted, n);
	s->q1 = stats_quantile(sorted, n, 0.25);
	s->q3 = stats_quantile(sorted, n, 0.75);

	for (size_t i = 0; i < n; i++)
		dev[i] = fabs(sorted[i] - s->median);
	qsort(dev, n, sizeof(*dev), stats_cmp_double);
	s->mad = median_sorted(dev, n);
	s->outliers = 0;
	if (s->mad > 0)
		for (size_t i = 0; i < n; i++)
			s->outliers += 0.6745 * fabs(sorted[i] - s->median) / s->mad > STATS_OUTLIER_Z;
	if (sorted != small)
		free(sorted);
	return 0;
}

int stats_median_ci(const double *sorted, size_t n, double level, double *lo, double *hi)
{
	/* P(B <= i) summed term by term in logs (2^-n underflows past n = 1074). */
	double below = 0, tail = (1 - level) / 2, logn = lgamma((double)n + 1);
	size_t j = 0;
	for (size_t i = 0; 2 * i < n; i++) {
		below += exp(logn - lgamma((double)i + 1) - lgamma((double)(n - i) + 1) -
			     (double)n * log(2.0));
		if (below > tail * (1 + 1e-12))
			break;
		j = i + 1;
	}
	if (j == 0)
		return -1;
	*lo = sorted[j - 1];
	*hi = sorted[n - j];
	return 0;
}

/* One value of the pooled sample and which sample it came from. */
struct pooled {
	double v;
	int from_a;
};

static int cmp_pooled(const void *a, const void *b)
{
	return stats_cmp_double(&((const struct pooled *)a)->v, &((const struct pooled *)b)->v);
}

/* P(U <= u) and P(U >= u) under the null hypothesis for samples of m and n
 * values without ties (the distribution is the same for either sample's U).
 * Returns 0, or -1 when memory runs out. */
static int exact_tails(size_t m, size_t n, size_t u, double *below, double *above)
{
	if (m > n) {
		size_t t = m;
		m = n;
		n = t;
	}
	size_t width = m * n + 1;
	double *f = calloc((m + 1) * width, sizeof(*f));
	if (!f)
		return -1;
	for (size_t i = 0; i <= m; i++)
		f[i * width] = 1;           /* n' = 0: U is 0 */
	for (size_t j = 1; j <= n; j++)
		for (size_t i = 1; i <= m; i++) {
			double *row = f + i * width, *less = f + (i - 1) * width;
			for (size_t k = j; k <= i * j; k++)
				row[k] += less[k - j];
		}
	double *dist = f + m * width, total = 0, lo = 0, hi = 0;
	for (size_t k = 0; k < width; k++) {
		total += dist[k];
		lo += k <= u ? dist[k] : 0;
		hi += k >= u ? dist[k] : 0;
	}
	free(f);
	*below = lo / total;
	*above = hi / total;
	return 0;
}

/* Two-sided p of U (n1 n2 pairs) by the normal approximation; ties is the
 * sum of t^3 - t over groups of t equal values among all n1 + n2. */
static double normal_p(double u, size_t n1, size_t n2, double ties)
{
	double m = (double)n1, n = (double)n2, total = m + n;
	double var = m * n / 12 * ((total + 1) - ties / (total * (total - 1)));
	double d = fabs(u - m * n / 2) - 0.5;
	if (var <= 0)
		return 1;
	return erfc((d > 0 ? d : 0) / sqrt(var) / sqrt(2.0));
}

int stats_mann_whitney(const double *a, size_t na, const double *b, size_t nb,
		       double *u, double *p)
{
	if (na == 0 || nb == 0)
		return -1;
	size_t total = na + nb;
	struct pooled *all = malloc(total * sizeof(*all));
	if (!all)
		return -1;
	for (size_t i = 0; i < na; i++)
		all[i] = (struct pooled){ a[i], 1 };
	for (size_t j = 0; j < nb; j++)
		all[na + j] = (struct pooled){ b[j], 0 };
	qsort(all, total, sizeof(*all), cmp_pooled);

	/* Rank sum of a with mid-ranks for ties; U = R_a - na (na + 1) / 2. */
	double rank_a = 0, ties = 0;
	for (size_t i = 0; i < total;) {
		size_t j = i;
		while (j < total && all[j].v == all[i].v)
			j++;
		double t = (double)(j - i), mid = (double)(i + j + 1) / 2;
		for (size_t k = i; k < j; k++)
			rank_a += all[k].from_a ? mid : 0;
		ties += t * t * t - t;
		i = j;
	}
	free(all);
	double ua = rank_a - (double)na * (double)(na + 1) / 2;

	double prob;
	if (ties == 0 && (double)na * (double)nb <= STATS_MW_EXACT_PAIRS) {
		double below, above;
		if (exact_tails(na, nb, (size_t)ua, &below, &above) < 0)
			return -1;
		prob = 2 * (below < above ? below : above);
	} else {
		prob = normal_p(ua, na, nb, ties);
	}
	*u = ua;
	*p = prob < 1 ? prob : 1;
	return 0;
}

double stats_mann_whitney_min_p(size_t na, size_t nb)
{
	if (na == 0 || nb == 0)
		return 1;
	if ((double)na * (double)nb <= STATS_MW_EXACT_PAIRS) {
		/* Two of the C(na + nb, na) orderings are as extreme as can be. */
		double ways = 1;
		size_t m = na < nb ? na : nb;
		for (size_t i = 1; i <= m; i++)
			ways = ways * (double)(na + nb - m + i) / (double)i;
		return 2 / ways < 1 ? 2 / ways : 1;
	}
	return normal_p(0, na, nb, 0);
}

/* A p-value and where it was given, for sorting. */
struct ranked {
	double p;
	size_t at;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->p != y->p)
		return (x->p > y->p) - (x->p < y->p);
	return (x->at > y->at) - (x->at < y->at);   /* ties: a stable order */
}

/*
 * Holm's step-down procedure: sorted ascending, the k-th smallest of m
 * (k from 0) must be below alpha / (m - k), and testing stops at the first
 * that is not. Its adjusted value, max over j <= k of (m - j) p_(j) (at
 * most 1), is below alpha exactly when the procedure rejects it there.
 */
int stats_holm(const double *p, size_t n, double *adjusted)
{
	struct ranked *r = malloc((n ? n : 1) * sizeof(*r));
	size_t m = 0;
	if (!r)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!isnan(p[i]))
			r[m++] = (struct ranked){ p[i], i };
		adjusted[i] = NAN;     /* after reading p[i]: adjusted may be p */
	}
	qsort(r, m, sizeof(*r), cmp_ranked);
	double running = 0;
	for (size_t k = 0; k < m; k++) {
		double v = (double)(m - k) * r[k].p;
		running = v > running ? v : running;
		adjusted[r[k].at] = running < 1 ? running : 1;
	}
	free(r);
	return 0;
}

/* splitmix64 (Steele, Lea and Flood): a small generator whose stream
 * depends on the seed alone, the same on every machine. */
static unsigned long long splitmix64(unsigned long long *state)
{
	unsigned long long z = (*state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* The median of n values drawn with replacement from x[0..n) into buf. */
static double resample_median(const double *x, size_t n, double *buf, unsigned long long *state)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = x[(size_t)(((splitmix64(state) >> 32) * (unsigned long long)n) >> 32)];
	qsort(buf, n, sizeof(*buf), stats_cmp_double);
	return median_sorted(buf, n);
}

/* The median of x[0..n) through buf (x is not changed). */
static double median_of(const double *x, size_t n, double *buf)
{
	memcpy(buf, x, n * sizeof(*x));
	qsort(buf, n, sizeof(*buf), stats_cmp_double);
	return median_sorted(buf, n);
}

int stats_ratio_ci(const double *a, size_t na, const double *b, size_t nb, double level,
		   size_t resamples, unsigned long long seed, double *lo, double *hi)
{
	if (na == 0 || nb == 0 || resamples == 0)
		return -1;
	double *buf = malloc((na > nb ? na : nb) * sizeof(*buf));
	double *ratio = malloc(resamples * sizeof(*ratio));
	int rc = -1;
	if (!buf || !ratio)
		goto out_free;
	double den = median_of(b, nb, buf);
	if (!(den > 0))
		goto out_free;
	double est = median_of(a, na, buf) / den;
	unsigned long long state = seed;
	for (size_t r = 0; r < resamples; r++) {
		double ma = resample_median(a, na, buf, &state);
		double mb = resample_median(b, nb, buf, &state);
		if (!(mb > 0))
			goto out_free;
		ratio[r] = ma / mb;
	}
	qsort(ratio, resamples, sizeof(*ratio), stats_cmp_double);
	*lo = stats_quantile(ratio, resamples, (1 - level) / 2);
	*hi = stats_quantile(ratio, resamples, (1 + level) / 2);
	*lo = *lo < est ? *lo : est;
	*hi = *hi > est ? *hi : est;
	rc = 0;
out_free:
	free(buf);
	free(ratio);
	return rc;
}
