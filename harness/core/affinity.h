/*
 * affinity.h - the CPUs this process was started with, read before any
 * library's constructor could change them. libgomp, under OMP_PROC_BIND,
 * OMP_PLACES or GOMP_CPU_AFFINITY, pins the main thread to its first place
 * while the program loads; every thread created later inherits that one
 * CPU, and parbench would see a one-PU machine. The mask read first is the
 * environment's (taskset, cgroups); the OpenMP runtime keeps its own
 * placement for the openmp runner's team, and the rest of parbench gets
 * the start-up mask back.
 */
#ifndef PARBENCH_AFFINITY_H
#define PARBENCH_AFFINITY_H

#include <stddef.h>

/* Gives the calling (main) thread the CPUs the process had before the
 * libraries' constructors ran, when one of them narrowed it. Call first
 * thing in main, before any thread exists. Returns 1 when it gave them
 * back, 0 when nothing had changed, -1 when a mask could not be read or
 * set (nothing done). */
int affinity_restore(void);

/* The start-up mask as a CPU list ("0-3,6"), or "" when unread. */
const char *affinity_startup_list(void);

/* The main thread's CPUs as a library left them at start-up ("0"), or ""
 * when they were the start-up mask (nothing pinned it). */
const char *affinity_pinned_list(void);

/* Binds the calling thread to the CPUs a library pinned the main thread
 * to at start-up (the OpenMP runtime's first place, for the thread that is
 * the team's master), so the runtime's placement holds for it; nothing
 * when no library pinned it. 0, or -1 when the kernel refused. */
int affinity_pin_pinned(void);

/* Gives the calling thread the start-up mask (after affinity_pin_pinned);
 * nothing when no library pinned the main thread. */
void affinity_unpin(void);

#endif
