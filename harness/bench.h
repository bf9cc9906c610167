/*
 * bench.h - walking the product kernels x runners x workers x schedules:
 * set up each kernel once, compute its reference checksum, run every
 * configuration (warm-ups, then repetitions), verify every run, and write
 * the run folder.
 */
#ifndef PARBENCH_BENCH_H
#define PARBENCH_BENCH_H

#include "../kernels/kernel.h"
#include "../runners/runner.h"

#define BENCH_MAX_LIST 64
#define BENCH_MAX_REPS 10000      /* --min-time stops adding repetitions here */

struct bench_config {
	const struct kernel_ops *kernels[BENCH_MAX_LIST];
	int nkernels;
	const struct runner_ops *runners[BENCH_MAX_LIST];
	int nrunners;
	int workers[RUNNER_MAX_WORKERS];   /* ascending */
	int nworkers;
	struct schedule scheds[BENCH_MAX_LIST];
	int nscheds;
	enum plan_policy binds[4];   /* --bind, each once */
	int nbinds;
	size_t size_bytes;        /* 0: each kernel's default */
	const char *size_text;    /* --size or --items as given, for messages */
	size_t items;             /* 0: from size_bytes or the default */
	int reps, warmup;
	double min_time;          /* measured runs add up to at least this (s); warm-up to half */
	int quick;
	int report;               /* run scripts/report.sh at the end */
	const char *out;          /* NULL: <home>/results/<stamp>-<host> */
	const char *home;         /* the repository: scripts/ and results/ */
	struct runner_options ropt;
	const char *command;      /* the command line, for meta.json */
	const char *profile;      /* a label for meta.json */
};

/* The number of items kernel k gets under cfg. */
size_t bench_items(const struct bench_config *cfg, const struct kernel_ops *k);

/* Runs the whole product and writes the run folder. Returns 0 when every
 * configuration was verified, 1 when some failed (they are in the report),
 * 2 when the run could not start (one line on stderr said why). */
int bench_run(const struct bench_config *cfg);

#endif
