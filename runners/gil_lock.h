/*
 * gil_lock.h - the global lock of parbench's gil runner, on its own so that
 * `parbench overheads` can time its hand-off with the very code the runner
 * uses. CPython 3.2+'s "new GIL" (Python/ceval_gil.c): a flag under a
 * mutex; a thread that waits longer than the switch interval asks the
 * holder to drop it; the holder looks at that request between two units of
 * work (gil_lock_drop_requested) and, after a requested drop, waits until
 * another thread has taken the lock before competing again. See gil.c.
 */
#ifndef PARBENCH_GIL_LOCK_H
#define PARBENCH_GIL_LOCK_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

struct gil_lock {
	pthread_mutex_t mutex;
	pthread_cond_t released;      /* signalled when the lock is dropped */
	pthread_cond_t switched;      /* signalled when it is taken */
	int locked;
	int holder;                   /* id of the last thread that took it; -1: none yet */
	unsigned long switch_number;  /* times it was taken */
	atomic_int drop_request;
	long interval_ns;
	uint64_t switches;            /* times it went to a different thread than its last holder */
	uint64_t drop_requests;       /* times a waiter asked the holder to drop it */
};

/* Prepares a free lock whose waiters ask for a drop after interval seconds
 * (at least 1 ns). Pair with gil_lock_destroy. */
void gil_lock_init(struct gil_lock *g, double interval);
void gil_lock_destroy(struct gil_lock *g);

/* Takes the lock for thread id, waiting as long as it takes; a wait of a
 * whole interval without a hand-off sets the drop request. */
void gil_lock_take(struct gil_lock *g, int id);

/* Releases the lock held by thread id; after a requested drop, returns
 * only once another thread has taken it (FORCE_SWITCHING). */
void gil_lock_drop(struct gil_lock *g, int id);

/* Whether a waiter asked the holder to drop the lock: the holder's cheap
 * check between two units of work. */
static inline int gil_lock_drop_requested(struct gil_lock *g)
{
	return atomic_load_explicit(&g->drop_request, memory_order_relaxed);
}

#endif
