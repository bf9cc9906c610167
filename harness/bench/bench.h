/*
 * bench.h - walking the product kernels x runners x workers x schedules:
 * set up each kernel once, compute its reference checksum, run every
 * configuration (warm-ups, then repetitions), verify every run, and write
 * the run folder.
 */
#ifndef PARBENCH_BENCH_H
#define PARBENCH_BENCH_H

#include "../../kernels/kernel.h"
#include "../../runners/runner.h"
#include "sink.h"

#define BENCH_MAX_LIST 64
#define BENCH_MAX_SIZES 256
#define BENCH_MAX_REPS 10000      /* --min-time stops adding repetitions here */

struct bench_config {
	const struct kernel_ops *kernels[BENCH_MAX_LIST];
	int nkernels;
	const struct runner_ops *runners[BENCH_MAX_LIST];
	int nrunners;
	int runners_all;          /* --runners said all (or was not given) */
	int workers[RUNNER_MAX_WORKERS];   /* ascending */
	int nworkers;
	struct schedule scheds[BENCH_MAX_LIST];
	int nscheds;
	enum pattern_kind patterns[5];   /* --pattern, each once (default none) */
	int npatterns;
	size_t chunksize;         /* --chunksize: a pattern's chunk; 0 = its default */
	const char *pattern_text; /* --pattern as given (meta.json) */
	enum pattern_collect collects[3];   /* --collect, each once (default partial) */
	int ncollects;
	const char *collect_text; /* --collect as given (meta.json) */
	size_t payloads[BENCH_MAX_LIST];   /* --payload: queue's message bytes, each once */
	int npayloads;            /* 0: PATTERN_DEFAULT_PAYLOAD */
	const char *payload_text; /* --payload as given (meta.json) */
	enum plan_policy binds[4];   /* --bind, each once */
	int nbinds;
	int skip_unplaceable;     /* --compare-smt: leave out what a policy cannot place */
	unsigned smt_added;       /* --compare-smt: the binds it added (1 << policy) */
	struct size_spec sizes[BENCH_MAX_SIZES];   /* --size list; none: each kernel's default */
	int nsizes;
	const char *size_text;    /* --size or --items as given, for messages */
	size_t items;             /* 0: from size_bytes or the default */
	size_t item_list[BENCH_MAX_SIZES];   /* --items with several counts: each is a size */
	int nitem_list;
	int reps, warmup;
	double min_time;          /* measured runs add up to at least this (s); warm-up to half */
	int quick;
	int sequential;           /* --order sequential: each configuration's runs together */
	int allow_short;          /* --allow-short: keep runs under 1000 x the clock's resolution */
	int quiet;                /* --quiet: no progress on stderr */
	int trace;                /* --trace: one more, traced, run per configuration */
	int report;               /* run scripts/report.sh at the end */
	const char *out;          /* NULL: <home>/results/<stamp>-<host> */
	const char *home;         /* the repository: scripts/ and results/ */
	struct runner_options ropt;
	int init_in_parent;       /* --init-in-parent: fork runners also build the table in the parent */
	const char *command;      /* the command line, for meta.json */
	const char *profile;      /* a label for meta.json */
	const struct sink_ops *const *outputs;   /* where the run is written (NULL-terminated) */
};

/* Refuses, before anything is written, a --bind the machine cannot honour,
 * a cache level it lacks, or a data set larger than 80 % of the available
 * memory. Returns 0, or -1 with a one-line reason in err. */
int bench_check(const struct bench_config *cfg, const struct plan *p, char *err, size_t errlen);

/* Runs the whole product, handing every run and row to cfg->outputs, which
 * write the run folder (call bench_check first). Returns 0 when every
 * configuration was verified, 1 when some failed (they are in the report),
 * 2 when the run could not start or an output could not be written (one
 * line on stderr said why). */
int bench_run(const struct bench_config *cfg);

/* Serial speed of kernel k, in items per second: the best of 3 runs of a
 * count that takes at least 20 ms. Returns 0, or -1 with err (its setup
 * failed). */
int bench_calibrate(const struct kernel_ops *k, double *per_second, char *err, size_t errlen);

#endif
