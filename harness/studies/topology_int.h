/*
 * topology_int.h - what the files of `parbench topology` share: the pair
 * measurements (topology_pairs.c), the cache sweep and its steps
 * (topology_caches.c), the choice of pairs (topology_sample.c). Not for
 * use outside harness/studies/topology*.c.
 */
#ifndef PARBENCH_TOPOLOGY_INT_H
#define PARBENCH_TOPOLOGY_INT_H

#include <stddef.h>

#include "../core/plan.h"

/* ---- pairs (topology_pairs.c) ------------------------------------------- */

/* How long and how often the pair measurements run. */
struct topo_pair_cfg {
	int pp_trips;        /* round trips per timed repetition of the ping-pong */
	int pp_reps;         /* timed repetitions per pair (their median is the result) */
	double pp_limit_s;   /* a pair's ping-pong gives up after this long (a PU that never runs) */
	double window_s;     /* the compute loop's window per measurement */
	int rounds;          /* rounds of (a alone, b alone, a with b) per pair */
};

/* One pair's core-to-core latency: one-way ns (half a round trip), the
 * median, min and max over the repetitions; reps 0 when none finished. */
struct topo_c2c {
	double median_ns, lo_ns, hi_ns;
	int reps;
};

/* Threads bound to the layout's workers a and b (PLAN_THREADS over every
 * usable PU) bounce one cache line. Returns 0 with *out; -1 with the
 * reason in err (a thread not created or not bound; a timeout leaves
 * out->reps below cfg->pp_reps and returns 0). */
int topo_c2c_pair(const struct plan_layout *l, int a, int b, const struct topo_pair_cfg *cfg,
		  struct topo_c2c *out, char *err, size_t errlen);

/* One pair's interference: the compute loop's rate (million multiplies
 * per second) on a alone, on b alone, and on each while the other runs it
 * too (medians over the rounds); share: the lowest median CPU share
 * (CPU time over wall time) of the runs, below 1 when other processes
 * took the CPUs. */
struct topo_intf {
	double alone[2], together[2];
	double share;
};

/* Measures the pair (a, b) in cfg->rounds rounds. Returns 0 with *out, or
 * -1 with the reason in err. Stops early (returns 0, rounds cut) at a
 * signal. */
int topo_intf_pair(const struct plan_layout *l, int a, int b, const struct topo_pair_cfg *cfg,
		   struct topo_intf *out, char *err, size_t errlen);

/* The compute loop, in words, for meta.json and the report. */
extern const char topo_loop_words[];

/* Verdicts on a slowdown (1 - relative throughput). */
#define TOPO_SIBLING 0.25
#define TOPO_SHARED 0.08
const char *topo_verdict(double slowdown);

/* ---- which pairs (topology_sample.c) ------------------------------------ */

/* An unordered pair of usable PUs, by their index in hwloc's logical order
 * (a < b), with their OS indexes. */
struct topo_pair {
	int a, b;
};

/* Chooses at most limit (<= 0: every) of the n(n-1)/2 pairs of n PUs
 * (os[i]: PU i's OS index) into out (room for n(n-1)/2), first the
 * likeliest to share something, then a fixed pseudo-random rest; sorted
 * by (a, b). Returns the count. */
int topo_pairs_choose(int n, const int *os, long limit, struct topo_pair *out);

/* ---- caches (topology_caches.c) ----------------------------------------- */

/* One size of the sweep: ns per dependent load (median, min, max). */
struct topo_point {
	size_t bytes;
	double ns, lo_ns, hi_ns;
	int reps;
};

/* How the sweep runs. */
struct topo_sweep_cfg {
	size_t from, to;     /* bytes */
	int steps;           /* sizes per doubling */
	int reps;            /* timed runs per size after one warm-up */
	double work;         /* the chase kernel's factor on its loads per run */
	double limit_s;      /* the sweep stops after this long (said) */
};

/* Chases pointers over each size on layout worker 0's PU; each point goes
 * to point(ctx, p) as it is measured (which may write it). Returns the
 * count measured (fewer than planned after the time limit or a signal), or
 * -1 with the reason in err. */
int topo_sweep(const struct plan_layout *l, const struct topo_sweep_cfg *cfg,
	       int (*point)(void *ctx, const struct topo_point *p), void *ctx, char *err, size_t errlen);

/* A rise of the latency curve: the size where it passes its middle (the
 * capacity of the level below, as measured), where it starts and stops,
 * and the latencies there. */
struct topo_step {
	size_t bytes, start_bytes, top_bytes;
	double before_ns, after_ns;
};

/* The steps of p[0..n) (a sweep at `steps` sizes per doubling) by the
 * rule in topology_caches.c's top comment, into out (at most max), in
 * increasing size. Returns the count. */
int topo_steps(const struct topo_point *p, int n, int steps, struct topo_step *out, int max);

/* Which of nlevels levels (0: the first hwloc names) each of the steps
 * s[0..n) is, into level[0..n) (-1: none), by the rule in
 * topology_caches.c's top comment. Returns the levels matched. */
int topo_match(const struct topo_step *s, int n, int nlevels, int *level);

#endif
