/*
 * serial.c - the reference model: the calling thread runs [0, n) itself,
 * whatever the schedule says (one worker has one static block and takes
 * every dynamic chunk; both are one pass over [0, n)). There is nothing to
 * create, so spawn time is the cost of the gate bookkeeping alone. Under
 * --bind it binds the calling thread for the run and unbinds it after, so
 * that threads created later do not inherit the binding. Its median is the
 * denominator of every speedup. Under --pattern it is one worker taking
 * every chunk, and under imap it is also the parent that consumes each
 * result as soon as its chunk is done (so it never waits). With
 * --init-cost it builds the table once per run before its clock starts, in
 * its spawn time, so cold speedups compare like with like.
 */
#include "runner.h"

static int serial_run(const struct run_request *rq, struct run_outcome *out)
{
	struct worker w = { .id = 0 };
	struct runner_init_table *tab = NULL;
	double t0 = runner_begin(rq);

	if (rq->results)
		rq->results->inline_parent = 1;   /* imap: consumed as each chunk is done */
	/* --init-cost: the work needs the table here too, built once per run. */
	if (runner_bind(rq, 0) == 0 && runner_init_worker(rq, 0, &tab) == 0) {
		rq->shared->start = runner_clock();
		runner_finish(rq, 0, runner_work(rq, &w, NULL));
	}
	runner_init_free(tab);
	runner_unbind(rq);   /* the caller goes on to create other runners' workers */
	return runner_collect(rq, t0, out);
}

const struct runner_ops runner_serial = {
	.name = "serial",
	.summary = "one worker in the calling thread: the reference for checksums and speedup",
	.max_workers = 1,
	.reference = 1,
	.run = serial_run,
	.workers_are = RUNNER_INLINE,
};
