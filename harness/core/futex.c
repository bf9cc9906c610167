/*
 * futex.c - futex(2) behind futex.h: the only raw futex system calls.
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <math.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "futex.h"

void futex_wait(atomic_uint *word, unsigned seen, double deadline)
{
	struct timespec ts, *abs = NULL;
	if (isfinite(deadline)) {
		ts = clock_timespec(deadline);
		abs = &ts;
	}
	syscall(SYS_futex, (unsigned *)word, FUTEX_WAIT_BITSET, seen, abs, NULL,
		FUTEX_BITSET_MATCH_ANY);
}

void futex_wake(atomic_uint *word, int count)
{
	syscall(SYS_futex, (unsigned *)word, FUTEX_WAKE, count, NULL, NULL, 0);
}
