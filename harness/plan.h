/*
 * plan.h - the machine as hwloc sees it. The only module that includes
 * hwloc.h: later it also makes placement plans (which worker on which PU).
 * hwloc honours HWLOC_SYNTHETIC and HWLOC_XMLFILE, so a test can describe a
 * machine we do not have.
 */
#ifndef PARBENCH_PLAN_H
#define PARBENCH_PLAN_H

#include <stddef.h>
#include <stdio.h>

struct plan;

struct plan_machine {
	char cpu_model[128];
	int packages, cores, pus;
	int usable_pus;           /* PUs this process may run on (affinity); = pus off this machine */
	size_t cache[4];          /* data/unified cache size by level 1..3, [0] unused; 0 = none */
	int cache_count[4];       /* how many of each */
	unsigned long long memory; /* bytes in hwloc's NUMA nodes */
	unsigned long long sysmem; /* bytes the kernel reports (sysconf); may differ in a VM */
	char hwloc_version[32];
	int synthetic;            /* the topology came from HWLOC_SYNTHETIC / HWLOC_XMLFILE */
};

/* Loads the topology. Returns NULL with a one-line reason in err. */
struct plan *plan_open(char *err, size_t errlen);
void plan_close(struct plan *p);

/* Fills m from the topology. */
void plan_machine(const struct plan *p, struct plan_machine *m);

/* Writes hwloc's XML export of the topology to path; 0 or -1. */
int plan_export_xml(const struct plan *p, const char *path);

/* Prints the machine in a few lines of text, each prefixed with prefix. */
void plan_describe(const struct plan_machine *m, FILE *out, const char *prefix);

#endif
