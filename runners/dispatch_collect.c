/*
 * dispatch_collect.c - the collect methods behind the dispatch interface
 * (dispatch.h): how a task's result reaches the table under pattern none
 * or map when it is not written straight into it (partial: dispatch_map).
 *
 * shared takes the table's one mutex (process-shared and robust, in the
 * same MAP_SHARED block) around every write, as every access to a
 * Manager().dict() goes through the manager; a worker that died holding it
 * leaves EOWNERDEAD to the next taker, which makes the lock consistent and
 * marks the run failed. messages writes one 16-byte record per task to a
 * pipe made before any worker exists (writes under PIPE_BUF are atomic, so
 * workers need no lock) and the parent reads them during the run,
 * checking every 5 ms that its workers are alive and the run within its
 * deadline, however steadily the records arrive; once alive() says no
 * more will come it reads what is already in the pipe and gives up.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../harness/core/clock.h"
#include "dispatch.h"
#include "pattern.h"

/* Parent: files one message; 0, or -1 at end of file or a bad record. */
static int receive(struct pattern_table *t)
{
	struct pattern_message m;
	ssize_t got;
	while ((got = read(t->pipe[0], &m, sizeof(m))) < 0 && errno == EINTR)
		;
	if (got != (ssize_t)sizeof(m) || m.task >= t->tasks)
		return -1;
	t->value[m.task] = m.value;
	t->writes[m.task]++;
	atomic_store_explicit(&t->ready[m.task], 1, memory_order_release);
	t->received++;
	return 0;
}

/* --collect shared: takes the table's lock. Its last holder may have died
 * holding it (the lock is robust): the table is then made usable again so
 * that nobody stalls, and the run is marked failed; the dead worker is
 * named by whoever reaps it. */
static void table_lock(struct pattern_table *t)
{
	if (pthread_mutex_lock(&t->lock) != EOWNERDEAD)
		return;
	pthread_mutex_consistent(&t->lock);
	if (!t->error[0])
		snprintf(t->error, sizeof(t->error),
			 "--collect shared: a worker died holding the results table's lock");
}

/* Test hook: dies here, holding the lock, if told to (forked workers only). */
static void crash_in_lock(const struct pattern_table *t, size_t task)
{
	if (t->crash_in_lock != task + 1 || getpid() == t->owner)
		return;
	struct rlimit none = { 0, 0 };
	setrlimit(RLIMIT_CORE, &none);
	raise(SIGSEGV);
}

static void shared_deliver(struct pattern_table *t, size_t task, uint64_t v)
{
	double asked = clock_now();
	table_lock(t);
	t->lock_wait += clock_now() - asked;   /* the model's serialisation (loss_serialized) */
	crash_in_lock(t, task);
	t->value[task] = v;
	t->writes[task]++;
	atomic_store_explicit(&t->ready[task], 1, memory_order_release);
	pthread_mutex_unlock(&t->lock);
}

static void messages_deliver(struct pattern_table *t, size_t task, uint64_t v)
{
	struct pattern_message m = { task, v };
	while (write(t->pipe[1], &m, sizeof(m)) < 0 && errno == EINTR)
		;
	if (t->inline_parent)
		receive(t);   /* serial: its own parent, reads it back at once */
}

/* Parent: reads records until `total` are in. Once alive()
 * says no more will come, reads what is already in the pipe and gives up. */
static int messages_consume(struct pattern_table *t, size_t total, int (*alive)(void *), void *arg)
{
	int dead = 0;
	double asked = clock_now();
	while (t->received < total) {
		struct pollfd pfd = { .fd = t->pipe[0], .events = POLLIN };
		int n = poll(&pfd, 1, dead ? 0 : alive ? 5 : -1);
		if (n > 0 && receive(t) < 0)
			return -1;
		if (dead) {
			if (n > 0)
				continue;
			return -1;   /* drained: the rest will never come */
		}
		/* Every iteration, not only when the pipe is quiet: a steady
		 * stream from the others must not hide a dead worker or a run
		 * past its deadline. alive() is asked every 5 ms at most. */
		if (!alive)
			continue;
		double now = clock_now();
		if ((n == 0 || now - asked >= 0.005) && t->received < total) {
			asked = now;
			if (!alive(arg))
				dead = 1;
		}
	}
	return 0;
}

const struct dispatch_ops dispatch_shared = {
	.name = "shared",
	.deliver = shared_deliver,
};

const struct dispatch_ops dispatch_messages = {
	.name = "messages",
	.deliver = messages_deliver,
	.consume = messages_consume,
};
