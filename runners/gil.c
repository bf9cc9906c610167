/*
 * gil.c - N threads behind one global lock, the way CPython 3.2+ runs
 * Python threads ("new GIL", Python/ceval_gil.c), so that parbench shows
 * what a Python user sees: CPU-bound threads take turns, threads that block
 * overlap.
 *
 * The lock is a flag guarded by a mutex, with a condition variable signalled
 * whenever it is released. Nobody queues: a thread that finds it free takes
 * it at once. A thread that finds it held waits on the condition variable
 * for at most the switch interval (--switch-interval, 5 ms by default); if
 * the wait timed out and the lock has not changed hands meanwhile, it sets
 * the drop request and goes on waiting. The holder runs the kernel in units
 * of --gil-unit items and looks at the drop request between two units (the
 * eval loop's "eval breaker" check); when it is set, the holder releases the
 * lock and, as CPython's FORCE_SWITCHING does, waits until another thread
 * has actually taken it before competing again, so the requester is not
 * beaten to the lock. A kernel's blocking call (worker->blocking_begin/end)
 * releases the lock and takes it again afterwards, like
 * Py_BEGIN/END_ALLOW_THREADS, with the same forced wait if a drop was
 * requested.
 *
 * Threads are created per run and take the lock after the start gate; each
 * run gets a fresh lock. Counted per run: switches (the lock went to a
 * different thread) and drop requests. Issue 5 deepens this model (old GIL,
 * no forced switching, traces, the convoy effect).
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "runner.h"

struct gil {
	pthread_mutex_t mutex;
	pthread_cond_t released;      /* signalled when the lock is dropped */
	pthread_cond_t switched;      /* signalled when it is taken */
	int locked;
	int holder;                   /* id of the last thread that took it */
	unsigned long switch_number;  /* times it was taken */
	atomic_int drop_request;
	long interval_ns;
	uint64_t switches, drop_requests;
};

struct gil_worker {
	const struct run_request *rq;
	struct gil *gil;
	struct worker w;
};

static void deadline_after(struct timespec *ts, long ns)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_nsec += ns;
	ts->tv_sec += ts->tv_nsec / 1000000000L;
	ts->tv_nsec %= 1000000000L;
}

static void gil_take(struct gil *g, int id)
{
	pthread_mutex_lock(&g->mutex);
	while (g->locked) {
		unsigned long seen = g->switch_number;
		struct timespec deadline;
		deadline_after(&deadline, g->interval_ns);
		int rc = pthread_cond_timedwait(&g->released, &g->mutex, &deadline);
		if (rc == ETIMEDOUT && g->locked && g->switch_number == seen &&
		    !atomic_load(&g->drop_request)) {
			atomic_store(&g->drop_request, 1);
			g->drop_requests++;
		}
	}
	g->locked = 1;
	if (g->holder >= 0 && g->holder != id)
		g->switches++;
	g->holder = id;
	g->switch_number++;
	atomic_store(&g->drop_request, 0);
	pthread_cond_broadcast(&g->switched);
	pthread_mutex_unlock(&g->mutex);
}

static void gil_drop(struct gil *g, int id)
{
	pthread_mutex_lock(&g->mutex);
	int forced = atomic_load(&g->drop_request);
	g->locked = 0;
	pthread_cond_signal(&g->released);
	/* FORCE_SWITCHING: let the requester have it before we try again. */
	if (forced)
		while (g->holder == id)
			pthread_cond_wait(&g->switched, &g->mutex);
	pthread_mutex_unlock(&g->mutex);
}

static void gil_blocking_begin(struct worker *w)
{
	struct gil_worker *gw = w->runner_data;
	gil_drop(gw->gil, w->id);
}

static void gil_blocking_end(struct worker *w)
{
	struct gil_worker *gw = w->runner_data;
	gil_take(gw->gil, w->id);
}

/* Runs [lo, hi) in units, yielding the lock between units when asked. */
static uint64_t gil_exec(const struct run_request *rq, size_t lo, size_t hi,
			 struct worker *w)
{
	struct gil_worker *gw = w->runner_data;
	size_t unit = rq->opt->gil_unit;
	uint64_t sum = 0;

	while (lo < hi) {
		if (atomic_load_explicit(&gw->gil->drop_request, memory_order_relaxed)) {
			gil_drop(gw->gil, w->id);
			gil_take(gw->gil, w->id);
		}
		size_t end = hi - lo > unit ? lo + unit : hi;
		sum += rq->kernel->run(rq->job, lo, end, w);
		lo = end;
	}
	return sum;
}

static void *gil_main(void *arg)
{
	struct gil_worker *gw = arg;
	int unbound = runner_bind(gw->rq, gw->w.id);
	runner_arrive(gw->rq);
	if (unbound)
		return NULL;
	gil_take(gw->gil, gw->w.id);
	uint64_t partial = runner_work(gw->rq, &gw->w, gil_exec);
	gil_drop(gw->gil, gw->w.id);
	runner_finish(gw->rq, gw->w.id, partial);
	return NULL;
}

static int gil_init(struct gil *g, double interval)
{
	pthread_condattr_t attr;
	memset(g, 0, sizeof(*g));
	g->holder = -1;
	g->interval_ns = (long)(interval * 1e9);
	if (g->interval_ns < 1)
		g->interval_ns = 1;
	pthread_mutex_init(&g->mutex, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&g->released, &attr);
	pthread_cond_init(&g->switched, &attr);
	pthread_condattr_destroy(&attr);
	return 0;
}

static void gil_destroy(struct gil *g)
{
	pthread_cond_destroy(&g->switched);
	pthread_cond_destroy(&g->released);
	pthread_mutex_destroy(&g->mutex);
}

static int gil_run(const struct run_request *rq, struct run_outcome *out)
{
	struct gil_worker gw[RUNNER_MAX_WORKERS];
	struct gil g;

	gil_init(&g, rq->opt->switch_interval);
	for (int i = 0; i < rq->workers; i++)
		gw[i] = (struct gil_worker){
			.rq = rq, .gil = &g,
			.w = { .id = i, .blocking_begin = gil_blocking_begin,
			       .blocking_end = gil_blocking_end, .runner_data = &gw[i] },
		};
	double t0 = runner_begin(rq);
	int rc = runner_threads(rq, out, gil_main, gw, sizeof(gw[0]));
	out->gil_switches = g.switches;
	out->gil_drop_requests = g.drop_requests;
	gil_destroy(&g);
	return rc ? rc : runner_collect(rq, t0, out);
}

const struct runner_ops runner_gil = {
	.name = "gil",
	.summary = "N threads that must hold one global lock to run (CPython's GIL, 5 ms switch interval)",
	.run = gil_run,
};
