/*
 * futex.h - the one futex wrapper: sleep on a 32-bit word while it holds
 * a value, wake its sleepers.
 *
 * The pool's generation and done counters, the results table's delivered
 * counter and the message queue's event counters all sleep this way. The
 * calls are never FUTEX_PRIVATE: the word may live in MAP_SHARED memory
 * that forked children use too. Deadlines are absolute clock_now() seconds
 * (FUTEX_WAIT_BITSET on CLOCK_MONOTONIC), so a loop that wakes spuriously
 * and sleeps again keeps its deadline.
 */
#ifndef PARBENCH_FUTEX_H
#define PARBENCH_FUTEX_H

#include <stdatomic.h>

/* Wake every sleeper (futex_wake's count). */
#define FUTEX_ALL 0x7fffffff

/* Sleeps while *word == seen, until woken or the absolute clock_now()
 * deadline (INFINITY: no limit). Returns at once if *word differs; may
 * also return spuriously, so callers check their condition again. */
void futex_wait(atomic_uint *word, unsigned seen, double deadline);

/* Wakes up to count sleepers on word (FUTEX_ALL: all of them). */
void futex_wake(atomic_uint *word, int count);

#endif
