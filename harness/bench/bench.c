/*
 * bench.c - the measuring loop over the product of the two tables.
 *
 * For each kernel: setup once, then one plain run over [0, n) in this thread
 * gives the reference checksum (and warms caches and page tables). Then, in
 * table order (serial first, so its median is there for every speedup),
 * each runner at each worker count and schedule: warm-up runs, then the
 * repetitions. Every run, warm-up included, is checked against the
 * reference; the first failure (a runner error or a checksum mismatch) ends
 * that configuration, which is reported as failed, and the suite goes on.
 *
 * SIGINT and SIGTERM stop the loop between two runs: samples.csv keeps what
 * was measured and meta.json says "interrupted"; no summary.csv is written,
 * so the folder never looks complete.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "console.h"
#include "dims.h"
#include "probe.h"
#include "reps.h"
#include "../core/cli.h"
#include "../core/plan.h"
#include "../core/progress.h"
#include "../core/size.h"
#include "../core/stats.h"
#include "../core/sysinfo.h"
#include "../core/signals.h"
#include "losses.h"

/* The items kernel k gets at cfg->sizes[size] (size < 0 or no --size: the
 * kernel's default) in a configuration whose workers are placed by l,
 * with a one-line account of the rule in rule. Returns 0, or -1 with err
 * (a cache level the machine lacks). */
static int bench_items(const struct bench_config *cfg, const struct plan *p,
		       const struct plan_layout *l, const struct kernel_ops *k, int size, size_t *n,
		       char *rule, size_t rulelen, char *err, size_t errlen)
{
	size_t bytes;
	if (cfg->items) {
		*n = cfg->items;
		snprintf(rule, rulelen, "--items %zu", cfg->items);
		return 0;
	}
	if (cfg->nitem_list) {
		*n = cfg->item_list[size < 0 ? 0 : size];
		snprintf(rule, rulelen, "--items %zu", *n);
		return 0;
	}
	if (size >= 0 && size < cfg->nsizes && k->item_bytes) {
		if (plan_size(p, l, &cfg->sizes[size], &bytes, rule, rulelen, err, errlen) < 0)
			return -1;
		*n = bytes / k->item_bytes ? bytes / k->item_bytes : 1;
		return 0;
	}
	*n = cfg->quick ? k->quick_items : k->default_items;
	snprintf(rule, rulelen, "%s items of %s", cfg->quick ? "--quick" : "default", k->name);
	const struct sink_probe *probed = probe_of(cfg, k);
	if (probed && probed->how == PROBE_ITEMS) {
		*n = probed->items;
		snprintf(rule, rulelen, "items of %s from the start-up probe: a serial run of about %.0f ms",
			 k->name, probed->target_s * 1e3);
	} else if (probed && probed->work > 1) {
		snprintf(rule, rulelen, "default items of %s, %.3gx its passes or loads a run (start-up probe)",
			 k->name, probed->work);
	}
	return 0;
}

/* MemAvailable from /proc/meminfo, in bytes; 0 if unreadable. */
static unsigned long long available_memory(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	unsigned long long kib = 0;
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %llu kB", &kib) == 1)
			break;
	fclose(f);
	return kib * 1024;
}

/* --compare-smt compares cores with threads at equal worker counts: a
 * bound configuration with more workers than cores is left out. */
static int smt_skips(const struct bench_config *cfg, const struct plan *p, enum plan_policy bind,
		     int workers)
{
	char err[256];
	if (!cfg->skip_unplaceable || !(cfg->smt_added & (1 << bind)))
		return 0;
	struct plan_layout *l = plan_layout_make(p, PLAN_CORES, workers, err, sizeof(err));
	int skip = l == NULL;
	plan_layout_free(l);
	return skip;
}

int bench_check(const struct bench_config *cfg, const struct plan *p, char *err, size_t errlen)
{
	unsigned long long avail = available_memory();
	char rule[200];
	const struct dim_values *binds = &cfg->dim[DIM_BIND], *workers = &cfg->dim[DIM_WORKERS];
	for (int b = 0; b < binds->n; b++) {
		for (int w = 0; w < workers->n; w++) {
			enum plan_policy bind = (enum plan_policy)binds->v[b].i;
			if (smt_skips(cfg, p, bind, (int)workers->v[w].i))
				continue;
			struct plan_layout *l = plan_layout_make(p, bind, (int)workers->v[w].i, err, errlen);
			if (!l)
				return -1;
			int nsz = cfg->nitem_list ? cfg->nitem_list : cfg->nsizes;
			for (int i = 0; i < cfg->nkernels * (nsz ? nsz : 1); i++) {
				const struct kernel_ops *k = cfg->kernels[i % cfg->nkernels];
				size_t n;
				int rc = bench_items(cfg, p, l, k, nsz ? i / cfg->nkernels : -1, &n,
						     rule, sizeof(rule), err, errlen);
				if (rc == 0 && k->item_bytes &&
				    (n > (size_t)-1 / k->item_bytes ||
				     (avail && (double)n * (double)k->item_bytes > 0.8 * (double)avail))) {
					char have[32];
					size_format((size_t)avail, have, sizeof(have));
					snprintf(err, errlen, "%s '%s' is too large for %s: %zu items need %.3g bytes, more than 80%% of the %s of memory available",
						 cfg->items ? "--items" : "--size", cfg->size_text ? cfg->size_text : "",
						 k->name, n, (double)n * (double)k->item_bytes, have);
					rc = -1;
				}
				if (rc < 0) {
					plan_layout_free(l);
					return -1;
				}
			}
			plan_layout_free(l);
		}
	}
	return 0;
}

/* State of one walk over the product. */
struct walk {
	const struct bench_config *cfg;
	const struct plan *plan;
	struct sink_list out;      /* where the rows go (cfg->outputs) */
	struct runner_shared *shared;
	struct sink_row *rows;
	size_t nrows, cap;
	int failed;
	struct progress progress;   /* on stderr; steps are configurations */
	const struct runner_ops *last_runner;   /* the runner of the last run */
	struct trace *trace;        /* --trace: mapped before any worker exists */
	size_t configs_done;
	size_t configs;             /* in the whole run (count_configs) */
	int *repeats;               /* counting: the product's repeats (dim_walk) */
	struct reps_rule rule;      /* when a configuration has run enough (reps.h) */
	struct sink_context *ctx;   /* the run's description: what the walk adds to meta.json */
};

static struct sink_row *new_row(struct walk *wk)
{
	if (wk->nrows == wk->cap) {
		size_t cap = wk->cap ? 2 * wk->cap : 64;
		struct sink_row *rows = realloc(wk->rows, cap * sizeof(*rows));
		if (!rows)
			return NULL;
		wk->rows = rows;
		wk->cap = cap;
	}
	struct sink_row *row = &wk->rows[wk->nrows++];
	memset(row, 0, sizeof(*row));
	row->speedup = row->efficiency = row->cold_speedup = NAN;
	row->steal = row->load = row->first_ratio = NAN;
	for (int i = 0; i < LOSS_COUNT; i++)
		row->loss[i] = NAN;
	return row;
}

/* The clock's resolution as sysinfo measured it at the start (the smallest
 * step between two readings that differ; clock_getres says 1 ns, reading
 * the clock costs more than that). */
static double clock_tick = 1e-6;

/* Appends "; "-separated reasons to row->warning. */
static void warn(struct sink_row *row, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void warn(struct sink_row *row, const char *fmt, ...)
{
	size_t used = strlen(row->warning);
	va_list ap;
	if (used && used + 2 < sizeof(row->warning))
		used += (size_t)snprintf(row->warning + used, sizeof(row->warning) - used, "; ");
	if (used >= sizeof(row->warning))
		return;
	va_start(ap, fmt);
	vsnprintf(row->warning + used, sizeof(row->warning) - used, fmt, ap);
	va_end(ap);
}

/* The reasons not to trust a row's numbers (summary.csv's warning column,
 * and the same as bits in row->flags): runs the clock can hardly see (kept
 * only under --allow-short), a CV over 5 %, fewer than 5 repetitions when
 * neither --reps nor --quick asked for fewer, outliers by the modified
 * Z-score of stats.h, and a first measured repetition more than 25 %
 * slower than the median of the others (caches, page faults or a clock
 * ramping up: more --warmup). seconds[] is in the order the repetitions
 * ran. */
/* An unstable row says what was seen beside its CV: the workers' time
 * off a CPU while runnable, the involuntary switches, the load now, the
 * hypervisor's steal, so that the reader can tell a busy machine from a
 * noisy model. */
static void warn_unstable(struct sink_row *row)
{
	char seen[200] = "";
	size_t used = 0;
	double p = (double)row->cfg.key[DIM_WORKERS].number, off = row->run_delay_s / (p * row->st.median);
	if (isfinite(off) && off >= 0.01)
		used += (size_t)snprintf(seen + used, sizeof(seen) - used, ", off-CPU %.0f%% of the time", 100 * off);
	if (row->ivcsw_median >= 1 && used < sizeof(seen))
		used += (size_t)snprintf(seen + used, sizeof(seen) - used, ", %.0f involuntary switch%s a run",
					 row->ivcsw_median, row->ivcsw_median < 1.5 ? "" : "es");
	if (isfinite(row->load) && used < sizeof(seen))
		used += (size_t)snprintf(seen + used, sizeof(seen) - used, ", load %.1f", row->load);
	if (isfinite(row->steal) && row->steal >= 0.005 && used < sizeof(seen))
		snprintf(seen + used, sizeof(seen) - used, ", steal %.1f%%", 100 * row->steal);
	warn(row, "unstable: cv %.1f%% > %.0f%%%s", 100 * row->st.cv, 100 * STATS_CV_WARN, seen);
	row->flags |= SINK_UNSTABLE;
}

static void warn_if_shaky(struct sink_row *row, const double *seconds, int reps_fixed)
{
	const struct stats *st = &row->st;
	struct sysinfo_load load;
	sysinfo_load(&load);
	row->load = load.valid ? load.avg[0] : NAN;
	if (st->median < 1000 * clock_tick) {
		warn(row, "too short: median under 1000 x the clock's resolution (%.0f ns); use more --items",
		     clock_tick * 1e9);
		row->flags |= SINK_TOO_SHORT;
	}
	if (st->cv > STATS_CV_WARN)
		warn_unstable(row);
	/* --reps or --quick chose the repetitions: no warning for them. */
	if (st->n < STATS_MIN_REPS && !reps_fixed) {
		warn(row, "only %zu repetitions (< %d)", st->n, STATS_MIN_REPS);
		row->flags |= SINK_FEW_REPS;
	}
	if (st->outliers) {
		warn(row, "%zu outlier%s (modified Z-score > %.1f)", st->outliers,
		     st->outliers == 1 ? "" : "s", STATS_OUTLIER_Z);
		row->flags |= SINK_OUTLIERS;
	}
	if (st->n >= 3) {
		struct stats rest;
		stats_summarise(seconds + 1, st->n - 1, &rest);
		row->first_ratio = seconds[0] / rest.median;
		if (seconds[0] > 1.25 * rest.median) {
			warn(row, "first repetition %.2fx the median of the others (more --warmup?)",
			     row->first_ratio);
			row->flags |= SINK_SLOW_FIRST;
		}
	}
}

/* A configuration's measured values, one entry per kept repetition; its
 * runner's counter i at V_COUNTER + i. */
enum { V_SECONDS, V_SPAWN, V_COLD, V_CPU, V_UTIL, V_VCSW, V_IVCSW, V_FIRST, V_PWAIT,
       V_GATE, V_IDLE, V_DELAY, V_SWAIT, V_MINFLT, V_PSS, V_USS, V_COUNTER,
       V_COUNT = V_COUNTER + RUNNER_MAX_COUNTERS };
_Static_assert(SINK_MAX_COUNTERS == RUNNER_MAX_COUNTERS, "a column for every runner counter");

/* One configuration in progress: its row, its request and what it has run. */
struct cstate {
	const struct config *c;
	struct sink_row *row;
	struct plan_layout *layout;
	struct run_request rq;
	void *pool;               /* pooled runners' workers */
	struct pattern_table *table;   /* --pattern: the results table; NULL otherwise */
	double *v[V_COUNT];
	double maxrss;
	int cap, warm, kept, done;
	double warm_time, kept_time;
	/* The machine's CPU ticks during the measured runs (/proc/stat):
	 * all of them and the stolen ones; ticks_bad once one read failed. */
	unsigned long long ticks, stolen;
	int ticks_bad;
	enum reps_state stopped;  /* how it ended (reps_check) */
};

static const struct runner_ops *runner_of(const struct cstate *cs)
{
	return cs->c->v[DIM_RUNNER].p;
}

static void cstate_fail(struct walk *wk, struct cstate *cs, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void cstate_fail(struct walk *wk, struct cstate *cs, const char *fmt, ...)
{
	va_list ap;
	int used = snprintf(cs->row->status, sizeof(cs->row->status), "failed: ");
	va_start(ap, fmt);
	vsnprintf(cs->row->status + used, sizeof(cs->row->status) - (size_t)used, fmt, ap);
	va_end(ap);
	cs->kept = 0;
	cs->done = 1;
	wk->failed = 1;
}

/* Prepares configuration c to run on job; 0, or -1 when its row could not
 * be made (out of memory; the walk then goes on without it). */
static int cstate_open(struct walk *wk, struct cstate *cs, const struct config *c,
		       const struct kernel_job *job, const struct kernel_ops *k)
{
	const struct bench_config *cfg = wk->cfg;
	struct schedule sched = c->v[DIM_SCHEDULE].s;
	enum pattern_kind pattern = (enum pattern_kind)c->v[DIM_PATTERN].i;
	enum pattern_collect collect = (enum pattern_collect)c->v[DIM_COLLECT].i;
	int workers = (int)c->v[DIM_WORKERS].i;
	char err[256];
	memset(cs, 0, sizeof(*cs));
	cs->c = c;
	cs->row = new_row(wk);
	if (!cs->row)
		return -1;
	if (pattern != PATTERN_NONE)
		sched = (struct schedule){ SPLIT_DYNAMIC, cfg->chunksize ? cfg->chunksize
						: pattern_default_chunk(pattern, job->n, job->repeat, workers) };
	if (sched.kind == SPLIT_DYNAMIC && sched.chunk == 0)
		sched.chunk = split_default_chunk(job->n, workers);
	int tabled = pattern != PATTERN_NONE || collect != COLLECT_PARTIAL;
	size_t tasks = !tabled ? 0
		       : sched.kind == SPLIT_STATIC ? (size_t)workers * job->repeat
		       : split_chunks(job->n ? job->n : 1, sched.chunk) * job->repeat;
	if (tabled && tasks <= PATTERN_MAX_TASKS)
		cs->table = pattern_new(pattern, collect, tasks);
	/* queue: room for 4 messages per worker each way (Python's Queue is
	 * unbounded; a bound keeps a 1 MiB payload's rings small). */
	int queue_failed = 0;
	if (cs->table && pattern == PATTERN_QUEUE &&
	    pattern_queue_open(cs->table, job->n, sched.chunk, 4 * (unsigned)workers + 4,
			       c->v[DIM_PAYLOAD].z) < 0) {
		queue_failed = errno ? errno : ENOMEM;
	}
	cs->layout = plan_layout_make(wk->plan, (enum plan_policy)c->v[DIM_BIND].i, workers, err,
				      sizeof(err));
	cs->rq = (struct run_request){
		.kernel = k, .job = job, .workers = workers, .sched = sched,
		.opt = &cfg->ropt, .shared = wk->shared, .layout = cs->layout, .pool = &cs->pool,
		.results = cs->table, .init_in_parent = (int)c->v[DIM_INIT].i,
	};
	/* The row shows the point as it ran: the schedule a pattern chose. */
	struct config ran = *c;
	ran.v[DIM_SCHEDULE].s = sched;
	struct sink_row *row = cs->row;
	row->cfg = (struct sink_config){
		.kind = kernel_kind_name(k->kind),
		.chunk = sched.kind == SPLIT_DYNAMIC ? sched.chunk : 0, .size_bytes = job->bytes,
	};
	dim_show(&ran, row->cfg.key);
	snprintf(row->cfg.size_rule, sizeof(row->cfg.size_rule), "%s", c->rule);
	row->rate_unit = k->rate.unit;
	row->size_index = c->v[DIM_ITEMS].i < 0 ? 0 : (int)c->v[DIM_ITEMS].i;
	snprintf(row->status, sizeof(row->status), "ok");
	cs->cap = cfg->reps;
	for (int i = 0; i < V_COUNT; i++)
		if (!(cs->v[i] = malloc(sizeof(double) * (size_t)cs->cap)))
			cstate_fail(wk, cs, "out of memory for the samples");
	if (!cs->layout && !cs->done)
		cstate_fail(wk, cs, "%s", err);
	if (queue_failed && !cs->done)
		cstate_fail(wk, cs, "cannot map the queues for %zu-byte messages: %s", c->v[DIM_PAYLOAD].z,
			    strerror(queue_failed));
	if (tabled && !cs->table && !cs->done) {
		if (tasks > PATTERN_MAX_TASKS)
			cstate_fail(wk, cs, "chunks of %zu items make %zu results, more than the %zu a results table holds: use a larger chunk",
				    sched.chunk, tasks, PATTERN_MAX_TASKS);
		else
			cstate_fail(wk, cs, "cannot map the results table for %zu results: %s", tasks,
				    strerror(errno));
	}
	return 0;
}

/* Whether the next run of cs is a warm-up, or -1 when cs has run enough:
 * warm-up is --warmup runs and min_time / 4 of wall time; then the
 * repetitions until wk->rule says enough (reps.h: --reps and min_time,
 * then to the median's precision or the cap); the budgets count each
 * run's wall time, worker creation included; neither phase goes past
 * BENCH_MAX_REPS runs for its time. */
static int cstate_next(const struct walk *wk, struct cstate *cs)
{
	const struct bench_config *cfg = wk->cfg;
	if (cs->done || signals_stopped())
		return -1;
	if (cs->warm < cfg->warmup ||
	    (cfg->warmup > 0 && cs->warm_time < cfg->min_time / 4 && cs->warm < BENCH_MAX_REPS))
		return 1;
	cs->stopped = reps_check(&wk->rule, cs->v[V_SECONDS], cs->kept, cs->kept_time);
	return cs->stopped == REPS_MORE ? 0 : -1;
}

/* Waits (up to 0.5 s) until no other thread of this process is running.
 * After an OpenMP region libgomp's team spins for a while before it
 * sleeps (GOMP_SPINCOUNT; milliseconds here); in the interleaved order the
 * next run would be another model's, sharing the CPUs with that spinning
 * team. Its own next run is then measured with a team that was asleep,
 * like a pool's. */
static void quiesce(void)
{
	double until = runner_clock() + 0.5;
	pid_t self = (pid_t)syscall(SYS_gettid);
	for (;;) {
		int busy = 0;
		DIR *d = opendir("/proc/self/task");
		struct dirent *e;
		while (d && !busy && (e = readdir(d))) {
			char path[300], buf[512];
			if (e->d_name[0] == '.' || atoi(e->d_name) == self)
				continue;
			snprintf(path, sizeof(path), "/proc/self/task/%s/stat", e->d_name);
			FILE *f = fopen(path, "r");
			if (!f)
				continue;
			size_t got = fread(buf, 1, sizeof(buf) - 1, f);
			fclose(f);
			buf[got] = '\0';
			const char *paren = strrchr(buf, ')');
			busy = paren && paren[1] == ' ' && paren[2] == 'R';
		}
		if (d)
			closedir(d);
		if (!busy || runner_clock() > until)
			return;
		struct timespec ts = { 0, 500000 };
		nanosleep(&ts, NULL);
	}
}

/* One run of cs: the kernel reset, libgomp quiet, the runner, the
 * checksum compared. Returns the wall time; error is "" or why it failed. */
static double run_once(struct walk *wk, struct cstate *cs, const struct kernel_ops *k,
		       uint64_t reference, struct run_outcome *out, uint64_t *sum,
		       char *error, size_t errlen)
{
	const struct kernel_job *job = cs->rq.job;
	memset(out, 0, sizeof(*out));
	if (k->reset)
		k->reset(job);
	/* Another model after one whose team spins idle (OpenMP): let it fall asleep. */
	const struct runner_ops *runner = cs->c->v[DIM_RUNNER].p;
	if (wk->last_runner && wk->last_runner != runner && wk->last_runner->idle_spins)
		quiesce();
	wk->last_runner = runner;
	double wall = runner_clock();
	int rc = runner->run(&cs->rq, out);
	wall = runner_clock() - wall;
	*sum = rc == 0 ? out->checksum + (k->digest ? k->digest(job) : 0) : 0;
	error[0] = '\0';
	if (rc < 0)
		snprintf(error, errlen, "%s", out->error);
	else if (*sum != reference)
		snprintf(error, errlen, "checksum %llu differs from the reference %llu",
			 (unsigned long long)*sum, (unsigned long long)reference);
	return wall;
}

/* --trace: one more run of a configuration that ran fine, with every
 * worker's timeline recorded, appended to trace.csv; not a repetition. */
static void cstate_trace(struct walk *wk, struct cstate *cs, const struct kernel_ops *k,
			 uint64_t reference)
{
	struct run_outcome out;
	uint64_t sum;
	char error[300];
	if (!wk->trace || cs->kept == 0 || strcmp(cs->row->status, "ok") != 0 || signals_stopped())
		return;
	trace_clear(wk->trace);
	cs->rq.trace = wk->trace;
	run_once(wk, cs, k, reference, &out, &sum, error, sizeof(error));
	cs->rq.trace = NULL;
	if (error[0]) {
		/* The measured runs stand; the timeline is missing, and says so. */
		snprintf(cs->row->warning + strlen(cs->row->warning),
			 sizeof(cs->row->warning) - strlen(cs->row->warning), "%sthe traced run failed: %s",
			 cs->row->warning[0] ? "; " : "", error);
		return;
	}
	unsigned long lost = 0;
	for (int w = 0; w < cs->rq.workers && w < wk->trace->lanes; w++)
		lost += wk->trace->lane[w].lost;
	sink_trace(&wk->out, &cs->row->cfg, wk->trace, cs->rq.workers, out.spawn_seconds, out.seconds);
	if (lost)
		snprintf(cs->row->warning + strlen(cs->row->warning),
			 sizeof(cs->row->warning) - strlen(cs->row->warning),
			 "%strace lost %lu events (lanes hold %d)", cs->row->warning[0] ? "; " : "",
			 lost, TRACE_LANE_EVENTS);
}

/* The run's counters into s's columns (runner_counter_column), NAN in the
 * other runners'. */
static void sample_counters(const struct runner_ops *r, const struct run_outcome *out,
			    struct sink_sample *s)
{
	s->counted = out->counted;
	for (int j = 0; j < SINK_MAX_COUNTERS; j++)
		s->counter[j] = NAN;
	for (int i = 0; out->counted && i < runner_counters(r); i++) {
		int j = runner_counter_slot(r, i);
		if (j >= 0)
			s->counter[j] = out->counter[i];
	}
}

/* A measured run of cs: its figures kept for the row's statistics. */
static void cstate_keep(struct cstate *cs, const struct run_outcome *out, double wall,
			const struct sysinfo_ticks *before, const struct sysinfo_ticks *after)
{
	int i = cs->kept++;
	cs->v[V_SECONDS][i] = out->seconds;
	cs->v[V_SPAWN][i] = out->spawn_seconds;
	cs->v[V_COLD][i] = out->spawn_seconds + out->seconds;
	cs->v[V_CPU][i] = out->cpu_seconds;
	cs->v[V_UTIL][i] = out->seconds > 0 ? out->cpu_seconds / out->seconds : 0;
	cs->v[V_VCSW][i] = (double)out->vol_switches;
	cs->v[V_IVCSW][i] = (double)out->invol_switches;
	for (int c = 0; c < RUNNER_MAX_COUNTERS; c++)
		cs->v[V_COUNTER + c][i] = out->counted ? out->counter[c] : NAN;
	cs->v[V_FIRST][i] = out->streamed ? out->first_result_s : NAN;
	cs->v[V_PWAIT][i] = out->streamed ? out->parent_wait_s : NAN;
	cs->v[V_GATE][i] = out->gate_s;
	cs->v[V_IDLE][i] = out->idle_s;
	cs->v[V_DELAY][i] = out->run_delay_s;
	cs->v[V_SWAIT][i] = out->serial_wait_s;
	cs->v[V_MINFLT][i] = (double)out->minflt;
	cs->v[V_PSS][i] = out->pss_kib < 0 ? NAN : (double)out->pss_kib;
	cs->v[V_USS][i] = out->uss_kib < 0 ? NAN : (double)out->uss_kib;
	if (before->valid && after->valid) {
		cs->ticks += after->total - before->total;
		cs->stolen += after->steal - before->steal;
	} else {
		cs->ticks_bad = 1;
	}
	if ((double)out->maxrss_kib > cs->maxrss)
		cs->maxrss = (double)out->maxrss_kib;
	cs->kept_time += wall;
}

/* One run of cs, verified and written to samples.csv. */
static void cstate_step(struct walk *wk, struct cstate *cs, const struct kernel_ops *k,
			uint64_t reference)
{
	const struct bench_config *cfg = wk->cfg;
	const struct kernel_job *job = cs->rq.job;
	int warming = cstate_next(wk, cs);
	if (warming < 0) {
		cs->done = 1;
		return;
	}
	if (!warming && cs->kept == cs->cap) {
		for (int i = 0; i < V_COUNT; i++) {
			double *more = realloc(cs->v[i], sizeof(double) * (size_t)cs->cap * 2);
			if (!more) {
				cstate_fail(wk, cs, "out of memory for the samples");
				return;
			}
			cs->v[i] = more;
		}
		cs->cap *= 2;
	}
	struct run_outcome out;
	uint64_t sum;
	char error[300];
	struct sysinfo_ticks before, after;
	sysinfo_ticks(&before);
	double wall = run_once(wk, cs, k, reference, &out, &sum, error, sizeof(error));
	sysinfo_ticks(&after);
	struct sink_sample s = {
		.rep = warming ? cs->warm : cs->kept,
		.warmup = warming, .verified = !error[0],
		.seconds = out.seconds, .spawn_seconds = out.spawn_seconds,
		.checksum = sum, .cpus = out.cpus, .error = error,
		.cpu_seconds = out.cpu_seconds, .vol_switches = out.vol_switches,
		.invol_switches = out.invol_switches, .maxrss_kib = out.maxrss_kib,
		.first_result_s = out.streamed ? out.first_result_s : NAN,
		.parent_wait_s = out.streamed ? out.parent_wait_s : NAN,
		.gate_s = out.gate_s, .idle_s = out.idle_s, .run_delay_s = out.run_delay_s,
		.serial_wait_s = out.serial_wait_s, .minflt = out.minflt,
		.pss_kib = out.pss_kib < 0 ? NAN : (double)out.pss_kib,
		.uss_kib = out.uss_kib < 0 ? NAN : (double)out.uss_kib,
	};
	sample_counters(runner_of(cs), &out, &s);
	sink_sample(&wk->out, &cs->row->cfg, &s);
	if (error[0]) {
		cstate_fail(wk, cs, "%s", error);
		/* A failed pool is ended now: none of its workers may go on using
		 * the shared block that the other configurations' runs use. */
		if (cs->pool && runner_of(cs)->close)
			runner_of(cs)->close(cs->pool);
		cs->pool = NULL;
		return;
	}
	/* As EPCC and STREAM do: a run the clock can hardly see is refused.
	 * Any of the first three runs decides: on a busy machine one of them
	 * can be stretched past the bound by a preemption, not all. */
	double shortest = 1000 * clock_tick;
	if (cs->warm + cs->kept < 3 && out.seconds < shortest && !cfg->allow_short) {
		double more = out.seconds > 0 ? shortest / out.seconds : 1000;
		cstate_fail(wk, cs, "too short: a run took %.3g us, under 1000 x the clock's resolution (%.0f ns); use about %.0fx the items (--items %.0f or a larger --size)",
			    out.seconds * 1e6, clock_tick * 1e9, ceil(more),
			    ceil(more) * (double)job->n);
		return;
	}
	if (warming) {
		cs->warm++;
		cs->warm_time += wall;
		return;
	}
	cstate_keep(cs, &out, wall, &before, &after);
}

static double median_of(const double *x, int n)
{
	struct stats st;
	stats_summarise(x, (size_t)n, &st);
	return st.median;
}

/* The medians of cs's counters into its row's columns, NAN in the others'. */
static void row_counters(struct cstate *cs)
{
	const struct runner_ops *r = runner_of(cs);
	for (int j = 0; j < SINK_MAX_COUNTERS; j++)
		cs->row->counter[j] = NAN;
	for (int i = 0; i < runner_counters(r); i++) {
		int j = runner_counter_slot(r, i);
		if (j >= 0 && r->counters[i].summary == RUNNER_SUMMARY_MEDIAN)
			cs->row->counter[j] = median_of(cs->v[V_COUNTER + i], cs->kept);
	}
}

/* The row's shares of the workers' time (sink_row.share): each part over
 * p x the run's time, in each run, and the median over the runs (as the
 * efficiency is a median, an outlying run moves neither). */
static void row_shares(struct cstate *cs)
{
	static const int part[LOSS_OTHER] = { V_GATE, V_IDLE, V_DELAY, V_CPU, V_SWAIT };
	double p = (double)cs->row->cfg.key[DIM_WORKERS].number;
	double *f = malloc(sizeof(double) * (size_t)cs->kept);
	for (int k = 0; k < LOSS_OTHER; k++) {
		cs->row->share[k] = NAN;
		if (!f)
			continue;
		int known = 1;
		for (int i = 0; i < cs->kept; i++) {
			f[i] = cs->v[part[k]][i] / (p * cs->v[V_SECONDS][i]);
			known &= isfinite(f[i]);   /* run delay where the kernel keeps none */
		}
		if (known)
			cs->row->share[k] = median_of(f, cs->kept);
	}
	free(f);
}

int bench_env_threads(const struct runner_ops *r, int workers, char *buf, size_t len)
{
	const char *v = r->threads_env ? getenv(r->threads_env) : NULL;
	char *end;
	buf[0] = '\0';
	if (!v || !*v)
		return 0;
	/* A list ("4,2") sets the nested levels: the first is the team's. */
	long n = strtol(v, &end, 10);
	if (end != v && (*end == '\0' || *end == ',') && n == workers)
		return 0;
	snprintf(buf, len, "%s=%s but %d worker%s: --workers decides %s's team (num_threads), the variable is overridden",
		 r->threads_env, v, workers, workers == 1 ? "" : "s", r->name);
	return 1;
}

/* Ends cs: its workers, its statistics and warnings; the row is printed. */
static void cstate_close(struct walk *wk, struct cstate *cs, const struct kernel_ops *k,
			 uint64_t reference)
{
	struct sink_row *row = cs->row;
	const struct kernel_job *job = cs->rq.job;
	char note[200];
	cstate_trace(wk, cs, k, reference);
	if (bench_env_threads(runner_of(cs), cs->rq.workers, note, sizeof(note)))
		warn(row, "%s", note);
	if (cs->pool && runner_of(cs)->close)
		runner_of(cs)->close(cs->pool);
	cs->pool = NULL;
	if (!cs->done && signals_stopped() && strcmp(row->status, "ok") == 0)
		cstate_fail(wk, cs, "interrupted");
	else if (!cs->done && wk->out.failed && strcmp(row->status, "ok") == 0)
		cstate_fail(wk, cs, "stopped: an output could not be written");
	if (cs->kept == 0) {
		if (strcmp(row->status, "ok") == 0)
			cstate_fail(wk, cs, "no repetition was measured");
	} else {
		row->verified = 1;
		stats_summarise(cs->v[V_SECONDS], (size_t)cs->kept, &row->st);
		row->spawn_median = median_of(cs->v[V_SPAWN], cs->kept);
		row->cold_median = median_of(cs->v[V_COLD], cs->kept);
		row->cpu_median = median_of(cs->v[V_CPU], cs->kept);
		row->cpu_util = median_of(cs->v[V_UTIL], cs->kept);
		row->vcsw_median = median_of(cs->v[V_VCSW], cs->kept);
		row->ivcsw_median = median_of(cs->v[V_IVCSW], cs->kept);
		row_counters(cs);
		row->first_result_s = median_of(cs->v[V_FIRST], cs->kept);
		row->parent_wait_s = median_of(cs->v[V_PWAIT], cs->kept);
		row->gate_s = median_of(cs->v[V_GATE], cs->kept);
		row->idle_s = median_of(cs->v[V_IDLE], cs->kept);
		row->run_delay_s = median_of(cs->v[V_DELAY], cs->kept);
		row->serial_wait_s = median_of(cs->v[V_SWAIT], cs->kept);
		row->minflt = median_of(cs->v[V_MINFLT], cs->kept);
		row->pss_kib = median_of(cs->v[V_PSS], cs->kept);
		row->uss_kib = median_of(cs->v[V_USS], cs->kept);
		row_shares(cs);
		/* Ticks are 10 ms: over a short row the share is 0 or coarse. */
		row->steal = cs->ticks_bad || cs->ticks == 0 ? NAN : (double)cs->stolen / (double)cs->ticks;
		row->tasks_per_s = cs->c->v[DIM_PATTERN].i == PATTERN_QUEUE
			? (double)runner_tasks(&cs->rq) / row->st.median : NAN;
		row->maxrss_kib = cs->maxrss;
		row->rate = (double)job->n * job->repeat * k->rate.per_item / row->st.median / k->rate.scale;
		warn_if_shaky(row, cs->v[V_SECONDS], wk->cfg->reps_fixed);
		if (cs->stopped != REPS_MORE && strcmp(row->status, "ok") == 0)
			wk->ctx->stopped[cs->stopped]++;
	}
	for (int i = 0; i < V_COUNT; i++)
		free(cs->v[i]);
	pattern_free(cs->table);   /* after the pool: no worker uses it any more */
	plan_layout_free(cs->layout);
}

/* Every failed row of a kernel whose setup failed. */
static void fail_kernel(struct walk *wk, const struct kernel_ops *k, size_t n,
			const char *why)
{
	struct sink_row *row = new_row(wk);
	if (!row)
		return;
	/* The kernel and its items; runner "all", schedule "-", no bind. */
	struct config none = { .n = n };
	none.v[DIM_KERNEL].p = k;
	row->cfg = (struct sink_config){ .kind = kernel_kind_name(k->kind) };
	dim_show(&none, row->cfg.key);
	row->cfg.key[DIM_RUNNER] = (struct sink_value){ .kind = SINK_TEXT, .text = "all" };
	row->cfg.key[DIM_SCHEDULE] = (struct sink_value){ .kind = SINK_TEXT, .text = "-" };
	row->cfg.key[DIM_BIND] = (struct sink_value){ .kind = SINK_EMPTY };
	row->rate_unit = k->rate.unit;
	snprintf(row->status, sizeof(row->status), "failed: setup: %s", why);
	wk->failed = 1;
	console_rows(stdout, row, 1);
}

/* Sets a job of n items up and computes its reference checksum; 0 or -1
 * (then the kernel's rows fail with the reason). */
/* --mem: where the kernel's data went (its setup and the reference run
 * touched every page), on the console and into meta.json's mem_pages. */
static void mem_census(struct walk *wk, const struct kernel_ops *k)
{
	char pages[256];
	if (!wk->cfg->mem || plan_mem_census(pages, sizeof(pages)) < 0)
		return;
	printf("  pages of the shared data by NUMA node (numa_maps): %s\n", pages);
	size_t used = strlen(wk->ctx->mem_pages);
	snprintf(wk->ctx->mem_pages + used, sizeof(wk->ctx->mem_pages) - used, "%s%s: %s", used ? "; " : "",
		 k->name, pages);
}

static int prepare(struct walk *wk, const struct kernel_ops *k, size_t n, struct kernel_job *job,
		   uint64_t *reference)
{
	char err[256], size[32];
	const struct sink_probe *probed = probe_of(wk->cfg, k);
	*job = (struct kernel_job){ .n = n, .asked = n, .repeat = 1, .work = probed ? probed->work : 1 };
	if (k->setup && k->setup(job, err, sizeof(err)) < 0) {
		fail_kernel(wk, k, n, err);
		return -1;
	}
	if (job->repeat == 0) {
		fail_kernel(wk, k, n, "the kernel's setup set repeat to 0 (at least 1 pass)");
		if (k->teardown)
			k->teardown(job);
		return -1;
	}
	if (k->reset)
		k->reset(job);
	*reference = 0;
	for (unsigned pass = 0; pass < job->repeat && !signals_stopped(); pass++)
		*reference += k->run(job, 0, job->n, NULL);
	*reference += k->digest ? k->digest(job) : 0;
	size_format(job->bytes, size, sizeof(size));
	progress_clear(&wk->progress);
	printf("%s (%s): %s\n  %zu items%s%s", k->name, kernel_kind_name(k->kind), k->summary, n,
	       job->bytes ? ", " : "", job->bytes ? size : "");
	if (job->n < n)   /* the kernel runs a part of its data set per run (chase: a window) */
		printf(", %zu of them a run", job->n);
	printf(" x %u passes, reference checksum %llu\n", job->repeat, (unsigned long long)*reference);
	mem_census(wk, k);
	return 0;
}

/* Room for n more rows, so that rows do not move while configurations
 * that point at them run; 0 or -1. */
static int reserve_rows(struct walk *wk, size_t n)
{
	if (wk->nrows + n <= wk->cap)
		return 0;
	size_t cap = wk->nrows + n + 64;
	struct sink_row *rows = realloc(wk->rows, cap * sizeof(*rows));
	if (!rows)
		return -1;
	wk->rows = rows;
	wk->cap = cap;
	return 0;
}

/* Serial's rows give the reference rates (warm: items / work seconds;
 * cold: items / (spawn + work)) and its row (for the losses) per size and
 * bind; every row from first on that has a reference gets its speedups. */
static void fill_speedups(struct walk *wk, size_t first, double (*serial_rate)[PLAN_POLICIES][3])
{
	char err[128];
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = first; i < wk->nrows; i++) {
			struct sink_row *row = &wk->rows[i];
			enum plan_policy bind = PLAN_NONE;
			if (row->st.n == 0 || !sink_key_text(&row->cfg, DIM_BIND))
				continue;
			plan_policy_parse(sink_key_text(&row->cfg, DIM_BIND), &bind, err, sizeof(err));
			double *ref = serial_rate[row->size_index][bind];
			/* Items per second, spawn included (passes counted, as in rate). */
			double cold_rate = row->rate * row->st.median / row->cold_median;
			if (pass == 0) {
				const struct runner_ops *ro = runner_find(sink_key_text(&row->cfg, DIM_RUNNER));
				if (ro && ro->reference && isnan(ref[0])) {
					ref[0] = row->rate;
					ref[1] = cold_rate;
					ref[2] = (double)i;   /* its row, for the losses */
				}
			} else if (!isnan(ref[0]) && ref[0] > 0) {
				row->speedup = row->rate / ref[0];
				row->efficiency = row->speedup / (double)row->cfg.key[DIM_WORKERS].number;
				row->cold_speedup = cold_rate / ref[1];
				if (!isnan(ref[2]) && (size_t)ref[2] != i)
					losses_fill(row, &wk->rows[(size_t)ref[2]]);
			}
		}
	}
}

/* One line per finished configuration when stdout is not the console
 * the progress bar draws on; the bar's state otherwise. */
static void progress_config(struct walk *wk, const struct cstate *cs)
{
	const struct sink_row *row = cs->row;
	const struct sink_config *c = &row->cfg;
	const char *pattern = sink_key_text(c, DIM_PATTERN);
	char line[640], what[300];
	snprintf(what, sizeof(what), "%s %s %dw %s %s", sink_key_text(c, DIM_KERNEL),
		 sink_key_text(c, DIM_RUNNER), (int)c->key[DIM_WORKERS].number,
		 pattern && strcmp(pattern, "none") ? pattern : sink_key_text(c, DIM_SCHEDULE),
		 sink_key_text(c, DIM_BIND));
	wk->configs_done++;
	if (cs->kept && strcmp(row->status, "ok") == 0) {
		struct stats st;
		stats_summarise(cs->v[V_SECONDS], (size_t)cs->kept, &st);
		snprintf(line, sizeof(line), "%s: %.4g s median of %d, cv %.1f%%", what, st.median,
			 cs->kept, 100 * st.cv);
	} else {
		snprintf(line, sizeof(line), "%s: %s", what, row->status);
	}
	progress_step(&wk->progress, NULL, wk->configs_done);
	/* On a terminal the rows themselves appear on stdout: the bar is enough. */
	if (wk->progress.mode == PROGRESS_LINES)
		progress_note(&wk->progress, line);
}

/* Before each run: the bar shows the configuration and how far it is. */
static void progress_run(struct walk *wk, const struct cstate *cs)
{
	const struct sink_config *c = &cs->row->cfg;
	const char *pattern = sink_key_text(c, DIM_PATTERN);
	char label[128];
	snprintf(label, sizeof(label), "%s %s %dw %s%s", sink_key_text(c, DIM_KERNEL),
		 sink_key_text(c, DIM_RUNNER), (int)c->key[DIM_WORKERS].number,
		 strcmp(pattern, "none") ? pattern : sink_key_text(c, DIM_SCHEDULE),
		 cs->warm < wk->cfg->warmup ? " (warm-up)" : "");
	progress_step(&wk->progress, label, wk->configs_done);
}

/* One kernel: every configuration's items are resolved first (a
 * cache-relative --size depends on the workers and their placement); the
 * configurations then run grouped by size, one setup per size, in table
 * order within a size (serial first). Speedups compare rates with serial's
 * under the same --bind, so that sizes that differ still compare fairly:
 * at equal sizes that is the ratio of the medians. */
/* How many sizes kernel k runs at: only a kernel with a data set, and no
 * --items, runs once per --size; an --items list is a size list for all. */
static int kernel_sizes(const struct bench_config *cfg, const struct kernel_ops *k, int *sized)
{
	*sized = (cfg->nsizes > 0 && k->item_bytes && !cfg->items) || cfg->nitem_list > 0;
	return cfg->nitem_list ? cfg->nitem_list : *sized ? cfg->nsizes : 1;
}

/* Drops c[i] from the count configurations; returns the new count. */
static int drop_config(struct config *c, int count, int i)
{
	memmove(&c[i], &c[i + 1], sizeof(*c) * (size_t)(count - i - 1));
	return count - 1;
}

/* --scaling weak: each worker gets the items the size gave (Gustafson),
 * except where a cache-relative size already gave each worker its share. */
static void weaken(const struct bench_config *cfg, struct config *c)
{
	int size = (int)c->v[DIM_ITEMS].i, workers = (int)c->v[DIM_WORKERS].i;
	const struct kernel_ops *k = c->v[DIM_KERNEL].p;
	if (c->v[DIM_SCALING].i != SCALING_WEAK || workers < 2)
		return;
	if (!cfg->items && !cfg->nitem_list && size >= 0 && size < cfg->nsizes && k->item_bytes &&
	    cfg->sizes[size].level >= SIZE_L1 && cfg->sizes[size].level <= SIZE_L3) {
		size_t used = strlen(c->rule);
		snprintf(c->rule + used, sizeof(c->rule) - used, "; weak: already per worker");
		return;
	}
	c->n *= (size_t)workers;
	size_t used = strlen(c->rule);
	snprintf(c->rule + used, sizeof(c->rule) - used, "; weak: x %d workers", workers);
}

/* Kernel k's configurations: the product of the dimension table
 * (dims.c), items resolved, what --compare-smt cannot place and
 * duplicates dropped, grouped by size in table order; returns their count
 * and *out (free it), or -1 with err. */
static int build_configs(struct walk *wk, const struct kernel_ops *k, struct config **out,
			 char *err, size_t errlen)
{
	const struct bench_config *cfg = wk->cfg;
	struct dim_walk w = { .cfg = cfg, .repeats = wk->repeats };
	w.nsizes = kernel_sizes(cfg, k, &w.sized);
	int count = dim_product(&w, NULL);
	struct config *c = calloc((size_t)(count ? count : 1), sizeof(*c));
	*out = NULL;
	if (!c) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	w.repeats = NULL;   /* counted once */
	dim_product(&w, c);
	for (int i = 0; i < count; i++) {
		enum plan_policy bind = (enum plan_policy)c[i].v[DIM_BIND].i;
		int workers = (int)c[i].v[DIM_WORKERS].i;
		c[i].v[DIM_KERNEL].p = k;
		/* A runner that sets the kernel up again in a new process (spawn)
		 * cannot rebuild a kernel whose state only a fork inherits. */
		const struct runner_ops *r = c[i].v[DIM_RUNNER].p;
		if (smt_skips(cfg, wk->plan, bind, workers) || (r->rebuilds && k->process_local)) {
			count = drop_config(c, count, i--);
			continue;
		}
		struct plan_layout *l = plan_layout_make(wk->plan, bind, workers, err, errlen);
		if (!l || bench_items(cfg, wk->plan, l, k, (int)c[i].v[DIM_ITEMS].i, &c[i].n, c[i].rule,
				      sizeof(c[i].rule), err, errlen) < 0) {
			plan_layout_free(l);   /* bench_check refused these already */
			free(c);
			return -1;
		}
		plan_layout_free(l);
		weaken(cfg, &c[i]);
		for (int j = 0; j < i; j++)
			if (dim_same(&c[j], &c[i])) {
				count = drop_config(c, count, i--);
				break;
			}
	}
	/* Group by size, keeping table order within a size (insertion sort). */
	for (int i = 1; i < count; i++)
		for (int j = i; j > 0 && c[j - 1].n > c[j].n; j--) {
			struct config t = c[j];
			c[j] = c[j - 1];
			c[j - 1] = t;
		}
	*out = c;
	return count;
}

/* The walk ends early: a signal asked it to, or an output could not be
 * written (the run cannot be complete, so measuring on is wasted). */
static int walk_stops(const struct walk *wk)
{
	return signals_stopped() || wk->out.failed;
}

/* Measures the configurations cs[0..opened) of one data set, in the
 * order --order asks for, until each is done or a signal stops the run. */
static void walk_group(struct walk *wk, struct cstate *cs, int opened, const struct kernel_ops *k,
		       uint64_t reference)
{
	const struct bench_config *cfg = wk->cfg;
	if (cfg->sequential) {
		/* One configuration after the other, as before --order existed. */
		for (int j = 0; j < opened && !walk_stops(wk); j++) {
			while (!cs[j].done) {
				progress_run(wk, &cs[j]);
				cstate_step(wk, &cs[j], k, reference);
			}
			progress_config(wk, &cs[j]);
		}
		return;
	}
	/* Round robin: one run of each configuration per round, so that a
	 * machine that drifts affects all of them alike. */
	for (int more = 1; more && !walk_stops(wk);) {
		more = 0;
		for (int j = 0; j < opened && !walk_stops(wk); j++) {
			if (cs[j].done)
				continue;
			progress_run(wk, &cs[j]);
			cstate_step(wk, &cs[j], k, reference);
			if (cstate_next(wk, &cs[j]) < 0 && !cs[j].done)
				cs[j].done = 1;
			if (cs[j].done)
				progress_config(wk, &cs[j]);
			more |= !cs[j].done;
		}
	}
}

static void walk_kernel(struct walk *wk, const struct kernel_ops *k)
{
	const struct bench_config *cfg = wk->cfg;
	struct config *c;
	char err[256];
	int sized, nsz = kernel_sizes(cfg, k, &sized);
	int count = build_configs(wk, k, &c, err, sizeof(err));
	if (count < 0) {
		fail_kernel(wk, k, 0, err);
		return;
	}

	/* Serial's rates per --size and --bind: each speedup compares like with like. */
	double (*serial_rate)[PLAN_POLICIES][3] = calloc((size_t)nsz, sizeof(*serial_rate));
	struct cstate *cs = calloc((size_t)(count ? count : 1), sizeof(*cs));
	if (!serial_rate || !cs) {
		fail_kernel(wk, k, 0, "out of memory");
		free(serial_rate);
		free(cs);
		free(c);
		return;
	}
	for (int z = 0; z < nsz; z++)
		for (int b = 0; b < PLAN_POLICIES; b++)
			serial_rate[z][b][0] = serial_rate[z][b][1] = serial_rate[z][b][2] = NAN;
	size_t first_row = wk->nrows;
	for (int i = 0; i < count && !walk_stops(wk);) {
		struct kernel_job job;
		uint64_t reference;
		int end = i;
		while (end < count && c[end].n == c[i].n)
			end++;
		if (prepare(wk, k, c[i].n, &job, &reference) == 0) {
			size_t group_row = wk->nrows;
			int opened = 0;
			if (reserve_rows(wk, (size_t)(end - i)) == 0) {
				for (int j = i; j < end; j++)
					opened += cstate_open(wk, &cs[opened], &c[j], &job, k) == 0;
				walk_group(wk, cs, opened, k, reference);
				for (int j = 0; j < opened; j++)
					cstate_close(wk, &cs[j], k, reference);
			} else {
				fail_kernel(wk, k, job.n, "out of memory");
			}
			if (k->teardown)
				k->teardown(&job);
			fill_speedups(wk, first_row, serial_rate);
			progress_clear(&wk->progress);
			console_rows(stdout, wk->rows + group_row, wk->nrows - group_row);
		}
		i = end;
	}
	/* Rows that ran before serial (a smaller size) get their speedup now. */
	fill_speedups(wk, first_row, serial_rate);
	free(serial_rate);
	free(cs);
	free(c);
}

int bench_calibrate(const struct kernel_ops *k, double *per_second, char *err, size_t errlen)
{
	size_t n = 1000;
	for (;;) {
		struct kernel_job job = { .n = n, .repeat = 1 };
		if (k->setup && k->setup(&job, err, errlen) < 0)
			return -1;
		double best = 1e30;
		for (int i = 0; i < 3; i++) {
			if (k->reset)
				k->reset(&job);
			double t = runner_clock();
			for (unsigned pass = 0; pass < job.repeat; pass++)
				k->run(&job, 0, job.n, NULL);
			t = runner_clock() - t;
			if (t < best)
				best = t;
		}
		if (k->teardown)
			k->teardown(&job);
		if (best >= 0.02 || n >= ((size_t)1 << 40) / 16) {
			*per_second = best > 0 ? (double)job.n * job.repeat / best : 0;
			if (*per_second <= 0) {
				snprintf(err, errlen, "%s: %zu items took no measurable time", k->name, n);
				return -1;
			}
			return 0;
		}
		n *= best < 0.002 ? 10 : 2;
	}
}

/* What a run tells its outputs: its names, the machine, the settings. */
struct run_info {
	struct cli_run_id id;     /* folder, run_id, results root, date, host, git */
	struct plan_machine machine;
	struct sysinfo_host sys;
	struct sink_context ctx;
};

/* Names the run (its folder: --out, or <home>/results/<stamp>-<host>) and
 * reads the machine and its conditions into ri->ctx. */
static void run_describe(const struct bench_config *cfg, const struct plan *plan,
			 struct run_info *ri)
{
	plan_machine(plan, &ri->machine);
	cli_run_id(&ri->id, cfg->home, cfg->out, NULL, 0, NULL);
	sysinfo_collect(&ri->sys);
	ri->ctx = (struct sink_context){
		.dir = ri->id.dir, .run_id = ri->id.name, .link_root = ri->id.root[0] ? ri->id.root : NULL,
		.plan = plan, .machine = &ri->machine, .sys = &ri->sys,
		.date = ri->id.date, .host = ri->id.host, .command = cfg->command,
		.git = ri->id.git, .profile = cfg->profile, .size = cfg->size_text ? cfg->size_text : "",
		.reps = cfg->reps, .warmup = cfg->warmup,
		.min_time = cfg->min_time, .timeout = cfg->ropt.fork.timeout,
		.switch_interval = cfg->ropt.gil.switch_interval, .gil_unit = cfg->ropt.gil.unit,
		.gil_mode = gil_mode_name(cfg->ropt.gil.mode), .gil_check = cfg->ropt.gil.check,
		.pattern = cfg->dim[DIM_PATTERN].text ? cfg->dim[DIM_PATTERN].text : "none",
		.chunksize = cfg->chunksize,
		.collect = cfg->dim[DIM_COLLECT].text ? cfg->dim[DIM_COLLECT].text : "partial",
		.init_cost_ms = cfg->ropt.init_cost_ms, .init_in_parent = cfg->init_in_parent,
		.payload = cfg->dim[DIM_PAYLOAD].text,
	};
	for (int i = 0; i < DIM_MAX; i++)
		ri->ctx.dim_given[i] = cfg->dim[i].text;
	ri->ctx.probe = cfg->probe;
	ri->ctx.nprobe = cfg->nprobe;
	ri->ctx.probe_workers = cfg->probe_workers;
}

/* Counts every kernel's configurations into wk->configs, and those the
 * product leaves out as repeats of another's work into ctx, with why. */
static void count_configs(struct walk *wk, struct sink_context *ctx)
{
	char err[256];
	wk->ctx = ctx;
	reps_rule_make(&wk->rule, wk->cfg->reps, wk->cfg->min_time, wk->cfg->quick, BENCH_MAX_REPS);
	reps_describe(&wk->rule, ctx->stopping, sizeof(ctx->stopping));
	wk->repeats = ctx->repeats;
	for (int i = 0; i < wk->cfg->nkernels; i++) {
		struct config *c;
		int n = build_configs(wk, wk->cfg->kernels[i], &c, err, sizeof(err));
		wk->configs += n > 0 ? (size_t)n : 0;
		free(c);
	}
	wk->repeats = NULL;
	for (const struct dim *d = dim_table; d->option; d++)
		ctx->repeats_why[DIM_ID(d)] = ctx->repeats[DIM_ID(d)] ? d->repeats : NULL;
}

/* The header's lines on what the run leaves out and when it stops. */
static void print_budget(const struct sink_context *ctx)
{
	char line[300];
	if (ctx->nprobe)
		printf("parbench: sizes from a serial probe of each kernel, for runs of at least %.0f ms at %d worker%s (serial at most %.0f s):\n",
		       PROBE_RUN_S * 1e3, ctx->probe_workers, ctx->probe_workers == 1 ? "" : "s",
		       PROBE_SERIAL_MAX_S);
	for (int i = 0; i < ctx->nprobe; i++) {
		probe_describe(&ctx->probe[i], line, sizeof(line));
		printf("  %s\n", line);
	}
	printf("parbench: repetitions: %s\n", ctx->stopping);
	for (int i = 0; i < DIM_MAX; i++)
		if (ctx->repeats[i])
			printf("parbench: %d configuration%s left out: %s\n", ctx->repeats[i],
			       ctx->repeats[i] == 1 ? "" : "s", ctx->repeats_why[i]);
}

/* Every kernel's configurations, with the progress display counting them. */
static void walk_all(struct walk *wk)
{
	const struct bench_config *cfg = wk->cfg;
	progress_start(&wk->progress, stderr, cfg->quiet ? PROGRESS_QUIET : PROGRESS_AUTO, wk->configs);
	for (int i = 0; i < cfg->nkernels && !walk_stops(wk); i++)
		walk_kernel(wk, cfg->kernels[i]);
	progress_end(&wk->progress);
}

/* Ends the outputs as the walk ended: interrupted (no summary), complete
 * with the summary, or failed when an output could not be written (exit
 * 1: the machine failed, not the input); then the report. A signal during
 * the report leaves meta.json "interrupted" (its last words, signals.h).
 * Returns bench_run's status. */
static int run_end(struct walk *wk, const struct run_info *ri)
{
	const struct bench_config *cfg = wk->cfg;
	/* A signal after the summary is written finds the measurements whole:
	 * it is handled as one during the report. */
	int stopped = signals_stopped();
	if (wk->out.failed || (!stopped && sink_summary(&wk->out, wk->rows, wk->nrows) < 0)) {
		sink_end(&wk->out, NULL);
		fprintf(stderr, "parbench: %s, in '%s': the run stopped there; samples.csv keeps the rows written before\n",
			wk->out.err, ri->id.dir);
		return 1;
	}
	if (stopped) {
		sink_end(&wk->out, "interrupted");
		fprintf(stderr, "parbench: interrupted; %s/samples.csv keeps what was measured, no summary was written\n",
			ri->id.dir);
		return 128 + stopped;
	}
	if (sink_end(&wk->out, "complete") < 0) {
		fprintf(stderr, "parbench: %s, in '%s': the run is not complete\n", wk->out.err, ri->id.dir);
		return 1;
	}
	int report_failed = 0;
	if (!cfg->report) {   /* complete, and nothing more to draw: a signal now changes nothing */
		signals_last_words(NULL, NULL, NULL, 0);
	} else {
		signals_stop_install("report");
		if (cfg->report_fn && cfg->report_fn(cfg->home, ri->id.dir) != 0)
			report_failed = 1;
	}
	if (cfg->report && signals_stopped()) {
		if (signals_say_last_words() < 0)
			fprintf(stderr, "parbench: cannot mark %s/meta.json interrupted: %s\n", ri->id.dir,
				strerror(errno));
		fprintf(stderr, "parbench: interrupted while drawing the report; the CSVs of %s are complete (parbench report draws it again)\n",
			ri->id.dir);
		return 128 + signals_stopped();
	}
	if (report_failed)
		fprintf(stderr, "parbench: the report of %s failed: the CSVs are complete, the plots and report.md are not\n",
			ri->id.dir);
	printf("parbench: %s%s\n", ri->id.dir, cfg->report && !report_failed ? "/report.md" : "");
	if (wk->failed)
		fprintf(stderr, "parbench: some configurations failed; see the status column of %s/summary.csv\n",
			ri->id.dir);
	return wk->failed || report_failed ? 1 : 0;
}

/* --mem: the memory policy set before any kernel allocates (threads and
 * children inherit it), and its account for meta.json. 0, or -1 after
 * the line on stderr. */
static int mem_apply(const struct bench_config *cfg, const struct plan *plan, struct sink_context *ctx)
{
	struct plan_mem mem;
	char err[256];
	if (!cfg->mem)
		return 0;
	if (plan_mem_parse(plan, cfg->mem, &mem, err, sizeof(err)) < 0) {
		fprintf(stderr, "parbench: %s\n", err);
		return -1;
	}
	ctx->mem = cfg->mem;
	int rc = plan_mem_apply(plan, &mem, ctx->mem_note, sizeof(ctx->mem_note));
	if (rc < 0) {
		fprintf(stderr, "parbench: %s\n", ctx->mem_note);
		return -1;
	}
	if (rc == 0 && !cfg->quiet)
		printf("parbench: note: %s\n", ctx->mem_note);
	if (rc == 1)
		snprintf(ctx->mem_note, sizeof(ctx->mem_note), "--mem %s applied (hwloc_set_membind)", plan_mem_name(&mem));
	return 0;
}

int bench_run(const struct bench_config *cfg)
{
	struct run_info ri;
	char err[512];
	struct walk wk = { .cfg = cfg };
	int rc = 2;

	struct plan *plan = plan_open(err, sizeof(err));
	if (!plan) {
		fprintf(stderr, "parbench: %s\n", err);
		return 2;
	}
	if ((cfg->cpus && plan_set_cpus(plan, cfg->cpus, err, sizeof(err)) < 0) ||
	    (cfg->topology && plan_set_siblings(plan, cfg->topology, err, sizeof(err)) < 0)) {
		fprintf(stderr, "parbench: %s\n", err);
		plan_close(plan);
		return 2;
	}
	wk.plan = plan;
	run_describe(cfg, plan, &ri);
	if (mem_apply(cfg, plan, &ri.ctx) < 0)
		goto out_plan;
	clock_tick = ri.sys.clock_measured_ns > 0 ? (double)ri.sys.clock_measured_ns * 1e-9
		   : ri.sys.clock_getres_ns > 0 ? (double)ri.sys.clock_getres_ns * 1e-9 : 1e-6;
	wk.shared = kernel_shared_alloc(sizeof(*wk.shared));
	if (!wk.shared) {
		fprintf(stderr, "parbench: cannot map the shared block: %s\n", strerror(errno));
		goto out_plan;
	}
	/* Mapped before any worker exists, so that pooled children see it. */
	const struct dim_values *workers = &cfg->dim[DIM_WORKERS];
	if (cfg->trace && !(wk.trace = trace_new(workers->n ? (int)workers->v[workers->n - 1].i : 1))) {
		fprintf(stderr, "parbench: cannot map the trace lanes: %s\n", strerror(errno));
		goto out_shared;
	}
	count_configs(&wk, &ri.ctx);
	/* Before the folder says "running": a signal from then on is caught. */
	signals_stop_install("run");
	int begun = sink_begin(&wk.out, cfg->outputs, &ri.ctx, err, sizeof(err));
	if (begun < 0) {
		fprintf(stderr, "parbench: %s\n", err);
		rc = begun == -2 ? 1 : 2;
		goto out_trace;
	}

	printf("parbench: writing %s\n", ri.id.dir);
	plan_describe(&ri.machine, stdout, "  ");
	print_budget(&ri.ctx);
	signals_stop_install("run");
	walk_all(&wk);
	console_warnings(stdout, wk.rows, wk.nrows);
	sysinfo_load(&ri.sys.load_end);
	rc = run_end(&wk, &ri);
	free(wk.rows);
out_trace:
	trace_free(wk.trace);
out_shared:
	kernel_shared_free(wk.shared, sizeof(*wk.shared));
out_plan:
	plan_close(plan);
	return rc;
}
