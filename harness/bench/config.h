/*
 * config.h - struct bench_config: what one `parbench run` was asked for
 * (the dimensions' values, repetitions, where to write). Its own header so
 * that the dimension table (dims.c), which fills it, and the measuring
 * walk (bench.c), which reads it, both sit above it without including
 * each other. The dimensions' values are kept alike, one struct
 * dim_values per entry of dim_table, so that a new dimension adds no
 * field here.
 */
#ifndef PARBENCH_CONFIG_H
#define PARBENCH_CONFIG_H

#include "../../kernels/kernel.h"
#include "../../runners/runner.h"
#include "sink.h"

#define BENCH_MAX_LIST 64
#define BENCH_MAX_SIZES 256
#define BENCH_MAX_REPS 10000      /* --min-time stops adding repetitions here */

#define DIM_MAX_VALUES RUNNER_MAX_WORKERS   /* values one dimension takes at most */

/* One value of a dimension (dims.h); the dimension says which member
 * holds it, and zero is every dimension's default. */
union dim_value {
	long i;                   /* a count, a flag, an enum */
	size_t z;                 /* bytes */
	const void *p;            /* a table's entry (runner_ops), a label's text */
	struct schedule s;
};

/* The values a dimension's option gave, each once, in the order the
 * product walks them. */
struct dim_values {
	union dim_value v[DIM_MAX_VALUES];
	int n;                    /* 0: the option was not given: the default alone */
	const char *text;         /* the option as given (meta.json); NULL: not given */
	char words[512];          /* the labels' text (dim_labels) */
};

struct bench_config {
	const struct kernel_ops *kernels[BENCH_MAX_LIST];
	int nkernels;
	/* Every dimension's values but the kernels' and sizes' (below), by
	 * its position in dim_table (dims.h: cfg->dim[DIM_RUNNER]). */
	struct dim_values dim[DIM_MAX];
	int runners_all;          /* --runners said all (or was not given) */
	int kernels_all;          /* --kernels said all (or was not given) */
	int max_workers;          /* what --workers max means here */
	size_t chunksize;         /* --chunksize: a pattern's chunk; 0 = its default */
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
	int reps_fixed;           /* --reps or --quick chose the count: fewer than
				   * STATS_MIN_REPS is what was asked for, no warning */
	int sequential;           /* --order sequential: each configuration's runs together */
	int allow_short;          /* --allow-short: keep runs under 1000 x the clock's resolution */
	const char *topology;     /* --topology DIR: measured siblings (plan_set_siblings); NULL: hwloc */
	const char *mem;          /* --mem local|interleave|node:N (plan_mem_parse); NULL: not given */
	const char *cpus;         /* --cpus: the CPU list of --bind cpus (plan_set_cpus); NULL: none */
	int strict_env;           /* --strict-env: an OMP_NUM_THREADS that --workers overrides
				   * refuses the run instead of noting each row */
	int quiet;                /* --quiet: no progress on stderr */
	int trace;                /* --trace: one more, traced, run per configuration */
	int report;               /* draw the report at the end (report_fn) */
	/* Draws the report of the finished folder dir (plots, report.md):
	 * 0 or nonzero for failed. The cli sets it; bench knows no format. */
	int (*report_fn)(const char *home, const char *dir);
	const struct sink_ops *const *outputs;   /* where the run is written (NULL-terminated; bench/sink.h) */
	const char *out;          /* NULL: <home>/results/<stamp>-<host> */
	const char *home;         /* the repository: scripts/ and results/ */
	struct runner_options ropt;
	int init_in_parent;       /* --init-in-parent: fork runners also build the table in the parent */
	const char *command;      /* the command line, for meta.json */
	const char *profile;      /* a label for meta.json */
	/* Each kernel's default size as the start-up probe chose it
	 * (bench/probe.h: probe_sizes); nprobe 0: not probed. */
	struct sink_probe probe[BENCH_MAX_LIST];
	int nprobe, probe_workers;
};

#endif
