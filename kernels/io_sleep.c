/*
 * io_sleep.c - each item sleeps SLEEP_NS (1 ms), the seeds' time.sleep():
 * pure waiting, bracketed by the worker's blocking hooks so that the gil
 * runner releases its lock meanwhile, as CPython's time.sleep does. The
 * partial result is the sum of (item + 1), so a lost or repeated item shows.
 */
#include <errno.h>
#include <time.h>

#include "kernel.h"

#define SLEEP_NS 1000000L

static uint64_t sleep_run(const struct kernel_job *job, size_t lo, size_t hi,
			  struct worker *w)
{
	(void)job;
	uint64_t sum = 0;
	for (size_t i = lo; i < hi; i++) {
		struct timespec ts = { 0, SLEEP_NS };
		worker_blocking_begin(w);
		while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
			;
		worker_blocking_end(w);
		sum += i + 1;
	}
	return sum;
}

const struct kernel_ops kernel_sleep = {
	.name = "sleep",
	.kind = KERNEL_IO,
	.summary = "each item sleeps 1 ms, lock released under gil (time.sleep)",
	.item_bytes = 0,
	.default_items = 200,
	.quick_items = 40,
	.rate = { .per_item = 1, .scale = 1, .unit = "items/s" },
	.run = sleep_run,
};
