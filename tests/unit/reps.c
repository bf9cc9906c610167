/*
 * tests/unit/reps.c - the stopping rule (harness/bench/reps.h) on made-up
 * sequences of run times, fed one repetition at a time as the walk feeds
 * it: the minimum (--reps and --min-time), then the median's 95 %
 * interval within +-1 %, or the cap (3 x --reps, 2.5 x --min-time); a
 * fixed count under --quick. Nothing is timed. TAP output.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../../harness/bench/reps.h"
#include "../lib/tap.h"

/* Feeds x[0], x[1], ... (each also its wall time) until the rule says
 * enough or n run out; the count taken in *kept. */
static enum reps_state feed(const struct reps_rule *r, const double *x, int n, int *kept)
{
	double wall = 0;
	for (*kept = 0; *kept < n;) {
		wall += x[*kept];
		++*kept;
		enum reps_state s = reps_check(r, x, *kept, wall);
		if (s != REPS_MORE)
			return s;
	}
	return REPS_MORE;
}

static double seq[400];

/* seq: n values, base, with every other one base x (1 + jitter). */
static void fill(int n, double base, double jitter)
{
	for (int i = 0; i < n; i++)
		seq[i] = i % 2 ? base * (1 + jitter) : base;
}

static void minimum_then_precision(void)
{
	struct reps_rule r;
	int kept;
	reps_rule_make(&r, 5, 0.05, 0, 10000);
	fill(100, 0.01, 0);
	enum reps_state s = feed(&r, seq, 100, &kept);
	ok(s == REPS_PRECISE && kept == 6,
	   "equal runs: precise at 6, the first count with a 95 %% interval (%s at %d)",
	   reps_state_name(s), kept);
	fill(100, 0.001, 0);
	s = feed(&r, seq, 100, &kept);
	ok(s == REPS_PRECISE && kept == 50,
	   "short runs: not before --min-time, 50 x 1 ms (%s at %d)", reps_state_name(s), kept);
	fill(100, 0.01, 0.005);
	s = feed(&r, seq, 100, &kept);
	ok(s == REPS_PRECISE && kept == 6, "a spread of 0.5 %%: within +-1 %%, precise at 6 (%s at %d)",
	   reps_state_name(s), kept);
	fill(100, 0.01, 0);
	seq[0] = 0.02;
	s = feed(&r, seq, 100, &kept);
	ok(s == REPS_PRECISE && kept == 9,
	   "one slow run first: [min, max] holds it until 9 runs drop the extremes (%s at %d)",
	   reps_state_name(s), kept);
}

static void caps(void)
{
	struct reps_rule r;
	int kept;
	reps_rule_make(&r, 5, 0.05, 0, 10000);
	fill(100, 0.01, 0.05);
	enum reps_state s = feed(&r, seq, 100, &kept);
	/* 0.01 and 0.0105 alternate: 12 runs are 0.123 s, 13 are 0.133 >= 0.125. */
	ok(s == REPS_CAPPED && kept == 13, "a 5 %% spread: on to the time cap, 2.5 x 0.05 s (%s at %d)",
	   reps_state_name(s), kept);
	fill(100, 0.004, 0.05);
	s = feed(&r, seq, 100, &kept);
	ok(s == REPS_CAPPED && kept == 15, "shorter runs: the count cap, 3 x 5, comes first (%s at %d)",
	   reps_state_name(s), kept);
	reps_rule_make(&r, 2, 0, 0, 10000);
	fill(100, 0.01, 0.05);
	s = feed(&r, seq, 100, &kept);
	ok(s == REPS_CAPPED && kept == 2, "--min-time 0: a time cap of 0, exactly --reps (%s at %d)",
	   reps_state_name(s), kept);
	fill(100, 0.01, 0);
	reps_rule_make(&r, 8, 0, 0, 10000);
	s = feed(&r, seq, 100, &kept);
	ok(s == REPS_PRECISE && kept == 8, "precision is looked at before the cap (%s at %d)",
	   reps_state_name(s), kept);
	reps_rule_make(&r, 5, 100, 0, 40);
	fill(100, 0.01, 0.05);
	s = feed(&r, seq, 100, &kept);
	ok(s == REPS_CAPPED && kept == 40, "BENCH_MAX_REPS ends the minimum's time part (%s at %d)",
	   reps_state_name(s), kept);
}

static void fixed_and_words(void)
{
	struct reps_rule r;
	char text[400];
	int kept;
	reps_rule_make(&r, 3, 0.05, 1, 10000);
	fill(100, 0.01, 0.05);
	enum reps_state s = feed(&r, seq, 100, &kept);
	ok(s == REPS_FIXED && kept == 5, "--quick: --reps and --min-time only, whatever the spread (%s at %d)",
	   reps_state_name(s), kept);
	reps_rule_make(&r, 5, 0.2, 0, 10000);
	reps_describe(&r, text, sizeof(text));
	ok(strstr(text, "95 % confidence interval of the median") && strstr(text, "+-1 %") &&
	   strstr(text, "cap 15 repetitions or 0.5 s"), "the rule in words: %s", text);
}

int main(void)
{
	minimum_then_precision();
	caps();
	fixed_and_words();
	printf("1..%d\n", tap_count);
	return tap_failures != 0;
}
