/*
 * reps.c - see reps.h. The interval needs at least 6 repetitions at 95 %
 * (with 5, even [min, max] holds the median with probability 1 - 2/32 <
 * 0.95), so the default --reps 5 always runs one more before it can stop
 * on precision.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/stats.h"
#include "reps.h"

void reps_rule_make(struct reps_rule *r, int reps, double min_time, int quick, int max_short)
{
	*r = (struct reps_rule){
		.reps = reps, .min_time = min_time, .adaptive = !quick,
		.max_reps = REPS_CAP_FACTOR * reps, .max_time = REPS_TIME_FACTOR * min_time,
		.max_short = max_short,
	};
}

/* Whether the median of seconds[0..n) is known within REPS_TOLERANCE. */
static int precise(const double *seconds, int n)
{
	double *sorted = malloc(sizeof(double) * (size_t)n), lo, hi;
	if (!sorted)
		return 0;
	memcpy(sorted, seconds, sizeof(double) * (size_t)n);
	qsort(sorted, (size_t)n, sizeof(double), stats_cmp_double);
	double median = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	int ok = stats_median_ci(sorted, (size_t)n, REPS_LEVEL, &lo, &hi) == 0 &&
		 lo >= median * (1 - REPS_TOLERANCE) && hi <= median * (1 + REPS_TOLERANCE);
	free(sorted);
	return ok;
}

enum reps_state reps_check(const struct reps_rule *r, const double *seconds, int kept,
			   double wall_time)
{
	if (kept < r->reps || (wall_time < r->min_time && kept < r->max_short))
		return REPS_MORE;
	if (!r->adaptive)
		return REPS_FIXED;
	if (precise(seconds, kept))
		return REPS_PRECISE;
	if (kept >= r->max_reps || wall_time >= r->max_time)
		return REPS_CAPPED;
	return REPS_MORE;
}

void reps_describe(const struct reps_rule *r, char *buf, size_t len)
{
	if (!r->adaptive) {
		snprintf(buf, len, "fixed: %d repetitions, and more until they add up to %g s", r->reps,
			 r->min_time);
		return;
	}
	snprintf(buf, len, "after %d repetitions and %g s: stop when the %.0f %% confidence interval of the median (order statistics) is within +-%.0f %% of it; cap %d repetitions or %g s measured",
		 r->reps, r->min_time, 100 * REPS_LEVEL, 100 * REPS_TOLERANCE, r->max_reps, r->max_time);
}

const char *reps_state_name(enum reps_state s)
{
	static const char *const names[] = { "more", "fixed", "precise", "capped" };
	return names[s];
}
