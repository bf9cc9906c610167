/*
 * gil.c - N threads behind one global lock, the way CPython runs Python
 * threads, so that parbench shows what a Python user sees: CPU-bound
 * threads take turns, threads that block overlap.
 *
 * The lock and its four modes (--gil-mode new, old, new-noforce,
 * io-priority) are in runners/gil_lock.c, shared with `parbench overheads`
 * and `parbench convoy`; its DESIGN comment explains the rules. Here, a
 * worker takes the lock after the start gate and runs its share of the
 * kernel in units of --gil-unit items. Between two units it makes the
 * holder's check (gil_lock_yield): in the new modes, drop the lock if a
 * waiter asked for it; in old mode, drop and re-take it every --gil-check
 * units. A unit is thus the work between two eval-breaker checks, and a
 * long unit stands for a C call that keeps the lock. A kernel's blocking
 * call (worker->blocking_begin/end) drops the lock and takes it back
 * afterwards, like Py_BEGIN/END_ALLOW_THREADS, with the forced wait when a
 * drop was requested; coming back, the thread tells the lock so
 * (io-priority asks for it at once).
 *
 * The initializer (--init-cost, init.c) runs in each thread before the
 * gate holding the lock, as a ThreadPoolExecutor(initializer=...) runs
 * Python code: the threads build their tables in turn, so spawn time grows
 * with the thread count, and the lock's counts include those takes.
 *
 * Its settings (gil_settings.h) are its own: their defaults and option
 * entries are at the end of this file, beside runner_gil.
 *
 * Each run gets a fresh lock; its counts (hand-offs, drop requests, forced
 * waits, releases, time spent waiting) go to the run's outcome as the
 * runner's counters (gil_counters: their columns derive from it). Under
 * --trace, the lock reports every take, drop and request, and the worker
 * notes its held intervals and blocking calls in its lane.
 */
#include "../harness/core/cli.h"
#include "../harness/core/options.h"
#include "gil_settings.h"
#include "gil_lock.h"
#include "runner.h"

struct gil_worker {
	const struct run_request *rq;
	struct gil_lock *gil;
	struct worker w;
	unsigned units;           /* units since the last release (old mode) */
	double init_wait;         /* --init-cost: seconds its initializer's take waited (before
				   * the gate: not the work's serialisation) */
	double blocked;           /* --trace: when the current blocking call began */
};

/* --trace: the lock's events into the worker's lane. */
static void gil_traced(void *arg, int id, enum gil_event ev)
{
	struct trace *tr = arg;
	struct trace_lane *l = &tr->lane[id];
	double t = runner_clock();
	if (ev == GIL_TOOK)
		l->open = t;
	else if (ev == GIL_DROPS)
		trace_add(tr, id, TRACE_HELD, l->open, t, 0, 0);
	else
		trace_add(tr, id, TRACE_REQUEST, t, t, 0, 0);
}

static void gil_blocking_begin(struct worker *w)
{
	struct gil_worker *gw = w->runner_data;
	gil_lock_drop(gw->gil, w->id);
	if (runner_trace(gw->rq))
		gw->blocked = runner_clock();
}

static void gil_blocking_end(struct worker *w)
{
	struct gil_worker *gw = w->runner_data;
	struct trace *tr = runner_trace(gw->rq);
	if (tr)
		trace_add(tr, w->id, TRACE_BLOCKED, gw->blocked, runner_clock(), 0, 0);
	gil_lock_take(gw->gil, w->id, 1);
}

/* Runs [lo, hi) in units, making the holder's check between two units. */
static uint64_t gil_exec(const struct run_request *rq, size_t lo, size_t hi,
			 struct worker *w)
{
	struct gil_worker *gw = w->runner_data;
	size_t unit = rq->opt->gil.unit;
	uint64_t sum = 0;

	while (lo < hi) {
		gil_lock_yield(gw->gil, w->id, &gw->units);
		size_t end = hi - lo > unit ? lo + unit : hi;
		sum += rq->kernel->run(rq->job, lo, end, w);
		lo = end;
	}
	return sum;
}

static void *gil_main(void *arg)
{
	struct gil_worker *gw = arg;
	struct runner_init_table *tab = NULL;
	int unbound = runner_bind(gw->rq, gw->w.id);
	/* The initializer is Python code: it holds the lock throughout, so the
	 * threads build their tables one after another. */
	if (!unbound && gw->rq->opt->init_cost_ms) {
		double asked = runner_clock();
		gil_lock_take(gw->gil, gw->w.id, 0);
		gw->init_wait = runner_clock() - asked;
		unbound = runner_init_worker(gw->rq, gw->w.id, &tab);
		gil_lock_drop(gw->gil, gw->w.id);
	}
	runner_arrive(gw->rq, gw->w.id);
	if (unbound) {
		runner_leave(gw->rq, gw->w.id);
		runner_init_free(tab);
		return NULL;
	}
	/* Work starts before the first take: waiting for it is the gil's
	 * serialisation, not time to the first item (runner_mark). */
	runner_mark(gw->rq, gw->w.id);
	gil_lock_take(gw->gil, gw->w.id, 0);
	uint64_t partial = runner_work(gw->rq, &gw->w, gil_exec);
	gil_lock_drop(gw->gil, gw->w.id);
	runner_finish(gw->rq, gw->w.id, partial);
	runner_init_free(tab);
	return NULL;
}

/* What the gil counts (runner_ops.counters): the lock's counts, in the
 * order of the enum below. */
static const struct runner_counter gil_counters[] = {
	{ .name = "gil_handoffs", .kind = RUNNER_COUNT },
	{ .name = "gil_drop_requests", .kind = RUNNER_COUNT },
	{ .name = "gil_forced_waits", .kind = RUNNER_COUNT },
	{ .name = "gil_releases", .kind = RUNNER_COUNT, .summary = RUNNER_SUMMARY_NONE },
	{ .name = "gil_wait_s", .kind = RUNNER_SECONDS },
	{ .name = "gil_honoured", .kind = RUNNER_COUNT, .hidden = 1 },
	{ .name = NULL },
};
enum { GIL_HANDOFFS, GIL_DROP_REQUESTS, GIL_FORCED_WAITS, GIL_RELEASES, GIL_WAIT_S, GIL_HONOURED };

/* A worker starts or ends waiting for the lock (gil_lock.on_wait). */
static void gil_waited(void *arg, int id, int done)
{
	runner_wait_mark(arg, id, done);
}

/* The lock's counts of the run into out's counters; the waits of the
 * workers' initializers (before the gate) are not the work's. */
static void gil_count(struct gil_lock *g, const struct gil_worker *gw, int workers,
		      struct run_outcome *out)
{
	struct gil_counts n = gil_lock_counts(g);
	out->counted = 1;
	out->counter[GIL_HANDOFFS] = (double)n.handoffs;
	out->counter[GIL_DROP_REQUESTS] = (double)n.drop_requests;
	out->counter[GIL_FORCED_WAITS] = (double)n.forced_waits;
	out->counter[GIL_RELEASES] = (double)n.releases;
	out->counter[GIL_WAIT_S] = n.wait_seconds;
	double before = 0;
	for (int i = 0; i < workers; i++)
		before += gw[i].init_wait;
	/* the model's serialisation (loss_serialized) */
	out->serial_wait_s += n.wait_seconds > before ? n.wait_seconds - before : 0;
	out->counter[GIL_HONOURED] = (double)n.honoured;
}

static int gil_run(const struct run_request *rq, struct run_outcome *out)
{
	struct gil_worker gw[RUNNER_MAX_WORKERS];
	struct gil_lock g;
	const struct gil_settings *s = &rq->opt->gil;

	gil_lock_init(&g, s->mode, s->switch_interval, s->check);
	g.on_wait = gil_waited;
	g.wait_arg = (void *)rq;
	if (rq->trace) {
		g.on_event = gil_traced;
		g.arg = rq->trace;
	}
	for (int i = 0; i < rq->workers; i++)
		gw[i] = (struct gil_worker){
			.rq = rq, .gil = &g,
			.w = { .id = i, .blocking_begin = gil_blocking_begin,
			       .blocking_end = gil_blocking_end, .runner_data = &gw[i] },
		};
	double t0 = runner_begin(rq);
	int rc = runner_threads(rq, out, gil_main, gw, sizeof(gw[0]));
	gil_count(&g, gw, rq->workers, out);
	gil_lock_destroy(&g);
	return rc ? rc : runner_collect(rq, t0, out);
}

/* The gil's settings (gil_settings.h): their defaults and their options of
 * `parbench run`. */
static void gil_defaults(struct runner_options *o)
{
	o->gil = (struct gil_settings){ .switch_interval = 0.005, .unit = 64, .mode = GIL_NEW,
					.check = 100 };
}

static int gil_mode_option(const char *arg, void *ctx)
{
	struct runner_options *o = ctx;
	if (gil_mode_parse(arg, &o->gil.mode) < 0)
		return cli_error("bad --gil-mode '%s': allowed are new, old, new-noforce, io-priority", arg);
	return 0;
}

static const struct opt gil_options[] = {
	{ .name = "switch-interval", .kind = OPTK_DECIMAL,
	  .at = offsetof(struct runner_options, gil.switch_interval),
	  .value_name = "MS", .lo = 0.001, .hi = 10000, .what = "milliseconds", .scale = 0.001,
	  .help =
		"gil: switch interval in ms (default 5)" },
	OPT_WHOLE_AT("gil-unit", struct runner_options, gil.unit, 1, 1L << 30, "N",
		     "a whole number of items",
		"gil: items between two checks of the drop request (default 64)"),
	OPT_CALLBACK("gil-mode", gil_mode_option, NULL, "M",
		"gil: new (CPython 3.2+, default) | old (before 3.2:\n"
		"release every --gil-check units) | new-noforce (no\n"
		"forced switching) | io-priority (a thread back from a\n"
		"blocking call asks for the lock at once)"),
	OPT_WHOLE_AT("gil-check", struct runner_options, gil.check, 1, 1000000, "N",
		     "a whole number of units",
		"gil old mode: units between two releases (default 100)"),
	OPT_END,
};

const struct runner_ops runner_gil = {
	.name = "gil",
	.summary = "N threads that must hold one global lock to run (CPython's GIL: --gil-mode, 5 ms switch interval)",
	.run = gil_run,
	.workers_are = RUNNER_THREADS,
	.global_lock = 1,
	.options = gil_options,
	.defaults = gil_defaults,
	.counters = gil_counters,
};
