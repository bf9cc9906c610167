/*
 * config.h - struct bench_config: what one `parbench run` was asked for
 * (the dimensions' values, repetitions, where to write). Its own header so
 * that the dimension table (dims.c), which fills it, and the measuring
 * walk (bench.c), which reads it, both sit above it without including
 * each other.
 */
#ifndef PARBENCH_CONFIG_H
#define PARBENCH_CONFIG_H

#include "../../kernels/kernel.h"
#include "../../runners/runner.h"

#define BENCH_MAX_LIST 64
#define BENCH_MAX_SIZES 256
#define BENCH_MAX_REPS 10000      /* --min-time stops adding repetitions here */

struct sink_ops;

struct bench_config {
	const struct kernel_ops *kernels[BENCH_MAX_LIST];
	int nkernels;
	const struct runner_ops *runners[BENCH_MAX_LIST];
	int nrunners;
	int runners_all;          /* --runners said all (or was not given) */
	int workers[RUNNER_MAX_WORKERS];   /* ascending */
	int max_workers;          /* what --workers max means here */
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
};

#endif
