/*
 * clock.c - the one monotonic clock (clock.h): a read of CLOCK_MONOTONIC
 * in seconds, its conversion to absolute timespecs, and the thread's CPU clock.
 */
#include <math.h>

#include "clock.h"

double clock_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double clock_thread_cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct timespec clock_timespec(double t)
{
	struct timespec ts;
	if (t < 0)
		t = 0;
	ts.tv_sec = (time_t)t;
	ts.tv_nsec = (long)((t - (double)ts.tv_sec) * 1e9);
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

struct timespec clock_after(double seconds)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	long ns = ts.tv_nsec + (long)llround(seconds * 1e9);
	ts.tv_sec += (time_t)(ns / 1000000000L);
	ts.tv_nsec = ns % 1000000000L;
	return ts;
}
