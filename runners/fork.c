/*
 * fork.c - N child processes, forked for each run: Python's multiprocessing
 * with the fork start method. The kernel's state and the shared block were
 * mapped MAP_SHARED before fork, so children read the data and write their
 * partials, finish times and CPUs where the parent sees them. A child binds
 * itself to its PU (--bind), stands at the start gate, works, records its
 * result and leaves with _exit(0)
 * (no atexit handlers, no stdio flush of the parent's buffers).
 *
 * The parent reaps every child with waitpid and fails the run, naming the
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

struct children {
	pid_t pid[RUNNER_MAX_WORKERS];
	int status[RUNNER_MAX_WORKERS];
	int reaped[RUNNER_MAX_WORKERS];
	int count;
	double deadline;          /* runner_clock() after which the run is late */
	int late;                 /* the deadline passed before all stood at the gate */
	int dead;                 /* 1 + the first child that died on its own; 0 = none */
	int killed;               /* the parent has killed children (dead or late) */
};

/* Child i has been reaped. The first one to die on its own (a signal, a
 * non-zero exit) is remembered as the run's reason, and the survivors are
 * killed at once: they may be stalled on what it left (results it never
 * delivered), and their ends would only hide it. */
static void child_reaped(struct children *c, int i)
{
	int st = c->status[i];
	c->reaped[i] = 1;
	if (c->dead || c->killed || (WIFEXITED(st) && WEXITSTATUS(st) == 0))
		return;
	c->dead = i + 1;
	c->killed = 1;
	for (int j = 0; j < c->count; j++)
		if (!c->reaped[j])
			kill(c->pid[j], SIGKILL);
}

static void crash_hook(const struct run_request *rq, int id, int before_gate)
{
	if (rq->opt->fork.crash_worker != id || rq->opt->fork.crash_before_gate != before_gate)
		return;
	struct rlimit none = { 0, 0 };
	setrlimit(RLIMIT_CORE, &none);   /* the test hook needs no core file */
	raise(SIGSEGV);
}

/* Ctrl-C is the parent's to handle (it stops after this run); if the
 * parent dies, the child goes too instead of working on as an orphan. */
static void child_signals(void)
{
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
}

static void child_main(const struct run_request *rq, int id)
{
	struct worker w = { .id = id };
	struct runner_init_table *tab = NULL;   /* left to _exit */
	child_signals();
	crash_hook(rq, id, 1);
	int unbound = runner_bind(rq, id) || runner_init_worker(rq, id, &tab);
	runner_arrive(rq, id);
	crash_hook(rq, id, 0);
	if (!unbound)
		runner_finish(rq, id, runner_work(rq, &w, NULL));
	_exit(0);
}

/* Reaps whatever child has ended; returns 0 if one ended before the gate,
 * or if the deadline passed while they were still arriving. */
static int children_alive(void *arg)
{
	struct children *c = arg;
	if (runner_clock() > c->deadline) {
		c->late = 1;
		return 0;
	}
	for (int i = 0; i < c->count; i++) {
		if (c->reaped[i])
			continue;
		if (waitpid(c->pid[i], &c->status[i], WNOHANG) == c->pid[i]) {
			child_reaped(c, i);
			return 0;
		}
	}
	return 1;
}

/* Reaps every child; one still running at the deadline is killed with all
 * the others. Returns -1, or the id of the first child that was late. The
 * parent polls with growing sleeps (up to 5 ms): the timing comes from the
 * children's own finish times, so reaping a little late costs nothing. */
static int reap_all(struct children *c, double deadline)
{
	long nap = 50000;
	int late = -1;
	for (;;) {
		int waiting = 0;
		for (int i = 0; i < c->count; i++) {
			if (c->reaped[i])
				continue;
			pid_t got = waitpid(c->pid[i], &c->status[i], WNOHANG);
			if (got == c->pid[i] || (got < 0 && errno != EINTR)) {
				if (got < 0)
					c->status[i] = 0;
				child_reaped(c, i);
			} else {
				waiting++;
			}
		}
		if (!waiting)
			return late;
		if (late < 0 && runner_clock() > deadline) {
			for (int i = 0; i < c->count; i++) {
				if (c->reaped[i])
					continue;
				if (late < 0)
					late = i;
				c->killed = 1;
				kill(c->pid[i], SIGKILL);
			}
		}
		struct timespec ts = { 0, nap };
		nanosleep(&ts, NULL);
		if (nap < 5000000)
			nap *= 2;
	}
}

/* While the parent consumes results (imap, imap_unordered, --collect
 * messages, queue): reaps children that ended; 0 when one ended without
 * recording its result (a crash, a non-zero exit), when every child has
 * ended with results still missing (one that could not bind exits 0
 * without working), or when the deadline passed; 1 while the run can go
 * on. pattern_consume then takes what is already there before failing. */
static int children_working(void *arg)
{
	struct children *c = arg;
	if (runner_clock() > c->deadline)
		return 0;
	int running = 0;
	for (int i = 0; i < c->count; i++) {
		if (c->reaped[i])
			continue;
		if (waitpid(c->pid[i], &c->status[i], WNOHANG) == c->pid[i]) {
			child_reaped(c, i);
			if (c->dead)
				return 0;
		} else {
			running++;
		}
	}
	return running > 0;
}

static int describe_child(struct run_outcome *out, int id, int status)
{
	if (WIFSIGNALED(status))
		return runner_fail(out, "worker %d (fork) killed by signal %d (SIG%s: %s)", id,
				   WTERMSIG(status), sigabbrev_np(WTERMSIG(status)),
				   strsignal(WTERMSIG(status)));
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		return runner_fail(out, "worker %d (fork) exited with status %d", id,
				   WEXITSTATUS(status));
	return 0;
}

static int fork_children(const struct run_request *rq, struct run_outcome *out, double t0)
{
	struct children c = { .count = 0 };
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
	if (rc == 0 && runner_release(rq, children_alive, &c) < 0)
		rc = c.late ? runner_fail(out, "fork workers did not all reach the start within the %g s timeout",
					  rq->opt->fork.timeout)
			    : runner_fail(out, "a fork worker ended before the start");
	if (rc)
		atomic_store(&rq->shared->go, 1);   /* let the others run out */
	else if (runner_consume(rq, children_working, &c) < 0)
		rc = runner_clock() > c.deadline
			? runner_fail(out, "the run passed its %g s timeout while the parent waited for results",
				      rq->opt->fork.timeout)
			: runner_fail_missing(rq, out, "fork");

	int late = reap_all(&c, c.deadline);
	if (c.dead)   /* the child that died first, not the ones killed after it */
		return describe_child(out, c.dead - 1, c.status[c.dead - 1]);
	if (late >= 0 && !c.late)
		return runner_fail(out, "worker %d (fork) still running after the %g s timeout: killed",
				   late, rq->opt->fork.timeout);
	for (int i = 0; i < c.count; i++)
		if (describe_child(out, i, c.status[i]) < 0)
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
		"a fork run still going after S seconds is killed and\n"
		"fails (default 600)"),
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
	struct children c;
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
	reap_all(&pp->c, runner_clock() + 1.0);
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
				child_signals();
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
		reap_all(&pp->c, runner_clock() + 10);
		if (pp->c.late)
			return runner_fail(out, "fork-pool workers did not finish within the %g s timeout: killed",
					   rq->opt->fork.timeout);
		for (int i = 0; i < pp->c.count; i++)
			if (died[i] && describe_child(out, i, pp->c.status[i]) < 0)
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
