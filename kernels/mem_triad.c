/*
 * mem_triad.c - STREAM's triad, a[i] = b[i] + s * c[i], over three arrays of
 * doubles in shared memory. One item is one element; setup asks for `repeat`
 * passes per run (the runners make them, see split.h) so that even a
 * cache-sized array runs long enough to be timed, and counts 24 bytes per element per pass, as STREAM does
 * (read b, read c, write a; write-allocate traffic is not counted).
 * reset() clears a[] before each run and digest() hashes it afterwards, so a
 * skipped or doubled range changes the checksum.
 * a[] is written by the workers, so it is shared; b[] and c[] are only
 * read, so they are private memory that a forked worker inherits
 * copy-on-write (.data: what --touch-inherited writes), as a Python
 * child inherits its parent's objects.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kernel.h"

/* Traffic per run that repeat is chosen to reach, in bytes (times
 * job->work, the harness's calibration): 1 GiB keeps an
 * L1-sized run above a millisecond even at 400+ GB/s. make check-tsan's
 * build sets less (-DTRIAD_TRAFFIC), so a run under ThreadSanitizer still
 * makes many passes but takes a second, not minutes. */
#ifndef TRIAD_TRAFFIC
#define TRIAD_TRAFFIC (1024.0 * 1024 * 1024)
#endif
#define TRIAD_SCALAR 3.0

struct triad {
	double *a, *b, *c;
	size_t mapped;            /* a[] (shared) */
	size_t inputs;            /* b[] and c[] (private, one mapping) */
};

static int triad_setup(struct kernel_job *job, char *err, size_t errlen)
{
	size_t n = job->n;
	struct triad *t = kernel_shared_alloc(sizeof(*t));
	if (!t)
		goto out_nomem;
	t->mapped = n * sizeof(double);
	t->inputs = 2 * n * sizeof(double);
	t->a = kernel_shared_alloc(t->mapped);
	if (!t->a)
		goto out_free;
	t->b = kernel_private_alloc(t->inputs);
	if (!t->b)
		goto out_unmap;
	t->c = t->b + n;
	for (size_t i = 0; i < n; i++) {
		t->b[i] = 1.0 + (double)(i % 1024) / 1024.0;
		t->c[i] = 2.0 - (double)(i % 512) / 512.0;
	}
	job->state = t;
	job->bytes = 3 * n * sizeof(double);
	double passes = TRIAD_TRAFFIC * (job->work > 0 ? job->work : 1) /
			((double)job->bytes ? (double)job->bytes : 1);
	job->repeat = passes < 1 ? 1 : (unsigned)(passes + 0.5);
	return 0;

out_unmap:
	kernel_shared_free(t->a, t->mapped);
out_free:
	kernel_shared_free(t, sizeof(*t));
out_nomem:
	snprintf(err, errlen, "triad: cannot map %zu bytes: %s",
		 3 * n * sizeof(double), strerror(errno));
	return -1;
}

static uint64_t triad_run(const struct kernel_job *job, size_t lo, size_t hi,
			  struct worker *w)
{
	(void)w;
	const struct triad *t = job->state;
	double *restrict a = t->a;
	const double *restrict b = t->b, *restrict c = t->c;
	for (size_t i = lo; i < hi; i++)
		a[i] = b[i] + TRIAD_SCALAR * c[i];
	/* Keep every pass: the compiler may not merge two calls' stores. */
	__asm__ volatile("" ::: "memory");
	return hi - lo;
}

static void triad_reset(const struct kernel_job *job)
{
	const struct triad *t = job->state;
	memset(t->a, 0, job->n * sizeof(double));
}

static uint64_t triad_digest(const struct kernel_job *job)
{
	const struct triad *t = job->state;
	uint64_t sum = 0;
	for (size_t i = 0; i < job->n; i++) {
		uint64_t bits;
		memcpy(&bits, &t->a[i], sizeof(bits));
		sum += kernel_mix64(bits ^ i);
	}
	return sum;
}

static void *triad_output(const struct kernel_job *job)
{
	const struct triad *t = job->state;
	return t->a;
}

static void triad_teardown(struct kernel_job *job)
{
	struct triad *t = job->state;
	if (!t)
		return;
	kernel_shared_free(t->a, t->mapped);
	kernel_shared_free(t->b, t->inputs);
	kernel_shared_free(t, sizeof(*t));
	job->state = NULL;
}

/* The inputs a forked worker inherits (b[] and c[]). */
static void *triad_data(const struct kernel_job *job, size_t *bytes)
{
	const struct triad *t = job->state;
	*bytes = t ? t->inputs : 0;
	return t ? t->b : NULL;
}

const struct kernel_ops kernel_triad = {
	.name = "triad",
	.kind = KERNEL_MEM,
	.summary = "STREAM triad a = b + s*c over doubles, 24 bytes per element",
	.item_bytes = 3 * sizeof(double),
	.default_items = (96u << 20) / (3 * sizeof(double)),
	.quick_items = (6u << 20) / (3 * sizeof(double)),
	.rate = { .per_item = 3 * sizeof(double), .scale = 1e9, .unit = "GB/s" },
	.setup = triad_setup,
	.run = triad_run,
	.reset = triad_reset,
	.digest = triad_digest,
	.output = triad_output,
	.output_bytes = sizeof(double),
	.teardown = triad_teardown,
	.data = triad_data,
};
