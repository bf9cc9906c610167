/*
 * split.c - the splitter: static blocks, dynamic chunks from a shared
 * counter, the pass gate that keeps a dynamic schedule's passes apart,
 * and the schedule's text form.
 *
 * The gate: chunk numbers are taken in order, so when a worker holds chunk
 * c of pass p, every chunk of pass p - 1 is taken by a worker that runs it
 * (or waits, in turn, for pass p - 2): the wait always ends. The finisher
 * of a pass's last chunk publishes the pass count (release) and wakes the
 * sleepers; a waiter reads it with acquire, so the earlier passes' writes
 * happen before its own. The sleepers count and the pass count are both
 * seq_cst, so either the finisher sees a sleeper or the sleeper sees the
 * new count before it sleeps (no lost wake-up), and a pass without
 * sleepers costs no system call.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "futex.h"
#include "split.h"

/* Checks of the pass count before a waiter sleeps: a pass boundary is
 * usually a few chunks' time away, shorter than a sleep and a wake. */
#define SPLIT_GATE_SPINS 2000

void split_static(size_t n, int workers, int id, size_t *lo, size_t *hi)
{
	size_t w = (size_t)workers, i = (size_t)id;
	size_t base = n / w, extra = n % w;
	*lo = i * base + (i < extra ? i : extra);
	*hi = *lo + base + (i < extra ? 1 : 0);
}

size_t split_default_chunk(size_t n, int workers)
{
	size_t div = 4 * (size_t)workers;
	size_t chunk = n / div + (n % div != 0);
	return chunk ? chunk : 1;
}

size_t split_chunks(size_t n, size_t chunk)
{
	return n / chunk + (n % chunk != 0);
}

void split_chunk(size_t c, size_t n, size_t chunk, size_t *lo, size_t *hi)
{
	size_t k = c % split_chunks(n, chunk);
	*lo = k * chunk;
	*hi = n - *lo < chunk ? n : *lo + chunk;
}

bool split_next(atomic_size_t *next, size_t total, size_t *c)
{
	*c = atomic_fetch_add_explicit(next, 1, memory_order_relaxed);
	return *c < total;
}

void split_gate_reset(struct split_gate *g)
{
	atomic_store(&g->done, 0);
	atomic_store(&g->passes, 0);
	atomic_store(&g->sleepers, 0);
}

bool split_gate_open(struct split_gate *g, size_t c, size_t per_pass)
{
	unsigned passes = atomic_load_explicit(&g->passes, memory_order_acquire);
	return passes >= c / per_pass && passes != SPLIT_GATE_ABORTED;
}

bool split_gate_wait(struct split_gate *g, size_t c, size_t per_pass)
{
	unsigned pass = (unsigned)(c / per_pass), seen;
	for (int spin = 0; spin < SPLIT_GATE_SPINS; spin++)
		if (split_gate_open(g, c, per_pass))
			return true;
	atomic_fetch_add(&g->sleepers, 1);
	while ((seen = atomic_load(&g->passes)) < pass)
		futex_wait(&g->passes, seen, INFINITY);
	atomic_fetch_sub(&g->sleepers, 1);
	return seen != SPLIT_GATE_ABORTED;
}

void split_gate_abort(struct split_gate *g)
{
	atomic_store(&g->passes, SPLIT_GATE_ABORTED);
	futex_wake(&g->passes, FUTEX_ALL);
}

void split_gate_done(struct split_gate *g, size_t per_pass)
{
	size_t done = atomic_fetch_add_explicit(&g->done, 1, memory_order_acq_rel) + 1;
	if (done % per_pass)
		return;
	unsigned passes = (unsigned)(done / per_pass), before = passes - 1;
	/* Not over an abort: that one stays. */
	atomic_compare_exchange_strong(&g->passes, &before, passes);
	if (atomic_load(&g->sleepers))
		futex_wake(&g->passes, FUTEX_ALL);
}

int split_parse(const char *text, struct schedule *out, char *err, size_t errlen)
{
	if (strcmp(text, "static") == 0) {
		*out = (struct schedule){ SPLIT_STATIC, 0 };
		return 0;
	}
	if (strcmp(text, "dynamic") == 0) {
		*out = (struct schedule){ SPLIT_DYNAMIC, 0 };
		return 0;
	}
	if (strncmp(text, "dynamic:", 8) == 0) {
		const char *num = text + 8;
		char *end;
		errno = 0;
		unsigned long long chunk = strtoull(num, &end, 10);
		if (*num >= '1' && *num <= '9' && *end == '\0' && errno == 0 &&
		    chunk <= (1ULL << 40)) {
			*out = (struct schedule){ SPLIT_DYNAMIC, (size_t)chunk };
			return 0;
		}
		snprintf(err, errlen, "bad chunk in --schedule '%s': expected a whole number from 1 to 2^40",
			 text);
		return -1;
	}
	snprintf(err, errlen, "unknown --schedule '%s': allowed are static, dynamic, dynamic:CHUNK",
		 text);
	return -1;
}

const char *split_name(enum split_kind kind)
{
	return kind == SPLIT_STATIC ? "static" : "dynamic";
}
