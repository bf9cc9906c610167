/*
 * pthreads.c - N POSIX threads, created for each run and joined after it.
 * Each thread stands at the start gate, does its share of the schedule by
 * calling the kernel directly, records its partial and finish time in the
 * shared block and returns. Creation time (pthread_create until every
 * thread stands at the gate) is the spawn time; the work is timed from the
 * gate's opening to the last thread's finish. Each thread binds itself to
 * its PU of the placement plan (--bind) before it arrives at the gate.
 */
#include "runner.h"

struct pt_worker {
	const struct run_request *rq;
	struct worker w;
};

static void *pt_main(void *arg)
{
	struct pt_worker *pw = arg;
	int unbound = runner_bind(pw->rq, pw->w.id);
	runner_arrive(pw->rq);
	if (!unbound)
		runner_finish(pw->rq, pw->w.id, runner_work(pw->rq, &pw->w, NULL));
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

const struct runner_ops runner_pthreads = {
	.name = "pthreads",
	.summary = "N threads created, run and joined for each run (no lock between them)",
	.run = pthreads_run,
};
