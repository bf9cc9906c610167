/*
 * fork.c - N child processes, forked for each run: Python's multiprocessing
 * with the fork start method. The kernel's state and the shared block were
 * mapped MAP_SHARED before fork, so children read the data and write their
 * partials, finish times and CPUs where the parent sees them. A child binds
 * itself to its PU (--bind), stands at the start gate, works, records its
 * result and leaves with _exit(0)
 * (no atexit handlers, no stdio flush of the parent's buffers).
 *
 * The parent reaps every child with waitpid (children.c, shared with
 * spawn) and fails the run, naming the
 * worker and the reason, when a child was killed by a signal, exited
 * non-zero, never recorded a result, or was still running at the timeout
 * (--timeout; then all the run's children are killed). The first child
 * seen dying on its own gets the survivors killed at once (they may wait
 * on what it left behind) and is the reason the run reports. While it waits at
 * the gate it polls for children that died before arriving, so a crash
 * never hangs the run. While it takes results (imap, --collect messages,
 * queue) it stops as soon as every child has ended with results still
 * missing (a child that could not bind exits 0 without working) and names
 * that child's own error, not the timeout.
 * Spawn time is fork() of the first child until all stand at the gate.
 * Each child runs the initializer (--init-cost, init.c) in its own process
 * before the gate; with --init-in-parent the parent builds the table once
 * before forking (inside the spawn interval) and the children inherit it.
 * --timeout and the crash test hook are fork's own settings
 * (fork_settings.h): their option entries and defaults are below, beside
 * runner_fork.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../harness/core/options.h"
#include "fork_settings.h"
#include "runner.h"

static void crash_hook(const struct run_request *rq, int id, int before_gate)
{
	if (rq->opt->fork.crash_worker != id || rq->opt->fork.crash_before_gate != before_gate)
		return;
	struct rlimit none = { 0, 0 };
	setrlimit(RLIMIT_CORE, &none);   /* the test hook needs no core file */
	raise(SIGSEGV);
}

static void child_main(const struct run_request *rq, int id)
{
	struct worker w = { .id = id };
	struct runner_init_table *tab = NULL;   /* left to _exit */
	runner_child_signals();
	crash_hook(rq, id, 1);
	int unbound = runner_bind(rq, id) || runner_init_worker(rq, id, &tab);
	runner_arrive(rq, id);
	crash_hook(rq, id, 0);
	if (!unbound)
		runner_finish(rq, id, runner_work(rq, &w, NULL));
	_exit(0);
}

static int fork_children(const struct run_request *rq, struct run_outcome *out, double t0)
{
	struct runner_children c = { .count = 0 };
	int rc = 0;
	c.deadline = t0 + rq->opt->fork.timeout;

	for (; c.count < rq->workers; c.count++) {
		pid_t pid = fork();
		if (pid < 0) {
			rc = runner_fail(out, "cannot fork worker %d: %s", c.count, strerror(errno));
			break;
		}
		if (pid == 0)
			child_main(rq, c.count);
		c.pid[c.count] = pid;
		c.reaped[c.count] = 0;
	}
	if (rc == 0 && runner_release(rq, runner_children_alive, &c) < 0)
		rc = c.late ? runner_fail(out, "fork workers did not all reach the start within the %g s timeout",
					  rq->opt->fork.timeout)
			    : runner_fail(out, "a fork worker ended before the start");
	if (rc)
		atomic_store(&rq->shared->go, 1);   /* let the others run out */
	else if (runner_consume(rq, runner_children_working, &c) < 0)
		rc = runner_clock() > c.deadline
			? runner_fail(out, "the run passed its %g s timeout while the parent waited for results",
				      rq->opt->fork.timeout)
			: runner_fail_missing(rq, out, "fork");

	int late = runner_children_reap(&c, c.deadline);
	if (c.dead)   /* the child that died first, not the ones killed after it */
		return runner_child_describe(out, "fork", c.dead - 1, c.status[c.dead - 1]);
	if (late >= 0 && !c.late)
		return runner_fail(out, "worker %d (fork) still running after the %g s timeout: killed",
				   late, rq->opt->fork.timeout);
	for (int i = 0; i < c.count; i++)
		if (runner_child_describe(out, "fork", i, c.status[i]) < 0)
			return -1;   /* the reason beats "ended before the start" */
	return rc ? rc : runner_collect(rq, t0, out);
}

/* --init-in-parent: the table is built once, in the spawn interval, before
 * the forks; the children inherit it and only read it. */
static int fork_run(const struct run_request *rq, struct run_outcome *out)
{
	struct run_request r = *rq;
	struct runner_init_table *tab = NULL;
	double t0 = runner_begin(rq);
	if (rq->init_in_parent && rq->opt->init_cost_ms) {
		if (!(tab = runner_init_parent(rq)))
			return runner_fail(out, "no memory for the initializer's table in the parent");
		r.init_table = tab;
	}
	int rc = fork_children(&r, out, t0);
	runner_init_free(tab);
	return rc;
}

/* fork's settings (fork_settings.h), fork-pool's too: their defaults and their
 * options of `parbench run`. */
static void fork_defaults(struct runner_options *o)
{
	o->fork = (struct fork_settings){ .timeout = 600, .crash_worker = -1 };
}

static const struct opt fork_options[] = {
	OPT_DECIMAL_AT("timeout", struct runner_options, fork.timeout, 0.001, 86400, "S", "seconds",
		"a fork or spawn run still going after S seconds is\n"
		"killed and fails (default 600)"),
	OPT_WHOLE_AT("test-crash-worker", struct runner_options, fork.crash_worker, 0,
		     RUNNER_MAX_WORKERS - 1, "I", "a worker id",
		"test hook: fork worker I dies of SIGSEGV"),
	OPT_END,
};

/* --test-crash-worker names a worker of the largest run: 0 to workers - 1. */
static int fork_check(const struct runner_options *o, int max_workers)
{
	if (o->fork.crash_worker < max_workers)
		return 0;
	fprintf(stderr, "parbench: bad --test-crash-worker '%d': expected a worker id from 0 to %d (workers - 1 of the largest --workers, %d)\n",
		o->fork.crash_worker, max_workers - 1, max_workers);
	return 2;
}

extern const struct runner_ops runner_fork_pool;

const struct runner_ops runner_fork = {
	.name = "fork",
	.summary = "N child processes forked for each run, results through shared memory",
	.run = fork_run,
	.pool = &runner_fork_pool,
	.init_in_parent = 1,
	.workers_are = RUNNER_PROCESSES,
	.options = fork_options,
	.defaults = fork_defaults,
	.check = fork_check,
};

/*
 * fork-pool: the same children, forked once per configuration and fed every
 * repetition (multiprocessing.Pool kept open across map calls). Idle
 * children sleep on a futex in shared memory. The first run's spawn time
 * includes the forks; later runs' spawn time is waking the children until
 * all stand at the gate. A child that dies fails the run, naming the worker
 * and the signal; the pool is then broken and the configuration ends.
 * The initializer runs once per child, in its first run; with
 * --init-in-parent once in the parent, before the pool's forks.
 */
struct process_pool {
	struct runner_pool *pool;
	struct runner_children c;
	struct run_request rq;
	struct runner_init_table *table;   /* --init-in-parent: built before the forks */
};

static void pool_after_gate(const struct run_request *rq, int id)
{
	crash_hook(rq, id, 0);
}

static int pool_alive(void *arg)
{
	struct process_pool *pp = arg;
	if (runner_clock() > pp->c.deadline) {
		pp->c.late = 1;
		return 0;
	}
	for (int i = 0; i < pp->c.count; i++) {
		if (pp->c.reaped[i])
			continue;
		if (waitpid(pp->c.pid[i], &pp->c.status[i], WNOHANG) == pp->c.pid[i]) {
			pp->c.reaped[i] = 1;
			return 0;
		}
	}
	return 1;
}

static void process_pool_close(void *data)
{
	struct process_pool *pp = data;
	if (!pp)
		return;
	runner_pool_quit(pp->pool);
	/* Idle children leave at once; give them a second, then kill. */
	runner_children_reap(&pp->c, runner_clock() + 1.0);
	runner_pool_free(pp->pool);
	runner_init_free(pp->table);
	free(pp);
}

static int fork_pool_run(const struct run_request *rq, struct run_outcome *out)
{
	struct process_pool *pp = *rq->pool;
	double t0 = runner_begin(rq);
	if (!pp) {
		pp = calloc(1, sizeof(*pp));
		if (!pp || !(pp->pool = runner_pool_new(rq->workers))) {
			free(pp);
			return runner_fail(out, "cannot allocate a process pool");
		}
		pp->rq = *rq;
		pp->pool->after_gate = pool_after_gate;
		*rq->pool = pp;
		if (rq->init_in_parent && rq->opt->init_cost_ms) {
			if (!(pp->table = runner_init_parent(rq))) {
				pp->pool->broken = 1;
				return runner_fail(out, "no memory for the initializer's table in the parent");
			}
			pp->rq.init_table = pp->table;
		}
		for (; pp->c.count < rq->workers; pp->c.count++) {
			pid_t pid = fork();
			if (pid < 0) {
				pp->pool->broken = 1;
				return runner_fail(out, "cannot fork worker %d: %s", pp->c.count, strerror(errno));
			}
			if (pid == 0) {
				runner_child_signals();
				crash_hook(&pp->rq, pp->c.count, 1);
				runner_pool_serve(pp->pool, &pp->rq, pp->c.count);
				_exit(0);
			}
			pp->c.pid[pp->c.count] = pid;
		}
	}
	pp->c.deadline = runner_clock() + rq->opt->fork.timeout;
	pp->c.late = 0;
	if (runner_pool_run(pp->pool, &pp->rq, out, pool_alive, pp) < 0) {
		/* The survivors must not go on working in the shared block that
		 * the next configuration's runs use: kill them now. The reason
		 * is the child that ended on its own, not the ones killed here. */
		int died[RUNNER_MAX_WORKERS];
		for (int i = 0; i < pp->c.count; i++) {
			died[i] = pp->c.reaped[i];
			if (!died[i])
				kill(pp->c.pid[i], SIGKILL);
		}
		runner_children_reap(&pp->c, runner_clock() + 10);
		if (pp->c.late)
			return runner_fail(out, "fork-pool workers did not finish within the %g s timeout: killed",
					   rq->opt->fork.timeout);
		for (int i = 0; i < pp->c.count; i++)
			if (died[i] && runner_child_describe(out, "fork", i, pp->c.status[i]) < 0)
				break;
		return -1;
	}
	return runner_collect(rq, t0, out);
}

const struct runner_ops runner_fork_pool = {
	.name = "fork-pool",
	.summary = "N child processes forked once per configuration and fed every run (--pool)",
	.run = fork_pool_run,
	.close = process_pool_close,
	.pooled = 1,
	.init_in_parent = 1,
	.workers_are = RUNNER_PROCESSES,
	.options = fork_options,
	.defaults = fork_defaults,
};
