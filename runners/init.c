/*
 * init.c - the per-worker initializer, Pool(initializer=...)'s analogue
 * (--init-cost MS, --init-in-parent).
 *
 * What it stands for is "loading a table" before any task runs: a Python
 * worker importing a library or reading a model. Here it builds a table of
 * 4096 64-bit values (32 KiB), rehashing every entry with splitmix64 round
 * after round, until the building thread has spent MS milliseconds of CPU
 * (CLOCK_THREAD_CPUTIME_ID, so a thread that is preempted or waits for the
 * GIL builds just as long, not less); the digest of the final table is kept
 * beside it. It is CPU work of a known cost, not a sleep: two workers
 * building at once need two CPUs, as two processes loading a library do.
 *
 * Each worker runs it after binding and before it stands at the start gate,
 * so the cost lands in spawn time (cold), never in the work time (warm).
 * Pools run it once per worker when the pool is made. With
 * --init-in-parent, fork's parent builds one table before forking (per run,
 * or once per fork-pool) and the children inherit it copy-on-write; they only read it (the digest check),
 * which is all a worker does with its table. Every run is recorded in the
 * shared block: a counter, and per worker (and for the parent) the count,
 * pid and tid, so tests can tell where and how often it ran.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "../harness/core/clock.h"
#include "runner.h"

#define INIT_ENTRIES 4096

struct runner_init_table {
	uint64_t digest;          /* xor of v[] after the last round */
	unsigned rounds;
	uint64_t v[INIT_ENTRIES];
};

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static uint64_t table_digest(const struct runner_init_table *t)
{
	uint64_t d = 0;
	for (size_t i = 0; i < INIT_ENTRIES; i++)
		d ^= t->v[i];
	return d;
}

/* Builds a table with ms of this thread's CPU; NULL if malloc failed. */
static struct runner_init_table *table_build(unsigned ms)
{
	struct runner_init_table *t = malloc(sizeof(*t));
	if (!t)
		return NULL;
	double until = clock_thread_cpu() * 1e3 + ms;
	for (size_t i = 0; i < INIT_ENTRIES; i++)
		t->v[i] = splitmix64(i);
	t->rounds = 1;
	do {
		for (size_t i = 0; i < INIT_ENTRIES; i++)
			t->v[i] = splitmix64(t->v[i] ^ t->v[(i + 1) % INIT_ENTRIES] ^ t->rounds);
		t->rounds++;
	} while (clock_thread_cpu() * 1e3 < until);
	t->digest = table_digest(t);
	return t;
}

static void record(struct runner_shared *sh, struct runner_init_record *r)
{
	r->pid = getpid();
	r->tid = gettid();
	atomic_fetch_add(&r->runs, 1);
	atomic_fetch_add(&sh->init_runs, 1);
}

int runner_init_worker(const struct run_request *rq, int id, struct runner_init_table **own)
{
	struct runner_slot *s = &rq->shared->slot[id];
	const struct runner_init_table *t = rq->init_table;
	*own = NULL;
	if (!rq->opt->init_cost_ms)
		return 0;
	if (!t) {
		if (!(t = *own = table_build(rq->opt->init_cost_ms))) {
			snprintf(s->error, sizeof(s->error), "worker %d: no memory for its initializer's table", id);
			return -1;
		}
		record(rq->shared, &rq->shared->init[id]);
	}
	if (table_digest(t) != t->digest) {
		snprintf(s->error, sizeof(s->error), "worker %d: its initializer's table does not match its digest", id);
		return -1;
	}
	return 0;
}

struct runner_init_table *runner_init_parent(const struct run_request *rq)
{
	if (!rq->opt->init_cost_ms)
		return NULL;
	struct runner_init_table *t = table_build(rq->opt->init_cost_ms);
	if (t)
		record(rq->shared, &rq->shared->init_parent);
	return t;
}

void runner_init_free(struct runner_init_table *t)
{
	free(t);
}

void runner_init_reset(struct runner_shared *sh)
{
	atomic_store(&sh->init_runs, 0);
	sh->init_parent = (struct runner_init_record){ 0 };
	for (int i = 0; i < RUNNER_MAX_WORKERS; i++)
		sh->init[i] = (struct runner_init_record){ 0 };
}
