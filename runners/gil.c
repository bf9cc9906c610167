/*
 * gil.c - N threads behind one global lock, the way CPython 3.2+ runs
 * Python threads ("new GIL", Python/ceval_gil.c), so that parbench shows
 * what a Python user sees: CPU-bound threads take turns, threads that block
 * overlap.
 *
 * The lock (runners/gil_lock.c, shared with `parbench overheads`) is a flag
 * guarded by a mutex, with a condition variable signalled whenever it is
 * released. Nobody queues: a thread that finds it free takes it at once. A
 * thread that finds it held waits on the condition variable for at most the
 * switch interval (--switch-interval, 5 ms by default); if the wait timed
 * out and the lock has not changed hands meanwhile, it sets the drop
 * request and goes on waiting. The holder runs the kernel in units of
 * --gil-unit items and looks at the drop request between two units (the
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
#include "gil_lock.h"
#include "runner.h"

struct gil_worker {
	const struct run_request *rq;
	struct gil_lock *gil;
	struct worker w;
};

static void gil_blocking_begin(struct worker *w)
{
	struct gil_worker *gw = w->runner_data;
	gil_lock_drop(gw->gil, w->id);
}

static void gil_blocking_end(struct worker *w)
{
	struct gil_worker *gw = w->runner_data;
	gil_lock_take(gw->gil, w->id);
}

/* Runs [lo, hi) in units, yielding the lock between units when asked. */
static uint64_t gil_exec(const struct run_request *rq, size_t lo, size_t hi,
			 struct worker *w)
{
	struct gil_worker *gw = w->runner_data;
	size_t unit = rq->opt->gil_unit;
	uint64_t sum = 0;

	while (lo < hi) {
		if (gil_lock_drop_requested(gw->gil)) {
			gil_lock_drop(gw->gil, w->id);
			gil_lock_take(gw->gil, w->id);
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
	gil_lock_take(gw->gil, gw->w.id);
	uint64_t partial = runner_work(gw->rq, &gw->w, gil_exec);
	gil_lock_drop(gw->gil, gw->w.id);
	runner_finish(gw->rq, gw->w.id, partial);
	return NULL;
}

static int gil_run(const struct run_request *rq, struct run_outcome *out)
{
	struct gil_worker gw[RUNNER_MAX_WORKERS];
	struct gil_lock g;

	gil_lock_init(&g, rq->opt->switch_interval);
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
	gil_lock_destroy(&g);
	return rc ? rc : runner_collect(rq, t0, out);
}

const struct runner_ops runner_gil = {
	.name = "gil",
	.summary = "N threads that must hold one global lock to run (CPython's GIL, 5 ms switch interval)",
	.run = gil_run,
};
