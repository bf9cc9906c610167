/*
 * cpu_primes.c - count primes in [PRIMES_BASE + lo, PRIMES_BASE + hi) by
 * trial division. CPU-bound with irregular work: a prime costs sqrt(x)/2
 * divisions, most composites stop at a small factor, and larger x cost more,
 * so a static split gives the last worker the most work (what dynamic
 * scheduling fixes). No data set: --size does not apply, --items sets n.
 */
#include "kernel.h"

/* Start above the small numbers so one item is a few microseconds of work. */
#define PRIMES_BASE 1000000ULL

static int is_prime(uint64_t x)
{
	if (x < 2)
		return 0;
	if (x % 2 == 0)
		return x == 2;
	for (uint64_t d = 3; d * d <= x; d += 2)
		if (x % d == 0)
			return 0;
	return 1;
}

static uint64_t primes_run(const struct kernel_job *job, size_t lo, size_t hi,
			   struct worker *w)
{
	(void)job;
	(void)w;
	uint64_t count = 0;
	for (size_t i = lo; i < hi; i++)
		count += (uint64_t)is_prime(PRIMES_BASE + i);
	return count;
}

const struct kernel_ops kernel_primes = {
	.name = "primes",
	.kind = KERNEL_CPU,
	.summary = "count primes by trial division (irregular work per item)",
	.item_bytes = 0,
	.default_items = 400000,
	.quick_items = 40000,
	.rate = { .per_item = 1, .scale = 1e6, .unit = "Mnumbers/s" },
	.run = primes_run,
};
