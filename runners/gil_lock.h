/*
 * gil_lock.h - the global lock of parbench's gil runner, on its own so that
 * `parbench overheads` and `parbench convoy` use the very code the runner
 * uses. The rules, after CPython's Python/ceval_gil.c, are explained in
 * gil_lock.c; the modes are:
 *
 *   new          CPython 3.2+: a waiter that waited a whole switch interval
 *                without a hand-off asks the holder to drop the lock; the
 *                holder looks at the request between two units of work and,
 *                after dropping on request, waits until another thread has
 *                taken it (FORCE_SWITCHING);
 *   old          CPython before 3.2: no timer and no request; the holder
 *                releases and re-takes the lock every `check` units
 *                (sys.setcheckinterval, 100 by default), whether or not
 *                anybody waits, and nothing stops it winning it back;
 *   new-noforce  new without the forced wait: the holder that dropped on
 *                request competes again at once (the "GIL battle");
 *   io-priority  new, plus: a thread coming back from a blocking call asks
 *                for the lock at once instead of after an interval, and a
 *                thread that takes the lock while it waits is asked at once
 *                too (after the fix David Beazley proposed for the convoy
 *                effect, priority for IO threads; not in CPython).
 */
#ifndef PARBENCH_GIL_LOCK_H
#define PARBENCH_GIL_LOCK_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

enum gil_mode { GIL_NEW, GIL_OLD, GIL_NEW_NOFORCE, GIL_IO_PRIORITY, GIL_MODES };
enum gil_event { GIL_TOOK, GIL_DROPS, GIL_REQUESTED };

/* What the lock counts; the runner copies it into the run's outcome. */
struct gil_counts {
	uint64_t handoffs;        /* taken by a different thread than its last holder */
	uint64_t drop_requests;   /* a waiter asked the holder to drop it */
	uint64_t honoured;        /* requests ended by a hand-off (not won back by the holder) */
	uint64_t forced_waits;    /* a drop with a request pending (between units or at a
				   * blocking call) waited until another thread took the lock */
	uint64_t releases;        /* drops between two units: on request, or old's every-check */
	double wait_seconds;      /* sum over the threads of the time spent waiting to take it,
				   * and after a forced drop for the switch to happen */
};

struct gil_lock {
	pthread_mutex_t mutex;
	pthread_cond_t released;      /* signalled when the lock is dropped */
	pthread_cond_t switched;      /* signalled when it is taken */
	int locked;
	int holder;                   /* id of the last thread that took it; -1: none yet */
	int request_holder;           /* holder when the pending request was made */
	unsigned long switch_number;  /* times it was taken by another thread than its last holder */
	atomic_int drop_request;
	enum gil_mode mode;
	long interval_ns;
	unsigned check;               /* old: units between two releases */
	int urgent_waiters;           /* io-priority: threads back from a blocking call, waiting */
	struct gil_counts n;          /* under mutex */
	/* Optional (--trace): told, under the mutex, when thread id took the
	 * lock, is about to drop it, or set the drop request. */
	void (*on_event)(void *arg, int id, enum gil_event ev);
	void *arg;
	/* Optional: told, under the mutex, as thread id starts (done 0) and
	 * ends (done 1) waiting, to take the lock or for a forced switch to
	 * happen (parbench: the run delay inside the waits, which is off-CPU
	 * time, not the lock's). */
	void (*on_wait)(void *arg, int id, int done);
	void *wait_arg;
};

/* Prepares a free lock in the given mode: waiters ask for a drop after
 * interval seconds (at least 1 ns); old mode releases every check units.
 * Pair with gil_lock_destroy. */
void gil_lock_init(struct gil_lock *g, enum gil_mode mode, double interval, unsigned check);
void gil_lock_destroy(struct gil_lock *g);

/* "new", "old", "new-noforce", "io-priority"; gil_mode_parse returns -1
 * for anything else. */
const char *gil_mode_name(enum gil_mode mode);
int gil_mode_parse(const char *s, enum gil_mode *mode);

/* Takes the lock for thread id, waiting as long as it takes. after_io: the
 * thread is coming back from a blocking call (io-priority asks at once). */
void gil_lock_take(struct gil_lock *g, int id, int after_io);

/* Releases the lock held by thread id; after a requested drop, and in the
 * modes that force switching, returns only once another thread has taken
 * it. */
void gil_lock_drop(struct gil_lock *g, int id);

/* The holder's check between two units of work (the eval loop's "eval
 * breaker"). *units counts units since the last release (old mode). Returns
 * 1 when it released the lock and took it back. */
int gil_lock_slow_yield(struct gil_lock *g, int id, unsigned *units);
static inline int gil_lock_yield(struct gil_lock *g, int id, unsigned *units)
{
	if (g->mode == GIL_OLD ? ++*units < g->check
	    : !atomic_load_explicit(&g->drop_request, memory_order_relaxed))
		return 0;
	return gil_lock_slow_yield(g, id, units);
}

/* The counts so far (taken under the mutex). */
struct gil_counts gil_lock_counts(struct gil_lock *g);

#endif
