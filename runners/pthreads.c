/*
 * pthreads.c - N POSIX threads, created for each run and joined after it.
 * Each thread stands at the start gate, does its share of the schedule by
 * calling the kernel directly, records its partial and finish time in the
 * shared block and returns. Creation time (pthread_create until every
 * thread stands at the gate) is the spawn time; the work is timed from the
 * gate's opening to the last thread's finish. Each thread binds itself to
 * its PU of the placement plan (--bind) before it arrives at the gate, then
 * runs the initializer (--init-cost, init.c) in its own thread.
 */
#include <stdlib.h>
#include <string.h>

#include "runner.h"

struct pt_worker {
	const struct run_request *rq;
	struct worker w;
};

static void *pt_main(void *arg)
{
	struct pt_worker *pw = arg;
	struct runner_init_table *tab = NULL;
	int unbound = runner_bind(pw->rq, pw->w.id) || runner_init_worker(pw->rq, pw->w.id, &tab);
	runner_arrive(pw->rq, pw->w.id);
	if (!unbound)
		runner_finish(pw->rq, pw->w.id, runner_work(pw->rq, &pw->w, NULL));
	else
		runner_leave(pw->rq, pw->w.id);
	runner_init_free(tab);
	return NULL;
}

static int pthreads_run(const struct run_request *rq, struct run_outcome *out)
{
	struct pt_worker pw[RUNNER_MAX_WORKERS];

	for (int i = 0; i < rq->workers; i++)
		pw[i] = (struct pt_worker){ .rq = rq, .w = { .id = i } };
	double t0 = runner_begin(rq);
	if (runner_threads(rq, out, pt_main, pw, sizeof(pw[0])) < 0)
		return -1;
	return runner_collect(rq, t0, out);
}

extern const struct runner_ops runner_pthreads_pool;

const struct runner_ops runner_pthreads = {
	.name = "pthreads",
	.summary = "N threads created, run and joined for each run (no lock between them)",
	.run = pthreads_run,
	.pool = &runner_pthreads_pool,
	.workers_are = RUNNER_THREADS,
};

/*
 * pthreads-pool: the same threads, created once per configuration and fed
 * every repetition (a thread pool, or Python's ThreadPoolExecutor kept open).
 * The first run's spawn time includes creating them; later runs' spawn time
 * is waking them from their futex until all stand at the gate. Each thread
 * runs the initializer once, in its first run (Pool(initializer=...)).
 */
struct pool_thread {
	struct runner_pool *pool;
	const struct run_request *rq;
	int id;
};

struct thread_pool {
	struct runner_pool *pool;
	struct pool_thread arg[RUNNER_MAX_WORKERS];
	struct run_request rq;    /* the configuration's request, kept for the threads */
};

static void *pool_main(void *arg)
{
	struct pool_thread *pt = arg;
	runner_pool_serve(pt->pool, pt->rq, pt->id);
	return NULL;
}

static void thread_pool_close(void *data)
{
	struct thread_pool *tp = data;
	if (!tp)
		return;
	runner_pool_quit(tp->pool);
	for (int i = 0; i < tp->pool->started; i++)
		pthread_join(tp->pool->tid[i], NULL);
	runner_pool_free(tp->pool);
	free(tp);
}

static int pthreads_pool_run(const struct run_request *rq, struct run_outcome *out)
{
	struct thread_pool *tp = *rq->pool;
	double t0 = runner_begin(rq);
	if (!tp) {
		tp = calloc(1, sizeof(*tp));
		if (!tp || !(tp->pool = runner_pool_new(rq->workers))) {
			free(tp);
			return runner_fail(out, "cannot allocate a thread pool");
		}
		tp->rq = *rq;
		*rq->pool = tp;
		for (int i = 0; i < rq->workers; i++) {
			tp->arg[i] = (struct pool_thread){ .pool = tp->pool, .rq = &tp->rq, .id = i };
			int err = pthread_create(&tp->pool->tid[i], NULL, pool_main, &tp->arg[i]);
			if (err) {
				tp->pool->broken = 1;
				return runner_fail(out, "cannot create thread %d: %s", i, strerror(err));
			}
			tp->pool->started++;
		}
	}
	if (runner_pool_run(tp->pool, &tp->rq, out, NULL, NULL) < 0)
		return -1;
	return runner_collect(rq, t0, out);
}

const struct runner_ops runner_pthreads_pool = {
	.name = "pthreads-pool",
	.summary = "N threads created once per configuration and fed every run (--pool)",
	.run = pthreads_pool_run,
	.close = thread_pool_close,
	.pooled = 1,
	.workers_are = RUNNER_THREADS,
};
