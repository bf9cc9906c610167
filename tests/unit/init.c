/*
 * tests/unit/init.c - the initializer (--init-cost, --init-in-parent): in every
 * runner it runs exactly once per worker per run, in the worker's own
 * thread (threads: this process, a thread that is neither the caller nor
 * another worker's) or process (fork: a pid that is neither the parent's
 * nor another worker's); pools run it once per worker over several runs;
 * with --init-in-parent fork runs it once per run in the parent, fork-pool
 * once per pool, and the children never. Checksums stay serial's. Each
 * behaviour is a named case (case_*, listed in cases[] at the end) that
 * main runs in order. TAP output; no timing is asserted (the cost is 1 ms
 * of CPU).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../kernels/kernel.h"
#include "../../runners/runner.h"
#include "../lib/tap.h"

static uint64_t sum_run(const struct kernel_job *job, size_t lo, size_t hi, struct worker *w)
{
	(void)job;
	(void)w;
	uint64_t s = 0;
	for (size_t i = lo; i < hi; i++)
		s += i + 1;
	return s;
}

static const struct kernel_ops summing = { .name = "sum", .kind = KERNEL_CPU, .run = sum_run };

#define ITEMS 1000
#define RUNS 3

/* Each of the first n records ran `runs` times; where says where: 1 in
 * this process on distinct threads other than the caller's, 3 the same
 * but worker 0 may be the caller (OpenMP's master), 2 in distinct
 * processes other than this one, 0 in the calling thread (serial). */
static int records_ok(const struct runner_shared *sh, int n, int runs, int where)
{
	for (int i = 0; i < n; i++) {
		const struct runner_init_record *r = &sh->init[i];
		if (atomic_load(&r->runs) != runs)
			return 0;
		if (runs == 0)
			continue;
		if (where == 0 && (r->pid != getpid() || r->tid != gettid()))
			return 0;
		if (where == 1 && (r->pid != getpid() || r->tid == gettid()))
			return 0;
		if (where == 3 && (r->pid != getpid() || (i > 0 && r->tid == gettid())))
			return 0;
		if (where == 2 && r->pid == getpid())
			return 0;
		for (int j = 0; j < i; j++)
			if ((where != 2 && sh->init[j].tid == r->tid) ||
			    (where == 2 && sh->init[j].pid == r->pid))
				return 0;
	}
	return 1;
}

/* Runs `runs` runs of runner on one request (one pool for the pooled). */
static int run_n(const char *runner, int workers, int in_parent, struct runner_options *opt,
		 struct runner_shared *sh, int runs, int *checksums_ok)
{
	const struct runner_ops *r = runner_find(runner);
	struct kernel_job job = { .n = ITEMS, .repeat = 1 };
	void *pool = NULL;
	struct run_request rq = {
		.kernel = &summing, .job = &job, .workers = workers,
		.sched = { SPLIT_STATIC, 0 }, .opt = opt, .shared = sh, .pool = &pool,
		.init_in_parent = in_parent,
	};
	int rc = 0;
	*checksums_ok = 1;
	for (int i = 0; i < runs && rc == 0; i++) {
		struct run_outcome out;
		memset(&out, 0, sizeof(out));
		rc = r->run(&rq, &out);
		if (rc)
			printf("# %s: %s\n", runner, out.error);
		if (out.checksum != (uint64_t)ITEMS * (ITEMS + 1) / 2)
			*checksums_ok = 0;
	}
	if (r->close && pool)
		r->close(pool);
	return rc;
}

static struct runner_shared *shared;

/* The options every case starts from (1 ms of initializer cost). */
static const struct runner_options base_opt = {
	.gil = { .switch_interval = 0.005, .unit = 64, .mode = GIL_NEW, .check = 100 },
	.fork = { .timeout = 60, .crash_worker = -1 }, .init_cost_ms = 1 };

/* Per-run runners: once per worker per run, where the worker runs. */
static void case_per_run_once_per_worker(void)
{
	static const struct { const char *name; int where; } per_run[] = {
		{ "pthreads", 1 }, { "gil", 1 }, { "openmp", 3 }, { "fork", 2 },
	};
	struct runner_options opt = base_opt;
	int sums;
	for (size_t k = 0; k < sizeof(per_run) / sizeof(per_run[0]); k++) {
		const char *name = per_run[k].name;
		runner_init_reset(shared);
		int rc = run_n(name, 3, 0, &opt, shared, RUNS, &sums);
		ok(rc == 0 && sums, "%s, 3 workers, %d runs: every run verified", name, RUNS);
		ok(atomic_load(&shared->init_runs) == 3 * RUNS && records_ok(shared, 3, RUNS, per_run[k].where),
		   "%s: the initializer ran once per worker per run (%d in all), each in its own %s",
		   name, atomic_load(&shared->init_runs), per_run[k].where == 2 ? "process" : "thread");
		ok(atomic_load(&shared->init_parent.runs) == 0, "%s: never in the parent", name);
	}
}

static void case_serial_in_calling_thread(void)
{
	struct runner_options opt = base_opt;
	int sums;
	runner_init_reset(shared);
	int rc = run_n("serial", 1, 0, &opt, shared, RUNS, &sums);
	ok(rc == 0 && sums && atomic_load(&shared->init_runs) == RUNS && records_ok(shared, 1, RUNS, 0),
	   "serial: once per run, in the calling thread (%d)", atomic_load(&shared->init_runs));
}

/* Pools: once per worker for all the runs of one pool. */
static void case_pool_once_per_worker(void)
{
	static const struct { const char *name; int where; } pooled[] = {
		{ "pthreads-pool", 1 }, { "fork-pool", 2 },
	};
	struct runner_options opt = base_opt;
	int sums;
	for (size_t k = 0; k < sizeof(pooled) / sizeof(pooled[0]); k++) {
		const char *name = pooled[k].name;
		runner_init_reset(shared);
		int rc = run_n(name, 3, 0, &opt, shared, RUNS, &sums);
		ok(rc == 0 && sums, "%s, 3 workers, %d runs on one pool: every run verified", name, RUNS);
		ok(atomic_load(&shared->init_runs) == 3 && records_ok(shared, 3, 1, pooled[k].where),
		   "%s: once per worker for the pool's %d runs (%d in all), each in its own %s",
		   name, RUNS, atomic_load(&shared->init_runs), pooled[k].where == 2 ? "process" : "thread");
		runner_init_reset(shared);
		rc = run_n(name, 2, 0, &opt, shared, RUNS, &sums);
		ok(rc == 0 && sums && atomic_load(&shared->init_runs) == 2 && records_ok(shared, 2, 1, pooled[k].where),
		   "%s: a new pool of 2 initializes again, once per worker", name);
	}
}

/* --init-in-parent: fork once per run, in the parent; the children
 * inherit the table and do not build one. */
static void case_fork_in_parent_once_per_run(void)
{
	struct runner_options opt = base_opt;
	int sums;
	runner_init_reset(shared);
	int rc = run_n("fork", 3, 1, &opt, shared, RUNS, &sums);
	ok(rc == 0 && sums, "fork --init-in-parent, %d runs: every run verified (children read the inherited table)", RUNS);
	ok(atomic_load(&shared->init_parent.runs) == RUNS && shared->init_parent.pid == getpid() &&
	   shared->init_parent.tid == gettid(),
	   "fork --init-in-parent: once per run in the parent's process (%d)", atomic_load(&shared->init_parent.runs));
	ok(atomic_load(&shared->init_runs) == RUNS && records_ok(shared, 3, 0, 2),
	   "fork --init-in-parent: never in the children");
}

/* --init-in-parent: fork-pool once per pool, in the parent; never in the
 * children. */
static void case_fork_pool_in_parent_once_per_pool(void)
{
	struct runner_options opt = base_opt;
	int sums;
	runner_init_reset(shared);
	int rc = run_n("fork-pool", 3, 1, &opt, shared, RUNS, &sums);
	ok(rc == 0 && sums, "fork-pool --init-in-parent, %d runs: every run verified", RUNS);
	ok(atomic_load(&shared->init_parent.runs) == 1 && shared->init_parent.pid == getpid() &&
	   atomic_load(&shared->init_runs) == 1 && records_ok(shared, 3, 0, 2),
	   "fork-pool --init-in-parent: once for the pool, in the parent; never in the children");
}

/* Runners that cannot inherit ignore the request (the CLI refuses
 * --init-in-parent without fork). */
static void case_threads_ignore_in_parent(void)
{
	struct runner_options opt = base_opt;
	int sums;
	runner_init_reset(shared);
	int rc = run_n("pthreads", 2, 1, &opt, shared, 1, &sums);
	ok(rc == 0 && sums && atomic_load(&shared->init_parent.runs) == 0 && records_ok(shared, 2, 1, 1),
	   "pthreads given init_in_parent still initializes in its workers");
}

/* No cost, no initializer. */
static void case_no_cost_no_initializer(void)
{
	static const char *const all[] = { "serial", "pthreads", "gil", "openmp", "fork",
					   "pthreads-pool", "fork-pool" };
	struct runner_options opt = base_opt;
	int sums, none = 1;
	opt.init_cost_ms = 0;
	runner_init_reset(shared);
	for (size_t k = 0; k < sizeof(all) / sizeof(all[0]); k++) {
		int rc = run_n(all[k], k == 0 ? 1 : 2, k >= 4 && k != 5, &opt, shared, 2, &sums);
		none &= rc == 0 && sums;
	}
	ok(none && atomic_load(&shared->init_runs) == 0, "--init-cost 0: every runner verified, no initializer ran");
}

/* After all the cases above. */
static void case_no_child_left_behind(void)
{
	errno = 0;
	ok(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD, "no child left behind");
}

static const struct tap_case cases[] = {
	{ "per_run_once_per_worker", case_per_run_once_per_worker },
	{ "serial_in_calling_thread", case_serial_in_calling_thread },
	{ "pool_once_per_worker", case_pool_once_per_worker },
	{ "fork_in_parent_once_per_run", case_fork_in_parent_once_per_run },
	{ "fork_pool_in_parent_once_per_pool", case_fork_pool_in_parent_once_per_pool },
	{ "threads_ignore_in_parent", case_threads_ignore_in_parent },
	{ "no_cost_no_initializer", case_no_cost_no_initializer },
	{ "no_child_left_behind", case_no_child_left_behind },
	{ NULL, NULL },
};

int main(void)
{
	shared = kernel_shared_alloc(sizeof(*shared));
	if (!shared) {
		printf("1..0 # skip: cannot map the shared block\n");
		return 0;
	}
	/* Per case: 3 per per-run runner, 1, 3 per pool, 3, 2, 1, 1, 1. */
	printf("1..%d\n", 3 * 4 + 1 + 3 * 2 + 3 + 2 + 1 + 1 + 1);
	int rc = tap_run_cases(cases);
	kernel_shared_free(shared, sizeof(*shared));
	return rc;
}
