/*
 * reps.h - when a configuration has run enough: the stopping rule of the
 * measuring walk, apart from the walk so that it can be tested on
 * made-up sequences of run times.
 *
 * A configuration runs at least --reps measured repetitions adding up to
 * at least --min-time of wall time. Then, unless the count is fixed
 * (--quick), it goes on until the median is known closely enough: until
 * the distribution-free 95 % confidence interval of the median
 * (stats_median_ci: two order statistics, no assumption on the shape of
 * the distribution) lies within +-1 % of the median; or until a cap, 3 x
 * --reps repetitions or 2.5 x --min-time of measured wall time, whichever
 * comes first. A noisy machine reaches the cap; a quiet one stops early.
 * --min-time 0 makes the time cap 0 too: exactly --reps repetitions (the
 * tests' way). BENCH_MAX_REPS still ends the minimum's time part.
 */
#ifndef PARBENCH_REPS_H
#define PARBENCH_REPS_H

#include <stddef.h>

#define REPS_LEVEL 0.95           /* the confidence interval's level */
#define REPS_TOLERANCE 0.01       /* its half-width, relative to the median */
#define REPS_CAP_FACTOR 3         /* repetitions: at most this x --reps */
#define REPS_TIME_FACTOR 2.5      /* measured wall time: at most this x --min-time */

struct reps_rule {
	int reps;                 /* at least these measured repetitions (--reps) */
	double min_time;          /* adding up to at least this (s, --min-time) */
	int adaptive;             /* then on to the precision or the cap; 0: stop (--quick) */
	int max_reps;             /* the cap: repetitions */
	double max_time;          /* the cap: measured wall time (s) */
	int max_short;            /* the minimum's time part ends here (BENCH_MAX_REPS) */
};

/* Where a configuration stands after a repetition. */
enum reps_state {
	REPS_MORE,                /* run another */
	REPS_FIXED,               /* the minimum, and the count is fixed (--quick) */
	REPS_PRECISE,             /* the median's interval is within the tolerance */
	REPS_CAPPED,              /* the cap came first */
};

/* The rule for --reps reps, --min-time min_time (s), fixed under --quick;
 * max_short is BENCH_MAX_REPS. */
void reps_rule_make(struct reps_rule *r, int reps, double min_time, int quick, int max_short);

/* Whether a configuration whose kept measured repetitions took seconds[0..
 * kept) (work times, any order) and wall_time in all has run enough under
 * r. */
enum reps_state reps_check(const struct reps_rule *r, const double *seconds, int kept,
			   double wall_time);

/* The rule in words, for meta.json and the run's header. */
void reps_describe(const struct reps_rule *r, char *buf, size_t len);

/* "more", "fixed", "precise", "capped". */
const char *reps_state_name(enum reps_state s);

#endif
