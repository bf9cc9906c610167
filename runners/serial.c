/*
 * serial.c - the reference model: the calling thread runs [0, n) itself,
 * whatever the schedule says (one worker has one static block and takes
 * every dynamic chunk; both are one pass over [0, n)). There is nothing to
 * create, so spawn time is the cost of the gate bookkeeping alone. Its
 * median is the denominator of every speedup.
 */
#include "runner.h"

static int serial_run(const struct run_request *rq, struct run_outcome *out)
{
	struct worker w = { .id = 0 };
	double t0 = runner_begin(rq);

	rq->shared->start = runner_clock();
	uint64_t partial = runner_work(rq, &w, NULL);
	runner_finish(rq, 0, partial);
	return runner_collect(rq, t0, out);
}

const struct runner_ops runner_serial = {
	.name = "serial",
	.summary = "one worker in the calling thread: the reference for checksums and speedup",
	.max_workers = 1,
	.run = serial_run,
};
