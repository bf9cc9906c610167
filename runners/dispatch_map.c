/*
 * dispatch_map.c - the Pool.map family behind the dispatch interface
 * (dispatch.h): map, imap and imap_unordered.
 *
 * Ordering: a worker writes value[task], then sets ready[task] with
 * release; the parent reads ready[task] with acquire before value[task].
 * Under imap_unordered the worker then reserves a log position with one
 * atomic add and stores task + 1 there (release); the parent reads the log
 * in position order and waits on a slot still 0 (reserved, not yet
 * written). Every delivery bumps `delivered`; a parent that found nothing
 * to consume sets `sleeping`, checks again and sleeps on `delivered` with
 * a futex (not private: the word is shared with forked children), so a
 * delivery between its check and its sleep makes the sleep return at once.
 * map has no parent side: the table is summed in input order after the
 * join. When alive() says no more results will come (a child died, every
 * thread returned, the run is late), the parent takes what is already
 * there, without waiting, and fails if results are still missing.
 */
#include <math.h>
#include <stdatomic.h>

#include "../harness/core/clock.h"
#include "../harness/core/futex.h"
#include "dispatch.h"
#include "pattern.h"

/* The task the parent consumes next, if its result is there. */
static int next_ready(struct pattern_table *t, size_t *task)
{
	if (t->kind == PATTERN_IMAP) {
		*task = t->consumed;
		return atomic_load_explicit(&t->ready[*task], memory_order_acquire);
	}
	size_t v = atomic_load_explicit(&t->log[t->consumed], memory_order_acquire);
	*task = v - 1;
	return v != 0;
}

/* After a delivery: serial (its own parent) takes what is there now;
 * otherwise the parent is woken if it sleeps. */
static void stream_notify(struct pattern_table *t)
{
	if (t->inline_parent) {
		size_t next;
		while (t->consumed < t->tasks && next_ready(t, &next))
			pattern_take(t, next);
		return;
	}
	atomic_fetch_add(&t->delivered, 1);
	if (atomic_load(&t->sleeping))
		futex_wake(&t->delivered, 1);
}

static void map_deliver(struct pattern_table *t, size_t task, uint64_t v)
{
	pattern_file(t, task, v);
}

static void imap_deliver(struct pattern_table *t, size_t task, uint64_t v)
{
	pattern_file(t, task, v);
	stream_notify(t);
}

static void unordered_deliver(struct pattern_table *t, size_t task, uint64_t v)
{
	pattern_file(t, task, v);
	/* A chunk delivered twice takes a position too many; past the end
	 * there is none (writes[] then fails the run). */
	size_t pos = atomic_fetch_add(&t->logged, 1);
	if (pos < t->tasks)
		atomic_store_explicit(&t->log[pos], task + 1, memory_order_release);
	stream_notify(t);
}

/* Parent: consumes `total` results in the pattern's order, sleeping on
 * `delivered` while the next is missing. */
static int stream_consume(struct pattern_table *t, size_t total, int (*alive)(void *), void *arg)
{
	int dead = 0;   /* alive() said no: take what is there, then give up */
	while (t->consumed < total) {
		size_t task;
		if (next_ready(t, &task)) {
			pattern_take(t, task);
			continue;
		}
		if (dead)
			return -1;
		double t0 = clock_now();
		for (;;) {
			unsigned d = atomic_load(&t->delivered);
			atomic_store(&t->sleeping, 1);
			if (next_ready(t, &task))
				break;
			futex_wait(&t->delivered, d, alive ? clock_now() + 0.005 : INFINITY);
			if (alive && !next_ready(t, &task) && !alive(arg)) {
				dead = 1;
				break;
			}
		}
		atomic_store(&t->sleeping, 0);
		t->wait += clock_now() - t0;
	}
	return 0;
}

const struct dispatch_ops dispatch_map = {
	.name = "map",
	.deliver = map_deliver,
};

const struct dispatch_ops dispatch_imap = {
	.name = "imap",
	.deliver = imap_deliver,
	.consume = stream_consume,
};

const struct dispatch_ops dispatch_imap_unordered = {
	.name = "imap_unordered",
	.deliver = unordered_deliver,
	.consume = stream_consume,
};
