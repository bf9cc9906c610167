/*
 * pthreads.c - N POSIX threads, created for each run and joined after it.
 * Each thread stands at the start gate, does its share of the schedule by
 * calling the kernel directly, records its partial and finish time in the
 * shared block and returns. Creation time (pthread_create until every
 * thread stands at the gate) is the spawn time; the work is timed from the
 * gate's opening to the last thread's finish. Threads are not bound to CPUs
 * here: the OS places them (sched_getcpu records where they finished).
 */
#include <pthread.h>
#include <string.h>

#include "runner.h"

struct pt_worker {
	const struct run_request *rq;
	struct worker w;
	pthread_t tid;
};

static void *pt_main(void *arg)
{
	struct pt_worker *pw = arg;
	runner_arrive(pw->rq);
	runner_finish(pw->rq, pw->w.id, runner_work(pw->rq, &pw->w, NULL));
	return NULL;
}

static int pthreads_run(const struct run_request *rq, struct run_outcome *out)
{
	struct pt_worker pw[RUNNER_MAX_WORKERS];
	int started = 0, rc = 0;
	double t0 = runner_begin(rq);

	for (; started < rq->workers; started++) {
		pw[started] = (struct pt_worker){ .rq = rq, .w = { .id = started } };
		int err = pthread_create(&pw[started].tid, NULL, pt_main, &pw[started]);
		if (err) {
			rc = runner_fail(out, "cannot create thread %d: %s", started, strerror(err));
			break;
		}
	}
	if (rc == 0)
		runner_release(rq, NULL, NULL);
	else
		atomic_store(&rq->shared->go, 1);   /* let the started ones finish */
	for (int i = 0; i < started; i++)
		pthread_join(pw[i].tid, NULL);
	return rc ? rc : runner_collect(rq, t0, out);
}

const struct runner_ops runner_pthreads = {
	.name = "pthreads",
	.summary = "N threads created, run and joined for each run (no lock between them)",
	.run = pthreads_run,
};
