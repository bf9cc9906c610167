/*
 * gil_lock.c - the gil runner's global lock (see gil_lock.h for the rules).
 *
 * Nobody queues: a thread that finds the lock free takes it at once. A
 * thread that finds it held waits on `released` for at most the switch
 * interval; if the wait timed out and the lock has not changed hands
 * meanwhile, it sets the drop request and goes on waiting. A holder that
 * drops on request waits on `switched` until someone else has taken it, so
 * the requester is not beaten to the lock by the thread it asked.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "gil_lock.h"

static void deadline_after(struct timespec *ts, long ns)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_nsec += ns;
	ts->tv_sec += ts->tv_nsec / 1000000000L;
	ts->tv_nsec %= 1000000000L;
}

void gil_lock_take(struct gil_lock *g, int id)
{
	pthread_mutex_lock(&g->mutex);
	while (g->locked) {
		unsigned long seen = g->switch_number;
		struct timespec deadline;
		deadline_after(&deadline, g->interval_ns);
		int rc = pthread_cond_timedwait(&g->released, &g->mutex, &deadline);
		if (rc == ETIMEDOUT && g->locked && g->switch_number == seen &&
		    !atomic_load(&g->drop_request)) {
			atomic_store(&g->drop_request, 1);
			g->drop_requests++;
		}
	}
	g->locked = 1;
	if (g->holder >= 0 && g->holder != id)
		g->switches++;
	g->holder = id;
	g->switch_number++;
	atomic_store(&g->drop_request, 0);
	pthread_cond_broadcast(&g->switched);
	pthread_mutex_unlock(&g->mutex);
}

void gil_lock_drop(struct gil_lock *g, int id)
{
	pthread_mutex_lock(&g->mutex);
	int forced = atomic_load(&g->drop_request);
	g->locked = 0;
	pthread_cond_signal(&g->released);
	/* FORCE_SWITCHING: let the requester have it before we try again. */
	if (forced)
		while (g->holder == id)
			pthread_cond_wait(&g->switched, &g->mutex);
	pthread_mutex_unlock(&g->mutex);
}

void gil_lock_init(struct gil_lock *g, double interval)
{
	pthread_condattr_t attr;
	memset(g, 0, sizeof(*g));
	g->holder = -1;
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
