/*
 * fork.c - N child processes, forked for each run: Python's multiprocessing
 * with the fork start method. The kernel's state and the shared block were
 * mapped MAP_SHARED before fork, so children read the data and write their
 * partials, finish times and CPUs where the parent sees them. A child stands
 * at the start gate, works, records its result and leaves with _exit(0)
 * (no atexit handlers, no stdio flush of the parent's buffers).
 *
 * The parent reaps every child with waitpid and fails the run, naming the
 * worker and the reason, when a child was killed by a signal, exited
 * non-zero or never recorded a result. While it waits at the gate it polls
 * for children that died before arriving, so a crash never hangs the run.
 * Spawn time is fork() of the first child until all stand at the gate.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runner.h"

struct children {
	pid_t pid[RUNNER_MAX_WORKERS];
	int status[RUNNER_MAX_WORKERS];
	int reaped[RUNNER_MAX_WORKERS];
	int count;
};

static void child_main(const struct run_request *rq, int id)
{
	struct worker w = { .id = id };
	runner_arrive(rq);
	if (rq->opt->crash_worker == id) {
		struct rlimit none = { 0, 0 };
		setrlimit(RLIMIT_CORE, &none);   /* the test hook needs no core file */
		raise(SIGSEGV);
	}
	runner_finish(rq, id, runner_work(rq, &w, NULL));
	_exit(0);
}

/* Reaps whatever child has ended; returns 0 if one ended before the gate. */
static int children_alive(void *arg)
{
	struct children *c = arg;
	for (int i = 0; i < c->count; i++) {
		if (c->reaped[i])
			continue;
		if (waitpid(c->pid[i], &c->status[i], WNOHANG) == c->pid[i]) {
			c->reaped[i] = 1;
			return 0;
		}
	}
	return 1;
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

static int fork_run(const struct run_request *rq, struct run_outcome *out)
{
	struct children c = { .count = 0 };
	int rc = 0;
	double t0 = runner_begin(rq);

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
		rc = runner_fail(out, "a fork worker ended before the start");
	if (rc)
		atomic_store(&rq->shared->go, 1);   /* let the others run out */

	for (int i = 0; i < c.count; i++) {
		while (!c.reaped[i] && waitpid(c.pid[i], &c.status[i], 0) < 0) {
			if (errno != EINTR) {
				c.status[i] = 0;
				break;
			}
		}
		c.reaped[i] = 1;
	}
	for (int i = 0; i < c.count; i++)
		if (describe_child(out, i, c.status[i]) < 0)
			return -1;   /* the reason beats "ended before the start" */
	return rc ? rc : runner_collect(rq, t0, out);
}

const struct runner_ops runner_fork = {
	.name = "fork",
	.summary = "N child processes forked for each run, results through shared memory",
	.run = fork_run,
};
