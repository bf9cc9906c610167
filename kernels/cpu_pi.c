/*
 * cpu_pi.c - Monte Carlo estimate of pi: item i is the point whose two
 * coordinates come from splitmix64(i), counted if it falls inside the unit
 * circle. Uniform CPU-bound work; the hit count depends on the item range
 * only, never on the split. No data set: --items sets n.
 */
#include "kernel.h"

static uint64_t pi_run(const struct kernel_job *job, size_t lo, size_t hi,
		       struct worker *w)
{
	(void)job;
	(void)w;
	const double inv = 1.0 / 4294967296.0;
	uint64_t hits = 0;
	for (size_t i = lo; i < hi; i++) {
		uint64_t r = kernel_mix64(i);
		double x = (double)(uint32_t)r * inv;
		double y = (double)(uint32_t)(r >> 32) * inv;
		hits += (x * x + y * y <= 1.0);
	}
	return hits;
}

const struct kernel_ops kernel_pi = {
	.name = "pi",
	.kind = KERNEL_CPU,
	.summary = "Monte Carlo pi, one counter-based random point per item (uniform)",
	.item_bytes = 0,
	.default_items = 40000000,
	.quick_items = 2000000,
	.rate = { .per_item = 1, .scale = 1e6, .unit = "Mpoints/s" },
	.run = pi_run,
};
