/*
 * openmp.c - one OpenMP parallel region of N threads (libgomp). The region's
 * entry is the spawn interval (libgomp creates its team on the first region
 * and keeps it for later ones, so only the first run pays for creation). An
 * OpenMP barrier is the start gate: after it thread 0 notes the start time,
 * and a second barrier keeps everyone from working before that. Static is
 * each thread's contiguous block, every pass (what schedule(static) does);
 * dynamic uses OpenMP's own schedule(dynamic) over the chunk numbers, one
 * loop per pass with a barrier between two (the passes must not overlap,
 * split.h), so libgomp's work sharing is what is measured. Each thread binds itself to
 * its PU inside the region (--bind) and unbinds at its end, since libgomp
 * reuses its threads; when OMP_PROC_BIND or OMP_PLACES is set, the runtime
 * has placed the team and parbench does not bind on top (its master, the
 * main thread, goes back to the place libgomp pinned it to at start-up:
 * main had given it the start-up CPUs, harness/core/affinity.h). The initializer
 * (--init-cost, init.c) runs in each thread inside the region before the
 * first barrier, every run: libgomp keeps its threads, but an OpenMP
 * program has no per-thread hook that survives between regions. --pattern map
 * and --collect shared put each task's result in the results table; imap,
 * imap_unordered and --collect messages are refused (no_parent: the
 * caller is a worker of the team).
 */
#include <omp.h>

#include "../harness/core/affinity.h"
#include "runner.h"

static int openmp_run(const struct run_request *rq, struct run_outcome *out)
{
	const struct kernel_job *job = rq->job;
	size_t per_pass = rq->sched.kind == SPLIT_DYNAMIC ? split_chunks(job->n, rq->sched.chunk) : 0;
	int team = 0;
	double t0 = runner_begin(rq);

#pragma omp parallel num_threads(rq->workers)
	{
		struct worker w = { .id = omp_get_thread_num() };
		uint64_t partial = 0;
		size_t lo, hi;
		struct trace *tr = runner_trace(rq);
		double entered = tr ? runner_clock() : 0;

		/* OMP_PROC_BIND / OMP_PLACES: the runtime placed the team already;
		 * the master gets back the place libgomp gave it at start-up
		 * (main gave the process its start-up CPUs, affinity.h). */
		if (!rq->opt->omp_placed)
			runner_bind(rq, w.id);
		else if (w.id == 0)
			affinity_pin_pinned();
		/* --init-cost: each thread, every run (a failure is in its slot;
		 * it still takes part in the work sharing). */
		struct runner_init_table *tab = NULL;
		runner_init_worker(rq, w.id, &tab);

#pragma omp single
		team = omp_get_num_threads();
#pragma omp barrier
#pragma omp master
		rq->shared->start = runner_clock();
		/* Nobody starts before the clock does. */
#pragma omp barrier
		if (tr)
			trace_add(tr, w.id, TRACE_GATE, entered, runner_clock(), 0, 0);
		runner_mark(rq, w.id);

		if (rq->sched.kind == SPLIT_STATIC) {
			split_static(job->n, team, w.id, &lo, &hi);
			for (unsigned pass = 0; pass < job->repeat; pass++) {
				uint64_t v = lo < hi ? runner_range(rq, lo, hi, &w) : 0;
				if (rq->results)   /* --collect shared: task pass * workers + id */
					runner_deliver(rq, (size_t)pass * (size_t)team + (size_t)w.id, v);
				else
					partial += v;
			}
		} else {
			/* One work-sharing loop per pass, a barrier between two, so a
			 * pass never overlaps the next (split.h); chunk numbers still
			 * run across the passes. */
			for (unsigned pass = 0; pass < job->repeat; pass++) {
				if (pass) {
#pragma omp barrier
				}
#pragma omp for schedule(dynamic, 1) nowait
				for (size_t c = pass * per_pass; c < (pass + 1) * per_pass; c++) {
					split_chunk(c, job->n, rq->sched.chunk, &lo, &hi);
					uint64_t v = runner_range(rq, lo, hi, &w);
					if (rq->results)
						runner_deliver(rq, c, v);   /* map, --collect shared */
					else
						partial += v;
				}
			}
		}
		runner_finish(rq, w.id, partial);
		runner_init_free(tab);
		/* libgomp keeps its threads for the next region: leave them free. */
		if (!rq->opt->omp_placed)
			runner_unbind(rq);
		else if (w.id == 0)
			affinity_unpin();
	}
	if (team != rq->workers)
		return runner_fail(out, "openmp gave %d threads, not the %d asked for (OMP_THREAD_LIMIT? OMP_DYNAMIC?)",
				   team, rq->workers);
	return runner_collect(rq, t0, out);
}

const struct runner_ops runner_openmp = {
	.name = "openmp",
	.summary = "one OpenMP parallel region of N threads (libgomp's persistent team)",
	.run = openmp_run,
	.self_placing = 1,
	.threads_env = "OMP_NUM_THREADS",
	.idle_spins = 1,
	.no_parent = "openmp: the calling thread is worker 0 of the team, so no parent is left to take results while the workers run (map and --collect shared work)",
	.workers_are = RUNNER_THREADS,
};
