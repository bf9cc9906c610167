/*
 * overheads.c - `parbench overheads`: one table of what each primitive of
 * each execution model costs on this machine, in microseconds, under
 * --bind none and --bind cores, with 1 and 2 workers.
 *
 * Method (EPCC's microbenchmarks, Bull et al.): a row times `inner`
 * repetitions of its primitive in one go, `outer` times. `inner` doubles
 * from 1 until one go lasts at least the target: 1000 ticks of the clock
 * (the tick measured as the smallest step two clock reads can see, never
 * below clock_getres) and at least --min-time, judged by the fastest of
 * three goes so that one interrupted go does not stop the doubling early.
 * Goes then go on unmeasured until the row has run --warmup-time (0.1 s,
 * calibration included): on the KVM guest this was written on, a
 * cross-core ping-pong is a third cheaper for its first few tens of
 * milliseconds than once it has run for a while, and the table wants the
 * steady state, not the transient after an idle spell. Where the loop around the primitive does work of its
 * own (the delay inside an OpenMP construct, the increment loop of
 * atomic-add), a reference go of the same loop without the primitive runs
 * just before each measured go, and the median reference is subtracted
 * from every measured one. The row reports the median, min, max, mean and
 * CV of the outer goes, per operation.
 *
 * Placement: the calling thread is worker 0 and is bound to worker 0's PU
 * under --bind cores before the primitive's setup, and given its CPUs back
 * after the teardown; what the primitive starts binds itself (see
 * primitives.c). A row the machine cannot place (more workers than cores,
 * a topology that is not this machine, two parties on one PU without a
 * binding) is written as skipped, with the reason.
 *
 * Output: overheads.csv is written row by row and flushed; meta.json says
 * "running" until the last row, then "complete"; SIGINT or SIGTERM stops
 * after the current row and leaves "interrupted". Then report_overheads
 * (output/report_overheads.c) draws the plot and writes overheads.md, as
 * `parbench report DIR` does.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../runners/runner.h"
#include "../core/cli.h"
#include "../core/options.h"
#include "overheads.h"
#include "../core/plan.h"
#include "primitives.h"
#include "../output/report.h"
#include "../output/results.h"
#include "../output/rowcsv.h"
#include "../core/stats.h"
#include "../core/signals.h"

#define OVH_MAX_REPS 10000
#define OVH_MAX_INNER (1L << 30)
#define OVH_DELAY_US 0.1          /* EPCC's default delay inside an OpenMP construct */

/* overheads.csv's columns, in order (write_row writes a record's fields in this order). */
static const char *const csv_columns[] = {
	"primitive", "model", "shape", "op", "what", "workers", "bind", "pus", "median_us", "min_us",
	"max_us", "mean_us", "cv", "inner", "outer", "reference_us", "status", "warning", "note", NULL,
};

struct ovh_config {
	const struct prim_ops *prims[64];
	int nprims;
	int outer, quick, report;
	double min_time;          /* seconds one outer go must last at least */
	double warmup;            /* seconds of unmeasured goes before the measured ones */
	const char *out;
};

/* What every row shares: measured once before the first. */
struct ovh_env {
	double res, tick, target;   /* clock_getres, measured tick, one go's least length (s) */
	long delay_iters;
	double delay_us;
	char exec_path[PATH_MAX];
	int omp_placed;
};

struct ovh_row {
	const struct prim_ops *p;
	int workers;
	enum plan_policy bind;
	char pus[64];
	struct stats st;          /* per operation, reference subtracted, seconds */
	double reference;         /* per operation, seconds; NAN: no reference */
	long inner;
	int outer;
	char status[320];
	char warning[200];
	char note[400];
};

static const char help_usage[] =
	"usage: parbench overheads [--quick] [--reps N] [--min-time S] [--warmup-time S]\n"
	"                          [--primitives a,b|all] [--out DIR] [--no-report]\n"
	"Times each execution model's primitive, in microseconds, under --bind none\n"
	"and --bind cores with 1 and 2 workers (a pair's workers are the PUs its two\n"
	"parties share), and writes overheads.csv, meta.json, plots/overheads.png and\n"
	".svg, and overheads.md. Method: EPCC's (inner repetitions timed together,\n"
	"outer repetitions summarised by their median; a reference loop subtracted\n"
	"where the loop does work of its own).\n"
	"\n";

static const char help_epilogue[] =
	"\n"
	"Exit status: 0 every row measured or skipped with its reason, 1 some row\n"
	"failed (see overheads.csv), 2 bad input (nothing written), 128 + the signal\n"
	"after Ctrl-C or SIGTERM (it stops after the current row; meta.json says\n"
	"interrupted).\n";

/* --help: the primitives, from their table, under --primitives. */
static void print_primitives(void)
{
	for (const struct prim_ops *const *p = prim_table; *p; p++)
		printf("      %-16s %s\n", (*p)->name, (*p)->what);
}

static void allowed_primitives(char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (const struct prim_ops *const *p = prim_table; *p && used < len; p++)
		used += (size_t)snprintf(buf + used, len - used, "%s, ", (*p)->name);
	if (used < len)
		snprintf(buf + used, len - used, "all");
}

/* --primitives: names or all, each once, measured in table order. */
static int parse_primitives(const char *arg, struct ovh_config *cfg)
{
	char buf[1024], allowed[1024];
	int want[64] = { 0 };
	snprintf(buf, sizeof(buf), "%s", arg);
	for (char *item = buf, *comma;; item = comma + 1) {
		comma = strchr(item, ',');
		if (comma)
			*comma = '\0';
		if (!*item)
			return cli_error("--primitives '%s' has an empty item: separate names with single commas", arg);
		int found = 0;
		for (int i = 0; prim_table[i] && i < 64; i++)
			if (strcmp(item, "all") == 0 || strcmp(item, prim_table[i]->name) == 0)
				want[i] = found = 1;
		if (!found) {
			allowed_primitives(allowed, sizeof(allowed));
			return cli_error("unknown primitive '%s': allowed are %s", item, allowed);
		}
		if (!comma)
			break;
	}
	cfg->nprims = 0;
	for (int i = 0; prim_table[i] && i < 64; i++)
		if (want[i])
			cfg->prims[cfg->nprims++] = prim_table[i];
	return 0;
}

static struct ovh_config ovh_cfg;

static int opt_primitives(const char *arg, void *cfg) { return parse_primitives(arg, cfg); }

static const struct opt ovh_opts[] = {
	{ .name = "primitives", .kind = OPTK_CALLBACK, .cb = opt_primitives, .ctx = &ovh_cfg,
	  .value_name = "a,b|all", .more = print_primitives,
	  .help =
		"which (default all), measured in this order:" },
	OPT_WHOLE("reps", ovh_cfg.outer, 1, OVH_MAX_REPS, "N", NULL,
		"outer repetitions per row (default 20; 5 with --quick)"),
	OPT_DECIMAL("min-time", ovh_cfg.min_time, 0, 10, "S", "seconds",
		"seconds one outer repetition lasts at least (default\n"
		"0.001; 0.0002 with --quick); never under 1000 clock ticks"),
	OPT_DECIMAL("warmup-time", ovh_cfg.warmup, 0, 60, "S", "seconds",
		"seconds each row runs unmeasured first, calibration\n"
		"included (default 0.1; 0.01 with --quick)"),
	OPT_FLAG("quick", ovh_cfg.quick,
		"few, short repetitions (tests, a first look)"),
	OPT_STRING("out", ovh_cfg.out, "DIR", "a directory",
		"new, empty, or an earlier parbench run's folder\n"
		"(default results/<YYYYmmdd-HHMMSS>-<host>-overheads/)"),
	OPT_UNSET("no-report", ovh_cfg.report,
		"skip the plot and overheads.md"),
	OPT_END,
};

static const struct opt_command ovh_command = {
	.name = "overheads",
	.usage = help_usage,
	.epilogue = help_epilogue,
	.opts = ovh_opts,
	.column = 24,
};

/* Fills ovh_cfg from argv; 0, 2 on bad input, OPT_HELP after --help. */
static int parse_options(int argc, char **argv)
{
	struct ovh_config *cfg = &ovh_cfg;
	int rc = parse_primitives("all", cfg);
	if (rc)
		return rc;
	cfg->report = 1;
	cfg->outer = 0;
	cfg->min_time = cfg->warmup = -1;
	if ((rc = opt_parse(&ovh_command, argc, argv, NULL, 0, NULL)) != 0)
		return rc;
	cfg->outer = cfg->outer > 0 ? cfg->outer : cfg->quick ? 5 : 20;
	cfg->min_time = cfg->min_time >= 0 ? cfg->min_time : cfg->quick ? 0.0002 : 0.001;
	cfg->warmup = cfg->warmup >= 0 ? cfg->warmup : cfg->quick ? 0.01 : 0.1;
	return 0;
}

/* The smallest step between two clock reads that differ, over many tries,
 * and clock_getres's claim: the larger is the tick. */
static void clock_tick(double *res, double *tick)
{
	struct timespec r;
	double least = 1;
	clock_getres(CLOCK_MONOTONIC, &r);
	*res = (double)r.tv_sec + (double)r.tv_nsec * 1e-9;
	for (int i = 0; i < 10000; i++) {
		double a = runner_clock(), b;
		while ((b = runner_clock()) == a)
			;
		if (b - a < least)
			least = b - a;
	}
	*tick = least > *res ? least : *res;
}

/* prim_delay's length for about OVH_DELAY_US, from the median of a few
 * timings of a long run. */
static long delay_calibrate(double *us)
{
	const long probe = 1000000;
	double t[7];
	struct stats st;
	for (int i = 0; i < 7; i++) {
		double t0 = runner_clock();
		prim_delay(probe);
		t[i] = runner_clock() - t0;
	}
	stats_summarise(t, 7, &st);
	double per = st.median / (double)probe;
	long iters = per > 0 ? lround(OVH_DELAY_US * 1e-6 / per) : 100;
	if (iters < 1)
		iters = 1;
	*us = (double)iters * per * 1e6;
	return iters;
}

/* The repository (scripts/, plots/: cli_home, which also finds it above a
 * BUILD= folder and honours PARBENCH_HOME) and the binary's own folder
 * (parbench-exit0). */
static void find_paths(char *home, size_t len, char *exec_path, size_t execlen)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	snprintf(exec_path, execlen, "%s/parbench-exit0", n > 0 ? dirname(exe) : ".");
	cli_home(home, len);
}

static void append(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;
	if (used >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

/* Calibrates inner, then the outer goes; fills row->st, reference, inner.
 * Returns 0, or -1 with row->status set. */
static int measure(const struct ovh_config *cfg, const struct ovh_env *env, struct prim_ctx *c,
		   struct ovh_row *row)
{
	const struct prim_ops *p = row->p;
	char err[256];
	double t = 0, ref = 0, began = runner_clock();
	long inner = 1;
	int rc = 0;

	/* The fastest of three goes decides: a go that an interruption made
	 * long must not stop the doubling early. */
	for (;;) {
		double fastest = INFINITY;
		for (int k = 0; k < 3; k++) {
			if (p->run(c, inner, &t, err, sizeof(err)) < 0)
				goto out_failed;
			fastest = fmin(fastest, t);
		}
		if (fastest >= env->target || inner >= OVH_MAX_INNER || signals_stopped())
			break;
		inner *= 2;
	}
	while (runner_clock() - began < cfg->warmup && !signals_stopped())
		if (p->run(c, inner, &t, err, sizeof(err)) < 0)
			goto out_failed;
	double *x = malloc(sizeof(double) * (size_t)cfg->outer);
	double *r = malloc(sizeof(double) * (size_t)cfg->outer);
	if (!x || !r) {
		snprintf(err, sizeof(err), "out of memory");
		free(x);
		free(r);
		goto out_failed;
	}
	double per = (double)inner * p->ops_per_inner;
	int n = 0;
	for (; n < cfg->outer && !signals_stopped(); n++) {
		if (p->reference && (rc = p->reference(c, inner, &ref, err, sizeof(err))) < 0)
			break;
		if ((rc = p->run(c, inner, &t, err, sizeof(err))) < 0)
			break;
		r[n] = ref / per;
		x[n] = t / per;
	}
	if (rc < 0 || n == 0) {
		if (rc == 0)
			snprintf(err, sizeof(err), "interrupted");
		free(x);
		free(r);
		goto out_failed;
	}
	row->reference = NAN;
	if (p->reference) {
		struct stats rs;
		stats_summarise(r, (size_t)n, &rs);
		row->reference = rs.median;
		for (int i = 0; i < n; i++)
			x[i] -= rs.median;
	}
	stats_summarise(x, (size_t)n, &row->st);
	row->inner = inner;
	row->outer = n;
	free(x);
	free(r);
	return 0;

out_failed:
	snprintf(row->status, sizeof(row->status), "failed: %s", err);
	return -1;
}

/* Status, warning and note once the numbers are in. */
static void judge(const struct ovh_env *env, struct ovh_row *row)
{
	const struct prim_ops *p = row->p;
	const struct stats *s = &row->st;
	if (!(s->median > 0)) {
		snprintf(row->status, sizeof(row->status),
			 "unresolved: the primitive cost no more than its reference loop (median %.3g us after subtracting %.3g us)",
			 s->median * 1e6, row->reference * 1e6);
		return;
	}
	snprintf(row->status, sizeof(row->status), "ok");
	if (s->cv > STATS_CV_WARN)
		append(row->warning, sizeof(row->warning), "%sunstable: cv %.1f%% > %.0f%%",
		       row->warning[0] ? "; " : "", 100 * s->cv, 100 * STATS_CV_WARN);
	if (row->outer < STATS_MIN_REPS)
		append(row->warning, sizeof(row->warning), "%sonly %d repetitions (< %d)",
		       row->warning[0] ? "; " : "", row->outer, STATS_MIN_REPS);
	if (!isnan(row->reference) && row->reference > 9 * s->median)
		append(row->warning, sizeof(row->warning), "%sthe reference is %.0f%% of the measured time",
		       row->warning[0] ? "; " : "", 100 * row->reference / (row->reference + s->median));
	if (p->interval > 0)
		append(row->note, sizeof(row->note), "%s%.1f us above the %g ms switch interval",
		       row->note[0] ? "; " : "", s->median * 1e6 - p->interval * 1e6, p->interval * 1e3);
	if (p->delay_subtracted)
		append(row->note, sizeof(row->note), "; delay %.3f us (%ld steps)", env->delay_us,
		       env->delay_iters);
}

static void write_row(struct rowcsv *t, const struct ovh_row *row)
{
	const struct prim_ops *p = row->p;
	int measured = row->st.n > 0;
	rowcsv_text(t, p->name);
	rowcsv_text(t, p->model);
	rowcsv_text(t, p->shape == PRIM_PAIR ? "pair" : "team");
	rowcsv_text(t, p->op);
	rowcsv_text(t, p->what);
	rowcsv_fmt(t, "%d", row->workers);
	rowcsv_text(t, plan_policy_name(row->bind));
	rowcsv_text(t, row->pus);
	rowcsv_num(t, measured ? row->st.median * 1e6 : NAN);
	rowcsv_num(t, measured ? row->st.min * 1e6 : NAN);
	rowcsv_num(t, measured ? row->st.max * 1e6 : NAN);
	rowcsv_num(t, measured ? row->st.mean * 1e6 : NAN);
	rowcsv_num(t, measured ? row->st.cv : NAN);
	if (measured) {
		rowcsv_fmt(t, "%ld", row->inner);
		rowcsv_fmt(t, "%d", row->outer);
	} else {
		rowcsv_empty(t, 2);
	}
	rowcsv_num(t, measured ? row->reference * 1e6 : NAN);
	rowcsv_text(t, row->status);
	rowcsv_text(t, row->warning);
	rowcsv_text(t, row->note);
	rowcsv_end(t);
}

static void print_row(const struct ovh_row *row)
{
	printf("  %-16s %-8s %dw %-5s ", row->p->name, row->p->model, row->workers,
	       plan_policy_name(row->bind));
	if (row->st.n == 0 || strcmp(row->status, "ok") != 0) {
		printf("%s\n", row->status);
	} else {
		printf("%11.3f us  cv %5.1f%%  [%.3f .. %.3f]  x%ld%s%s\n", row->st.median * 1e6,
		       100 * row->st.cv, row->st.min * 1e6, row->st.max * 1e6, row->inner,
		       row->warning[0] ? "  " : "", row->warning);
	}
	fflush(stdout);
}

/* One row: place, set up, measure, tear down. Returns 0, or -1 when the
 * row failed (it is written either way). */
static int one_row(const struct ovh_config *cfg, const struct ovh_env *env, const struct plan *plan,
		   struct ovh_row *row)
{
	const struct prim_ops *p = row->p;
	char err[256];
	int rc = 0;

	snprintf(row->note, sizeof(row->note), "%s", p->note);
	if (p->execs)
		append(row->note, sizeof(row->note), "%sprogram %s", row->note[0] ? "; " : "",
		       env->exec_path);
	if (p->shape == PRIM_PAIR && row->bind == PLAN_NONE && row->workers == 1) {
		snprintf(row->status, sizeof(row->status),
			 "skipped: two parties on one PU need a binding; under --bind none the OS places them (see --bind cores with 1 worker)");
		return 0;
	}
	struct plan_layout *l = plan_layout_make(plan, row->bind, row->workers, err, sizeof(err));
	if (!l) {
		snprintf(row->status, sizeof(row->status), "skipped: %s", err);
		return 0;
	}
	if (row->bind != PLAN_NONE && !plan_layout_binds(l)) {
		snprintf(row->status, sizeof(row->status),
			 "skipped: binding is not possible: the topology is not this machine (HWLOC_SYNTHETIC or HWLOC_XMLFILE)");
		goto out_layout;
	}
	for (int i = 0; row->bind != PLAN_NONE && i < row->workers; i++)
		append(row->pus, sizeof(row->pus), "%s%d", i ? ";" : "", plan_layout_pu(l, i));
	struct prim_ctx c = {
		.layout = l, .workers = row->workers, .bound = plan_layout_binds(l),
		.omp_placed = env->omp_placed, .delay_iters = env->delay_iters,
		.exec_path = env->exec_path,
	};
	if (plan_bind(l, 0, err, sizeof(err)) < 0) {
		snprintf(row->status, sizeof(row->status), "failed: %s", err);
		rc = -1;
		goto out_unbind;
	}
	int ready = p->setup ? p->setup(p, &c, err, sizeof(err)) : 0;
	if (ready == PRIM_SKIP)
		snprintf(row->status, sizeof(row->status), "skipped: %s", err);
	else if (ready < 0)
		snprintf(row->status, sizeof(row->status), "failed: %s", err);
	else if (measure(cfg, env, &c, row) == 0)
		judge(env, row);
	rc = ready < 0 || strncmp(row->status, "failed", 6) == 0 ? -1 : 0;
	if (p->teardown)
		p->teardown(&c);
out_unbind:
	plan_unbind(l);
out_layout:
	plan_layout_free(l);
	return rc;
}

/* meta.json: fields of this command, then the machine (results.c). */
static int write_meta(const struct results *res, const char *status, const struct ovh_config *cfg,
		      const struct ovh_env *env, const char *const text[4],
		      const struct plan_machine *m)
{
	const struct results_field fields[] = {
		{ "status", status, 0 },
		{ "subcommand", "overheads", 0 },
		{ "date", text[0], 0 },
		{ "host", text[1], 0 },
		{ "command", text[2], 0 },
		{ "git", text[3], 0 },
		{ "profile", cfg->quick ? "quick" : "custom", 0 },
		{ "method", "EPCC: inner repetitions timed together until one go lasts the target; outer goes summarised by their median; a reference loop subtracted where the loop does work of its own", 0 },
		{ "reps", NULL, cfg->outer },
		{ "min_time_s", NULL, cfg->min_time },
		{ "warmup_s", NULL, cfg->warmup },
		{ "clock_res_ns", NULL, env->res * 1e9 },
		{ "clock_tick_ns", NULL, env->tick * 1e9 },
		{ "target_s", NULL, env->target },
		{ "delay_iters", NULL, (double)env->delay_iters },
		{ "delay_us", NULL, env->delay_us },
		{ "exec_program", env->exec_path, 0 },
	};
	return results_meta_fields(res, fields, sizeof(fields) / sizeof(fields[0]), m);
}

/* Ctrl-C and SIGTERM stop after the row in progress. */
static void catch_stop(void)
{
	signals_stop_install("row");
	signal(SIGPIPE, SIG_IGN);
}

/* Every primitive under --bind none and cores with 1 and 2 workers, each
 * row written and printed as it ends. Returns 1 when some row failed. */
static int walk(const struct ovh_config *cfg, const struct ovh_env *env, const struct plan *plan,
		struct rowcsv *csv)
{
	static const enum plan_policy binds[] = { PLAN_NONE, PLAN_CORES };
	int failed = 0;
	for (int i = 0; i < cfg->nprims && !signals_stopped() && !csv->failed; i++)
		for (int b = 0; b < 2 && !signals_stopped() && !csv->failed; b++)
			for (int w = 1; w <= 2 && !signals_stopped() && !csv->failed; w++) {
				struct ovh_row row = { .p = cfg->prims[i], .workers = w, .bind = binds[b],
						       .reference = NAN };
				failed |= one_row(cfg, env, plan, &row) < 0;
				if (signals_stopped() && row.st.n == 0)
					break;
				write_row(csv, &row);
				print_row(&row);
			}
	return failed;
}

int cmd_overheads(int argc, char **argv)
{
	struct ovh_config cfg;
	static struct ovh_env env;
	char err[512], home[PATH_MAX];
	struct plan_machine m;
	struct results res;
	int failed = 0;

	int rc = parse_options(argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	cfg = ovh_cfg;
	struct plan *plan = plan_open(err, sizeof(err));
	if (!plan)
		return cli_error("%s", err);
	plan_machine(plan, &m);
	find_paths(home, sizeof(home), env.exec_path, sizeof(env.exec_path));
	const char *pb = getenv("OMP_PROC_BIND"), *pl = getenv("OMP_PLACES");
	env.omp_placed = (pb && *pb) || (pl && *pl);

	struct cli_run_id id;
	cli_run_id(&id, home, cfg.out, "overheads", argc, argv);
	if (results_open(&res, id.dir, err, sizeof(err)) < 0) {
		plan_close(plan);
		return cli_error("%s", err);
	}
	const char *text[4] = { id.date, id.host, id.command, id.git };

	clock_tick(&env.res, &env.tick);
	env.target = fmax(1000 * env.tick, cfg.min_time);
	env.delay_iters = delay_calibrate(&env.delay_us);

	/* Before the first file: a signal from then on is caught. */
	catch_stop();
	FILE *csv = results_create(&res, "overheads.csv");
	struct rowcsv table = { 0 };
	if (!csv || rowcsv_begin(&table, csv, csv_columns) < 0 || results_topology(&res, plan, 1) < 0 ||
	    write_meta(&res, "running", &cfg, &env, text, &m) < 0) {
		static const char *const made[] = { "overheads.csv", "topology.txt", "topology.xml", "meta.json", NULL };
		if (table.error)
			errno = table.error;
		if (csv)
			fclose(csv);
		plan_close(plan);
		return results_begin_failed(&res, made);
	}
	printf("parbench: overheads into %s\n", id.dir);
	plan_describe(&m, stdout, "  ");
	printf("  clock: tick %.0f ns (clock_getres %.0f ns); one go lasts at least %.3g ms; %d outer goes per row\n",
	       env.tick * 1e9, env.res * 1e9, env.target * 1e3, cfg.outer);
	failed = walk(&cfg, &env, plan, &table);
	if (rowcsv_close(&table) < 0) {
		char status[600];
		results_failed_status(status, sizeof(status), "overheads.csv", table.error);
		fprintf(stderr, "parbench: %s in %s; the run stopped there, overheads.csv keeps the rows before\n",
			status + strlen("failed: "), id.dir);
		write_meta(&res, status, &cfg, &env, text, &m);
		plan_close(plan);
		return 1;
	}
	if (signals_stopped()) {
		write_meta(&res, "interrupted", &cfg, &env, text, &m);
		fprintf(stderr, "parbench: interrupted; %s/overheads.csv keeps the rows measured\n", id.dir);
		plan_close(plan);
		return 128 + signals_stopped();
	}
	if (write_meta(&res, "complete", &cfg, &env, text, &m) < 0) {
		fprintf(stderr, "parbench: cannot write meta.json in '%s': %s\n", id.dir, strerror(errno));
		plan_close(plan);
		return 1;
	}
	plan_close(plan);
	return cli_finish(home, id.dir, report_overheads, "overheads.csv", "overheads.md", "rows", cfg.report, failed);
}
