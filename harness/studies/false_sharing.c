/*
 * false_sharing.c - `parbench demo false-sharing-study`: threads that share no
 * data at all still slow each other down when their data shares a cache
 * line.
 *
 * DESIGN. N threads (--workers, default 2) each add 1 to their own 64-bit
 * counter M times (--iterations). Nothing is shared, so in theory the N
 * threads take as long as one. Two layouts of the counters:
 *   packed  side by side, from the start of one cache line (8 counters fit
 *           in a 64-byte line; more threads spill into the next lines);
 *   padded  each at the start of its own line, the lines aligned.
 * A core must own a line to write to it, so in the packed layout the line
 * travels between the cores' caches at (nearly) every store, and each
 * store waits for it; padded, each core keeps its line for the whole run.
 * The line size is the L1 data cache's as hwloc reports it, 64 bytes when
 * it says nothing. A third run, one thread alone on a padded counter with
 * the same M, is the baseline: padded should be about as fast as it, and
 * packed slower than it (slower even than one thread doing every thread's
 * work, when the line's travels cost more than the increments).
 *
 * The store. Each increment is `*c = *c + 1` through a pointer to
 * volatile: the compiler must load and store the counter on every
 * iteration, in order, and cannot keep it in a register or add M at once;
 * the point is a store to the line every iteration. Not an atomic
 * fetch-and-add: that is a locked read-modify-write, whose own cost (a
 * full barrier on x86) would slow the padded layout too and measure
 * atomicity rather than the line. Not a C11 relaxed atomic load and store
 * either: they compile to the same plain mov here, but the standard lets a
 * compiler merge relaxed accesses, while volatile accesses are each kept.
 * No data race: during a run every counter has one writer, and the main
 * thread reads them after pthread_join.
 *
 * Timing (as every runner measures): each run creates its threads, each
 * binds itself (through core/plan: one per core while there are cores
 * enough, else per PU; skipped and said on a topology that is not this
 * machine's) and waits at a gate until all have arrived (a spin with
 * sched_yield, so that no wake-up latency is timed); each reads the clock
 * as it leaves the gate and when it is done; a run's time is the first
 * start to the last end. Thread creation and binding are not timed.
 * First one warm-up run of each layout (written, flagged, not counted),
 * then --reps (5 or more) rounds of packed, padded, one thread, so that a
 * drift of the machine (another process, the clock's frequency) falls on
 * every layout alike. Every run's counters are checked: each must be M,
 * else the study stops with exit status 1 and says which. Each thread
 * also reads its CPU time: a run's CPU share (CPU time over threads x
 * time) below 1 means the threads waited for a CPU (other processes on a
 * shared machine), and then packed threads often take turns rather than
 * fight over the line, which blurs the slowdown: the conclusion says so.
 *
 * Output: in a run folder (--out DIR, default results/<date>-<host>-
 * false-sharing/), false-sharing-reps.csv (every run: layout, rep,
 * seconds, warmup, the PUs the threads ran on, the CPU share; written and
 * flushed row by row), meta.json ("running" until the end, then
 * "complete", "interrupted" after Ctrl-C or SIGTERM, which stop after the
 * run under way, or "failed: ..."; with the load averages at the start and
 * the end, which the demo's verdict names when the machine was busy), then false-sharing.csv (per layout:
 * median, min, max, repetitions, verified, median CPU share) and
 * plots/false-sharing.png (.svg), drawn by output/report_false_sharing.c.
 * On stdout: the rounds as they finish, one sentence with the medians and
 * the slowdown, and a line of key=value pairs for tools.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/cli.h"
#include "../core/clock.h"
#include "../core/options.h"
#include "../core/plan.h"
#include "../core/signals.h"
#include "../core/stats.h"
#include "../core/sysinfo.h"
#include "../output/report.h"
#include "../output/results.h"
#include "../output/rowcsv.h"
#include "demo.h"

#define FS_MAX_WORKERS 256
#define FS_MAX_REPS 1000
#define FS_ITERATIONS 700000000LL   /* padded ~0.2 s, packed ~0.7 s on the 2-vCPU EPYC VM */
#define FS_LINE 64                  /* when hwloc does not know the line size */
#define FS_REPS_CSV "false-sharing-reps.csv"
#define FS_SUMMARY_CSV "false-sharing.csv"

enum fs_layout { FS_PACKED, FS_PADDED, FS_ONE, FS_LAYOUTS };

static const char *const layout_names[FS_LAYOUTS] = { "packed", "padded", "one-thread" };

static const char *const reps_columns[] = { "layout", "rep", "seconds", "warmup", "pus", "cpu_share", NULL };
static const char *const summary_columns[] = { "layout", "median_s", "lo_s", "hi_s", "reps", "verified",
					       "cpu_share", NULL };

struct fs_config {
	long workers;             /* 0 until given: 2, or 1 on a machine with one PU */
	long long iterations;
	long reps;
	int report;
	const char *out;
};

/* What the whole study shares. */
struct fs_state {
	struct fs_config cfg;
	struct plan_layout *layout;   /* PLAN_NONE when binding is skipped */
	int binds;                    /* the threads bind themselves */
	char unbound[256];            /* why not, when they do not */
	unsigned line;                /* bytes */
	const char *line_source;
	unsigned char *mem;           /* workers x line bytes, aligned to line */
	double *sec[FS_LAYOUTS];      /* the counted repetitions, seconds */
	double *share[FS_LAYOUTS];    /* and their threads' CPU share */
	size_t n[FS_LAYOUTS];
	struct stats st[FS_LAYOUTS], sh[FS_LAYOUTS];
	struct rowcsv csv;            /* false-sharing-reps.csv */
	int wrong;                    /* a counter was not M */
	struct sysinfo_load load_start, load_end;   /* for meta.json: the load it ran under */
	char err[512];                /* why the study failed */
};

/* One timed run: what its threads share. */
struct fs_run {
	const struct plan_layout *layout;
	int n;
	uint64_t iterations;
	volatile uint64_t *counter[FS_MAX_WORKERS];
	atomic_int arrived, abort, failed;
	double start[FS_MAX_WORKERS], end[FS_MAX_WORKERS];
	double cpu[FS_MAX_WORKERS];   /* each thread's CPU time while counting */
	int pu[FS_MAX_WORKERS];
	pthread_mutex_t mutex;        /* guards err */
	char err[256];
};

struct fs_arg {
	struct fs_run *r;
	int id;
};

/* ---- options ------------------------------------------------------------- */

static struct fs_config fs_cfg;

static const char help_usage[] =
	"usage: parbench demo false-sharing-study [--workers N] [--iterations M] [--reps N]\n"
	"                                   [--out DIR] [--no-report]\n"
	"False sharing: N threads each add 1 to their own counter M times, with the\n"
	"counters packed in one cache line, then padded to a line each, then one\n"
	"thread alone. The threads share no data, yet packed is slower: each store\n"
	"needs the whole line, which moves between the cores. Prints the medians\n"
	"and the slowdown packed / padded; writes false-sharing-reps.csv (every\n"
	"run), false-sharing.csv (per layout: median_s, lo_s, hi_s, reps, verified,\n"
	"cpu_share), meta.json and plots/false-sharing.png (.svg). About 6 s.\n"
	"\n";

static const char help_epilogue[] =
	"\n"
	"Exit status: 0 measured and every counter verified, 1 a counter was wrong\n"
	"or a file could not be written (said in a line), 2 bad input, 128 + the\n"
	"signal after Ctrl-C or SIGTERM (meta.json says interrupted).\n";

static const struct opt fs_opts[] = {
	OPT_WHOLE("workers", fs_cfg.workers, 1, FS_MAX_WORKERS, "N", "a whole number of threads",
		"threads, each with its own counter (default 2; at most\n"
		"the PUs this process may use), one per core if there\n"
		"are cores enough"),
	OPT_WHOLE("iterations", fs_cfg.iterations, 1, 1e12, "M", "a whole number of increments",
		"increments per thread and run (default 700000000:\n"
		"padded about 0.2 s on a 2-core EPYC VM)"),
	OPT_WHOLE("reps", fs_cfg.reps, 5, FS_MAX_REPS, "N", "a whole number of repetitions",
		"counted runs of each layout, interleaved, after one\n"
		"warm-up run of each (default 5)"),
	OPT_STRING("out", fs_cfg.out, "DIR", "a directory",
		"new, empty, or an earlier parbench run's folder\n"
		"(default results/<YYYYmmdd-HHMMSS>-<host>-false-sharing/)"),
	OPT_UNSET("no-report", fs_cfg.report,
		"skip the plot"),
	OPT_END,
};

static const struct opt_command fs_command = {
	.name = "demo false-sharing-study",
	.usage = help_usage,
	.epilogue = help_epilogue,
	.opts = fs_opts,
	.column = 20,
};

/* Fills *cfg from argv (argv[0] is the demo's name); 0, 2 on bad input,
 * OPT_HELP after --help. */
static int parse_options(int argc, char **argv, struct fs_config *cfg)
{
	fs_cfg = (struct fs_config){ .iterations = FS_ITERATIONS, .reps = 5, .report = 1 };
	int rc = opt_parse(&fs_command, argc, argv, NULL, 0, NULL);
	*cfg = fs_cfg;
	return rc;
}

/* The worker count against the machine, and where the threads go. Returns
 * 0, or 2 after one line (more threads than PUs). */
static int place(struct fs_state *s, const struct plan *plan, const struct plan_machine *m)
{
	char err[256];
	if (s->cfg.workers == 0)
		s->cfg.workers = m->usable_pus < 2 ? 1 : 2;
	if (s->cfg.workers > m->usable_pus)
		return cli_error("bad --workers '%ld': this process may use %d PU%s here: allowed are 1 to %d",
				 s->cfg.workers, m->usable_pus, m->usable_pus == 1 ? "" : "s", m->usable_pus);
	enum plan_policy policy = s->cfg.workers <= m->usable_cores ? PLAN_CORES : PLAN_THREADS;
	s->layout = plan_layout_make(plan, policy, (int)s->cfg.workers, err, sizeof(err));
	if (!s->layout) {
		snprintf(s->unbound, sizeof(s->unbound), "%s", err);
		s->layout = plan_layout_make(plan, PLAN_NONE, (int)s->cfg.workers, err, sizeof(err));
	}
	if (!s->layout)
		return cli_error("cannot place %ld threads: %s", s->cfg.workers, err);
	s->binds = plan_layout_binds(s->layout);
	if (!s->binds && !*s->unbound)
		snprintf(s->unbound, sizeof(s->unbound), "%s", m->synthetic ?
			 "the topology is not this machine's (HWLOC_SYNTHETIC or HWLOC_XMLFILE)" :
			 "hwloc cannot bind threads here");
	unsigned l = m->cache_line;   /* aligned_alloc needs a power of two */
	s->line = l >= 8 && l <= 4096 && (l & (l - 1)) == 0 ? l : FS_LINE;
	s->line_source = m->cache_line == s->line ? "hwloc (the L1 data cache)" : "a default (hwloc does not say)";
	return 0;
}

/* ---- one run --------------------------------------------------------------- */

/* The one loop this study measures: a load and a store of *c per step. */
static void count_up(volatile uint64_t *c, uint64_t m)
{
	for (uint64_t i = 0; i < m; i++)
		*c = *c + 1;
}

static void run_fail(struct fs_run *r, const char *why)
{
	pthread_mutex_lock(&r->mutex);
	if (!atomic_load(&r->failed))
		snprintf(r->err, sizeof(r->err), "%s", why);
	atomic_store(&r->failed, 1);
	pthread_mutex_unlock(&r->mutex);
}

/* Binds itself, waits at the gate for the others, counts, notes when. */
static void *worker_main(void *arg)
{
	struct fs_arg *a = arg;
	struct fs_run *r = a->r;
	char err[256];
	if (plan_bind(r->layout, a->id, err, sizeof(err)) < 0)
		run_fail(r, err);
	atomic_fetch_add(&r->arrived, 1);
	while (atomic_load(&r->arrived) < r->n && !atomic_load(&r->abort))
		sched_yield();
	double cpu = clock_thread_cpu();
	r->start[a->id] = clock_now();
	if (!atomic_load(&r->abort) && !atomic_load(&r->failed))
		count_up(r->counter[a->id], r->iterations);
	r->end[a->id] = clock_now();
	r->cpu[a->id] = clock_thread_cpu() - cpu;
	r->pu[a->id] = plan_where(r->layout);
	return NULL;
}

/* Where the counters of layout lay go in s->mem, and each set to 0. */
static void lay_out(const struct fs_state *s, enum fs_layout lay, struct fs_run *r)
{
	for (int i = 0; i < r->n; i++) {
		size_t at = lay == FS_PACKED ? (size_t)i * sizeof(uint64_t) : (size_t)i * s->line;
		r->counter[i] = (volatile uint64_t *)(void *)(s->mem + at);
		*r->counter[i] = 0;
	}
}

/* Each counter must hold M; -2 with the first that does not in err. */
static int verify(const struct fs_run *r, enum fs_layout lay, char *err, size_t errlen)
{
	for (int i = 0; i < r->n; i++)
		if (*r->counter[i] != r->iterations) {
			snprintf(err, errlen, "%s: thread %d's counter is %llu after %llu increments, not %llu",
				 layout_names[lay], i, (unsigned long long)*r->counter[i],
				 (unsigned long long)r->iterations, (unsigned long long)r->iterations);
			return -2;
		}
	return 0;
}

/* One timed run of layout lay. Returns 0 with *seconds (first start to
 * last end), *share (the threads' CPU time over threads x seconds: below
 * 1 when they waited for a CPU) and, in pus, where each thread ran
 * ("0;1"); -1 with the
 * reason in err when a thread was not created or not bound, -2 when a
 * counter was wrong. */
static int run_once(const struct fs_state *s, enum fs_layout lay, double *seconds, double *share,
		    char *pus, size_t puslen, char *err, size_t errlen)
{
	static struct fs_run r;
	struct fs_arg args[FS_MAX_WORKERS];
	pthread_t tid[FS_MAX_WORKERS];
	memset(&r, 0, sizeof(r));
	r.layout = s->layout;
	r.n = lay == FS_ONE ? 1 : (int)s->cfg.workers;
	r.iterations = (uint64_t)s->cfg.iterations;
	pthread_mutex_init(&r.mutex, NULL);
	lay_out(s, lay, &r);
	int started = 0, rc;
	for (; started < r.n; started++) {
		args[started] = (struct fs_arg){ .r = &r, .id = started };
		if ((rc = pthread_create(&tid[started], NULL, worker_main, &args[started])) != 0) {
			snprintf(r.err, sizeof(r.err), "cannot create thread %d: %s", started, strerror(rc));
			atomic_store(&r.failed, 1);
			atomic_store(&r.abort, 1);
			break;
		}
	}
	for (int i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	pthread_mutex_destroy(&r.mutex);
	if (atomic_load(&r.failed)) {
		snprintf(err, errlen, "%s: %s", layout_names[lay], r.err);
		return -1;
	}
	double first = r.start[0], last = r.end[0], cpu = 0;
	size_t used = 0;
	pus[0] = '\0';
	for (int i = 0; i < r.n; i++) {
		first = fmin(first, r.start[i]);
		last = fmax(last, r.end[i]);
		cpu += r.cpu[i];
		if (used < puslen)
			used += (size_t)snprintf(pus + used, puslen - used, "%s%d", i ? ";" : "", r.pu[i]);
	}
	*seconds = last - first;
	*share = *seconds > 0 ? cpu / (r.n * *seconds) : 1;
	return verify(&r, lay, err, errlen);
}

/* ---- the rounds ------------------------------------------------------------ */

/* One run of lay written to the CSV (and counted unless a warm-up);
 * 0, or -1 with the reason in s->err. */
static int measure(struct fs_state *s, enum fs_layout lay, int rep, double *seconds)
{
	char pus[FS_MAX_WORKERS * 5];
	double share;
	int rc = run_once(s, lay, seconds, &share, pus, sizeof(pus), s->err, sizeof(s->err));
	s->wrong |= rc == -2;
	if (rc < 0)
		return -1;
	rowcsv_text(&s->csv, layout_names[lay]);
	rowcsv_fmt(&s->csv, "%d", rep);
	rowcsv_fmt(&s->csv, "%.9f", *seconds);
	rowcsv_fmt(&s->csv, "%d", rep == 0);
	rowcsv_text(&s->csv, pus);
	rowcsv_fmt(&s->csv, "%.3f", share);
	if (rowcsv_end(&s->csv) < 0) {
		results_failed_status(s->err, sizeof(s->err), FS_REPS_CSV, s->csv.error);
		return -1;
	}
	if (rep > 0) {
		s->share[lay][s->n[lay]] = share;
		s->sec[lay][s->n[lay]++] = *seconds;
	}
	return 0;
}

/* The warm-up (rep 0) and the counted rounds, each round packed, padded,
 * one thread, printed as it ends. Stops early at a signal. 0, or -1. */
static int walk(struct fs_state *s)
{
	for (int rep = 0; rep <= s->cfg.reps && !signals_stopped(); rep++) {
		double t[FS_LAYOUTS];
		for (int lay = 0; lay < FS_LAYOUTS; lay++)
			if (signals_stopped() || measure(s, (enum fs_layout)lay, rep, &t[lay]) < 0)
				return signals_stopped() ? 0 : -1;
		char name[32];
		snprintf(name, sizeof(name), rep ? "round %d" : "warm-up", rep);
		printf("  %-9s packed %8.2f ms   padded %8.2f ms   one thread %8.2f ms\n",
		       name, t[FS_PACKED] * 1e3, t[FS_PADDED] * 1e3, t[FS_ONE] * 1e3);
		if (rep == 0)
			printf("  (the warm-up is written but not counted; now %ld rounds)\n", s->cfg.reps);
	}
	return 0;
}

/* ---- what it says ---------------------------------------------------------- */

/* "one 64 B line", or "8 counters in 2 64 B lines" past a line's worth. */
static void packed_text(const struct fs_state *s, char *buf, size_t len)
{
	size_t bytes = (size_t)s->cfg.workers * sizeof(uint64_t);
	size_t lines = (bytes + s->line - 1) / s->line;
	if (lines <= 1)
		snprintf(buf, len, "one %u B line", s->line);
	else
		snprintf(buf, len, "%ld counters in %zu %u B lines", s->cfg.workers, lines, s->line);
}

static void announce(const struct fs_state *s, const struct plan_machine *m, const char *dir)
{
	char packed[128];
	packed_text(s, packed, sizeof(packed));
	printf("parbench demo false-sharing-study: %ld threads, each adding 1 to its own counter %lld times\n\n",
	       s->cfg.workers, s->cfg.iterations);
	printf("  packed:  the counters side by side (%s)\n"
	       "  padded:  each counter on its own %u B line\n"
	       "  one:     one thread alone, its counter on its own line (the baseline)\n"
	       "  The threads share no data. Look for packed being much slower than padded,\n"
	       "  and padded about as fast as one thread: a core must own a whole line to\n"
	       "  store into it, so packed makes the line move between cores at every store.\n\n",
	       packed, s->line);
	plan_describe(m, stdout, "  ");
	printf("  line size: %u B, from %s; each increment a volatile load and store\n", s->line, s->line_source);
	if (s->binds) {
		printf("  threads pinned:");
		for (int i = 0; i < s->cfg.workers; i++)
			printf(" %d on PU %d%s", i, plan_layout_pu(s->layout, i), i + 1 < s->cfg.workers ? "," : "");
		printf(" (%s)\n", s->cfg.workers <= m->usable_cores ? "one per core" : "more threads than cores: per PU");
	} else {
		printf("  binding skipped: %s; the OS places the threads\n", s->unbound);
	}
	printf("  into %s\n\n", dir);
}

/* "412 ms [405\u2013420]": a median and its range in ms, with the
 * decimals the median needs (a quick run's times are short). */
static const char *ms_range(const struct stats *st, char *buf, size_t len)
{
	double x = st->median * 1e3;
	int d = x >= 100 ? 0 : x >= 10 ? 1 : x >= 1 ? 2 : 3;
	snprintf(buf, len, "%.*f ms [%.*f\u2013%.*f]", d, x, d, st->min * 1e3, d, st->max * 1e3);
	return buf;
}

/* The lower of packed's and padded's median CPU share: below 1 when the
 * threads waited for a CPU (other processes), which blurs the slowdown. */
static double cpu_share(const struct fs_state *s)
{
	return fmin(s->sh[FS_PACKED].median, s->sh[FS_PADDED].median);
}

/* Padded against one thread alone: "as if alone" only within 10% of 1;
 * otherwise what was measured, plainly (0.60x is no lesson of this study:
 * the one-thread runs or the padded ones were disturbed). */
static void padded_text(double ratio)
{
	ratio = round(ratio * 100) / 100;   /* decided on the number printed */
	if (ratio >= 0.9 && ratio <= 1.1)
		printf("  padded takes %.2fx one thread's time: with a line each, the threads run as if alone\n", ratio);
	else
		printf("  padded takes %.2fx one thread's time: %s than one thread alone\n", ratio,
		       ratio > 1 ? "slower" : "faster");
}

/* The sentence with the medians, the spreads and the slowdown, what it
 * means against one thread alone, then the line for tools. */
static void conclude(const struct fs_state *s)
{
	const struct stats *pk = &s->st[FS_PACKED], *pd = &s->st[FS_PADDED], *one = &s->st[FS_ONE];
	char packed[128], t[3][96];
	double slowdown = pk->median / pd->median, alone = pk->median / one->median;
	packed_text(s, packed, sizeof(packed));
	printf("\nfalse sharing: %ld threads x %lld increments; packed (%s) %s, padded %s, one thread %s: "
	       "packed is %.1fx %s than padded\n", s->cfg.workers, s->cfg.iterations, packed,
	       ms_range(pk, t[0], sizeof(t[0])), ms_range(pd, t[1], sizeof(t[1])), ms_range(one, t[2], sizeof(t[2])),
	       slowdown >= 1 ? slowdown : 1 / slowdown, slowdown >= 1 ? "slower" : "faster");
	char all[64];
	snprintf(all, sizeof(all), s->cfg.workers == 2 ? "both threads" : "all %ld threads", s->cfg.workers);
	if (alone > s->cfg.workers)
		printf("  packed takes %.1fx one thread's time: longer than one thread alone would take\n"
		       "  for the increments of %s\n", alone, all);
	else if (alone > 1.1)
		printf("  packed takes %.1fx one thread's time: the threads run side by side, yet each is\n"
		       "  slower than one thread alone\n", alone);
	else
		printf("  packed takes %.2fx one thread's time: no slowdown against one thread alone here\n", alone);
	padded_text(pd->median / one->median);
	if (cpu_share(s) < 0.9)
		printf("  careful: the threads had a CPU for only %.0f%% (packed) and %.0f%% (padded) of the\n"
		       "  time (medians of CPU time / (threads x time)): other processes were using these CPUs,\n"
		       "  so the times include waiting for one and the slowdown is blurred; run it again on\n"
		       "  a quiet machine\n", s->sh[FS_PACKED].median * 100, s->sh[FS_PADDED].median * 100);
	printf("false-sharing: slowdown=%.4g packed_median_s=%.6g padded_median_s=%.6g one_thread_median_s=%.6g "
	       "workers=%ld iterations=%lld line_bytes=%u reps=%ld cpu_share=%.3f verified=yes\n",
	       slowdown, pk->median, pd->median, one->median, s->cfg.workers, s->cfg.iterations, s->line,
	       s->cfg.reps, cpu_share(s));
}

/* ---- the files --------------------------------------------------------------- */

/* What names the run in meta.json: date, host, command, git. */
struct fs_names {
	const char *date, *host, *command, *git;
};

/* meta.json: this demo's fields, then the machine (results.c); with the
 * statistics once they exist (status complete). 0 or -1. */
static int write_meta(const struct results *res, const char *status, const struct fs_state *s,
		      const struct fs_names *id, const struct plan_machine *m)
{
	int done = strcmp(status, "complete") == 0;
	double nan = NAN;
	char bind[320];
	snprintf(bind, sizeof(bind), "%s%s", s->binds ? "pinned: one thread per core, or per PU past the cores"
						: "skipped: ", s->binds ? "" : s->unbound);
	const struct results_field fields[] = {
		{ "status", status, 0 },
		{ "subcommand", "demo", 0 },
		{ "demo", "false-sharing", 0 },
		{ "date", id->date, 0 },
		{ "host", id->host, 0 },
		{ "command", id->command, 0 },
		{ "git", id->git, 0 },
		{ "method", "N threads each add 1 to their own 64-bit counter M times (a volatile load and store "
			    "per increment); packed: the counters side by side from the start of a cache line; padded: "
			    "one line each; one-thread: one thread alone on its own line; one warm-up run of each, then "
			    "rounds of packed, padded, one-thread; a run is timed from the first thread's start to the "
			    "last one's end, thread creation and binding excluded; every counter checked to be M", 0 },
		{ "workers", NULL, (double)s->cfg.workers },
		{ "iterations", NULL, (double)s->cfg.iterations },
		{ "reps", NULL, (double)s->cfg.reps },
		{ "line_bytes", NULL, s->line },
		{ "line_source", s->line_source, 0 },
		{ "bind", bind, 0 },
		{ "verified", done ? "yes" : s->wrong ? "no" : "every run so far", 0 },
		{ "packed_median_s", NULL, done ? s->st[FS_PACKED].median : nan },
		{ "padded_median_s", NULL, done ? s->st[FS_PADDED].median : nan },
		{ "one_thread_median_s", NULL, done ? s->st[FS_ONE].median : nan },
		{ "slowdown", NULL, done ? s->st[FS_PACKED].median / s->st[FS_PADDED].median : nan },
		{ "cpu_share", NULL, done ? cpu_share(s) : nan },
	};
	return results_meta_fields_load(res, fields, sizeof(fields) / sizeof(fields[0]), &s->load_start,
					&s->load_end, m);
}

/* false-sharing.csv: one row per layout. 0, or -1 with errno set. */
static int write_summary(const struct results *res, const struct fs_state *s)
{
	struct rowcsv t = { 0 };
	FILE *f = results_create(res, FS_SUMMARY_CSV);
	if (!f)
		return -1;
	if (rowcsv_begin(&t, f, summary_columns) == 0)
		for (int lay = 0; lay < FS_LAYOUTS; lay++) {
			rowcsv_text(&t, layout_names[lay]);
			rowcsv_fmt(&t, "%.9f", s->st[lay].median);
			rowcsv_fmt(&t, "%.9f", s->st[lay].min);
			rowcsv_fmt(&t, "%.9f", s->st[lay].max);
			rowcsv_fmt(&t, "%zu", s->st[lay].n);
			rowcsv_text(&t, "yes");
			rowcsv_fmt(&t, "%.3f", s->sh[lay].median);
			rowcsv_end(&t);
		}
	if (rowcsv_close(&t) < 0) {
		errno = t.error ? t.error : EIO;
		return -1;
	}
	return 0;
}

/* Opens the run folder and its first files (the reps table, topology.xml,
 * meta.json "running"). 0; 2 after a line when the folder is refused; 1
 * after a line when a file cannot be written (nothing then claims a status). */
static int begin(struct fs_state *s, struct results *res, const struct cli_run_id *id,
		 const struct fs_names *names, const struct plan *plan, const struct plan_machine *m)
{
	char err[512];
	if (results_open(res, id->dir, err, sizeof(err)) < 0)
		return cli_error("%s", err);
	/* Before the first file: a signal from then on is caught. */
	signals_stop_install("run");
	sysinfo_load(&s->load_start);
	FILE *f = results_create(res, FS_REPS_CSV);
	if (!f || rowcsv_begin(&s->csv, f, reps_columns) < 0 || results_topology(res, plan, 0) < 0 ||
	    write_meta(res, "running", s, names, m) < 0) {
		static const char *const made[] = { FS_REPS_CSV, "topology.xml", "meta.json", NULL };
		if (s->csv.error)
			errno = s->csv.error;
		if (f)
			fclose(f);
		return results_begin_failed(res, made);
	}
	return 0;
}

/* After the rounds: the statistics, false-sharing.csv and meta.json by how
 * the run ended. Returns -1 to go on to the plot, else the exit status. */
static int end(struct fs_state *s, const struct results *res, const struct fs_names *names,
	       const struct plan_machine *m, int failed)
{
	int csv_bad = rowcsv_close(&s->csv) < 0;
	sysinfo_load(&s->load_end);
	if (!failed && csv_bad)
		results_failed_status(s->err, sizeof(s->err), FS_REPS_CSV, s->csv.error ? s->csv.error : EIO);
	if (failed || csv_bad) {
		char status[600];
		snprintf(status, sizeof(status), "%s%s", strncmp(s->err, "failed: ", 8) ? "failed: " : "", s->err);
		write_meta(res, status, s, names, m);
		fprintf(stderr, "parbench: demo false-sharing-study %s (in %s)\n", status, res->dir);
		return 1;
	}
	if (signals_stopped()) {
		write_meta(res, "interrupted", s, names, m);
		fprintf(stderr, "parbench: interrupted; %s/%s keeps the runs measured\n", res->dir, FS_REPS_CSV);
		return 128 + signals_stopped();
	}
	for (int lay = 0; lay < FS_LAYOUTS; lay++) {
		stats_summarise(s->sec[lay], s->n[lay], &s->st[lay]);
		stats_summarise(s->share[lay], s->n[lay], &s->sh[lay]);
	}
	if (write_summary(res, s) < 0) {
		char status[600];
		results_failed_status(status, sizeof(status), FS_SUMMARY_CSV, errno);
		write_meta(res, status, s, names, m);
		fprintf(stderr, "parbench: %s in %s\n", status + strlen("failed: "), res->dir);
		return 1;
	}
	if (write_meta(res, "complete", s, names, m) < 0) {
		fprintf(stderr, "parbench: cannot write meta.json in '%s': %s\n", res->dir, strerror(errno));
		return 1;
	}
	conclude(s);
	return -1;
}

/* ---- the command ------------------------------------------------------------- */

/* The memory the counters live in and the repetitions' record; 0 or -1. */
static int allocate(struct fs_state *s)
{
	size_t bytes = (size_t)s->cfg.workers * s->line;
	s->mem = aligned_alloc(s->line, bytes);
	int ok = s->mem != NULL;
	for (int lay = 0; lay < FS_LAYOUTS; lay++) {
		s->sec[lay] = malloc(sizeof(double) * (size_t)s->cfg.reps);
		s->share[lay] = malloc(sizeof(double) * (size_t)s->cfg.reps);
		ok = ok && s->sec[lay] && s->share[lay];
	}
	return ok ? 0 : -1;
}

static void release(struct fs_state *s, struct plan *plan)
{
	free(s->mem);
	for (int lay = 0; lay < FS_LAYOUTS; lay++) {
		free(s->sec[lay]);
		free(s->share[lay]);
	}
	if (s->layout)
		plan_layout_free(s->layout);
	plan_close(plan);
}

int cmd_false_sharing(int argc, char **argv)
{
	static struct fs_state s;
	char err[512], home[PATH_MAX];
	struct plan_machine m;
	struct results res;
	struct cli_run_id id;

	int rc = parse_options(argc - 1, argv + 1, &s.cfg);
	if (rc)
		return rc < 0 ? 0 : rc;
	struct plan *plan = plan_open(err, sizeof(err));
	if (!plan)
		return cli_error("%s", err);
	plan_machine(plan, &m);
	if ((rc = place(&s, plan, &m)) != 0 || (allocate(&s) < 0 && (rc = cli_error("out of memory")))) {
		release(&s, plan);
		return rc;
	}
	cli_home(home, sizeof(home));
	cli_run_id(&id, home, s.cfg.out, "false-sharing", argc, argv);
	struct fs_names names = { id.date, id.host, id.command, id.git };
	if ((rc = begin(&s, &res, &id, &names, plan, &m)) != 0) {
		release(&s, plan);
		return rc;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	announce(&s, &m, id.dir);
	int failed = walk(&s) < 0;
	rc = end(&s, &res, &names, &m, failed);
	release(&s, plan);
	if (rc >= 0)
		return rc;
	return cli_finish(home, id.dir, report_false_sharing, FS_SUMMARY_CSV, "plots/false-sharing.png",
			  "runs", s.cfg.report, 0);
}
