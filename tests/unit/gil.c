/*
 * tests/unit/gil.c - the gil's switching rules, mode by mode, from its counters
 * and its trace: one thread never hands off or asks; two CPU-bound threads
 * hand off, and under `new` every drop request is honoured with a forced
 * wait; new-noforce never waits; old releases every --gil-check units
 * exactly; io-priority asks as soon as a thread comes back from a blocking
 * call, where new (with a long interval) never asks; a blocking call
 * releases the lock in every mode (the other thread makes progress while
 * the first one is inside it); the trace's held intervals never overlap;
 * traced chunks cover every item once, from threads, forked children and
 * a fork pool created before the traced run. Each behaviour is a named
 * case (case_*, listed in cases[] at the end) that main runs in order. TAP
 * output. No timing is asserted: where threads must meet, they wait with a
 * bound of seconds.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../kernels/kernel.h"
#include "../../runners/runner.h"
#include "../lib/tap.h"

struct state {
	atomic_int progress;      /* items worker 1 has run */
	atomic_int saw_progress;  /* worker 0 saw worker 1 run while it was blocked */
	atomic_int inside;        /* worker 0 is inside its blocking call */
	atomic_int timed_out;     /* worker 1 waited in vain for that */
	atomic_uint count[8192];
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void spin_us(double us)
{
	double end = now() + us * 1e-6;
	while (now() < end)
		;
}

/* CPU-bound: each item spins 10 us. */
static uint64_t cpu_run(const struct kernel_job *job, size_t lo, size_t hi, struct worker *w)
{
	struct state *s = job->state;
	(void)w;
	for (size_t i = lo; i < hi; i++) {
		spin_us(10);
		atomic_fetch_add(&s->count[i], 1);
	}
	return hi - lo;
}

/* First half CPU-bound (50 us an item), second half blocking calls of 50 us.
 * With two workers (mixed_wait), the first CPU item waits, in a blocking
 * call, until an IO item is done (5 s at most), so that the CPU work runs
 * while the IO thread comes and goes, whichever thread took the lock first. */
static int mixed_wait;

static uint64_t mixed_run(const struct kernel_job *job, size_t lo, size_t hi, struct worker *w)
{
	struct state *s = job->state;
	for (size_t i = lo; i < hi; i++) {
		if (i == 0 && mixed_wait) {
			worker_blocking_begin(w);
			double end = now() + 5;
			while (atomic_load(&s->progress) == 0 && now() < end)
				;
			worker_blocking_end(w);
		} else if (i < job->n / 2) {
			spin_us(50);
		} else {
			struct timespec ts = { 0, 50000 };
			worker_blocking_begin(w);
			nanosleep(&ts, NULL);
			worker_blocking_end(w);
			atomic_fetch_add(&s->progress, 1);
		}
		atomic_fetch_add(&s->count[i], 1);
	}
	return hi - lo;
}

/* Worker 0 (item 0) goes into a blocking call, says so, and stays there
 * until worker 1 has run an item (5 s at most). Worker 1's first item (the
 * middle one: the split is static) goes
 * into a blocking call of its own until worker 0 is inside its one, then
 * takes the lock back and counts: it can do so only if worker 0's call
 * released the lock. A wait that ran out is noted (then the lock was kept,
 * whichever thread had it first). */
static uint64_t release_run(const struct kernel_job *job, size_t lo, size_t hi, struct worker *w)
{
	struct state *s = job->state;
	for (size_t i = lo; i < hi; i++) {
		if (i == 0) {
			worker_blocking_begin(w);
			atomic_store(&s->inside, 1);
			double end = now() + 5;
			while (atomic_load(&s->progress) == 0 && now() < end)
				;
			atomic_store(&s->saw_progress, atomic_load(&s->progress) > 0);
			worker_blocking_end(w);
		} else {
			if (i == job->n / 2) {   /* worker 1's first item (static split) */
				worker_blocking_begin(w);
				double end = now() + 5;
				while (!atomic_load(&s->inside) && now() < end)
					;
				if (!atomic_load(&s->inside))
					atomic_store(&s->timed_out, 1);
				worker_blocking_end(w);
			}
			spin_us(5);
			atomic_fetch_add(&s->progress, 1);
		}
	}
	return hi - lo;
}

static const struct kernel_ops cpu = { .name = "cpu", .run = cpu_run };
static const struct kernel_ops mixed = { .name = "mixed", .run = mixed_run };
static const struct kernel_ops release = { .name = "release", .run = release_run };

static struct runner_shared *shared;
static struct state *st;

/* The gil runner's counters in out (runner_ops.counters) as the lock's counts. */
static struct gil_counts counts_of(const struct run_outcome *out)
{
	const struct runner_ops *r = runner_find("gil");
	double v[6] = { 0 };
	static const char *const names[] = { "gil_handoffs", "gil_drop_requests", "gil_honoured",
					     "gil_forced_waits", "gil_releases", "gil_wait_s" };
	for (int i = 0; out->counted && i < runner_counters(r); i++)
		for (int j = 0; j < 6; j++)
			if (strcmp(r->counters[i].name, names[j]) == 0)
				v[j] = out->counter[i];
	return (struct gil_counts){ .handoffs = (uint64_t)v[0], .drop_requests = (uint64_t)v[1],
				    .honoured = (uint64_t)v[2], .forced_waits = (uint64_t)v[3],
				    .releases = (uint64_t)v[4], .wait_seconds = v[5] };
}

static int run(const char *runner, const struct kernel_ops *k, size_t n, int workers,
	       struct schedule sched, const struct runner_options *opt, struct trace *tr,
	       struct run_outcome *out)
{
	struct kernel_job job = { .n = n, .repeat = 1, .state = st };
	const struct runner_ops *r = runner_find(runner);
	void *pool = NULL;
	if (sched.kind == SPLIT_DYNAMIC && !sched.chunk)
		sched.chunk = split_default_chunk(n, workers);
	struct run_request rq = {
		.kernel = k, .job = &job, .workers = workers, .sched = sched, .opt = opt,
		.shared = shared, .pool = &pool,
	};
	memset(st, 0, sizeof(*st));
	memset(out, 0, sizeof(*out));
	int rc = 0;
	if (r->close) {   /* a pool made by an untraced run, then traced */
		rc = r->run(&rq, out);
		memset(st, 0, sizeof(*st));
		memset(out, 0, sizeof(*out));
	}
	if (tr)
		trace_clear(tr);
	rq.trace = tr;
	if (rc == 0)
		rc = r->run(&rq, out);
	if (r->close && pool)
		r->close(pool);
	if (rc)
		printf("# %s: %s\n", runner, out->error);
	return rc;
}

static int every_item_once(size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (atomic_load(&st->count[i]) != 1)
			return 0;
	return 1;
}

static int by_start(const void *a, const void *b)
{
	const struct trace_event *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* Events of one kind over all lanes, sorted by start; returns how many. */
static size_t collect(const struct trace *tr, int workers, int kind, struct trace_event *ev,
		      size_t cap)
{
	size_t k = 0;
	for (int w = 0; w < workers; w++)
		for (unsigned i = 0; i < tr->lane[w].count && k < cap; i++)
			if (tr->lane[w].ev[i].kind == kind)
				ev[k++] = tr->lane[w].ev[i];
	qsort(ev, k, sizeof(*ev), by_start);
	return k;
}

/* Whether traced chunks cover [0, n) exactly once. */
static int chunks_cover(const struct trace *tr, int workers, size_t n)
{
	static unsigned char seen[8192];
	memset(seen, 0, sizeof(seen));
	for (int w = 0; w < workers; w++)
		for (unsigned i = 0; i < tr->lane[w].count; i++) {
			const struct trace_event *e = &tr->lane[w].ev[i];
			if (e->kind != TRACE_CHUNK)
				continue;
			for (uint64_t j = e->lo; j < e->hi; j++)
				if (j >= n || seen[j]++)
					return 0;
		}
	for (size_t j = 0; j < n; j++)
		if (!seen[j])
			return 0;
	return 1;
}

static int gates(const struct trace *tr, int workers)
{
	for (int w = 0; w < workers; w++) {
		int g = 0;
		for (unsigned i = 0; i < tr->lane[w].count; i++)
			g += tr->lane[w].ev[i].kind == TRACE_GATE;
		if (g != 1)
			return 0;
	}
	return 1;
}

static struct trace *tr;
static struct trace_event ev[2 * TRACE_LANE_EVENTS];
static const struct schedule stat_sched = { SPLIT_STATIC, 0 }, dyn_sched = { SPLIT_DYNAMIC, 0 };

/* The options every case starts from; a case changes its own copy. */
static const struct runner_options base_opt = { .gil = { .switch_interval = 0.0005, .unit = 4,
							 .check = 5 },
						.fork = { .timeout = 60, .crash_worker = -1 } };

/* How many of the trace's held intervals start before the previous one
 * ends (sorted by start); *nheld: how many there are. */
static size_t held_overlaps(size_t *nheld)
{
	size_t overlaps = 0;
	*nheld = collect(tr, 2, TRACE_HELD, ev, sizeof(ev) / sizeof(ev[0]));
	for (size_t i = 1; i < *nheld; i++)
		overlaps += ev[i].start < ev[i - 1].end;
	return overlaps;
}

/* One thread: nobody to hand off to, nobody to ask. */
static void case_one_thread_never_hands_off(void)
{
	struct runner_options opt = base_opt;
	struct run_outcome out;
	mixed_wait = 0;
	for (int m = 0; m < GIL_MODES; m++) {
		opt.gil.mode = (enum gil_mode)m;
		int rc = run("gil", &mixed, 400, 1, stat_sched, &opt, NULL, &out);
		const struct gil_counts gc = counts_of(&out), *g = &gc;
		ok(rc == 0 && every_item_once(400) && out.counted && g->handoffs == 0 &&
		   g->drop_requests == 0 && g->forced_waits == 0 && g->honoured == 0,
		   "%s, 1 thread with blocking calls: %llu hand-offs, %llu requests, %llu forced waits (want 0)",
		   gil_mode_name(opt.gil.mode), (unsigned long long)g->handoffs,
		   (unsigned long long)g->drop_requests, (unsigned long long)g->forced_waits);
		/* 400 items in units of 4: 100 checks, every 5th releases in old. */
		unsigned long long want = m == GIL_OLD ? 100 / 5 : 0;
		ok(rc == 0 && g->releases == want, "%s, 1 thread: %llu releases between units (want %llu)",
		   gil_mode_name(opt.gil.mode), (unsigned long long)g->releases, want);
	}
}

/* new: two CPU-bound threads, 0.5 ms interval, traced. */
static void case_new_honours_every_request(void)
{
	struct runner_options opt = base_opt;
	struct run_outcome out;
	opt.gil.mode = GIL_NEW;
	int rc = run("gil", &cpu, 4000, 2, stat_sched, &opt, tr, &out);
	struct gil_counts g = counts_of(&out);
	ok(rc == 0 && every_item_once(4000) && g.handoffs > 0 && g.drop_requests > 0,
	   "new, 2 CPU threads: the lock changes hands (%llu hand-offs, %llu drop requests)",
	   (unsigned long long)g.handoffs, (unsigned long long)g.drop_requests);
	ok(g.honoured == g.drop_requests && g.forced_waits == g.drop_requests,
	   "new: every request honoured by a hand-off after a forced wait (%llu requests, %llu honoured, %llu forced waits)",
	   (unsigned long long)g.drop_requests, (unsigned long long)g.honoured,
	   (unsigned long long)g.forced_waits);
	size_t nheld, overlaps = held_overlaps(&nheld);
	ok(rc == 0 && nheld >= g.handoffs + 1 && overlaps == 0 && tr->lane[0].lost + tr->lane[1].lost == 0,
	   "new: the trace's %zu held intervals never overlap (%zu overlaps)", nheld, overlaps);
	size_t nreq = collect(tr, 2, TRACE_REQUEST, ev, sizeof(ev) / sizeof(ev[0]));
	ok(nreq == g.drop_requests && chunks_cover(tr, 2, 4000) && gates(tr, 2),
	   "new: the trace has each request (%zu of %llu), each worker's gate and every item in a chunk once",
	   nreq, (unsigned long long)g.drop_requests);
}

/* new-noforce: the holder may win the lock back; it never waits. */
static void case_new_noforce_never_waits(void)
{
	struct runner_options opt = base_opt;
	struct run_outcome out;
	opt.gil.mode = GIL_NEW_NOFORCE;
	int rc = run("gil", &cpu, 4000, 2, stat_sched, &opt, NULL, &out);
	struct gil_counts g = counts_of(&out);
	ok(rc == 0 && every_item_once(4000) && g.drop_requests > 0 && g.forced_waits == 0,
	   "new-noforce, 2 CPU threads: %llu requests, no forced wait (%llu)",
	   (unsigned long long)g.drop_requests, (unsigned long long)g.forced_waits);
	ok(g.honoured <= g.drop_requests, "new-noforce: %llu of %llu requests honoured (at most all)",
	   (unsigned long long)g.honoured, (unsigned long long)g.drop_requests);
}

/* old: no timer; a release every 5 units, exactly: 2000 items per worker
 * in units of 4 = 500 checks, 100 releases each. */
static void case_old_releases_every_check(void)
{
	struct runner_options opt = base_opt;
	struct run_outcome out;
	opt.gil.mode = GIL_OLD;
	int rc = run("gil", &cpu, 4000, 2, stat_sched, &opt, tr, &out);
	struct gil_counts g = counts_of(&out);
	ok(rc == 0 && every_item_once(4000) && g.releases == 200,
	   "old, 2 CPU threads, --gil-check 5: %llu releases (want 200)", (unsigned long long)g.releases);
	ok(g.drop_requests == 0 && g.forced_waits == 0,
	   "old: no drop request, no forced wait (%llu, %llu)", (unsigned long long)g.drop_requests,
	   (unsigned long long)g.forced_waits);
	size_t nheld, overlaps = held_overlaps(&nheld);
	ok(overlaps == 0 && nheld >= 200, "old: %zu held intervals, none overlapping", nheld);
}

/* A thread back from a blocking call: io-priority asks at once (10 s
 * interval, units of one item, a CPU thread and an IO thread). */
static void case_io_priority_asks_after_blocking(void)
{
	struct runner_options opt = base_opt;
	struct run_outcome out;
	opt.gil.switch_interval = 10;
	opt.gil.unit = 1;
	opt.gil.mode = GIL_IO_PRIORITY;
	mixed_wait = 1;
	int rc = run("gil", &mixed, 400, 2, stat_sched, &opt, NULL, &out);
	struct gil_counts g = counts_of(&out);
	ok(rc == 0 && every_item_once(400) && g.drop_requests > 0 && g.honoured == g.drop_requests,
	   "io-priority, CPU thread + IO thread, 10 s interval: %llu requests, all honoured (%llu)",
	   (unsigned long long)g.drop_requests, (unsigned long long)g.honoured);
}

/* The same run under new with a 10 s interval never asks within it. */
static void case_new_long_interval_never_asks(void)
{
	struct runner_options opt = base_opt;
	struct run_outcome out;
	opt.gil.switch_interval = 10;
	opt.gil.unit = 1;
	opt.gil.mode = GIL_NEW;
	mixed_wait = 1;
	int rc = run("gil", &mixed, 400, 2, stat_sched, &opt, NULL, &out);
	ok(rc == 0 && every_item_once(400) && counts_of(&out).drop_requests == 0,
	   "new, the same with a 10 s interval: no request (%llu)",
	   (unsigned long long)counts_of(&out).drop_requests);
}

/* A blocking call releases the lock, in every mode. */
static void case_blocking_call_releases_lock(void)
{
	struct runner_options opt = base_opt;
	struct run_outcome out;
	opt.gil.switch_interval = 0.005;
	opt.gil.unit = 1;
	for (int m = 0; m < GIL_MODES; m++) {
		opt.gil.mode = (enum gil_mode)m;
		int rc = run("gil", &release, 40, 2, stat_sched, &opt, NULL, &out);
		ok(rc == 0 && atomic_load(&st->saw_progress) && !atomic_load(&st->timed_out),
		   "%s: the other thread runs while one is in a blocking call", gil_mode_name(opt.gil.mode));
	}
}

/* The trace of the other runners: chunks and gates, threads and processes
 * (under the gil settings the case before uses; they do not apply here). */
static void case_traced_runners_cover_every_item(void)
{
	static const char *const traced[] = { "pthreads", "openmp", "fork", "fork-pool", "pthreads-pool", "serial" };
	struct runner_options opt = base_opt;
	struct run_outcome out;
	opt.gil.switch_interval = 0.005;
	opt.gil.unit = 1;
	opt.gil.mode = GIL_IO_PRIORITY;
	for (size_t i = 0; i < sizeof(traced) / sizeof(traced[0]); i++) {
		int workers = strcmp(traced[i], "serial") == 0 ? 1 : 2;
		int rc = run(traced[i], &cpu, 1000, workers, dyn_sched, &opt, tr, &out);
		int need_gate = strcmp(traced[i], "serial") != 0;
		ok(rc == 0 && every_item_once(1000) && chunks_cover(tr, workers, 1000) &&
		   (!need_gate || gates(tr, workers)),
		   "%s, dynamic, traced: every item in one traced chunk%s", traced[i],
		   need_gate ? ", one gate per worker" : "");
	}
}

static const struct tap_case cases[] = {
	{ "one_thread_never_hands_off", case_one_thread_never_hands_off },
	{ "new_honours_every_request", case_new_honours_every_request },
	{ "new_noforce_never_waits", case_new_noforce_never_waits },
	{ "old_releases_every_check", case_old_releases_every_check },
	{ "io_priority_asks_after_blocking", case_io_priority_asks_after_blocking },
	{ "new_long_interval_never_asks", case_new_long_interval_never_asks },
	{ "blocking_call_releases_lock", case_blocking_call_releases_lock },
	{ "traced_runners_cover_every_item", case_traced_runners_cover_every_item },
	{ NULL, NULL },
};

int main(void)
{
	shared = kernel_shared_alloc(sizeof(*shared));
	st = kernel_shared_alloc(sizeof(*st));
	tr = trace_new(2);
	if (!shared || !st || !tr) {
		printf("1..0 # SKIP cannot map shared memory\n");
		return 1;
	}
	/* Per case: 2 per mode, 4, 2, 3, 1 + 1, 1 per mode, 6 runners. */
	printf("1..%d\n", 2 * GIL_MODES + 4 + 2 + 3 + 2 + GIL_MODES + 6);
	int rc = tap_run_cases(cases);
	trace_free(tr);
	return rc;
}
