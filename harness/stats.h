/*
 * stats.h - summary statistics of one configuration's repetitions.
 */
#ifndef PARBENCH_STATS_H
#define PARBENCH_STATS_H

#include <stddef.h>

struct stats {
	size_t n;
	double median, min, max, mean, stddev, cv;   /* cv = stddev / mean */
	double q1, q3;        /* quartiles: linear interpolation between order statistics (R type 7 / numpy default) */
	double mad;           /* median absolute deviation from the median, unscaled */
	size_t outliers;      /* values whose modified Z-score 0.6745*|x-median|/mad exceeds STATS_OUTLIER_Z (3.5, Iglewicz & Hoaglin, as hyperfine); 0 when mad == 0 */
};

/* Summarises x[0..n) (n >= 1; x is not changed). stddev is the sample
 * standard deviation (n - 1), 0 for a single value. */
void stats_summarise(const double *x, size_t n, struct stats *s);

/* CV above which a result is flagged unstable, and the fewest repetitions
 * that are not flagged as too few. */
#define STATS_CV_WARN 0.05
#define STATS_MIN_REPS 5
#define STATS_OUTLIER_Z 3.5

#endif
