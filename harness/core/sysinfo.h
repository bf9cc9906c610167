/*
 * sysinfo.h - the conditions a run was measured under, for meta.json: what
 * the kernel, the CPU frequency driver, the loader and the clock say, read
 * once at the start (sysinfo_collect) plus the load average again at the
 * end (sysinfo_load). Only Linux files and calls; what cannot be read is
 * recorded as such (an empty string, -1 or "unavailable"), never guessed,
 * so a virtual machine without cpufreq still gets a complete record.
 *
 * hwloc's versions and the CPU model hwloc reports stay in plan.h, the only
 * module that includes hwloc.h; /proc/cpuinfo's model name is here for when
 * hwloc has none.
 */
#ifndef PARBENCH_SYSINFO_H
#define PARBENCH_SYSINFO_H

#include <limits.h>
#include <stddef.h>

/* At most this many CPUs get a cpufreq entry; the rest are counted. */
#define SYSINFO_MAX_CPUS 1024

struct sysinfo_cpufreq {
	int cpu;                  /* OS index */
	char governor[24];        /* scaling_governor, or "unavailable" */
	long cur_khz, max_khz;    /* scaling_cur_freq, cpuinfo_max_freq; -1 = unreadable */
};

struct sysinfo_load {
	int valid;                /* 0: not read (yet) or unreadable */
	double avg[3];            /* 1, 5 and 15 minutes */
};

struct sysinfo_host {
	char cpuinfo_model[128];  /* /proc/cpuinfo "model name"; "" if none */
	char kernel_release[128], arch[128];   /* uname -r, uname -m */
	char boot_time[32];       /* /proc/stat btime, ISO 8601 local time; "" if unreadable */
	int aslr;                 /* /proc/sys/kernel/randomize_va_space; -1 if unreadable */
	int online_cpus;
	char online_list[256];    /* e.g. "0-3"; "" if unreadable */
	int affinity_cpus;        /* CPUs in this process's affinity mask; -1 if unreadable */
	char affinity_list[1024]; /* the mask as a CPU list, e.g. "0-1,4" */
	char governor[64];        /* one name if all readable CPUs agree, "a/b" if not,
				   * "unavailable" if none is readable */
	int ncpufreq, cpufreq_omitted;
	struct sysinfo_cpufreq cpufreq[SYSINFO_MAX_CPUS];   /* one per online CPU */
	long long clock_getres_ns;     /* CLOCK_MONOTONIC, as clock_getres says */
	long long clock_measured_ns;   /* smallest positive step between two readings;
					* -1 if none was seen */
	char libgomp[PATH_MAX];   /* realpath of the loaded libgomp; "" if none */
	long openmp_spec;         /* _OPENMP (yyyymm) this was compiled for; 0 without */
	const char *openmp_version; /* "4.5" for 201511; "" when not in the table */
	struct sysinfo_load load_start, load_end;
	char pmu[160];            /* whether perf_event_open can count cycles for this process:
				   * "none (why)" or "cycles (...)" */
};

/* The whole machine's CPU time so far, in clock ticks: all of it and the
 * part the hypervisor stole (/proc/stat's first line). */
struct sysinfo_ticks {
	int valid;                /* 0: /proc/stat could not be read */
	unsigned long long total, steal;
};

/* Fills si from the running system, load_start included; load_end is left
 * invalid for sysinfo_load at the end. Takes a few milliseconds (the clock
 * measurement). Cannot fail: an unreadable field is marked as above. */
void sysinfo_collect(struct sysinfo_host *si);

/* Reads the 1/5/15 minute load averages into l; l->valid says if it could. */
void sysinfo_load(struct sysinfo_load *l);

/* Squeezes the spaces of s in place: none at either end, one between
 * words (tabs count as spaces). CPU model names come padded (Intel's
 * "Intel(R) Xeon(R) CPU   E5-2680 0 @ 2.70GHz  "); every place that
 * shows one reads it squeezed. */
void sysinfo_squeeze(char *s);

/* Reads the machine's CPU ticks into t; t->valid says if it could. */
void sysinfo_ticks(struct sysinfo_ticks *t);

#endif
