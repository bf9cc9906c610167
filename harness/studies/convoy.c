/*
 * convoy.c - `parbench convoy`: the convoy effect of a global interpreter
 * lock, measured on the gil runner's own lock (runners/gil_lock.c).
 *
 * DESIGN. One IO thread (gil id 0) does, over and over, what a Python
 * thread serving a socket does: it drops the lock as its blocking call
 * begins (Py_BEGIN_ALLOW_THREADS), blocks, takes the lock back as a thread
 * returning from a blocking call (gil_lock_take with after_io = 1), and
 * does a little work under it: CONVOY_IO_UNITS units with the holder's
 * check between them. One operation's latency runs from the clock read
 * just before the drop to the end of that work. The blocking call is a
 * one-byte round trip through two pipes to an echo thread that never
 * touches the lock (the server on the other side), which answers after
 * sleeping --io-time (20 us); or, with --io sleep, a nanosleep of
 * --io-time by the IO thread itself. Beside it, 0, 1 or 2 CPU threads (gil
 * ids 1..) hold or wait for the lock and do units of busy work (prim_delay,
 * calibrated once to --gil-unit, 2 us) with gil_lock_yield between two
 * units, as the gil runner's workers do. With 0 CPU threads nobody else
 * wants the lock: that row is the baseline of its mode, interval and
 * placement, and the slowdown of the others is their median latency over
 * the baseline's.
 *
 * Why the call waits 20 us, not 0 or 10. The convoy needs a CPU thread to
 * take the lock while the IO thread is blocked, so the call must outlast
 * the CPU thread's wake-up. On the KVM guest this was written on, waking a
 * thread on the other vCPU takes 45-50 us, and a nanosleep of 10 us or
 * less mostly does not block at all (arming the timer costs more than the
 * sleep: nanosleep returns without a context switch), so with an echo that
 * answers at once or sleeps 10 us, the IO thread is usually back before
 * the CPU thread has woken, takes the free lock again, and the effect
 * appears only now and then. --io-time 0 shows that.
 *
 * Placement (--bind): none leaves it to the OS; one binds every thread,
 * the echo thread too, to one PU; two binds the IO thread to one PU and
 * the echo and CPU threads to another, so that every round trip and every
 * hand-off of the lock to the IO thread wakes a thread on the other CPU.
 * Unbound, Linux mostly keeps the IO and echo threads on one CPU, so two
 * is where the cost of a cross-CPU wake-up (the hypervisor's share, on a
 * virtual machine) shows.
 *
 * Timing. Every thread binds itself, sets its timer slack to 1 ns (so that
 * a 0.1 ms switch interval or a 20 us sleep is not stretched by the
 * default 50 us slack; CPython does not do this, so its timed waits run a
 * little longer), and stands at a gate until all have arrived. Then the IO
 * thread runs --warmup-time of unrecorded operations, notes the lock's
 * counts, the CPU threads' units and the time, and records every
 * operation's latency until it has run --duration and done --min-ops
 * operations (or filled CONVOY_MAX_OPS); it notes the counts again and
 * tells the others to stop. A row's counts and rates are the differences
 * over that window. A configuration whose IO thread is starved (old mode
 * can keep the lock from a thread that wakes slowly) is cut short by the
 * main thread at warm-up + 3 x duration: the window ends there, the
 * operation under way is not recorded (the CPU threads stop, so its end
 * says nothing), the row warns that it has fewer operations than asked,
 * and a row with none says "starved".
 *
 * Output: convoy.csv, one row per configuration, written and flushed as it
 * is measured; convoy-latency.csv, each row's latencies in log-spaced bins
 * (10 per decade); meta.json saying "running" until the last row, then
 * "complete" (or "interrupted" after SIGINT/SIGTERM, which stop after the
 * current configuration). report_convoy (output/report_convoy.c) then
 * draws the plots and writes convoy.md, as `parbench report DIR` does.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "../../runners/gil_lock.h"
#include "../../runners/runner.h"
#include "../core/cli.h"
#include "../core/clock.h"
#include "../core/options.h"
#include "convoy.h"
#include "../core/plan.h"
#include "../core/stats.h"
#include "primitives.h"
#include "../output/report.h"
#include "../output/results.h"
#include "../output/rowcsv.h"
#include "../core/signals.h"

#define CONVOY_MAX_CPU 8          /* most CPU threads in one configuration */
#define CONVOY_MAX_INTERVALS 8
#define CONVOY_MAX_OPS 1000000    /* latencies recorded per configuration, at most */
#define CONVOY_IO_UNITS 2         /* units of work the IO thread does after each call */
#define CONVOY_DEADLINE 3         /* a row is cut at warm-up + this x duration */
#define CONVOY_BINS_PER_DECADE 10

/* convoy.csv's columns, in order (write_row writes a record's fields in this order). */
static const char *const csv_columns[] = {
	"io", "bind", "pu", "mode", "interval_ms", "cpu_threads", "unit_us", "ops", "seconds", "ops_per_s",
	"min_us", "median_us", "p90_us", "p99_us", "max_us", "mean_us", "slowdown", "echo_same_cpu",
	"cpu_units", "cpu_units_per_s", "cpu_busy", "handoffs", "drop_requests", "honoured", "forced_waits",
	"releases", "wait_s", "status", "warning", NULL,
};
static const char *const hist_columns[] = {
	"io", "bind", "mode", "interval_ms", "cpu_threads", "lo_us", "hi_us", "count", NULL,
};

enum convoy_io { CONVOY_PIPE, CONVOY_SLEEP };
enum convoy_bind { CONVOY_NONE, CONVOY_ONE, CONVOY_TWO, CONVOY_BINDS };

static const char *const io_names[] = { [CONVOY_PIPE] = "pipe", [CONVOY_SLEEP] = "sleep" };
static const char *const bind_names[] = { [CONVOY_NONE] = "none", [CONVOY_ONE] = "one", [CONVOY_TWO] = "two" };

struct convoy_config {
	enum gil_mode modes[GIL_MODES];
	int nmodes;
	double intervals[CONVOY_MAX_INTERVALS];   /* seconds */
	int nintervals;
	int cpu[CONVOY_MAX_CPU + 1];             /* CPU-thread counts, ascending */
	int ncpu;
	enum convoy_bind binds[CONVOY_BINDS];
	int nbinds;
	enum convoy_io io;
	double duration, warmup, unit, io_time; /* seconds */
	long min_ops;
	unsigned check;
	int quick, report;
	const char *out;
};

/* One configuration's outcome. */
struct convoy_row {
	enum convoy_bind bind;
	enum gil_mode mode;
	double interval;
	int cpu;
	char pus[32];             /* OS indexes: one "P", two "IO;others", unbound "" */
	size_t ops;
	double seconds;           /* the measuring window */
	double min, median, p90, p99, max, mean;   /* latency, seconds */
	double slowdown;          /* median / the 0-CPU-thread median; NAN without one */
	unsigned long long units; /* CPU threads' units in the window */
	size_t same;              /* operations answered from the IO thread's CPU (pipe) */
	struct gil_counts gil;    /* differences over the window */
	char status[320];
	char warning[320];
};

/* What the threads of one configuration share. */
struct convoy_run {
	const struct convoy_config *cfg;
	const struct plan_layout *layout;   /* --bind one or two; NULL: unbound */
	int others;               /* the layout's worker for the echo and CPU threads (two: 1) */
	struct gil_lock gil;
	int ncpu;
	long iters;               /* prim_delay steps per unit */
	int up[2], down[2];       /* IO thread -> echo thread, and back */
	pthread_mutex_t mutex;    /* guards the gate, done and err */
	pthread_cond_t cond;
	int arrived, open, done;
	atomic_int stop, failed;
	atomic_int cut;           /* the main thread stopped the row at the deadline */
	double t_cut;             /* when (written before cut is set) */
	char err[200];
	struct {
		_Alignas(64) atomic_ulong units;
	} slot[CONVOY_MAX_CPU];
	double *lat;
	size_t n;
	size_t same;              /* recorded operations answered from the IO thread's CPU */
	atomic_int echo_cpu;      /* the CPU the echo thread last answered from */
	double t_begin, t_end;
	unsigned long long units0, units1;
	struct gil_counts g0, g1;
};

struct cpu_arg {
	struct convoy_run *r;
	int id;                   /* gil id: 1.. */
};

static const char help_usage[] =
	"usage: parbench convoy [--modes M,M|all] [--intervals MS,MS] [--cpu-threads N,N]\n"
	"                       [--bind B,B] [--io pipe|sleep] [--io-time T] [--duration S]\n"
	"                       [--quick] [--out DIR] [--no-report] ...\n"
	"The convoy effect: one IO thread makes short blocking calls (drop the gil,\n"
	"block, take it back, 2 units of work under it) while 0, 1 or 2 CPU-bound\n"
	"threads run under the gil. For each gil mode, switch interval, CPU-thread\n"
	"count and placement it records every IO operation's latency and writes\n"
	"convoy.csv (median, p90, p99, max, IO ops/s, the CPU threads' units/s, the\n"
	"gil's counts, slowdown against 0 CPU threads), convoy-latency.csv (each\n"
	"row's latencies in bins), meta.json, plots/convoy.png and convoy-cpu.png\n"
	"(and .svg), and convoy.md. The default run has 108 configurations and takes\n"
	"about 35 s.\n"
	"\n";

static const char help_epilogue[] =
	"\n"
	"Exit status: 0 every configuration measured, skipped or starved (each with\n"
	"its reason), 1 some failed (see convoy.csv), 2 bad input (nothing written),\n"
	"128 + the signal after Ctrl-C or SIGTERM (it stops after the current\n"
	"configuration; meta.json says interrupted).\n";

/* ---- options ------------------------------------------------------------ */

/* A time with its unit: ns, us, ms or s, in [lo, hi] seconds. */
static int parse_time(const char *text, double lo, double hi, double *out)
{
	static const struct { const char *unit; double scale; } units[] = {
		{ "ns", 1e-9 }, { "us", 1e-6 }, { "ms", 1e-3 }, { "s", 1 },
	};
	char num[64];
	size_t len = strspn(text, "0123456789.");
	if (len == 0 || len >= sizeof(num))
		return -1;
	snprintf(num, sizeof(num), "%.*s", (int)len, text);
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		double v;
		if (strcmp(text + len, units[i].unit) == 0 &&
		    cli_decimal(num, 0, INFINITY, &v) == 0 && v * units[i].scale >= lo * 0.999999 &&
		    v * units[i].scale <= hi * 1.000001) {
			*out = v * units[i].scale;
			return 0;
		}
	}
	return -1;
}

/* Modes in table order, each once. */
static int parse_modes(const char *arg, struct convoy_config *cfg)
{
	char buf[256], *tok[16];
	int want[GIL_MODES] = { 0 };
	int n = cli_list("--modes", arg, buf, sizeof(buf), tok, 16);
	if (n < 0)
		return 2;
	for (int t = 0; t < n; t++) {
		enum gil_mode m;
		if (strcmp(tok[t], "all") == 0) {
			for (int i = 0; i < GIL_MODES; i++)
				want[i] = 1;
		} else if (gil_mode_parse(tok[t], &m) == 0) {
			want[m] = 1;
		} else {
			return cli_error("unknown --modes item '%s': allowed are new, old, new-noforce, io-priority, all",
					 tok[t]);
		}
	}
	cfg->nmodes = 0;
	for (int i = 0; i < GIL_MODES; i++)
		if (want[i])
			cfg->modes[cfg->nmodes++] = (enum gil_mode)i;
	return 0;
}

/* Intervals in the order given (longest first by default), each once. */
static int parse_intervals(const char *arg, struct convoy_config *cfg)
{
	char buf[256], *tok[CONVOY_MAX_INTERVALS];
	int n = cli_list("--intervals", arg, buf, sizeof(buf), tok, CONVOY_MAX_INTERVALS);
	if (n < 0)
		return 2;
	cfg->nintervals = 0;
	for (int t = 0; t < n; t++) {
		double ms;
		int seen = 0;
		if (cli_decimal(tok[t], 0.001, 10000, &ms) < 0)
			return cli_error("bad --intervals item '%s': expected milliseconds from 0.001 to 10000 (a list: 5,1,0.1)",
					 tok[t]);
		for (int i = 0; i < cfg->nintervals; i++)
			seen |= cfg->intervals[i] == ms / 1000;
		if (!seen)
			cfg->intervals[cfg->nintervals++] = ms / 1000;
	}
	return 0;
}

/* CPU-thread counts, ascending, each once. */
static int parse_cpu(const char *arg, struct convoy_config *cfg)
{
	char buf[256], *tok[CONVOY_MAX_CPU + 1];
	int want[CONVOY_MAX_CPU + 1] = { 0 };
	int n = cli_list("--cpu-threads", arg, buf, sizeof(buf), tok, CONVOY_MAX_CPU + 1);
	if (n < 0)
		return 2;
	for (int t = 0; t < n; t++) {
		long v;
		if (cli_whole(tok[t], 0, CONVOY_MAX_CPU, &v) < 0)
			return cli_error("bad --cpu-threads item '%s': expected counts from 0 to %d (a list: 0,1,2)",
					 tok[t], CONVOY_MAX_CPU);
		want[v] = 1;
	}
	cfg->ncpu = 0;
	for (int i = 0; i <= CONVOY_MAX_CPU; i++)
		if (want[i])
			cfg->cpu[cfg->ncpu++] = i;
	return 0;
}

/* Placements, none before one, each once. */
static int parse_binds(const char *arg, struct convoy_config *cfg)
{
	char buf[64], *tok[CONVOY_BINDS * 2];
	int want[CONVOY_BINDS] = { 0 };
	int n = cli_list("--bind", arg, buf, sizeof(buf), tok, CONVOY_BINDS * 2);
	if (n < 0)
		return 2;
	for (int t = 0; t < n; t++) {
		int found = 0;
		for (int b = 0; b < CONVOY_BINDS; b++)
			if (strcmp(tok[t], bind_names[b]) == 0)
				want[b] = found = 1;
		if (!found)
			return cli_error("unknown --bind '%s' for convoy: allowed are none (the OS places the threads), one (all on one PU), two (the IO thread on one PU, the others on another)",
					 tok[t]);
	}
	cfg->nbinds = 0;
	for (int b = 0; b < CONVOY_BINDS; b++)
		if (want[b])
			cfg->binds[cfg->nbinds++] = (enum convoy_bind)b;
	return 0;
}

static int opt_modes(const char *arg, void *cfg) { return parse_modes(arg, cfg); }
static int opt_intervals(const char *arg, void *cfg) { return parse_intervals(arg, cfg); }
static int opt_cpu(const char *arg, void *cfg) { return parse_cpu(arg, cfg); }
static int opt_binds(const char *arg, void *cfg) { return parse_binds(arg, cfg); }

static int opt_io(const char *arg, void *config)
{
	struct convoy_config *cfg = config;
	if (strcmp(arg, "pipe") == 0)
		cfg->io = CONVOY_PIPE;
	else if (strcmp(arg, "sleep") == 0)
		cfg->io = CONVOY_SLEEP;
	else
		return cli_error("bad --io '%s': allowed are pipe (a round trip to an echo thread), sleep (a nanosleep)",
				 arg);
	return 0;
}

static int opt_io_time(const char *arg, void *config)
{
	struct convoy_config *cfg = config;
	if (strcmp(arg, "0") == 0)
		cfg->io_time = 0;
	else if (parse_time(arg, 1e-6, 0.01, &cfg->io_time) < 0)
		return cli_error("bad --io-time '%s': expected 0 or a time from 1us to 10ms, such as 20us", arg);
	return 0;
}

static int opt_gil_unit(const char *arg, void *config)
{
	struct convoy_config *cfg = config;
	if (parse_time(arg, 1e-7, 1e-3, &cfg->unit) < 0)
		return cli_error("bad --gil-unit '%s': expected a time from 100ns to 1ms, such as 2us", arg);
	return 0;
}

static struct convoy_config convoy_cfg;

#define STR_(x) #x
#define STR(x) STR_(x)

static const struct opt convoy_opts[] = {
	OPT_CALLBACK("modes", opt_modes, &convoy_cfg, "M,M|all",
		"gil modes (default all): new, old, new-noforce, io-priority"),
	OPT_CALLBACK("intervals", opt_intervals, &convoy_cfg, "MS,MS",
		"switch intervals in ms (default 5,1,0.1; old mode has\n"
		"no timer and ignores them)"),
	OPT_CALLBACK("cpu-threads", opt_cpu, &convoy_cfg, "N,N",
		"CPU-bound threads beside the IO thread, 0 to " STR(CONVOY_MAX_CPU) "\n"
		"(default 0,1,2; 0 is the baseline of the slowdown)"),
	OPT_CALLBACK("bind", opt_binds, &convoy_cfg, "B,B",
		"none (the OS places the threads) | one (every thread,\n"
		"the echo thread too, on one PU) | two (the IO thread on\n"
		"one PU, the others on another) (default none,one,two)"),
	OPT_CALLBACK("io", opt_io, &convoy_cfg, "pipe|sleep",
		"the blocking call: a one-byte round trip to an echo\n"
		"thread outside the gil (default), or a nanosleep"),
	OPT_CALLBACK("io-time", opt_io_time, &convoy_cfg, "T",
		"how long the call waits: the echo thread sleeps T\n"
		"before it answers, or the IO thread sleeps T (default\n"
		"20us; 1us to 10ms; 0 with pipe: the echo answers at once)"),
	OPT_DECIMAL("duration", convoy_cfg.duration, 0.001, 60, "S", "seconds",
		"seconds of recorded operations per configuration\n"
		"(default 0.2; 0.03 with --quick)"),
	OPT_WHOLE("min-ops", convoy_cfg.min_ops, 1, CONVOY_MAX_OPS, "N", NULL,
		"and at least N operations (default 20; 5 with --quick);\n"
		"a configuration stops anyway at warm-up + 3 x duration"),
	OPT_DECIMAL("warmup-time", convoy_cfg.warmup, 0, 60, "S", "seconds",
		"unrecorded operations first (default 0.05; 0.01 --quick)"),
	OPT_CALLBACK("gil-unit", opt_gil_unit, &convoy_cfg, "T",
		"the CPU threads' unit of work between two checks of\n"
		"the drop request (default 2us; 100ns to 1ms)"),
	OPT_WHOLE("gil-check", convoy_cfg.check, 1, 1000000, "N", "a whole number of units",
		"old mode: units between two releases (default 100)"),
	OPT_FLAG("quick", convoy_cfg.quick,
		"short configurations (tests, a first look)"),
	OPT_STRING("out", convoy_cfg.out, "DIR", "a directory",
		"new, empty, or an earlier parbench run's folder\n"
		"(default results/<YYYYmmdd-HHMMSS>-<host>-convoy/)"),
	OPT_UNSET("no-report", convoy_cfg.report,
		"skip the plots and convoy.md"),
	OPT_END,
};

static const struct opt_command convoy_command = {
	.name = "convoy",
	.usage = help_usage,
	.epilogue = help_epilogue,
	.opts = convoy_opts,
	.column = 24,
};

/* Fills convoy_cfg from argv; 0, 2 on bad input, OPT_HELP after --help. */
static int parse_options(int argc, char **argv)
{
	struct convoy_config *cfg = &convoy_cfg;
	int rc = parse_modes("all", cfg);
	rc = rc ? rc : parse_intervals("5,1,0.1", cfg);
	rc = rc ? rc : parse_cpu("0,1,2", cfg);
	rc = rc ? rc : parse_binds("none,one,two", cfg);
	if (rc)
		return rc;
	cfg->io = CONVOY_PIPE;
	cfg->io_time = 20e-6;
	cfg->unit = 2e-6;
	cfg->check = 100;
	cfg->report = 1;
	cfg->duration = cfg->warmup = -1;
	cfg->min_ops = -1;
	if ((rc = opt_parse(&convoy_command, argc, argv, NULL, 0, NULL)) != 0)
		return rc;
	if (cfg->io == CONVOY_SLEEP && cfg->io_time == 0)
		return cli_error("--io sleep needs an --io-time from 1us to 10ms, not '0'");
	cfg->duration = cfg->duration > 0 ? cfg->duration : cfg->quick ? 0.03 : 0.2;
	cfg->warmup = cfg->warmup >= 0 ? cfg->warmup : cfg->quick ? 0.01 : 0.05;
	cfg->min_ops = cfg->min_ops > 0 ? cfg->min_ops : cfg->quick ? 5 : 20;
	return 0;
}

/* ---- one configuration's threads ----------------------------------------- */

/* Records the first failure; later ones are dropped. */
static void run_fail(struct convoy_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void run_fail(struct convoy_run *r, const char *fmt, ...)
{
	va_list ap;
	pthread_mutex_lock(&r->mutex);
	if (!atomic_load(&r->failed)) {
		va_start(ap, fmt);
		vsnprintf(r->err, sizeof(r->err), fmt, ap);
		va_end(ap);
		atomic_store(&r->failed, 1);
	}
	pthread_mutex_unlock(&r->mutex);
	atomic_store(&r->stop, 1);
}

/* Every thread, first: bind, shorten the timer slack, wait at the gate.
 * Returns 0 to go on, -1 when the configuration failed meanwhile. */
static int thread_start(struct convoy_run *r, const char *who, int slot)
{
	char err[160];
	if (plan_bind(r->layout, slot, err, sizeof(err)) < 0)
		run_fail(r, "%s: %s", who, err);
	else if (prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL) < 0)
		run_fail(r, "%s: cannot set the timer slack to 1 ns: %s", who, strerror(errno));
	pthread_mutex_lock(&r->mutex);
	r->arrived++;
	pthread_cond_broadcast(&r->cond);
	while (!r->open)
		pthread_cond_wait(&r->cond, &r->mutex);
	pthread_mutex_unlock(&r->mutex);
	return atomic_load(&r->failed) ? -1 : 0;
}

static unsigned long long cpu_units(struct convoy_run *r)
{
	unsigned long long sum = 0;
	for (int i = 0; i < r->ncpu; i++)
		sum += atomic_load_explicit(&r->slot[i].units, memory_order_relaxed);
	return sum;
}

static void sleep_for(double seconds)
{
	struct timespec ts = { (time_t)seconds, (long)(fmod(seconds, 1) * 1e9) };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* The echo thread: outside the gil, answers every byte, after --io-time,
 * until end of file. */
static void *echo_main(void *arg)
{
	struct convoy_run *r = arg;
	char b;
	thread_start(r, "echo thread", r->others);
	while (read(r->up[0], &b, 1) == 1) {
		if (r->cfg->io_time > 0)
			sleep_for(r->cfg->io_time);
		atomic_store_explicit(&r->echo_cpu, sched_getcpu(), memory_order_relaxed);
		if (write(r->down[1], &b, 1) != 1)
			break;
	}
	return NULL;
}

/* A CPU thread: units of work under the lock, the holder's check between. */
static void *cpu_main(void *arg)
{
	struct cpu_arg *a = arg;
	struct convoy_run *r = a->r;
	unsigned long long done = 0;
	unsigned units = 0;
	if (thread_start(r, "CPU thread", r->others) < 0)
		return NULL;
	gil_lock_take(&r->gil, a->id, 0);
	while (!atomic_load_explicit(&r->stop, memory_order_relaxed)) {
		gil_lock_yield(&r->gil, a->id, &units);
		prim_delay(r->iters);
		atomic_store_explicit(&r->slot[a->id - 1].units, ++done, memory_order_relaxed);
	}
	gil_lock_drop(&r->gil, a->id);
	return NULL;
}

/* One IO operation, entered and left holding the lock; *same: the echo
 * thread answered from the CPU the IO thread then woke on. 0, or -1 after
 * run_fail. */
static int io_op(struct convoy_run *r, unsigned *units, int *same)
{
	char b = 'x';
	int rc = 0;
	gil_lock_drop(&r->gil, 0);
	if (r->cfg->io == CONVOY_PIPE) {
		errno = 0;
		if (write(r->up[1], &b, 1) != 1 || read(r->down[0], &b, 1) != 1) {
			run_fail(r, "the pipe to the echo thread broke: %s", errno ? strerror(errno) : "end of file");
			rc = -1;
		}
		*same = sched_getcpu() == atomic_load_explicit(&r->echo_cpu, memory_order_relaxed);
	} else {
		sleep_for(r->cfg->io_time);
	}
	gil_lock_take(&r->gil, 0, 1);
	for (int u = 0; u < CONVOY_IO_UNITS; u++) {
		if (u)
			gil_lock_yield(&r->gil, 0, units);
		prim_delay(r->iters);
	}
	return rc;
}

/* The IO thread: warm-up, then the measuring window (see DESIGN). */
static void *io_main(void *arg)
{
	struct convoy_run *r = arg;
	const struct convoy_config *cfg = r->cfg;
	unsigned units = 0;
	int rc = 0, same = 0;
	if (thread_start(r, "IO thread", 0) < 0)
		goto out_done;
	gil_lock_take(&r->gil, 0, 0);
	double warm_end = clock_now() + cfg->warmup;
	while (rc == 0 && !atomic_load(&r->stop) && clock_now() < warm_end)
		rc = io_op(r, &units, &same);
	r->g0 = gil_lock_counts(&r->gil);
	r->units0 = cpu_units(r);
	double t1 = r->t_begin = clock_now(), recorded = t1;
	while (rc == 0 && !atomic_load(&r->stop)) {
		double t0 = clock_now();
		if ((rc = io_op(r, &units, &same)) < 0)
			break;
		t1 = clock_now();
		if (atomic_load(&r->cut))
			break;       /* cut short by the deadline: not a latency of its own */
		r->lat[r->n++] = t1 - t0;
		recorded = t1;
		r->same += same;
		if (r->n == CONVOY_MAX_OPS || (t1 - r->t_begin >= cfg->duration && (long)r->n >= cfg->min_ops))
			break;
	}
	/* The window holds every recorded operation, even one that ended
	 * between the deadline and the cut being seen. */
	r->t_end = atomic_load(&r->cut) ? fmax(r->t_cut, recorded) : t1;
	r->units1 = cpu_units(r);
	r->g1 = gil_lock_counts(&r->gil);
	atomic_store(&r->stop, 1);
	gil_lock_drop(&r->gil, 0);
out_done:
	pthread_mutex_lock(&r->mutex);
	r->done = 1;
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->mutex);
	return NULL;
}

/* Starts the threads, opens the gate, waits for the IO thread (stopping
 * everything at the deadline), joins. Returns 0, or -1 with r->err set. */
static int run_threads(struct convoy_run *r)
{
	pthread_t echo, io, cpu[CONVOY_MAX_CPU];
	struct cpu_arg args[CONVOY_MAX_CPU];
	int have_echo = 0, have_io = 0, ncpu = 0, started = 0, rc;
	pthread_condattr_t attr;
	sigset_t block, old;

	pthread_mutex_init(&r->mutex, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&r->cond, &attr);
	pthread_condattr_destroy(&attr);

	/* Ctrl-C is for the main thread: the others' calls are not interrupted. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	if (r->cfg->io == CONVOY_PIPE) {
		if ((rc = pthread_create(&echo, NULL, echo_main, r)) != 0)
			run_fail(r, "cannot create the echo thread: %s", strerror(rc));
		else
			have_echo = 1, started++;
	}
	for (; ncpu < r->ncpu && !atomic_load(&r->failed); ncpu++) {
		args[ncpu] = (struct cpu_arg){ .r = r, .id = ncpu + 1 };
		if ((rc = pthread_create(&cpu[ncpu], NULL, cpu_main, &args[ncpu])) != 0) {
			run_fail(r, "cannot create CPU thread %d: %s", ncpu + 1, strerror(rc));
			break;
		}
		started++;
	}
	if (!atomic_load(&r->failed)) {
		if ((rc = pthread_create(&io, NULL, io_main, r)) != 0)
			run_fail(r, "cannot create the IO thread: %s", strerror(rc));
		else
			have_io = 1, started++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);

	/* The gate opens when everybody started stands at it. */
	pthread_mutex_lock(&r->mutex);
	while (r->arrived < started)
		pthread_cond_wait(&r->cond, &r->mutex);
	r->open = 1;
	pthread_cond_broadcast(&r->cond);
	struct timespec deadline;
	deadline = clock_after(r->cfg->warmup + CONVOY_DEADLINE * r->cfg->duration);
	while (have_io && !r->done)
		if (pthread_cond_timedwait(&r->cond, &r->mutex, &deadline) == ETIMEDOUT) {
			if (!r->done) {
				r->t_cut = clock_now();
				atomic_store(&r->cut, 1);
			}
			break;
		}
	pthread_mutex_unlock(&r->mutex);
	atomic_store(&r->stop, 1);   /* at the deadline, or the IO thread already did */

	if (have_io)
		pthread_join(io, NULL);
	for (int i = 0; i < ncpu; i++)
		pthread_join(cpu[i], NULL);
	if (r->up[1] >= 0)
		close(r->up[1]);     /* the echo thread reads end of file */
	r->up[1] = -1;
	if (have_echo)
		pthread_join(echo, NULL);
	pthread_cond_destroy(&r->cond);
	pthread_mutex_destroy(&r->mutex);
	return atomic_load(&r->failed) ? -1 : 0;
}

/* ---- statistics and output ------------------------------------------------ */

static void append(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;
	if (used >= len)
		return;
	if (used && used + 2 < len) {
		memcpy(buf + used, "; ", 3);
		used += 2;
	}
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

/* Sorts r->lat and fills the row's latency figures, rates and counts. */
static void summarise(const struct convoy_config *cfg, struct convoy_run *r, struct convoy_row *row)
{
	size_t n = r->n;
	row->ops = n;
	row->seconds = r->t_end - r->t_begin;
	row->units = r->units1 - r->units0;
	row->same = r->same;
	row->gil = (struct gil_counts){
		.handoffs = r->g1.handoffs - r->g0.handoffs,
		.drop_requests = r->g1.drop_requests - r->g0.drop_requests,
		.honoured = r->g1.honoured - r->g0.honoured,
		.forced_waits = r->g1.forced_waits - r->g0.forced_waits,
		.releases = r->g1.releases - r->g0.releases,
		.wait_seconds = r->g1.wait_seconds - r->g0.wait_seconds,
	};
	snprintf(row->status, sizeof(row->status), "ok");
	if (n == 0) {
		snprintf(row->status, sizeof(row->status),
			 "starved: no IO operation finished after the warm-up before the deadline (%g s: warm-up + %d x --duration)",
			 cfg->warmup + CONVOY_DEADLINE * cfg->duration, CONVOY_DEADLINE);
		return;
	}
	qsort(r->lat, n, sizeof(r->lat[0]), stats_cmp_double);
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += r->lat[i];
	row->min = r->lat[0];
	row->max = r->lat[n - 1];
	row->median = n % 2 ? r->lat[n / 2] : (r->lat[n / 2 - 1] + r->lat[n / 2]) / 2;
	row->p90 = stats_quantile(r->lat, n, 0.90);
	row->p99 = stats_quantile(r->lat, n, 0.99);
	row->mean = sum / (double)n;
	if ((long)n < cfg->min_ops)
		append(row->warning, sizeof(row->warning),
		       "only %zu operations (fewer than --min-ops %ld) before the deadline, warm-up + %d x --duration; the one then under way is not counted",
		       n, cfg->min_ops, CONVOY_DEADLINE);
	if (n == CONVOY_MAX_OPS)
		append(row->warning, sizeof(row->warning),
		       "the latency record is full (%d operations): the window is shorter than --duration",
		       CONVOY_MAX_OPS);
	if (n < 100)
		append(row->warning, sizeof(row->warning), "p99 of fewer than 100 operations is close to the max");
}

static void write_row(struct rowcsv *t, const struct convoy_config *cfg, const struct convoy_row *row)
{
	int measured = row->ops > 0;
	double s = row->seconds;
	rowcsv_text(t, io_names[cfg->io]);
	rowcsv_text(t, bind_names[row->bind]);
	rowcsv_text(t, row->pus);
	rowcsv_text(t, gil_mode_name(row->mode));
	rowcsv_fmt(t, "%g", row->interval * 1e3);
	rowcsv_fmt(t, "%d", row->cpu);
	rowcsv_num(t, cfg->unit * 1e6);
	if (strncmp(row->status, "ok", 2) == 0 || strncmp(row->status, "starved", 7) == 0) {
		rowcsv_fmt(t, "%zu", row->ops);
		rowcsv_num(t, s);
		rowcsv_num(t, measured && s > 0 ? (double)row->ops / s : NAN);
	} else {
		rowcsv_empty(t, 3);
	}
	double lat[] = { row->min, row->median, row->p90, row->p99, row->max, row->mean };
	for (size_t i = 0; i < sizeof(lat) / sizeof(lat[0]); i++)
		rowcsv_num(t, measured ? lat[i] * 1e6 : NAN);
	rowcsv_num(t, measured ? row->slowdown : NAN);
	rowcsv_num(t, measured && cfg->io == CONVOY_PIPE ? (double)row->same / (double)row->ops : NAN);
	if (measured) {
		rowcsv_fmt(t, "%llu", row->units);
		rowcsv_num(t, s > 0 ? (double)row->units / s : NAN);
		rowcsv_num(t, s > 0 ? (double)row->units * cfg->unit / s : NAN);
		rowcsv_fmt(t, "%llu", (unsigned long long)row->gil.handoffs);
		rowcsv_fmt(t, "%llu", (unsigned long long)row->gil.drop_requests);
		rowcsv_fmt(t, "%llu", (unsigned long long)row->gil.honoured);
		rowcsv_fmt(t, "%llu", (unsigned long long)row->gil.forced_waits);
		rowcsv_fmt(t, "%llu", (unsigned long long)row->gil.releases);
		rowcsv_num(t, row->gil.wait_seconds);
	} else {
		rowcsv_empty(t, 9);
	}
	rowcsv_text(t, row->status);
	rowcsv_text(t, row->warning);
	rowcsv_end(t);
}

/* The sorted latencies in bins of CONVOY_BINS_PER_DECADE per decade of
 * microseconds; only the bins that are not empty. */
static void write_hist(struct rowcsv *f, const struct convoy_config *cfg, const struct convoy_row *row,
		       const double *sorted, size_t n)
{
	size_t i = 0;
	while (i < n) {
		double us = sorted[i] * 1e6;
		double b = floor(log10(us > 1e-3 ? us : 1e-3) * CONVOY_BINS_PER_DECADE);
		double lo = pow(10, b / CONVOY_BINS_PER_DECADE), hi = pow(10, (b + 1) / CONVOY_BINS_PER_DECADE);
		size_t count = 0;
		while (i < n && (sorted[i] * 1e6 < hi || sorted[i] * 1e6 <= lo)) {
			count++;
			i++;
		}
		rowcsv_text(f, io_names[cfg->io]);
		rowcsv_text(f, bind_names[row->bind]);
		rowcsv_text(f, gil_mode_name(row->mode));
		rowcsv_fmt(f, "%g", row->interval * 1e3);
		rowcsv_fmt(f, "%d", row->cpu);
		rowcsv_fmt(f, "%.6g", lo);
		rowcsv_fmt(f, "%.6g", hi);
		rowcsv_fmt(f, "%zu", count);
		rowcsv_end(f);
	}
}

static void print_row(const struct convoy_row *row)
{
	printf("  %-4s %-11s %6g ms  %d cpu  ", bind_names[row->bind], gil_mode_name(row->mode),
	       row->interval * 1e3, row->cpu);
	if (row->ops == 0) {
		printf("%s\n", row->status);
	} else {
		printf("median %9.1f us  p99 %9.1f  max %9.1f  %8.0f ops/s", row->median * 1e6,
		       row->p99 * 1e6, row->max * 1e6, (double)row->ops / row->seconds);
		if (isfinite(row->slowdown))
			printf("  x%.1f", row->slowdown);
		printf("%s%s\n", row->warning[0] ? "  warning: " : "", row->warning);
	}
	fflush(stdout);
}

/* One configuration: place, start, measure, stop, summarise. The row's
 * status says ok, skipped or failed; returns -1 when it failed. */
static int one_row(const struct convoy_config *cfg, const struct plan *plan, double *lat, long iters,
		   struct convoy_row *row, struct rowcsv *hist)
{
	struct plan_layout *l = NULL;
	char err[256];
	row->slowdown = NAN;
	if (row->bind != CONVOY_NONE) {
		/* threads' order: the first PU (and the next) this process may use. */
		l = plan_layout_make(plan, PLAN_THREADS, row->bind == CONVOY_TWO ? 2 : 1, err, sizeof(err));
		if (!l) {
			snprintf(row->status, sizeof(row->status), "skipped: --bind %s needs %d PUs: %s",
				 bind_names[row->bind], row->bind == CONVOY_TWO ? 2 : 1, err);
			return 0;
		}
		if (!plan_layout_binds(l)) {
			snprintf(row->status, sizeof(row->status),
				 "skipped: binding is not possible: the topology is not this machine (HWLOC_SYNTHETIC or HWLOC_XMLFILE)");
			plan_layout_free(l);
			return 0;
		}
		if (row->bind == CONVOY_ONE)
			snprintf(row->pus, sizeof(row->pus), "%d", plan_layout_pu(l, 0));
		else
			snprintf(row->pus, sizeof(row->pus), "%d;%d", plan_layout_pu(l, 0), plan_layout_pu(l, 1));
	}
	static struct convoy_run r;
	memset(&r, 0, sizeof(r));
	r.cfg = cfg;
	r.layout = l;
	r.others = row->bind == CONVOY_TWO ? 1 : 0;
	r.ncpu = row->cpu;
	r.iters = iters;
	r.lat = lat;
	r.up[0] = r.up[1] = r.down[0] = r.down[1] = -1;
	int rc = 0;
	if (cfg->io == CONVOY_PIPE && (pipe(r.up) < 0 || pipe(r.down) < 0)) {
		snprintf(row->status, sizeof(row->status), "failed: cannot make a pipe: %s", strerror(errno));
		rc = -1;
		goto out_close;
	}
	gil_lock_init(&r.gil, row->mode, row->interval, cfg->check);
	if (run_threads(&r) < 0) {
		snprintf(row->status, sizeof(row->status), "failed: %s", r.err);
		rc = -1;
	} else {
		summarise(cfg, &r, row);
		if (row->ops > 0)
			write_hist(hist, cfg, row, r.lat, r.n);
	}
	gil_lock_destroy(&r.gil);
out_close:
	for (int i = 0; i < 2; i++) {
		if (r.up[i] >= 0)
			close(r.up[i]);
		if (r.down[i] >= 0)
			close(r.down[i]);
	}
	plan_layout_free(l);
	return rc;
}

/* ---- the command ----------------------------------------------------------- */

/* prim_delay's steps for one unit of `unit` seconds; *per is the seconds
 * per step. The fastest of many short timings, after 20 ms of the same
 * work: an interruption or a busy neighbour only ever makes a timing
 * longer (on the VM this was written on, one in three timings of the same
 * loop took 3 to 7 times as long while other programs ran). */
static long unit_calibrate(double unit, double *per)
{
	const long probe = 200000;
	double fastest = INFINITY, until = clock_now() + 0.02;
	while (clock_now() < until)
		prim_delay(probe);
	for (int i = 0; i < 60; i++) {
		double t0 = clock_now();
		prim_delay(probe);
		fastest = fmin(fastest, clock_now() - t0);
	}
	*per = fastest / (double)probe;
	long iters = *per > 0 ? lround(unit / *per) : 1000;
	return iters < 1 ? 1 : iters;
}

static void list_text(char *buf, size_t len, const struct convoy_config *cfg, int what)
{
	size_t used = 0;
	buf[0] = '\0';
	int n = what == 0 ? cfg->nmodes : what == 1 ? cfg->nintervals : what == 2 ? cfg->ncpu : cfg->nbinds;
	for (int i = 0; i < n && used < len; i++) {
		const char *sep = i ? "," : "";
		if (what == 0)
			used += (size_t)snprintf(buf + used, len - used, "%s%s", sep, gil_mode_name(cfg->modes[i]));
		else if (what == 1)
			used += (size_t)snprintf(buf + used, len - used, "%s%g", sep, cfg->intervals[i] * 1e3);
		else if (what == 2)
			used += (size_t)snprintf(buf + used, len - used, "%s%d", sep, cfg->cpu[i]);
		else
			used += (size_t)snprintf(buf + used, len - used, "%s%s", sep, bind_names[cfg->binds[i]]);
	}
}

/* meta.json: this command's fields, then the machine (results.c). */
static int write_meta(const struct results *res, const char *status, const struct convoy_config *cfg,
		      const char *const text[4], long iters, double per, const struct plan_machine *m)
{
	char lists[4][128];
	for (int i = 0; i < 4; i++)
		list_text(lists[i], sizeof(lists[i]), cfg, i);
	const struct results_field fields[] = {
		{ "status", status, 0 },
		{ "subcommand", "convoy", 0 },
		{ "date", text[0], 0 },
		{ "host", text[1], 0 },
		{ "command", text[2], 0 },
		{ "git", text[3], 0 },
		{ "profile", cfg->quick ? "quick" : "custom", 0 },
		{ "method", "one IO thread: drop the gil, a blocking call, take it back (after_io), 2 units of work; latency from before the drop to the end of the work; 0..N CPU threads doing units under the gil with the holder's check between; warm-up, then every operation recorded for --duration and --min-ops; counts are differences over that window", 0 },
		{ "io", io_names[cfg->io], 0 },
		{ "io_time_us", NULL, cfg->io_time * 1e6 },
		{ "io_work_units", NULL, CONVOY_IO_UNITS },
		{ "modes", lists[0], 0 },
		{ "intervals_ms", lists[1], 0 },
		{ "cpu_threads", lists[2], 0 },
		{ "binds", lists[3], 0 },
		{ "unit_us", NULL, cfg->unit * 1e6 },
		{ "unit_steps", NULL, (double)iters },
		{ "unit_measured_us", NULL, (double)iters * per * 1e6 },
		{ "gil_check", NULL, cfg->check },
		{ "duration_s", NULL, cfg->duration },
		{ "warmup_s", NULL, cfg->warmup },
		{ "min_ops", NULL, (double)cfg->min_ops },
		{ "deadline_s", NULL, cfg->warmup + CONVOY_DEADLINE * cfg->duration },
		{ "timer_slack_ns", NULL, 1 },
	};
	return results_meta_fields(res, fields, sizeof(fields) / sizeof(fields[0]), m);
}

/* What is about to run, where it goes and how long each configuration lasts. */
static void announce(const struct convoy_config *cfg, const struct plan_machine *m, const char *dir,
		     long iters, double per)
{
	int total = cfg->nbinds * cfg->nintervals * cfg->nmodes * cfg->ncpu;
	printf("parbench: convoy into %s\n", dir);
	plan_describe(m, stdout, "  ");
	printf("  %d configurations; IO: %s %g us, then %d units of work; a unit is %.2f us (%ld steps); %g s each after %g s of warm-up, at least %ld operations\n",
	       total, cfg->io == CONVOY_PIPE ? "a pipe round trip to an echo thread that answers after" : "a nanosleep of",
	       cfg->io_time * 1e6, CONVOY_IO_UNITS, (double)iters * per * 1e6, iters, cfg->duration, cfg->warmup, cfg->min_ops);
}

/* Ctrl-C and SIGTERM stop after the configuration in progress. */
static void catch_stop(void)
{
	signals_stop_install("configuration");
	signal(SIGPIPE, SIG_IGN);
}

/* Every configuration, bind by interval by mode by CPU threads, each row
 * written and printed as it ends; the slowdown is against the row with 0
 * CPU threads. Returns 1 when some row failed, else 0. */
static int walk(const struct convoy_config *cfg, const struct plan *plan, double *lat, long iters,
		struct rowcsv *csv, struct rowcsv *hist)
{
	int failed = 0;
	for (int b = 0; b < cfg->nbinds && !signals_stopped() && !csv->failed && !hist->failed; b++)
		for (int i = 0; i < cfg->nintervals && !signals_stopped() && !csv->failed && !hist->failed; i++)
			for (int k = 0; k < cfg->nmodes && !signals_stopped() && !csv->failed && !hist->failed; k++) {
				double base = NAN;
				for (int c = 0; c < cfg->ncpu && !signals_stopped() && !csv->failed && !hist->failed; c++) {
					struct convoy_row row = { .bind = cfg->binds[b], .mode = cfg->modes[k],
								  .interval = cfg->intervals[i], .cpu = cfg->cpu[c] };
					failed |= one_row(cfg, plan, lat, iters, &row, hist) < 0;
					if (row.cpu == 0 && row.ops > 0)
						base = row.median;
					if (row.ops > 0 && base > 0)
						row.slowdown = row.median / base;
					write_row(csv, cfg, &row);
					print_row(&row);
				}
			}
	return failed;
}

int cmd_convoy(int argc, char **argv)
{
	struct convoy_config cfg;
	char err[512], home[PATH_MAX];
	struct plan_machine m;
	struct results res;
	int failed = 0;

	int rc = parse_options(argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	cfg = convoy_cfg;
	struct plan *plan = plan_open(err, sizeof(err));
	if (!plan)
		return cli_error("%s", err);
	plan_machine(plan, &m);
	cli_home(home, sizeof(home));
	double *lat = malloc(sizeof(double) * CONVOY_MAX_OPS);
	if (!lat) {
		plan_close(plan);
		return cli_error("cannot allocate the latency record (%d operations)", CONVOY_MAX_OPS);
	}

	struct cli_run_id id;
	cli_run_id(&id, home, cfg.out, "convoy", argc, argv);
	if (results_open(&res, id.dir, err, sizeof(err)) < 0) {
		free(lat);
		plan_close(plan);
		return cli_error("%s", err);
	}
	const char *text[4] = { id.date, id.host, id.command, id.git };
	double per;
	long iters = unit_calibrate(cfg.unit, &per);

	/* Before the first file: a signal from then on is caught. */
	catch_stop();
	FILE *csv = results_create(&res, "convoy.csv"), *histf = results_create(&res, "convoy-latency.csv");
	struct rowcsv table = { 0 }, hist = { 0 };
	if (!csv || !histf || rowcsv_begin(&table, csv, csv_columns) < 0 ||
	    rowcsv_begin(&hist, histf, hist_columns) < 0 || results_topology(&res, plan, 0) < 0 ||
	    write_meta(&res, "running", &cfg, text, iters, per, &m) < 0) {
		static const char *const made[] = { "convoy.csv", "convoy-latency.csv", "topology.xml", "meta.json", NULL };
		if (table.error || hist.error)
			errno = table.error ? table.error : hist.error;
		if (csv)
			fclose(csv);
		if (histf)
			fclose(histf);
		free(lat);
		plan_close(plan);
		return results_begin_failed(&res, made);
	}

	announce(&cfg, &m, id.dir, iters, per);
	failed = walk(&cfg, plan, lat, iters, &table, &hist);
	free(lat);
	int table_bad = rowcsv_close(&table) < 0, hist_bad = rowcsv_close(&hist) < 0;
	if (table_bad || hist_bad) {
		char status[600];
		results_failed_status(status, sizeof(status), table_bad ? "convoy.csv" : "convoy-latency.csv",
				      table_bad ? table.error : hist.error);
		fprintf(stderr, "parbench: %s in %s; the run stopped there, the tables keep the rows before\n",
			status + strlen("failed: "), id.dir);
		write_meta(&res, status, &cfg, text, iters, per, &m);
		plan_close(plan);
		return 1;
	}
	if (signals_stopped()) {
		write_meta(&res, "interrupted", &cfg, text, iters, per, &m);
		fprintf(stderr, "parbench: interrupted; %s/convoy.csv keeps the configurations measured\n", id.dir);
		plan_close(plan);
		return 128 + signals_stopped();
	}
	if (write_meta(&res, "complete", &cfg, text, iters, per, &m) < 0) {
		fprintf(stderr, "parbench: cannot write meta.json in '%s': %s\n", id.dir, strerror(errno));
		plan_close(plan);
		return 1;
	}
	plan_close(plan);
	return cli_finish(home, id.dir, report_convoy, "convoy.csv", "convoy.md", "configurations", cfg.report, failed);
}
