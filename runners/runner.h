/*
 * runner.h - the runner interface: one execution model per file.
 *
 * A runner gets a run_request (kernel, its prepared job, worker count,
 * schedule, and a block of shared memory) and fills a run_outcome. Every
 * runner measures the same way, with the helpers below:
 *
 *   t0 = runner_clock();  create workers;  each worker: runner_arrive()
 *   parent: runner_release()  -> start time; the clock starts here
 *   each worker: partial = runner_work(); runner_finish(partial)
 *   parent: join;  runner_collect() -> seconds = last finish - start,
 *                                      spawn = start - t0, checksum = sum
 *
 * The shared block lives in MAP_SHARED memory so that forked children write
 * their partials, finish times and CPUs where the parent reads them; threads
 * use the same block, so no runner is special.
 */
#ifndef PARBENCH_RUNNER_H
#define PARBENCH_RUNNER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/types.h>

#include "../harness/core/plan.h"
#include "../harness/core/split.h"
#include "../kernels/kernel.h"
#include "fork_settings.h"
#include "gil_settings.h"
#include "pattern.h"
#include "trace.h"

struct opt;   /* harness/core/options.h */

/* Hard bound on --workers. */
#define RUNNER_MAX_WORKERS 256

/* Most counters one runner declares, and most counter columns of all the
 * runners together (runner_counter_column). */
#define RUNNER_MAX_COUNTERS 16

/* A figure a runner measures beside the times (the gil's hand-offs),
 * declared in its ops (runner_ops.counters) and filled by its run() in
 * run_outcome.counter[]. The harness knows no counter by name: each
 * becomes a column of samples.csv named .name, and unless .summary says
 * none one of summary.csv with the median over the repetitions; other
 * runners' rows leave it empty. Runners that declare the same name share
 * the column (then with the same kind); a hidden one has none. */
enum runner_counter_kind {
	RUNNER_COUNT,             /* a whole number: "%llu", its median "%.0f" */
	RUNNER_SECONDS,           /* seconds: "%.6f" */
};
enum runner_counter_summary {
	RUNNER_SUMMARY_MEDIAN,    /* summary.csv: the median over the repetitions */
	RUNNER_SUMMARY_NONE,      /* samples.csv only */
};
struct runner_counter {
	const char *name;         /* the column, prefixed with the runner's name */
	enum runner_counter_kind kind;
	enum runner_counter_summary summary;
	int hidden;               /* in the outcome only, no column (for the tests) */
};

/* What the runs were asked for; every runner gets it all. A runner's own
 * settings are a struct in its runners/<name>_settings.h, set by the
 * options and defaults in its file (runner_ops.options, .defaults):
 * adding such a runner adds that header and one member here. The rest
 * every runner reads. */
struct runner_options {
	struct gil_settings gil;  /* gil (gil_settings.h) */
	struct fork_settings fork;   /* fork and fork-pool (fork_settings.h) */
	int fail_bind;            /* test hook: worker fail_bind - 1's runner_bind fails (any
				   * runner); 0 = none */
	int omp_placed;           /* OMP_PROC_BIND, OMP_PLACES or GOMP_CPU_AFFINITY is set:
				   * openmp does not bind */
	unsigned init_cost_ms;    /* --init-cost: each worker's initializer spends this much CPU (0 = none) */
	int touch_inherited;      /* --touch-inherited: a forked worker writes every page of
				   * the kernel's inherited data (kernel_ops.data) before the gate */
};

/* One worker's results, written by the worker. */
struct runner_slot {
	uint64_t partial;
	double finish;            /* runner_clock() when it finished */
	int cpu;                  /* OS index of the PU it finished on */
	int done;
	/* Resources the worker used between the gate and its finish, read
	 * from its own thread's clocks (so the spinning at the gate and the
	 * waiting for the GIL, which sleeps, are not counted). */
	double begin;             /* runner_clock() when it started work (runner_mark) */
	double cpu_start;         /* CLOCK_THREAD_CPUTIME_ID when it started work */
	long vcsw_start, ivcsw_start, minflt_start;
	double delay_start;       /* its run delay (schedstat) when it started work */
	int tid;                  /* its thread id, set as it arrives at the gate */
	double wait_delay;        /* run delay inside its waits for the model's lock (gil):
				   * off-CPU, taken out of serial_wait_s */
	double wait_delay_start;  /* the run delay as the current wait began */
	double wait_wall;         /* wall seconds of those waits (runner_clock) */
	double wait_wall_start;   /* runner_clock() as the current wait began */
	double delay_open;        /* its run delay as runner_release opened the gate; NAN
				   * where the gate is the runner's own (openmp, serial) */
	int stat_fd;              /* its /proc/thread-self/schedstat, open during the work */
	double cpu_seconds;       /* CPU seconds (user + system) of its work */
	long vcsw, ivcsw;         /* voluntary / involuntary context switches */
	long minflt;              /* minor page faults during its work */
	double run_delay;         /* seconds runnable but waiting for a CPU (schedstat; NAN
				   * where the kernel does not keep it) */
	long maxrss_kib;          /* peak resident set of its process during the run (VmHWM) */
	pid_t pid;                /* its process (threads of one process share it) */
	long pss_kib, uss_kib;    /* its process's proportional and unique set sizes at its
				   * finish (smaps_rollup); -1: not read (another worker of
				   * the same process reads them, or the file is missing) */
	char error[160];          /* why the worker could not run (binding) */
};

/* Where an initializer ran (init.c). */
struct runner_init_record {
	atomic_int runs;          /* how many times */
	pid_t pid, tid;           /* the process and thread of the last one */
};

/* Shared memory for one run; the harness maps it once with room for
 * RUNNER_MAX_WORKERS slots. */
struct runner_shared {
	atomic_size_t next;       /* dynamic schedule: next item */
	struct split_gate gate;   /* dynamic schedule: keeps the passes apart (split.h) */
	atomic_int arrived;       /* start gate: workers standing at it */
	atomic_int go;            /* start gate: open */
	double start;             /* runner_clock() when the gate opened */
	pid_t parent;             /* the process that called runner_begin: a worker in
				   * another one was forked (--touch-inherited) */
	atomic_int ended;         /* runner_threads: threads that returned, having finished
				   * or given up (a bind error), so the parent stops waiting
				   * for results once all have */
	struct trace *trace;      /* the run's request->trace, where pool workers (forked
				   * before the traced run) see it too; the trace is mapped
				   * before any worker exists */
	struct runner_slot slot[RUNNER_MAX_WORKERS];
	/* --init-cost: where the initializer ran. Not cleared by runner_begin
	 * (a pool's workers run it once for all the runs): runner_init_reset. */
	atomic_int init_runs;     /* initializer runs, workers and parent together */
	struct runner_init_record init_parent;   /* --init-in-parent: the parent's runs */
	struct runner_init_record init[RUNNER_MAX_WORKERS];   /* worker i's runs */
};

struct run_request {
	const struct kernel_ops *kernel;
	const struct kernel_job *job;
	int workers;
	struct schedule sched;    /* for dynamic, chunk is resolved (>= 1) */
	const struct runner_options *opt;
	struct runner_shared *shared;
	const struct plan_layout *layout;   /* where each worker runs; NULL = unbound */
	void **pool;              /* pooled runners: their workers, kept between the runs of
				   * one configuration (NULL at first; runner->close ends them) */
	struct trace *trace;      /* --trace: this run records its timeline here; NULL = untraced */
	struct pattern_table *results;   /* --pattern or --collect shared/messages: each
				   * task's result goes here (pattern.h); NULL = private partials */
	int init_in_parent;       /* --init-in-parent: the parent builds the table before
				   * forking and the children inherit it (runners with .init_in_parent) */
	const struct runner_init_table *init_table;   /* fork: the parent's table the children
				   * inherited; NULL = each worker builds its own */
};

struct run_outcome {
	double seconds;           /* start gate -> last worker finished */
	double spawn_seconds;     /* runner_begin -> start gate (creating workers) */
	uint64_t checksum;        /* sum of the partials */
	char cpus[1280];           /* "0;1;..." where each worker finished */
	int counted;              /* run() filled counter[]: one value per entry of its
				   * runner's .counters, in their order; 0: none */
	double counter[RUNNER_MAX_COUNTERS];
	double cpu_seconds;       /* sum over the workers of their CPU time (user + system) */
	/* Where the workers' time went between the gate and the last finish
	 * (sums over the workers; report loss attribution): */
	double gate_s;            /* gate open -> each worker's first item */
	double idle_s;            /* each worker's finish -> the last worker's finish */
	double run_delay_s;       /* runnable, waiting for a CPU (NAN: not kept by the kernel) */
	double serial_wait_s;     /* waiting for a lock the model imposes: the gil, the shared
				   * results table (--collect shared) */
	long minflt;              /* minor page faults during the work */
	long vol_switches;        /* sum over the workers of voluntary context switches */
	long invol_switches;      /* ... and involuntary ones */
	long maxrss_kib;          /* largest peak RSS of the processes involved */
	/* Sums over the workers' processes, each counted once (threads share
	 * one): PSS (each shared page split among the processes mapping it)
	 * and USS (Private_Clean + Private_Dirty), from smaps_rollup as each
	 * worker finished; -1 where it cannot be read. */
	long pss_kib, uss_kib;
	int streamed;             /* imap, imap_unordered: the two figures below count */
	double first_result_s;    /* start gate -> first result consumed by the parent */
	double parent_wait_s;     /* the parent's time blocked waiting for the next result */
	char error[256];          /* set when the run failed; then nothing above counts */
};

/* What a runner's workers are. */
enum runner_workers {
	RUNNER_INLINE,            /* the caller itself (serial) */
	RUNNER_THREADS,           /* threads of this process */
	RUNNER_PROCESSES,         /* forked processes */
};

struct runner_ops {
	const char *name;
	const char *summary;
	int max_workers;          /* 0 = any number; serial says 1 */
	/* Runs the request once; returns 0, or -1 with out->error set. */
	int (*run)(const struct run_request *rq, struct run_outcome *out);
	/* Pooled runners (--pool): run() creates the workers on its first call
	 * and keeps them in *rq->pool; close() ends them after the
	 * configuration's last run. NULL for runners that create per run. */
	void (*close)(void *pool);
	int pooled;               /* run only with --pool or when named in --runners */
	/* Why this runner has no parent apart from its workers, which imap,
	 * imap_unordered and --collect messages need to take results while the
	 * workers run; NULL: it has one (serial is its own parent and takes
	 * each result as it goes). */
	const char *no_parent;
	int rebuilds;             /* its workers set up the kernel again in memory of their
				   * own (spawn): only the table's kernels, and only in
				   * parbench itself (whose main enters spawn_worker_enter);
				   * tests that hand runners kernels of their own leave it out */
	/* Why its workers cannot reach the run's results table (spawn: their
	 * memory is their own, the table is not in it); NULL: they can. Then
	 * --pattern other than none and --collect other than partial leave it
	 * out under --runners all and are refused when it is named. */
	const char *no_table;
	int init_in_parent;       /* forks its workers: --init-in-parent can build the
				   * initializer's table once in the parent */
	/* What the harness must know about the model, as properties rather
	 * than names (no runner's name is compared outside its own file): */
	int reference;            /* the speedup reference (serial): every row's speedup
				   * is its rate over this runner's, read by bench.c */
	int self_placing;         /* its runtime may place its own workers (openmp under
				   * OMP_PROC_BIND / OMP_PLACES): --bind then applies to
				   * the other runners only, said by cli/cmd_run.c */
	const char *threads_env;  /* the environment variable its runtime takes a thread
				   * count from (openmp: OMP_NUM_THREADS), which --workers
				   * overrides: bench.c notes a row where the two differ,
				   * --strict-env refuses the run; NULL: none */
	int idle_spins;           /* its workers spin for a while after a run (libgomp's
				   * team): bench.c lets them fall asleep before another
				   * model's run */
	const struct runner_ops *pool;   /* its pooled variant (pthreads -> pthreads-pool),
				   * which --pool adds next to it; NULL: none */
	enum runner_workers workers_are;   /* threads, processes, or the caller (the report's
				   * sentences on threads vs processes read it) */
	int global_lock;          /* its workers run only while holding one lock (gil):
				   * the model serialises CPU work */
	/* Checks its own settings (options, below) against what they depend
	 * on, once the largest --workers is known (fork: --test-crash-worker
	 * names one of its workers). Returns 0, or 2 after one line on stderr.
	 * NULL: nothing to check. */
	int (*check)(const struct runner_options *o, int max_workers);
	/* Its own settings (struct runner_options' member for it): options of
	 * `parbench run`, whose entries give offsets into struct runner_options
	 * (OPT_*_AT, merged into run's table by opt_merge; NULL-terminated by
	 * OPT_END), and defaults(), which sets that member before the options
	 * are read. NULL: none. A pooled variant shares its runner's. */
	const struct opt *options;
	void (*defaults)(struct runner_options *o);
	/* What it counts beside the times (struct runner_counter), ended by
	 * a NULL name; run() fills run_outcome.counter[] and .counted. NULL:
	 * nothing. */
	const struct runner_counter *counters;
};

/* A pool of persistent workers, threads or processes. Idle workers sleep
 * on a futex in shared memory (so they take no CPU from the runs of other
 * configurations); each run wakes them, they stand at the start gate, work,
 * and report back on a second futex. */
struct runner_pool {
	atomic_uint generation;   /* bumped to start a run (or to quit) */
	atomic_uint done;         /* workers finished with the current run */
	atomic_int quit;
	int workers;
	pid_t pid[RUNNER_MAX_WORKERS];   /* fork-pool: the children */
	pthread_t tid[RUNNER_MAX_WORKERS];   /* pthreads-pool: the threads */
	int started;              /* workers created */
	int broken;               /* a worker died: the pool cannot run again */
	/* Test hook: called by each worker once the gate opens (fork-pool's
	 * --test-crash-worker). */
	void (*after_gate)(const struct run_request *rq, int id);
};

/* What a pool worker does beside the common life cycle, given to it
 * rather than kept in the shared struct runner_pool, where a spawned
 * worker's function addresses (its own executable's, elsewhere in every
 * process) would overwrite another's. Each may be NULL. */
struct runner_pool_hooks {
	void (*after_gate)(const struct run_request *rq, int id);
	/* runs each range of the worker's share (runner_work's exec) */
	uint64_t (*exec)(const struct run_request *rq, size_t lo, size_t hi, struct worker *w);
	/* once the worker finished a run, before it reports it done */
	void (*after_run)(const struct run_request *rq, int id);
};

/* Maps a pool in shared memory; NULL if that failed. */
struct runner_pool *runner_pool_new(int workers);
void runner_pool_free(struct runner_pool *p);

/* A pool worker's life: waits for a run, binds, stands at the gate, runs
 * its share with runner_work, finishes and reports, until told to quit. */
void runner_pool_serve(struct runner_pool *p, const struct run_request *rq, int id);

/* runner_pool_serve with hooks of its own (h; p->after_gate is not read):
 * spawn-pool's children, which log their ranges and send their output back. */
void runner_pool_serve_hooked(struct runner_pool *p, const struct runner_pool_hooks *h,
			      const struct run_request *rq, int id);

/* Parent side of one run of a pool: wakes the workers, opens the gate when
 * they stand at it and waits until all are done. alive() as for
 * runner_release, also polled while waiting for the end (fork-pool's fails
 * the run after its --timeout). While the parent takes results it stops
 * waiting once every worker reported the run done (one that could not
 * bind does so at once) and fails with that worker's error. Returns 0, or
 * -1 with out->error set (the pool is then broken). */
int runner_pool_run(struct runner_pool *p, const struct run_request *rq, struct run_outcome *out,
		    int (*alive)(void *), void *arg);

/* Tells the workers to leave (threads are then joined, children reaped by the caller). */
void runner_pool_quit(struct runner_pool *p);

/* The runner table, NULL-terminated, in runners/runners.c; serial first. */
extern const struct runner_ops *const runner_table[];

/* Sets o to every runner's defaults (their .defaults), the common settings
 * to zero. */
void runner_options_default(struct runner_options *o);

/* The counter columns: every runner's .counters in table order, each name
 * once; returns column j, or NULL past the last (at most
 * RUNNER_MAX_COUNTERS: the others get no column). */
const struct runner_counter *runner_counter_column(int j);

/* How many counters r declares (at most RUNNER_MAX_COUNTERS are read). */
int runner_counters(const struct runner_ops *r);

/* The column (as runner_counter_column numbers them) of r's counter i, or
 * -1 when it has none. */
int runner_counter_slot(const struct runner_ops *r, int i);

/* Returns the runner called name, or NULL. */
const struct runner_ops *runner_find(const char *name);

/* clock_now() (harness/core/clock.h): CLOCK_MONOTONIC in seconds, the one
 * clock every runner uses. */
double runner_clock(void);

/* Clears the shared block for a run of rq->workers and returns the start of
 * the spawn interval. Call before creating workers. */
double runner_begin(const struct run_request *rq);

/* The thread runners' whole life cycle: starts rq->workers threads, thread
 * i running fn(args + i * stride), opens the start gate once all stand at
 * it, and joins them. Call runner_begin first (the spawn interval starts
 * there). Returns 0, or -1 with out->error set when a thread could not be
 * created (the ones that were are let through the gate, their results
 * drained, and joined) or when every thread returned with results the
 * parent waits for still missing (a worker that could not bind). */
int runner_threads(const struct run_request *rq, struct run_outcome *out,
		   void *(*fn)(void *), void *args, size_t stride);

/* A run whose workers all ended with results still missing: fails it
 * with the first worker's own error (its slot, e.g. a bind error), else
 * the results table's, else a generic line naming `who`. Returns -1. */
int runner_fail_missing(const struct run_request *rq, struct run_outcome *out, const char *who);

/* Worker side of the start gate: worker id stands at it until
 * runner_release opens it. */
void runner_arrive(const struct run_request *rq, int id);

/* A worker that arrived but will not work (its binding failed): closes
 * what runner_arrive opened for it. */
void runner_leave(const struct run_request *rq, int id);

/* The trace a worker of this run writes to, or NULL (the common case). */
static inline struct trace *runner_trace(const struct run_request *rq)
{
	return rq->shared->trace;
}

/* Parent side: wait until all workers stand at the gate, note the start time
 * and open it. alive(), if given, is polled while waiting and returns 0 when
 * a worker died before arriving; then the gate is not opened and -1 returns. */
int runner_release(const struct run_request *rq, int (*alive)(void *), void *arg);

/* Parent side of imap / imap_unordered, between opening the gate and
 * joining: consumes every chunk's result (pattern_consume); alive as for
 * runner_release. Returns 0 at once for the other patterns, or -1 when
 * alive() said a worker died. */
int runner_consume(const struct run_request *rq, int (*alive)(void *), void *arg);

/* This worker's share of the work under rq->sched: every pass over its
 * static block, or chunks from the shared counter (see split.h). exec runs one range; NULL runs the kernel
 * directly (the gil runner passes its lock-aware loop). Returns the sum of
 * the partials. */
typedef uint64_t (*runner_exec_fn)(const struct run_request *rq, size_t lo,
				   size_t hi, struct worker *w);
uint64_t runner_work(const struct run_request *rq, struct worker *w,
		     runner_exec_fn exec);

/* Worker side: task's result is v, filed through the run's results table
 * and its dispatch (dispatch.h). Only for runs with rq->results. */
void runner_deliver(const struct run_request *rq, size_t task, uint64_t v);

/* Runs items [lo, hi) of the kernel for worker w, noting the chunk in
 * the run's trace if there is one. */
uint64_t runner_range(const struct run_request *rq, size_t lo, size_t hi, struct worker *w);

/* Dynamic schedule: how many chunks there are, over all passes. */
size_t runner_chunks(const struct run_request *rq);

/* Slots of the results table a run fills: the chunks (dynamic, patterns),
 * or under static with --collect one task per worker and pass (task
 * pass * workers + id). */
size_t runner_tasks(const struct run_request *rq);

/* Binds the calling thread (or forked child) to worker id's PU, before it
 * arrives at the gate. A failure is kept in the worker's slot and fails
 * the run in runner_collect; returns -1 then, so the worker skips its work. */
int runner_bind(const struct run_request *rq, int id);

/* Undoes runner_bind for a thread that outlives the run (serial's caller,
 * OpenMP's pool). */
void runner_unbind(const struct run_request *rq);

/* A runner whose model imposes a lock (gil) calls this as worker id
 * starts (done 0) and ends (done 1) a wait for it during the work: the
 * run delay inside the wait is off-CPU time, not the lock's. */
void runner_wait_mark(const struct run_request *rq, int id, int done);

/* Notes worker id's clock, CPU time, run delay, page faults and context
 * switches as it starts work; runner_work does it, runners that do not call
 * runner_work call this. Only the first call of a run counts, so a runner
 * that waits before runner_work for something the model imposes (the gil's
 * first take) marks before it, and that wait counts as serialised, not as
 * time to the first item. */
void runner_mark(const struct run_request *rq, int id);

/* Resets this process's peak RSS, so that the next reading is the run's
 * (runner_begin and pool workers call it before each run). */
void runner_peak_reset(void);

/* Records worker id's partial, finish time and CPU in the shared block,
 * and the resources it used since runner_mark. */
void runner_finish(const struct run_request *rq, int id, uint64_t partial);

/* Fills out->seconds, spawn_seconds, checksum, cpus and the resource sums from the shared
 * block; t0 is what runner_begin returned. Fails if a worker never finished. */
int runner_collect(const struct run_request *rq, double t0, struct run_outcome *out);

/* ---- child processes (children.c): fork, fork-pool, spawn, spawn-pool ----
 * The parent's record of its children, reaped with waitpid. */
struct runner_children {
	pid_t pid[RUNNER_MAX_WORKERS];
	int status[RUNNER_MAX_WORKERS];
	int reaped[RUNNER_MAX_WORKERS];
	int count;
	double deadline;          /* runner_clock() after which the run is late */
	int late;                 /* the deadline passed before all stood at the gate */
	int dead;                 /* 1 + the first child that died on its own; 0 = none */
	int killed;               /* the parent has killed children (dead or late) */
};

/* Child i has been reaped (its status in c->status[i]): the first to die
 * on its own becomes the run's reason and the survivors are killed. */
void runner_child_reaped(struct runner_children *c, int i);

/* In a new child: ignores Ctrl-C and SIGTERM (the parent's to handle) and
 * dies with its parent. */
void runner_child_signals(void);

/* runner_release's alive() for children (arg: struct runner_children):
 * 0 when one ended before the gate or the deadline passed (then c->late). */
int runner_children_alive(void *arg);

/* runner_consume's alive() for children: 0 when one died, when all ended
 * with results missing, or past the deadline. */
int runner_children_working(void *arg);

/* Reaps every child, killing all that still run after deadline; returns
 * -1, or the id of the first child that was late. */
int runner_children_reap(struct runner_children *c, double deadline);

/* Fails out naming worker id of `model` and how it ended (a signal, a
 * non-zero exit) and returns -1; 0 when status is a clean exit. */
int runner_child_describe(struct run_outcome *out, const char *model, int id, int status);

/* ---- the initializer (--init-cost, init.c) ----------------------------------
 * Pool(initializer=...): each worker builds a table before it stands at the
 * gate, so the cost lands in spawn time. The table is 4096 64-bit values,
 * rehashed round after round until the building thread has spent
 * opt->init_cost_ms of CPU; its digest is kept beside it. */
struct runner_init_table;

/* Worker id's initializer, after binding and before the gate. With
 * rq->init_table (inherited from the parent) it only checks that table;
 * otherwise it builds one and records the run in shared->init[id]. A bad
 * table is put in the worker's slot error and -1 returns. *own is the table
 * to pass to runner_init_free (NULL: none of its own; also when the cost is 0). */
int runner_init_worker(const struct run_request *rq, int id, struct runner_init_table **own);

/* --init-in-parent: the parent builds the table (recorded in
 * shared->init_parent) before forking. NULL when the cost is 0 or malloc
 * failed (the caller fails the run). Free with runner_init_free. */
struct runner_init_table *runner_init_parent(const struct run_request *rq);

void runner_init_free(struct runner_init_table *t);

/* Clears the initializer's records in the shared block (tests, new configurations). */
void runner_init_reset(struct runner_shared *sh);

/* Sets out->error from a printf format; returns -1 for `return runner_fail(...)`. */
int runner_fail(struct run_outcome *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
