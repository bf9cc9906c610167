/*
 * children.c - the child processes of the process runners (fork, fork-pool,
 * spawn, spawn-pool): their reaping, the parent's polls while it waits at
 * the gate and for results, the deadline, and the reason a run fails when
 * one of them dies. Moved out of fork.c when spawn came, so that both
 * models handle a crash the same way (struct runner_children, runner.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>

#include "runner.h"

/* Child i has been reaped. The first one to die on its own (a signal, a
 * non-zero exit) is remembered as the run's reason, and the survivors are
 * killed at once: they may be stalled on what it left (results it never
 * delivered), and their ends would only hide it. */
void runner_child_reaped(struct runner_children *c, int i)
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

/* Ctrl-C is the parent's to handle (it stops after this run); if the
 * parent dies, the child goes too instead of working on as an orphan. */
void runner_child_signals(void)
{
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
}

/* Reaps whatever child has ended; returns 0 if one ended before the gate,
 * or if the deadline passed while they were still arriving. */
int runner_children_alive(void *arg)
{
	struct runner_children *c = arg;
	if (runner_clock() > c->deadline) {
		c->late = 1;
		return 0;
	}
	for (int i = 0; i < c->count; i++) {
		if (c->reaped[i])
			continue;
		if (waitpid(c->pid[i], &c->status[i], WNOHANG) == c->pid[i]) {
			runner_child_reaped(c, i);
			return 0;
		}
	}
	return 1;
}

/* Reaps every child; one still running at the deadline is killed with all
 * the others. Returns -1, or the id of the first child that was late. The
 * parent polls with growing sleeps (up to 5 ms): the timing comes from the
 * children's own finish times, so reaping a little late costs nothing. */
int runner_children_reap(struct runner_children *c, double deadline)
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
				runner_child_reaped(c, i);
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
int runner_children_working(void *arg)
{
	struct runner_children *c = arg;
	if (runner_clock() > c->deadline)
		return 0;
	int running = 0;
	for (int i = 0; i < c->count; i++) {
		if (c->reaped[i])
			continue;
		if (waitpid(c->pid[i], &c->status[i], WNOHANG) == c->pid[i]) {
			runner_child_reaped(c, i);
			if (c->dead)
				return 0;
		} else {
			running++;
		}
	}
	return running > 0;
}

int runner_child_describe(struct run_outcome *out, const char *model, int id, int status)
{
	if (WIFSIGNALED(status))
		return runner_fail(out, "worker %d (%s) killed by signal %d (SIG%s: %s)", id, model,
				   WTERMSIG(status), sigabbrev_np(WTERMSIG(status)),
				   strsignal(WTERMSIG(status)));
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		return runner_fail(out, "worker %d (%s) exited with status %d", id, model,
				   WEXITSTATUS(status));
	return 0;
}
