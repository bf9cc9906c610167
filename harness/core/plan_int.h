/*
 * plan_int.h - struct plan, shared by the files of the plan module
 * (plan.c: the topology and the policies; plan_cpus.c: --cpus lists;
 * plan_siblings.c: measured siblings) and by nothing else: every other
 * module sees only plan.h's functions.
 */
#ifndef PARBENCH_PLAN_INT_H
#define PARBENCH_PLAN_INT_H

#include <hwloc.h>
#include <limits.h>

struct plan {
	hwloc_topology_t topo;
	int *cpus;                /* --cpus: OS indexes, worker i on cpus[i]; NULL: none */
	int ncpus;
	char cpus_text[256];      /* --cpus as given */
	int *group;               /* --topology: per PU logical index, its group of measured
				   * siblings (the logical index of its first PU); NULL: hwloc's cores */
	char siblings[PATH_MAX + 600];      /* where the groups came from, for the plan's line */
};

#endif
