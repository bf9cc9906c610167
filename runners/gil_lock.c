/*
 * gil_lock.c - the gil runner's global lock (the modes are in gil_lock.h).
 *
 * DESIGN. The lock is a flag (`locked`) guarded by a mutex, with a
 * condition variable (`released`) signalled each time it is dropped.
 * Nobody queues and nothing is fair: a thread that finds the flag clear
 * sets it at once, even if others have waited for a long time.
 *
 * A thread that finds it set waits on `released` for at most the switch
 * interval. When the wait times out, the lock is still held and
 * `switch_number` (bumped when another thread than the last holder takes
 * it) has not moved, the lock has not changed hands for a whole interval
 * while somebody waited: the waiter sets the drop request and waits again. The holder reads the request between two units
 * of work (gil_lock_yield: one relaxed load, the analogue of the eval
 * loop's eval-breaker test at back-edges and calls) and drops the lock.
 * Without more, the holder, already running, would usually take it back
 * before the woken waiter is scheduled; so a holder that drops on request
 * waits on `switched` until another thread has taken it (CPython's
 * FORCE_SWITCHING). A blocking call drops and re-takes the lock through
 * the same two functions, forced wait included.
 *
 * The taker clears the request; when it is not the thread the request was
 * made against, the request was honoured. In new-noforce the holder can
 * win the lock back, clearing the request it never honoured; the waiter
 * asks again an interval later. old has no timer: the holder drops and
 * re-takes every `check` units, and the woken waiter usually finds the
 * lock taken again. io-priority sets the request as soon as a thread back
 * from a blocking call finds the lock held; while it waits, a drop wakes
 * every waiter, and any other thread that takes the lock is asked to drop
 * it at once (with several CPU threads, the lock may go to one of them
 * rather than to the IO thread: it comes back within a unit).
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "../harness/core/clock.h"
#include "gil_lock.h"

static const char *const mode_names[GIL_MODES] = {
	[GIL_NEW] = "new", [GIL_OLD] = "old",
	[GIL_NEW_NOFORCE] = "new-noforce", [GIL_IO_PRIORITY] = "io-priority",
};

const char *gil_mode_name(enum gil_mode mode)
{
	return mode >= 0 && mode < GIL_MODES ? mode_names[mode] : "?";
}

int gil_mode_parse(const char *s, enum gil_mode *mode)
{
	for (int m = 0; m < GIL_MODES; m++)
		if (strcmp(s, mode_names[m]) == 0) {
			*mode = (enum gil_mode)m;
			return 0;
		}
	return -1;
}

static void tell(struct gil_lock *g, int id, enum gil_event ev)
{
	if (g->on_event)
		g->on_event(g->arg, id, ev);
}

static void told_wait(struct gil_lock *g, int id, int done)
{
	if (g->on_wait)
		g->on_wait(g->wait_arg, id, done);
}

/* Under the mutex: thread id asks the holder to drop the lock; id < 0:
 * asked on behalf of a waiting IO thread (io-priority), not traced, since
 * that thread's trace lane is its own to write. */
static void request_drop(struct gil_lock *g, int id)
{
	atomic_store(&g->drop_request, 1);
	g->request_holder = g->holder;
	g->n.drop_requests++;
	if (id >= 0)
		tell(g, id, GIL_REQUESTED);
}

void gil_lock_take(struct gil_lock *g, int id, int after_io)
{
	double waited = 0;
	pthread_mutex_lock(&g->mutex);
	if (g->locked) {
		waited = clock_now();
		told_wait(g, id, 0);
	}
	/* io-priority: a thread back from a blocking call asks at once; while
	 * it waits, whoever else takes the lock is asked at once too. */
	int urgent = after_io && g->mode == GIL_IO_PRIORITY && g->locked;
	if (urgent)
		g->urgent_waiters++;
	while (g->locked) {
		if (g->mode == GIL_OLD) {
			pthread_cond_wait(&g->released, &g->mutex);
			continue;
		}
		if (urgent && !atomic_load(&g->drop_request))
			request_drop(g, id);
		unsigned long seen = g->switch_number;
		struct timespec deadline;
		deadline = clock_after((double)g->interval_ns * 1e-9);
		int rc = pthread_cond_timedwait(&g->released, &g->mutex, &deadline);
		if (rc == ETIMEDOUT && g->locked && g->switch_number == seen &&
		    !atomic_load(&g->drop_request))
			request_drop(g, id);
	}
	g->locked = 1;
	/* As in CPython, a switch is a take by another thread than the last
	 * holder: a thread taking its own lock back does not reset the
	 * waiters' clocks. */
	if (g->holder != id) {
		if (g->holder >= 0)
			g->n.handoffs++;
		g->switch_number++;
	}
	if (atomic_load(&g->drop_request)) {
		if (id != g->request_holder)
			g->n.honoured++;
		atomic_store(&g->drop_request, 0);
	}
	g->holder = id;
	if (urgent)
		g->urgent_waiters--;
	else if (g->urgent_waiters > 0)
		request_drop(g, -1);
	if (waited > 0) {
		g->n.wait_seconds += clock_now() - waited;
		told_wait(g, id, 1);
	}
	tell(g, id, GIL_TOOK);
	pthread_cond_broadcast(&g->switched);
	pthread_mutex_unlock(&g->mutex);
}

void gil_lock_drop(struct gil_lock *g, int id)
{
	pthread_mutex_lock(&g->mutex);
	int forced = atomic_load(&g->drop_request) &&
		     (g->mode == GIL_NEW || g->mode == GIL_IO_PRIORITY);
	tell(g, id, GIL_DROPS);
	g->locked = 0;
	/* A waiting IO thread (io-priority) must be among those woken. */
	if (g->urgent_waiters > 0)
		pthread_cond_broadcast(&g->released);
	else
		pthread_cond_signal(&g->released);
	/* FORCE_SWITCHING: let the requester have it before we try again. */
	if (forced && g->holder == id) {
		double waited = clock_now();
		g->n.forced_waits++;
		told_wait(g, id, 0);
		while (g->holder == id)
			pthread_cond_wait(&g->switched, &g->mutex);
		g->n.wait_seconds += clock_now() - waited;
		told_wait(g, id, 1);
	}
	pthread_mutex_unlock(&g->mutex);
}

int gil_lock_slow_yield(struct gil_lock *g, int id, unsigned *units)
{
	*units = 0;
	pthread_mutex_lock(&g->mutex);
	g->n.releases++;
	pthread_mutex_unlock(&g->mutex);
	gil_lock_drop(g, id);
	gil_lock_take(g, id, 0);
	return 1;
}

struct gil_counts gil_lock_counts(struct gil_lock *g)
{
	pthread_mutex_lock(&g->mutex);
	struct gil_counts n = g->n;
	pthread_mutex_unlock(&g->mutex);
	return n;
}

void gil_lock_init(struct gil_lock *g, enum gil_mode mode, double interval, unsigned check)
{
	pthread_condattr_t attr;
	memset(g, 0, sizeof(*g));
	g->holder = g->request_holder = -1;
	g->mode = mode;
	g->check = check ? check : 1;
	g->interval_ns = (long)(interval * 1e9);
	if (g->interval_ns < 1)
		g->interval_ns = 1;
	pthread_mutex_init(&g->mutex, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&g->released, &attr);
	pthread_cond_init(&g->switched, &attr);
	pthread_condattr_destroy(&attr);
}

void gil_lock_destroy(struct gil_lock *g)
{
	pthread_cond_destroy(&g->switched);
	pthread_cond_destroy(&g->released);
	pthread_mutex_destroy(&g->mutex);
}
