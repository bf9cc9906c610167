/*
 * clock.h - the one monotonic clock of parbench.
 *
 * Every interval the suite measures or waits for (the start gate, a
 * worker's finish, a queue's deadline, a demo's timeout) is read on
 * CLOCK_MONOTONIC, as seconds in a double, here; deadlines handed to
 * futexes, pthread_cond_timedwait (with a monotonic condattr) or
 * pthread_mutex_clocklock are the same seconds turned into a timespec.
 */
#ifndef PARBENCH_CLOCK_H
#define PARBENCH_CLOCK_H

#include <time.h>

/* CLOCK_MONOTONIC now, in seconds. Never fails. */
double clock_now(void);

/* CPU time (user + system) the calling thread has used, in seconds
 * (CLOCK_THREAD_CPUTIME_ID): a worker's own work, without its waits. */
double clock_thread_cpu(void);

/* The absolute CLOCK_MONOTONIC time t (seconds, as clock_now gives) as a
 * timespec; a negative t gives 0, tv_nsec is always below 1e9. */
struct timespec clock_timespec(double t);

/* The timespec `seconds` from now on CLOCK_MONOTONIC (a deadline). */
struct timespec clock_after(double seconds);

#endif
