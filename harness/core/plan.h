/*
 * plan.h - the machine as hwloc sees it, and placement plans: which PU each
 * worker runs on. The only module that includes hwloc.h. hwloc honours
 * HWLOC_SYNTHETIC and HWLOC_XMLFILE, so a test can plan for a machine we do
 * not have; binding is then skipped (and said), never faked.
 *
 * Policies, for N workers:
 *   none     no binding: the OS decides (where workers ran is recorded)
 *   cores    one worker per physical core, the core's first PU, in hwloc's
 *            logical order; at most as many workers as cores
 *   threads  PUs in logical order: every hyperthread of a core before the
 *            next core; at most as many workers as PUs
 *   spread   hwloc_distrib: across packages, then shared caches, then
 *            cores; at most as many workers as PUs
 * Only the PUs the process may run on count (taskset, cgroups); under such
 * a mask spread falls back to the order of threads.
 */
#ifndef PARBENCH_PLAN_H
#define PARBENCH_PLAN_H

#include <stddef.h>
#include <stdio.h>

#include "size.h"

struct plan;

struct plan_machine {
	char cpu_model[128];
	int packages, cores, pus;
	int usable_pus;           /* PUs this process may run on (affinity); = pus off this machine */
	int usable_cores;         /* cores with at least one of those PUs; = cores off this machine */
	size_t cache[4];          /* data/unified cache size by level 1..3, [0] unused; 0 = none */
	int cache_count[4];       /* how many of each */
	unsigned cache_line;      /* the L1 data cache's line size in bytes; 0 = hwloc does not say */
	unsigned long long memory; /* bytes in hwloc's NUMA nodes */
	unsigned long long sysmem; /* bytes the kernel reports (sysconf); may differ in a VM */
	char hwloc_version[32];    /* HWLOC_VERSION: the library compiled against */
	unsigned hwloc_api_compiled, hwloc_api_runtime; /* HWLOC_API_VERSION, hwloc_get_api_version() */
	int synthetic;            /* the topology came from HWLOC_SYNTHETIC / HWLOC_XMLFILE */
	int cores_measured;       /* cores are groups of measured siblings (plan_set_siblings) */
};

/* The worker counts run takes when --workers is not given, ascending, into
 * out (at most max entries, each at most most): 1, 2, 4, ... up to the
 * usable cores, the usable cores themselves when they are not a power of
 * two, and the usable PUs when there are more of them than cores (SMT).
 * A topology without cores counts its PUs as cores. Returns the count. */
int plan_ladder(const struct plan_machine *m, int *out, int max, int most);

/* The same counts as text, "1,2,4,6,12", into buf. */
void plan_ladder_text(const struct plan_machine *m, int most, char *buf, size_t len);

/* Loads the topology. Returns NULL with a one-line reason in err. */
struct plan *plan_open(char *err, size_t errlen);
void plan_close(struct plan *p);

/* Fills m from the topology. */
void plan_machine(const struct plan *p, struct plan_machine *m);

/* Draws the topology as indented text: packages, caches (with sizes),
 * cores and PUs (logical and OS index); a chain of single children on one
 * line joined by " + ", as lstopo does. */
void plan_tree(const struct plan *p, FILE *out);

/* Writes hwloc's XML export of the topology to path; 0 or -1. */
int plan_export_xml(const struct plan *p, const char *path);

/* Prints the machine in a few lines of text, each prefixed with prefix. */
void plan_describe(const struct plan_machine *m, FILE *out, const char *prefix);

/* cpus: worker i on the i-th CPU of the list plan_set_cpus was given. */
enum plan_policy { PLAN_NONE, PLAN_CORES, PLAN_THREADS, PLAN_SPREAD, PLAN_CPUS, PLAN_POLICIES };

/* Parses none|cores|threads|spread|cpus; 0, or -1 with a reason in err. */
int plan_policy_parse(const char *text, enum plan_policy *out, char *err, size_t errlen);
const char *plan_policy_name(enum plan_policy policy);

/* The CPU list for --bind cpus (--cpus), as taskset and likwid-pin write
 * it: OS indexes and ranges ("0,2,4-7"), or likwid's domains, joined by
 * '@': "S1:0-3" (the package's CPUs 0 to 3), "M0:" NUMA node, "C0:" the
 * last-level cache, "N:" the whole machine; within a domain, CPUs are
 * counted first PU of each core first, then the second PUs (likwid's
 * order), so S0:0-3 are four cores. Every CPU must exist, be allowed by
 * the affinity mask (on this machine) and be listed once. Returns 0, or
 * -1 with a one-line reason naming the value in err. */
int plan_set_cpus(struct plan *p, const char *text, char *err, size_t errlen);

/* The list as given to plan_set_cpus, or NULL when none was; and how
 * many CPUs it holds (0: none). */
const char *plan_cpus_text(const struct plan *p);
int plan_cpus_count(const struct plan *p);

/* --topology DIR (or measured=DIR; "hwloc": hwloc's cores, the default).
 * Reads DIR/siblings.csv as `parbench topology` writes it (header
 * os_a,os_b,slowdown,verdict; one row per pair of OS PU indexes): the
 * pairs judged `sibling` or `shared` become hyperthreads of one core, for
 * --bind cores and threads, plan_machine's cores (--compare-smt, the
 * worker ladder) and plan_layout_print. Returns 0, or -1 with a one-line
 * reason naming the file (and line) in err. */
int plan_set_siblings(struct plan *p, const char *dir, char *err, size_t errlen);

/* Where the cores come from, for the plan: "hwloc (...)" or "measured,
 * from DIR/siblings.csv (P#0+P#1)". */
const char *plan_siblings_source(const struct plan *p);

/* One placement: a PU per worker (none: no PU). Shared read-only by every
 * worker thread and forked child. */
struct plan_layout;

/* Places `workers` workers under policy. Returns NULL with a one-line
 * reason in err when the machine cannot honour it (e.g. 6 workers, 4
 * cores). Free with plan_layout_free. */
struct plan_layout *plan_layout_make(const struct plan *p, enum plan_policy policy,
				     int workers, char *err, size_t errlen);
void plan_layout_free(struct plan_layout *l);

/* Prints one line per worker: PU (logical and OS index), core, caches. */
void plan_layout_print(const struct plan_layout *l, FILE *out);

/* The working set that spec means for l's workers, in bytes, with a
 * one-line account of the rule in rule:
 *   Lk    every worker's slice (1/workers of the data) fills `factor` of its
 *         share of the Lk cache above its PU, where a cache shared by s of
 *         the run's workers gives each 1/s of it:
 *         bytes = workers x factor x min over the workers of (size / s).
 *         Under policy none the workers are taken as placed by cores (by
 *         threads when there are more workers than cores).
 *   DRAM  factor x 4 x the sum of every last-level cache (STREAM's rule),
 *         whatever the workers.
 *   bytes as given.
 * Returns 0, or -1 with a reason in err (e.g. the machine has no L3). */
int plan_size(const struct plan *p, const struct plan_layout *l, const struct size_spec *spec,
	      size_t *bytes, char *rule, size_t rulelen, char *err, size_t errlen);

/* The OS index of worker id's PU, or -1 when it has none (policy none). */
int plan_layout_pu(const struct plan_layout *l, int id);

/* hwloc's logical index of worker id's PU (L#), or -1 when it has none. */
int plan_layout_pu_logical(const struct plan_layout *l, int id);

/* hwloc's logical index of the core above worker id's PU, or -1 when it
 * has no PU or the topology no cores. */
int plan_layout_core(const struct plan_layout *l, int id);

/* Whether binding this layout is possible here: 0 for policy none and for
 * a topology that is not this machine (binding is then skipped). */
int plan_layout_binds(const struct plan_layout *l);

/* Binds the calling thread to worker id's PU. Returns 0 (bound, or nothing
 * to do), or -1 with a reason in err. */
int plan_bind(const struct plan_layout *l, int id, char *err, size_t errlen);

/* Gives the calling thread back the CPUs the process had when the layout
 * was made (threads that outlive a run: serial's, OpenMP's pool). */
void plan_unbind(const struct plan_layout *l);

/* The OS index of the PU the calling thread last ran on, or -1. */
int plan_where(const struct plan_layout *l);

/* --mem: where the kernels' data goes on a machine with several NUMA
 * nodes (plan_mem.c). DEFAULT: not given (the OS's first touch). */
enum plan_mem_kind { PLAN_MEM_DEFAULT, PLAN_MEM_LOCAL, PLAN_MEM_INTERLEAVE, PLAN_MEM_NODE };
struct plan_mem {
	enum plan_mem_kind kind;
	int node;                 /* NODE: hwloc's logical index */
	char text[32];            /* as given */
};

/* Parses local|interleave|node:N against p's NUMA nodes. 0, or -1 with a
 * one-line reason naming the value and what is allowed in err. */
int plan_mem_parse(const struct plan *p, const char *text, struct plan_mem *out, char *err,
		   size_t errlen);

/* "local", "interleave", "node:1", "default". */
const char *plan_mem_name(const struct plan_mem *m);

/* The plan's line on memory: the policy and the nodes it uses. */
void plan_mem_describe(const struct plan *p, const struct plan_mem *m, FILE *out);

/* Sets m as the calling thread's memory policy (threads and children
 * created after it inherit it). Returns 1 when bound, 0 when there was
 * nothing to do or it does not apply here (one NUMA node, a topology that
 * is not this machine: the reason in why), -1 when hwloc failed (why). */
int plan_mem_apply(const struct plan *p, const struct plan_mem *m, char *why, size_t len);

#define PLAN_MEM_NODES 64     /* nodes plan_mem_census tells apart (OS numbers) */

/* Where this process's shared memory (MAP_SHARED | MAP_ANONYMOUS: the
 * kernels' data, most of it) sits, from /proc/self/numa_maps, as
 * "N0 50%, N1 50% of 4096 pages" (OS node numbers) into buf. 0, or -1
 * when the file cannot be read or holds no such page. */
int plan_mem_census(char *buf, size_t len);

/* The logical index of the NUMA node of worker id's PU, or -1 (unbound). */
int plan_layout_node(const struct plan_layout *l, const struct plan *p, int id);

#endif
