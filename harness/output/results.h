/*
 * results.h - the run folder: samples.csv (row by row, flushed), summary.csv
 * and meta.json. A folder is complete when meta.json says "status":
 * "complete"; until then it says "running" (or "interrupted"), and
 * summary.csv does not exist, so an unfinished run never looks finished.
 * `parbench overheads` writes its own table (overheads.csv) into a folder
 * made by results_open, with the same meta.json rules.
 *
 * Text fields never contain commas, quotes or newlines (they are replaced),
 * so the CSVs need no quoting and any CSV reader, awk included, splits them.
 */
#ifndef PARBENCH_RESULTS_H
#define PARBENCH_RESULTS_H

#include <stdint.h>
#include <stdio.h>

#include "../../runners/gil_lock.h"
#include "../core/plan.h"
#include "../core/stats.h"

/* What identifies a configuration in both CSVs. */
struct results_config {
	const char *kernel, *kind, *runner, *schedule, *bind;
	const char *pattern;      /* none | map | imap | imap_unordered (NULL: none) */
	const char *collect;      /* partial | shared | messages (NULL: partial) */
	int init_in_parent;       /* --init-in-parent: the fork parent built the initializer's table */
	long payload;             /* queue: bytes per message; -1 for the other patterns */
	int workers;
	size_t chunk, items, size_bytes;
	char size_rule[200];      /* how size_bytes was chosen (see plan_size) */
};

struct results_sample {
	int rep, warmup, verified;
	double seconds, spawn_seconds;
	uint64_t checksum;
	const char *cpus;
	const struct gil_counts *gil;               /* the gil runner's counts; NULL for the others */
	double cpu_seconds;                         /* the workers' CPU time, user + system */
	long vol_switches, invol_switches;          /* the workers' context switches */
	long maxrss_kib;                            /* peak resident set, largest process */
	double first_result_s, parent_wait_s;       /* imap, imap_unordered; NAN for the others */
	const char *error;                          /* "" when none */
};

struct results_summary {
	struct results_config cfg;
	struct stats st;
	double spawn_median;
	double cold_median;           /* median of spawn + work: what a fresh Pool pays */
	double speedup, efficiency;   /* NAN when there is no serial reference */
	double cold_speedup;          /* serial's cold median / this cold median, at equal items */
	double cpu_median;            /* CPU seconds of the workers per repetition */
	double cpu_util;              /* median of cpu_seconds / seconds: cores kept busy */
	double vcsw_median, ivcsw_median;
	double maxrss_kib;            /* largest over the repetitions */
	/* gil: medians of the lock's counts (gil_counts); NAN for the others */
	double gil_handoffs, gil_drop_requests, gil_forced_waits, gil_wait_s;
	/* imap, imap_unordered: medians of the two per-run figures; NAN for the others */
	double first_result_s, parent_wait_s;
	double tasks_per_s;           /* queue: tasks / median seconds; NAN for the others */
	double rate;
	const char *rate_unit;
	int verified;
	char status[320];             /* "ok" or "failed: <reason>" */
	char warning[400];            /* "" or why the numbers are shaky */
	int size_index;               /* which --size (for the harness; not written) */
};

/* Everything meta.json records besides the machine. */
/* meta.json's first key: what says a folder is a parbench run. */
#define RESULTS_MARKER "\"generator\": \"parbench\""

struct sysinfo_host;

struct results_meta {
	const char *status;           /* running | complete | interrupted */
	const struct sysinfo_host *sys; /* the run's conditions (sysinfo.h); NULL: not written */
	const char *date, *host, *command, *git, *profile;
	const char *size;             /* --size or --items as given, "" for the defaults */
	int reps, warmup;
	double min_time, timeout;
	double switch_interval;
	size_t gil_unit;
	const char *gil_mode;
	unsigned gil_check;
	const char *pattern;          /* --pattern as given */
	size_t chunksize;             /* --chunksize; 0 = each pattern's default */
	const char *collect;          /* --collect as given */
	unsigned init_cost_ms;        /* --init-cost (0: no initializer) */
	int init_in_parent;           /* --init-in-parent given */
	const char *payload;          /* --payload as given (NULL: the default) */
};

struct results {
	char dir[3072];
	FILE *samples;
	FILE *trace;              /* trace.csv, opened by the first results_trace */
};

/* Creates dir (and missing parents) for a run's files: an existing dir must
 * be empty or hold an earlier parbench run (run's or overheads'), whose
 * outputs are removed first. Opens no file (r->samples is NULL). Returns 0,
 * or -1 with a one-line reason naming dir in err. */
int results_open(struct results *r, const char *dir, char *err, size_t errlen);

/* results_open, then opens samples.csv with its header.
 * Returns 0, or -1 with a one-line reason naming dir in err. */
int results_create(struct results *r, const char *dir, char *err, size_t errlen);

/* Appends one repetition to samples.csv and flushes it. */
void results_sample(struct results *r, const struct results_config *cfg,
		    const struct results_sample *s);

/* Appends a traced run's timeline to trace.csv (opened with its header the
 * first time): one row per event, times in seconds from the start of
 * spawning, plus a "run" row (worker -1) from the gate's opening to the
 * last finish, and for a lane that filled up a "lost" row (lo = the events
 * it had no room for, start = the end of its last one). Returns the number
 * of events the lanes had no room for. */
struct trace;
struct run_outcome;
unsigned long results_trace(struct results *r, const struct results_config *cfg,
			    const struct trace *t, int workers, const struct run_outcome *out);

/* Writes summary.csv whole; 0 or -1. */
int results_summary(const struct results *r, const struct results_summary *rows,
		    size_t n);

/* (Re)writes meta.json; 0 or -1. */
int results_meta(const struct results *r, const struct results_meta *meta,
		 const struct plan_machine *m);

/* One top-level key of meta.json: a string (text), or a number when text
 * is NULL (null in the file when it is not finite). */
struct results_field {
	const char *key, *text;
	double number;
};

/* (Re)writes meta.json for a command other than run: the marker, fields[0..n)
 * in order (give "status" among them: running, complete or interrupted),
 * then the build and the machine as results_meta writes them; 0 or -1. */
int results_meta_fields(const struct results *r, const struct results_field *fields,
			size_t n, const struct plan_machine *m);

/* Writes s as one CSV field by the rule above (NULL: an empty field). */
void results_csv_text(FILE *f, const char *s);

/* Closes samples.csv. */
void results_close(struct results *r);

/* Makes root/latest a symbolic link to dir's last component; 0 or -1. */
int results_link_latest(const char *root, const char *dir);

#endif
