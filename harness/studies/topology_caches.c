/*
 * topology_caches.c - where the cache levels end, measured: a pointer-chase
 * latency sweep with the chase kernel (kernels/mem_chase.c, the one
 * `parbench sweep --kernels chase` runs) and the steps of its curve.
 *
 * The sweep. One thread, bound to the first usable PU, runs the kernel as
 * the serial runner would: setup for n = bytes / 64 nodes (one random
 * cycle), one untimed run, then `reps` timed runs of job.repeat passes
 * over [0, job.n), reset before each; a run's latency is its time over
 * its loads (ns per dependent load), and the size's is the median of its
 * runs. The kernel chooses the loads per run (a million up to 4 MiB,
 * fewer beyond: see its comment); `work` scales them (--quick: fewer).
 * Sizes are geometric, `steps` per doubling, from `from` to `to`; the
 * sweep stops early after limit_s (said by the caller: fewer rows).
 *
 * The steps. A cache level shows as a plateau of the latency curve that
 * ends where its capacity does; past it the latency rises to the next
 * plateau. The rule, on the medians L(s):
 *   1. smooth: each point becomes the median of the points within half
 *      a doubling of size on either side (5 points at 4 sizes per
 *      doubling, 3 at 2 or 3; at the ends, as many nearest), so that
 *      a noisy size or two (another process using the shared cache)
 *      neither make nor hide a step;
 *   2. the slope between neighbours is log2(L_k / L_k-1) / log2(s_k / s_k-1):
 *      how many doublings of latency per doubling of size; an interval
 *      rises when its slope is at least STEP_SLOPE (0.3: +23 % per
 *      doubling of size);
 *   3. a step is a maximal run of rising intervals whose latency grows by
 *      STEP_RISE (1.4x) or more from its start to its end; smaller runs
 *      are noise or a TLB reach (4 KiB pages: the first-level TLB's
 *      reach is a few hundred KiB and adds a few cycles, not 40 %);
 *   4. the step's size is where the smoothed curve crosses the middle of
 *      the rise (the geometric mean of its latencies at the start and
 *      the end), interpolated on log size between the two sizes around
 *      the crossing; its latency at the start is the level's, and at the
 *      end what the next level costs.
 * Why the middle and not the start: the curve often starts to bend well
 * before the capacity (the TLB: with 4 KiB pages the first-level TLB
 * reaches a few hundred KiB, and each miss adds a little), while a cache
 * whose replacement is near LRU drops most of its hits within one
 * interval once a cyclic chase no longer fits: the steep middle is the
 * capacity, to about one sweep interval (2^(1/steps)). Beware all the
 * same: past the last TLB's reach (a few MiB to a few tens of MiB with
 * 4 KiB pages) every load adds a page walk (in a VM a walk through two
 * sets of page tables, which can cost as much as DRAM), and that step can
 * look like a cache's end. The
 *
 * Matching steps to the levels hwloc names (topo_match): in order of size,
 * the k-th step to the k-th level (L1, L2, L3), as a student reads the
 * curve. When there are more steps than levels, the levels take the
 * largest rises (by the ratio of the latencies after and before) and the
 * other steps are left over ("other": a TLB's reach, a NUMA node, noise);
 * with fewer, the last levels have none (not found).
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../kernels/kernel.h"
#include "../core/clock.h"
#include "../core/signals.h"
#include "../core/stats.h"
#include "topology_int.h"

#define STEP_SLOPE 0.3
#define STEP_RISE 1.4
#define SWEEP_MAX_REPS 64

/* One timed run of the kernel over job: ns per load. */
static double chase_once(const struct kernel_ops *k, struct kernel_job *job, struct worker *w)
{
	if (k->reset)
		k->reset(job);
	unsigned rep = job->repeat ? job->repeat : 1;
	double t0 = clock_now();
	for (unsigned i = 0; i < rep; i++)
		k->run(job, 0, job->n, w);
	double t = clock_now() - t0;
	return t / ((double)job->n * rep) * 1e9;
}

/* One size: setup, a warm-up, reps timed runs, teardown. 0 or -1. */
static int chase_size(const struct kernel_ops *k, size_t bytes, const struct topo_sweep_cfg *cfg,
		      struct topo_point *p, char *err, size_t errlen)
{
	struct kernel_job job = { .n = bytes / k->item_bytes, .work = cfg->work };
	struct worker w = { .id = 0 };
	double ns[SWEEP_MAX_REPS];
	int reps = cfg->reps < SWEEP_MAX_REPS ? cfg->reps : SWEEP_MAX_REPS;
	if (job.n < 2)
		job.n = 2;
	if (k->setup(&job, err, errlen) < 0)
		return -1;
	chase_once(k, &job, &w);
	for (int i = 0; i < reps; i++)
		ns[i] = chase_once(k, &job, &w);
	k->teardown(&job);
	struct stats st;
	stats_summarise(ns, (size_t)reps, &st);
	*p = (struct topo_point){ .bytes = bytes, .ns = st.median, .lo_ns = st.min, .hi_ns = st.max,
				  .reps = reps };
	return 0;
}

int topo_sweep(const struct plan_layout *l, const struct topo_sweep_cfg *cfg,
	       int (*point)(void *ctx, const struct topo_point *p), void *ctx, char *err, size_t errlen)
{
	const struct kernel_ops *k = kernel_find("chase");
	if (!k) {
		snprintf(err, errlen, "the chase kernel is not in the kernel table");
		return -1;
	}
	if (plan_bind(l, 0, err, errlen) < 0)
		return -1;
	double ratio = pow(2.0, 1.0 / cfg->steps), end = clock_now() + cfg->limit_s, last = 0;
	int n = 0, rc = 0;
	for (double b = (double)cfg->from; !signals_stopped() && clock_now() < end; b *= ratio) {
		/* Whole nodes, --to itself last. */
		double v = b < (double)cfg->to * 0.999 ? floor(b / 64 + 0.5) * 64 : (double)cfg->to;
		if (v == last)
			continue;
		struct topo_point p;
		if (chase_size(k, (size_t)v, cfg, &p, err, errlen) < 0 || point(ctx, &p) < 0) {
			rc = -1;
			break;
		}
		n++;
		last = v;
		if (v >= (double)cfg->to)
			break;
	}
	plan_unbind(l);
	return rc < 0 ? -1 : n;
}

/* ---- the steps --------------------------------------------------------------- */

/* The median of p[lo..hi).ns (at most 16 points). */
static double median_ns(const struct topo_point *p, int lo, int hi)
{
	double v[16];
	int n = 0;
	for (int i = lo; i < hi && n < 16; i++)
		v[n++] = p[i].ns;
	qsort(v, (size_t)n, sizeof(double), stats_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Rule 1: m[k] is the median of the 2w + 1 points nearest to k, w =
 * steps / 2 (one doubling of size) but at least 1. */
static void smooth(const struct topo_point *p, int n, int steps, double *m)
{
	int w = steps / 2 > 1 ? steps / 2 : 1;
	for (int k = 0; k < n; k++) {
		int lo = k - w, hi = k + w + 1;
		if (lo < 0)
			hi -= lo, lo = 0;
		if (hi > n)
			lo -= hi - n, hi = n;
		m[k] = median_ns(p, lo < 0 ? 0 : lo, hi);
	}
}

/* Whether the interval from size k - 1 to size k rises (rule 2). */
static int rising(const struct topo_point *p, const double *m, int k)
{
	return log2(m[k] / m[k - 1]) / log2((double)p[k].bytes / (double)p[k - 1].bytes) >= STEP_SLOPE;
}

/* Where m[start..top] crosses the geometric mean of its ends, on log size. */
static size_t middle(const struct topo_point *p, const double *m, int start, int top)
{
	double half = sqrt(m[start] * m[top]);
	int j = start + 1;
	while (j < top && m[j] < half)
		j++;
	double f = m[j] > m[j - 1] ? log(half / m[j - 1]) / log(m[j] / m[j - 1]) : 1;
	f = f < 0 ? 0 : f > 1 ? 1 : f;
	double b = (double)p[j - 1].bytes * pow((double)p[j].bytes / (double)p[j - 1].bytes, f);
	return (size_t)(b / 64 + 0.5) * 64;
}

int topo_steps(const struct topo_point *p, int n, int steps, struct topo_step *out, int max)
{
	double *m = malloc(sizeof(double) * (size_t)(n > 0 ? n : 1));
	int count = 0;
	if (!m)
		return 0;
	smooth(p, n, steps, m);
	for (int k = 1; k < n && count < max;) {
		if (!rising(p, m, k)) {
			k++;
			continue;
		}
		int start = k - 1;
		while (k < n && rising(p, m, k))
			k++;
		int top = k - 1;
		if (m[top] / m[start] >= STEP_RISE)
			out[count++] = (struct topo_step){ .bytes = middle(p, m, start, top), .start_bytes = p[start].bytes,
							   .top_bytes = p[top].bytes, .before_ns = m[start],
							   .after_ns = m[top] };
	}
	free(m);
	return count;
}

int topo_match(const struct topo_step *s, int n, int nlevels, int *level)
{
	int kept = 0;
	for (int k = 0; k < n; k++) {
		/* Kept when fewer than nlevels steps rise more (ties: the smaller size wins). */
		int larger = 0;
		for (int j = 0; j < n; j++) {
			double rj = s[j].after_ns / s[j].before_ns, rk = s[k].after_ns / s[k].before_ns;
			larger += j != k && (rj > rk || (rj == rk && j < k));
		}
		level[k] = larger < nlevels ? kept++ : -1;
	}
	return kept;
}
