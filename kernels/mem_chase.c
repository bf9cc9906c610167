/*
 * mem_chase.c - memory latency: a pointer chase over one random cycle
 * through n cache-line-sized nodes (Sattolo's algorithm, seeded, so every
 * run builds the same cycle). Item i is the i-th step along the cycle: a
 * range [lo, hi) starts at the lo-th node of the cycle (looked up in an
 * order table) and follows hi - lo links, one dependent load each, so the
 * hardware can neither overlap the loads nor predict the next address, and
 * any split of [0, n) (static blocks, dynamic chunks, the gil's units)
 * walks the same nodes in the same order; each range's first load waits for
 * the previous range's last (worker->carry), so a split never lets the CPU
 * run two chases at once. On one worker,
 * 1e3 / rate (Mloads/s) is nanoseconds per load; sweep --size over the
 * cache levels to see each level's latency.
 *
 * Loads per run: a million (CHASE_LOADS) while the cycle is at most 4 MiB,
 * whole passes over it; a longer cycle at the same count would take 0.1 s
 * a run on bare metal and over a second in a VM (a DRAM miss and a TLB
 * miss per load), so from there the loads fall as 1 / n (CHASE_REACH / n)
 * to CHASE_MIN_LOADS (64Ki) at 64 MiB and beyond. Where that is less than
 * the cycle, a run walks a window of it and setup sets job->n to the
 * window's length (the items show the cycle's nodes, the rate the loads). The
 * window starts where the last run's ended (reset moves it on), so the
 * footprint is the whole cycle still: every node is visited once every
 * n / window runs, and between two visits of a node the chase touches
 * every other node, exactly as a whole pass would; a run does not touch
 * every line, but it can find none of them in a cache a whole pass would
 * not. job->work (the harness's calibration) multiplies the loads.
 *
 * setup() checks that the links form a single cycle through every node.
 * The checksum counts the loads (the path itself is the same for any split
 * only in length); the last node reached goes to a volatile sink so that
 * the chase cannot be removed.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"

#define CHASE_LINE 64
/* Loads per run: CHASE_REACH / n, within [CHASE_MIN_LOADS, CHASE_LOADS]:
 * a million up to 4 MiB of nodes, 64Ki from 64 MiB on. */
#define CHASE_LOADS (1024.0 * 1024)
#define CHASE_REACH (CHASE_LOADS * 64 * 1024)
#define CHASE_MIN_LOADS (64.0 * 1024)

struct node {
	struct node *next;
	char pad[CHASE_LINE - sizeof(struct node *)];
};

struct chase {
	struct node *nodes;
	struct node **order;      /* order[i]: the i-th node along the cycle */
	size_t mapped;
	size_t count;             /* nodes in the cycle */
	size_t base;              /* where the window starts (0 when a run walks it whole) */
};

/* Where every run leaves its last node, so the chase is not deleted;
 * workers store at once, hence atomic (relaxed: a plain store on x86). */
static void *_Atomic volatile chase_sink;

/* Whether order[] holds every one of the n nodes once and each links to
 * the next in it (the last to the first): one cycle through all of them.
 * The loads are independent, so this costs far less than walking it. */
static int one_cycle(const struct chase *c, size_t n)
{
	unsigned char *seen = calloc(n, 1);
	int ok = seen != NULL;
	for (size_t i = 0; ok && i < n; i++) {
		size_t at = (size_t)(c->order[i] - c->nodes);
		ok = at < n && !seen[at] && c->order[i]->next == c->order[i + 1 < n ? i + 1 : 0];
		if (ok)
			seen[at] = 1;
	}
	free(seen);
	return ok;
}

static int chase_setup(struct kernel_job *job, char *err, size_t errlen)
{
	size_t n = job->n;
	struct chase *c = kernel_shared_alloc(sizeof(*c));
	size_t *perm = malloc(n * sizeof(*perm));
	if (!c || !perm)
		goto out_nomem;
	c->mapped = n * (sizeof(struct node) + sizeof(struct node *));
	c->nodes = kernel_private_alloc(c->mapped);   /* only read: inherited copy-on-write */
	if (!c->nodes)
		goto out_nomem;
	c->order = (struct node **)(c->nodes + n);
	/* Sattolo: a uniformly random permutation that is one single cycle. */
	for (size_t i = 0; i < n; i++)
		perm[i] = i;
	for (size_t i = n - 1; i > 0; i--) {
		size_t j = kernel_mix64(i) % i, t = perm[i];
		perm[i] = perm[j];
		perm[j] = t;
	}
	for (size_t i = 0; i < n; i++) {
		c->nodes[perm[i]].next = &c->nodes[perm[(i + 1) % n]];
		c->order[i] = &c->nodes[perm[i]];
	}
	free(perm);
	perm = NULL;
	if (!one_cycle(c, n)) {
		snprintf(err, errlen, "chase: the links do not form one cycle of %zu nodes", n);
		kernel_shared_free(c->nodes, c->mapped);
		kernel_shared_free(c, sizeof(*c));
		return -1;
	}
	c->count = n;
	job->state = c;
	job->bytes = n * sizeof(struct node);
	/* Loads per run: CHASE_REACH / n within [CHASE_MIN_LOADS, CHASE_LOADS],
	 * times the harness's factor; whole passes when that is the cycle or
	 * more, else a window of it. */
	double loads = CHASE_REACH / (double)n;
	loads = loads < CHASE_MIN_LOADS ? CHASE_MIN_LOADS : loads > CHASE_LOADS ? CHASE_LOADS : loads;
	loads *= job->work > 0 ? job->work : 1;
	if (loads >= (double)n)
		job->repeat = (unsigned)(loads / (double)n + 0.5);
	else
		job->n = loads < 1 ? 1 : (size_t)loads;
	return 0;

out_nomem:
	free(perm);
	if (c)
		kernel_shared_free(c, sizeof(*c));
	snprintf(err, errlen, "chase: cannot allocate %zu nodes: %s", n, strerror(errno));
	return -1;
}

static uint64_t chase_run(const struct kernel_job *job, size_t lo, size_t hi, struct worker *w)
{
	const struct chase *c = job->state;
	/* Chain this range to the worker's previous one: the first address
	 * depends (by a zero the compiler cannot see) on the last node reached
	 * before, so the CPU cannot start this chase while the last one runs,
	 * however finely the range was split. */
	uintptr_t prev = w ? w->carry : 0, zero = prev;
	__asm__("" : "+r"(zero));
	size_t first = c->base + lo < c->count ? c->base + lo : c->base + lo - c->count;
	struct node *p = (struct node *)((uintptr_t)c->order[first] + (zero - prev));
	for (size_t i = lo; i < hi; i++)
		p = p->next;
	if (w)
		w->carry = (uintptr_t)p;
	atomic_store_explicit(&chase_sink, p, memory_order_relaxed);
	return hi - lo;
}

/* Before a run: a window moves on to where the last one ended. */
static void chase_reset(const struct kernel_job *job)
{
	struct chase *c = job->state;
	if (job->n < c->count)
		c->base = (c->base + job->n) % c->count;
}

static void chase_teardown(struct kernel_job *job)
{
	struct chase *c = job->state;
	if (!c)
		return;
	kernel_shared_free(c->nodes, c->mapped);
	kernel_shared_free(c, sizeof(*c));
	job->state = NULL;
}

/* The cycle a forked worker inherits (the nodes and their order). */
static void *chase_data(const struct kernel_job *job, size_t *bytes)
{
	const struct chase *c = job->state;
	*bytes = c ? c->mapped : 0;
	return c ? c->nodes : NULL;
}

const struct kernel_ops kernel_chase = {
	.name = "chase",
	.kind = KERNEL_MEM,
	.summary = "pointer chase over one random cycle of 64-byte nodes (latency)",
	.item_bytes = sizeof(struct node),
	.default_items = (64u << 20) / sizeof(struct node),
	.quick_items = (4u << 20) / sizeof(struct node),
	.rate = { .per_item = 1, .scale = 1e6, .unit = "Mloads/s" },
	.metric = KERNEL_METRIC_LATENCY,
	.setup = chase_setup,
	.run = chase_run,
	.reset = chase_reset,
	.teardown = chase_teardown,
	.data = chase_data,
};
