/*
 * sink.h - where the measuring walk's results go, without knowing a format.
 *
 * The walk (bench.c) describes the run once (struct sink_context), hands
 * every repetition as it is measured (sink_sample), then the summary rows,
 * then the end, to a NULL-terminated list of outputs, each one struct
 * sink_ops (google/benchmark's reporters, hyperfine's exporters). The
 * formats implement it a layer up, in harness/output/, and the command
 * that starts a run chooses the list (bench_config.outputs): bench
 * includes nothing of output/.
 *
 * Outputs begin in list order and end in the reverse order, so the first
 * one (the run folder) is there before the others write and is the last
 * to say the run is complete.
 */
#ifndef PARBENCH_SINK_H
#define PARBENCH_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "../core/stats.h"

struct plan;
struct plan_machine;
struct sysinfo_host;
struct trace;

#define DIM_MAX 24                /* dimensions at most (bench/dims.h: dim_table) */
#define SINK_MAX_COUNTERS 16      /* counter columns at most (runners/runner.h:
				   * RUNNER_MAX_COUNTERS, runner_counter_column) */

/* One dimension's value as its column shows it (dim's show). */
struct sink_value {
	enum { SINK_EMPTY, SINK_TEXT, SINK_NUMBER } kind;
	const char *text;
	long long number;
};

/* What identifies a configuration (the key columns of both CSVs): each
 * dimension's value by its position in dim_table (key[DIM_RUNNER]), and
 * what follows from them. */
struct sink_config {
	struct sink_value key[DIM_MAX];
	const char *kind;         /* the kernel's: cpu, mem, io */
	size_t chunk, size_bytes;
	char size_rule[200];      /* how size_bytes was chosen (see plan_size) */
};

/* One run of a configuration, warm-up or measured. */
struct sink_sample {
	int rep, warmup, verified;
	double seconds, spawn_seconds;
	uint64_t checksum;
	const char *cpus;
	int counted;                                /* counter[] holds the runner's figures */
	double counter[SINK_MAX_COUNTERS];          /* by counter column (runner_counter_column):
						     * the run's, NAN in other runners' columns */
	double cpu_seconds;                         /* the workers' CPU time, user + system */
	long vol_switches, invol_switches;          /* the workers' context switches */
	long maxrss_kib;                            /* peak resident set, largest process */
	double first_result_s, parent_wait_s;       /* imap, imap_unordered; NAN for the others */
	const char *error;                          /* "" when none */
	/* Where the workers' time went (run_outcome's sums over the workers) */
	double gate_s, idle_s, run_delay_s, serial_wait_s;
	long minflt;
	/* Memory: PSS and USS summed over the workers' processes, a threads'
	 * process once (run_outcome); NAN where smaps_rollup is missing */
	double pss_kib, uss_kib;
};

/* The parts of the lost efficiency, in summary.csv's order. */
enum sink_loss { LOSS_GATE, LOSS_IMBALANCE, LOSS_OFFCPU, LOSS_SLOWDOWN, LOSS_SERIALIZED, LOSS_OTHER,
		 LOSS_COUNT };

/* Why a row's numbers are shaky (sink_row.flags; warning says it in words). */
enum sink_flag {
	SINK_TOO_SHORT = 1,       /* median under 1000 x the clock's resolution */
	SINK_UNSTABLE = 2,        /* cv over STATS_CV_WARN */
	SINK_FEW_REPS = 4,        /* fewer than STATS_MIN_REPS, not asked for */
	SINK_OUTLIERS = 8,        /* outliers by the modified Z-score */
	SINK_SLOW_FIRST = 16,     /* the first repetition over 1.25 x the others' median */
};

/* One configuration's statistics (a row of summary.csv). */
struct sink_row {
	struct sink_config cfg;
	struct stats st;
	double spawn_median;
	double cold_median;           /* median of spawn + work: what a fresh Pool pays */
	double speedup, efficiency;   /* NAN when there is no serial reference */
	double cold_speedup;          /* serial's cold median / this cold median, at equal items */
	double cpu_median;            /* CPU seconds of the workers per repetition */
	double cpu_util;              /* median of cpu_seconds / seconds: cores kept busy */
	double vcsw_median, ivcsw_median;
	double maxrss_kib;            /* largest over the repetitions */
	/* By counter column (runner_counter_column): the runner's median over
	 * the repetitions; NAN in other runners' columns and samples-only ones */
	double counter[SINK_MAX_COUNTERS];
	/* imap, imap_unordered: medians of the two per-run figures; NAN for the others */
	double first_result_s, parent_wait_s;
	double tasks_per_s;           /* queue: tasks / median seconds; NAN for the others */
	/* Medians of where the workers' time went, summed over the workers
	 * (run_outcome), and the machine's stolen share of CPU time during
	 * the runs (/proc/stat steal; NAN where it cannot be read) */
	double gate_s, idle_s, run_delay_s, serial_wait_s, minflt, steal;
	/* 1 - efficiency split into measured parts, each a fraction of the
	 * ideal (p x the median time), against the serial reference's own
	 * parts at equal work; loss_other is the rest. NAN for the reference
	 * runner's rows and where there is no reference. */
	double loss[LOSS_COUNT];             /* enum sink_loss */
	double pss_kib, uss_kib;      /* medians of the runs' sums (sink_sample); NAN: unread */
	/* The workers' time in each measured part over p x the run's time,
	 * the median over the repetitions (a run's parts add up to at most its
	 * budget); losses_fill's input, not a column */
	double share[LOSS_OTHER];
	double rate;
	const char *rate_unit;
	int verified;
	char status[320];             /* "ok" or "failed: <reason>" */
	char warning[400];            /* "" or why the numbers are shaky */
	unsigned flags;               /* the same reasons as bits (enum sink_flag) */
	double load;                  /* 1-minute load average when the row closed (NAN: unread) */
	double first_ratio;           /* first repetition / the others' median (NAN: < 3 kept) */
	int size_index;               /* which --size (for the harness; not written) */
};

/* The run as a whole: where it goes, the machine, and the settings. It
 * stays valid (and sys->load_end is filled) until the outputs end. */
/* One kernel's default size as the start-up probe chose it (bench/probe.h),
 * for the header and meta.json. */
struct sink_probe {
	const char *kernel;
	int how;                      /* PROBE_ITEMS, PROBE_WORK or PROBE_NONE (probe.h) */
	size_t items;                 /* the items it runs (PROBE_ITEMS: chosen) */
	double work;                  /* the factor on its passes or loads (PROBE_WORK: chosen) */
	size_t probe_items;           /* the probe's last serial run: items (0: none) */
	double probe_s;               /* ... and its seconds (the best of two) */
	double target_s;              /* the serial run time aimed at */
};

struct sink_context {
	const char *dir;              /* the run folder */
	const char *run_id;           /* its last component */
	const char *link_root;        /* make link_root/latest point at it; NULL: do not */
	const struct plan *plan;
	const struct plan_machine *machine;
	const struct sysinfo_host *sys;
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
	const char *mem;              /* --mem as given (NULL: not given, the OS's first touch) */
	char mem_note[200];           /* how --mem was applied, or why it was not */
	char mem_pages[512];          /* --mem: each kernel's pages by NUMA node after its setup */
	/* Every dimension's option as given (NULL: not given), by its
	 * position in dim_table (bench/dims.h). */
	const char *dim_given[DIM_MAX];
	/* Configurations the product left out because they repeat another's
	 * work, by dimension, and why (dim_table's repeats; NULL: none). */
	int repeats[DIM_MAX];
	const char *repeats_why[DIM_MAX];
	/* The stopping rule in words (bench/reps.h), and how many
	 * configurations stopped each way, by enum reps_state (set as the
	 * walk goes). */
	char stopping[400];
	int stopped[4];
	/* The kernels' sizes from the start-up probe (none: --items, --size
	 * or --quick), and the largest worker count they are for. */
	const struct sink_probe *probe;
	int nprobe, probe_workers;
};

/* One output. Every hook returns 0, or -1 with errno set (begin: with a
 * one-line reason in err); sample and trace may be NULL. */
struct sink_ops {
	const char *name;
	/* Opens the output for ctx and keeps its state in *state: 0, or with
	 * a one-line reason in err, -1 when it refuses ctx (bad input), -2
	 * when it cannot write or allocate. */
	int (*begin)(void **state, const struct sink_context *ctx, char *err, size_t errlen);
	/* One run, written (and flushed) as it is measured. */
	int (*sample)(void *state, const struct sink_config *cfg, const struct sink_sample *s);
	/* A traced run's timeline (--trace): the lanes of t, the run's spawn
	 * and work seconds. */
	int (*trace)(void *state, const struct sink_config *cfg, const struct trace *t, int workers,
		     double spawn_seconds, double seconds);
	/* Every configuration's row, once, when the walk is over. */
	int (*summary)(void *state, const struct sink_row *rows, size_t n);
	/* Ends the output and frees state: status is "complete",
	 * "interrupted", or "failed: <reason>" (sink_failed: close what is
	 * open, claim nothing). */
	int (*end)(void *state, const char *status);
};

#define SINK_MAX 16

/* The outputs of one run, as bench_run drives them. */
struct sink_list {
	const struct sink_ops *ops[SINK_MAX];
	void *state[SINK_MAX];
	int n;                        /* begun */
	int failed;                   /* a sample or trace could not be written */
	char err[512];                /* the first such failure */
};

/* Begins every output of the NULL-terminated list ops, in order. Returns 0,
 * or after ending (failed) those begun, with a one-line reason in err: -1
 * when an output refused the run's settings (bad input), -2 when it could
 * not write or allocate (an output's begin returns the same values). */
int sink_begin(struct sink_list *l, const struct sink_ops *const *ops,
	       const struct sink_context *ctx, char *err, size_t errlen);

/* Hands a run to every output; -1 (and l->failed, l->err) when one failed. */
int sink_sample(struct sink_list *l, const struct sink_config *cfg, const struct sink_sample *s);

/* Hands a traced run to every output that takes one; 0 or -1 as above. */
int sink_trace(struct sink_list *l, const struct sink_config *cfg, const struct trace *t,
	       int workers, double spawn_seconds, double seconds);

/* Hands the rows to every output; 0, or -1 with the reason in l->err. */
int sink_summary(struct sink_list *l, const struct sink_row *rows, size_t n);

/* Ends every output in reverse order with status ("complete" or
 * "interrupted"; NULL: the run failed); once one has failed, before or
 * while ending, the rest end with "failed: " and l->err. Returns 0, or -1
 * with the first reason in l->err. l is empty afterwards. */
int sink_end(struct sink_list *l, const char *status);

/* Dimension id's value in c when it is text, else NULL (a number, or empty). */
const char *sink_key_text(const struct sink_config *c, int id);

/* 1 when an end status says the run failed. */
int sink_failed(const char *status);

#endif
