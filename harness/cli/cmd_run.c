/*
 * cmd_run.c - `parbench run`: its options are one table (run_opts) that
 * fills a struct bench_config, merged with the dimensions' options (each
 * from its entry in bench/dims.c's dim_table: name, help, parser) and the
 * runners' own. What is checked across options (a pattern a runner cannot
 * run, --payload without queue, ...) is checked after the table, before
 * anything is created; bench_run acts on the result.
 */
#define _GNU_SOURCE
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../bench/bench.h"
#include "../bench/dims.h"
#include "../bench/probe.h"
#include "../core/affinity.h"
#include "../core/cli.h"
#include "../core/options.h"
#include "../core/plan.h"
#include "../output/outputs.h"
#include "../output/report.h"
#include "cmd.h"

static struct bench_config config;
/* Options that act after the table: --pool once --runners is; and the
 * dimensions that keep their text (dim .later): --workers once max is
 * known, --size once --items is (they exclude each other). */
static struct { int pool; } later;

static int parse_order(const char *arg, void *ctx)
{
	(void)ctx;
	if (strcmp(arg, "interleaved") != 0 && strcmp(arg, "sequential") != 0)
		return cli_error("bad --order '%s': allowed are interleaved, sequential", arg);
	config.sequential = strcmp(arg, "sequential") == 0;
	return 0;
}

/* The options in --help's order. The dimensions' (dim_table, dim_options)
 * and the runners' own (runner_ops.options) are placed by name; one
 * placed nowhere is listed at the end. */
static const struct opt run_opts[] = {
	OPT_PLACE("kernels"),
	OPT_PLACE("runners"),
	OPT_PLACE("workers"),
	OPT_PLACE("size"),
	OPT_PLACE("items"),
	OPT_PLACE("bind"),
	OPT_STRING("topology", config.topology, "DIR", "a directory",
		"take hyperthreads from DIR/siblings.csv, as parbench\n"
		"topology measured them (pairs judged sibling or shared\n"
		"share a core), not from hwloc: --bind cores, threads\n"
		"and --compare-smt use them (where a VM hides SMT)"),
	OPT_STRING("cpus", config.cpus, "LIST", "a CPU list",
		"--bind cpus: worker i on the list's i-th CPU: 0,2,4-7\n"
		"(OS indexes, as taskset) or likwid's domains\n"
		"S0:0-3@S1:0-3 (S package, M NUMA node, C last-level\n"
		"cache, N machine); adds cpus to --bind (replacing\n"
		"the default none)"),
	OPT_STRING("mem", config.mem, "M", "a memory policy",
		"local | interleave | node:N: where the kernels' data\n"
		"goes on a machine with several NUMA nodes (hwloc's\n"
		"memory binding; default: the OS's first touch)"),
	OPT_FLAG("compare-smt", config.skip_unplaceable,
		"on a machine with hyperthreads, add --bind cores and\n"
		"threads for every worker count they can place"),
	OPT_PLACE("schedule"),
	OPT_PLACE("pattern"),
	OPT_PLACE("payload"),
	OPT_WHOLE("chunksize", config.chunksize, 1, 1L << 40, "N", "a whole number of items",
		"a pattern's chunk (default: map ceil(n / (4 x workers))\n"
		"as Pool.map; imap Python's 1, made coarser so that\n"
		"there are at most 4096 chunks)"),
	OPT_PLACE("collect"),
	OPT_WHOLE("init-cost", config.ropt.init_cost_ms, 0, 10000, "MS", "whole milliseconds",
		"Pool(initializer=...): each worker first builds a\n"
		"table with MS ms of CPU (0 to 10000; default 0 =\n"
		"none), in its own thread or process, before the\n"
		"start gate: it counts in spawn and cold time. Pools\n"
		"build it once per worker; serial once per run"),
	OPT_PLACE("init-in-parent"),
	OPT_WHOLE("fsync-every", kernel_write_fsync_every, 1, KERNEL_WRITE_FSYNC_MAX, "N",
		"a whole number of items",
		"the write kernel fsyncs its file every N items\n"
		"(1 to 1048576; default 1: every item)"),
	OPT_FLAG("touch-inherited", config.ropt.touch_inherited,
		"a forked worker writes every page of the kernel's\n"
		"inherited data (triad's inputs, chase's cycle) before\n"
		"the start gate, as CPython's reference counts do: it\n"
		"pays for its own copy (pss_kib, uss_kib show it)"),
	OPT_WHOLE("reps", config.reps, 1, 100000, "N", NULL,
		"measured repetitions per configuration, at least\n"
		"(default 5); more until they add up to --min-time,\n"
		"then until the 95 % confidence interval of the\n"
		"median is within +-1 % of it, at most 3 x N or\n"
		"2.5 x --min-time (--quick: N and --min-time only)"),
	OPT_DECIMAL("min-time", config.min_time, 0, 86400, "S", "seconds",
		"seconds the repetitions must add up to (default 0.2;\n"
		"0.05 with --quick); warm-up lasts a quarter of it"),
	OPT_WHOLE("warmup", config.warmup, 0, 1000, "N", NULL,
		"unmeasured runs before them, at least (default 1)"),
	OPT_FLAG("quick", config.quick,
		"small sizes, 3 repetitions (tests, a first look)"),
	OPT_PLACE("timeout"),
	OPT_STRING("profile", config.profile, "NAME", "a label",
		"a label for meta.json (make bench passes its PROFILE)"),
	OPT_STRING("out", config.out, "DIR", "a directory",
		"write the run's files into DIR\n"
		"(default results/<YYYYmmdd-HHMMSS>-<host>/)"),
	OPT_UNSET("no-report", config.report,
		"skip plots/, report.md and report.html"),
	OPT_PLACE("switch-interval"),
	OPT_PLACE("gil-unit"),
	OPT_PLACE("gil-mode"),
	OPT_PLACE("gil-check"),
	OPT_FLAG("trace", config.trace,
		"after each configuration's measured runs, one more\n"
		"run records every worker's timeline: trace.csv and\n"
		"plots/trace-*.png (not counted in the statistics)"),
	OPT_FLAG("pool", later.pool,
		"add pthreads-pool, fork-pool and spawn-pool: workers\n"
		"created once per configuration and fed every\n"
		"repetition"),
	OPT_CALLBACK("order", parse_order, NULL, "O",
		"interleaved (default: one run of each configuration\n"
		"in turn, round after round) | sequential"),
	OPT_FLAG("allow-short", config.allow_short,
		"keep runs shorter than 1000 x the clock's resolution\n"
		"(refused otherwise; they are still flagged)"),
	OPT_FLAG("strict-env", config.strict_env,
		"refuse the run (exit 2) when OMP_NUM_THREADS differs\n"
		"from a --workers count of openmp (default: a note in\n"
		"the warning column of each such row)"),
	OPT_FLAG("quiet", config.quiet,
		"no progress on stderr"),
	OPT_PLACE("test-crash-worker"),
	OPT_END,
};

/* run_opts with the dimensions' options and every runner's own merged in
 * by run_merge. */
#define RUN_MAX_OPTS 96
static struct opt run_table[RUN_MAX_OPTS];

static const struct opt_command run_command = {
	.name = "run",
	.usage =
	"usage: parbench run [options]\n"
	"Runs kernels x runners x workers x schedules, verifies every run against\n"
	"the kernel's reference checksum and writes samples.csv, summary.csv,\n"
	"meta.json, results.json, topology.xml, topology.txt, plots/, report.md and\n"
	"report.html.\n"
	"\n",
	.epilogue =
	"\n"
	"Exit status: 0 all verified, 1 some configuration failed (see summary.csv),\n"
	"2 bad input (nothing written) or an output that could not be written (the\n"
	"run stops; meta.json says failed).\n",
	.opts = run_table,
	.column = 26,
};

/* cfg's i-th runner. */
static const struct runner_ops *runner_at(const struct bench_config *cfg, int i)
{
	return cfg->dim[DIM_RUNNER].v[i].p;
}

/* --init-in-parent needs a cost and a runner that forks; the others keep
 * their initializer in the workers, and a note says so. Returns 0, or 2
 * after the one line on stderr. */
static int check_init_parent(const struct bench_config *cfg)
{
	char others[256] = "";
	size_t used = 0;
	int forks = 0;
	if (!cfg->ropt.init_cost_ms)
		return cli_error("--init-in-parent without --init-cost: there is no initializer to move into the parent (give --init-cost MS, 1 to 10000)");
	for (int r = 0; r < cfg->dim[DIM_RUNNER].n; r++) {
		if (runner_at(cfg, r)->init_in_parent)
			forks++;
		else if (used < sizeof(others))
			used += (size_t)snprintf(others + used, sizeof(others) - used, "%s%s",
						 used ? ", " : "", runner_at(cfg, r)->name);
	}
	if (!forks)
		return cli_error("--init-in-parent applies to fork and fork-pool, and --runners has neither");
	if (others[0] && !cfg->quiet)
		printf("parbench: note: --init-in-parent applies to fork and fork-pool only; %s run the initializer in their workers\n",
		       others);
	return 0;
}

/* --pool: each runner that creates workers per run and has a pooled
 * variant (its .pool) gets it next to it. */
static void add_pools(struct bench_config *cfg)
{
	struct dim_values *runners = &cfg->dim[DIM_RUNNER];
	union dim_value have[BENCH_MAX_LIST];
	int n = 0;
	for (int r = 0; r < runners->n && n < BENCH_MAX_LIST; r++) {
		const struct runner_ops *pooled = runner_at(cfg, r)->pool;
		int dup = 0;
		have[n++] = runners->v[r];
		if (!pooled)
			continue;
		for (int i = 0; i < runners->n; i++)
			dup |= runner_at(cfg, i) == pooled;
		if (!dup && n < BENCH_MAX_LIST)
			have[n++].p = pooled;
	}
	memcpy(runners->v, have, sizeof(have[0]) * (size_t)n);
	runners->n = n;
}


/* A runner named that sets kernels up again in a new process, with a
 * kernel named whose state a new process cannot rebuild: refused (from
 * "all", that pair is left out). 0, or 2 after the one line. */
static int check_rebuilds(void)
{
	for (int r = 0; r < config.dim[DIM_RUNNER].n && !config.runners_all; r++)
		for (int k = 0; runner_at(&config, r)->rebuilds && k < config.nkernels; k++) {
			const struct kernel_ops *kern = config.kernels[k];
			if (kern->process_local && !config.kernels_all)
				return cli_error("--runners %s cannot run kernel %s: %s", runner_at(&config, r)->name,
						 kern->name, kern->process_local);
		}
	return 0;
}

/* A runner named whose workers cannot reach a results table (.no_table)
 * is refused with any --pattern but none and any --collect but partial.
 * 0, or 2 after the one line. */
static int check_tables(void)
{
	const struct dim_values *patterns = &config.dim[DIM_PATTERN], *collects = &config.dim[DIM_COLLECT];
	for (int r = 0; r < config.dim[DIM_RUNNER].n && !config.runners_all; r++) {
		const char *why = runner_at(&config, r)->no_table;
		for (int p = 0; why && p < patterns->n; p++)
			if ((enum pattern_kind)patterns->v[p].i != PATTERN_NONE)
				return cli_error("--pattern %s cannot run under %s",
						 pattern_name((enum pattern_kind)patterns->v[p].i), why);
		for (int m = 0; why && m < collects->n; m++)
			if ((enum pattern_collect)collects->v[m].i != COLLECT_PARTIAL)
				return cli_error("--collect %s cannot run under %s",
						 pattern_collect_name((enum pattern_collect)collects->v[m].i), why);
	}
	return 0;
}

/* A runner named for a pattern or collect method it cannot run is
 * refused; from "all" it is left out of those configurations
 * (build_configs). 0, or 2 after the one line. */
static int check_patterns(void)
{
	if (check_tables())
		return 2;
	const struct dim_values *patterns = &config.dim[DIM_PATTERN], *collects = &config.dim[DIM_COLLECT];
	int nrunners = config.dim[DIM_RUNNER].n;
	for (int p = 0; p < patterns->n; p++)
		for (int r = 0; r < nrunners; r++)
			if (pattern_streams((enum pattern_kind)patterns->v[p].i) &&
			    runner_at(&config, r)->no_parent && !config.runners_all)
				return cli_error("--pattern %s cannot run under %s",
						 pattern_name((enum pattern_kind)patterns->v[p].i),
						 runner_at(&config, r)->no_parent);
	for (int c = 0; c < collects->n; c++) {
		enum pattern_collect collect = (enum pattern_collect)collects->v[c].i;
		for (int r = 0; r < nrunners; r++)
			if (pattern_needs_parent(PATTERN_NONE, collect) &&
			    runner_at(&config, r)->no_parent && !config.runners_all)
				return cli_error("--collect %s cannot run under %s",
						 pattern_collect_name(collect), runner_at(&config, r)->no_parent);
		for (int p = 0; p < patterns->n; p++)
			if (collect != COLLECT_PARTIAL && pattern_streams((enum pattern_kind)patterns->v[p].i))
				return cli_error("--collect %s with --pattern %s: its parent takes the results itself; give --collect with none or map",
						 pattern_collect_name(collect),
						 pattern_name((enum pattern_kind)patterns->v[p].i));
	}
	return 0;
}

/* Options that only mean something beside another: --init-in-parent,
 * --payload, --chunksize. 0, or 2 after the one line. */
static int check_companions(void)
{
	int queued = 0, chunked = 0;
	if (config.init_in_parent && check_init_parent(&config) != 0)
		return 2;
	const struct dim_values *patterns = &config.dim[DIM_PATTERN];
	for (int p = 0; p < patterns->n; p++) {
		queued |= patterns->v[p].i == PATTERN_QUEUE;
		chunked |= patterns->v[p].i != PATTERN_NONE;
	}
	if (config.dim[DIM_PAYLOAD].n && !queued)
		return cli_error("--payload %s without --pattern queue: it sets the queue's message size",
				 config.dim[DIM_PAYLOAD].text);
	if (config.chunksize && !chunked)
		return cli_error("--chunksize %zu without --pattern: it sets a pattern's chunk (--schedule dynamic:CHUNK sets the schedule's)",
				 config.chunksize);
	return 0;
}

/* --size after --items is known: they exclude each other. */
static int apply_size(const char *size)
{
	if (dim_sizes(size, &config) != 0)
		return 2;
	if (config.items || config.nitem_list)
		return cli_error("--size and --items both given: --items sets every kernel's items, choose one");
	config.size_text = size;
	for (int i = 0; i < config.nkernels; i++)
		if (!config.kernels[i]->item_bytes)
			printf("parbench: note: %s has no data set, so --size does not apply to it; it runs %zu items (--items sets them)\n",
			       config.kernels[i]->name,
			       config.quick ? config.kernels[i]->quick_items : config.kernels[i]->default_items);
	return 0;
}

/* Builds run_table: run_opts, the dimensions' options (filling config)
 * and the runners' own options (filling config.ropt). 0, or 2 after the
 * line. */
static int run_merge(void)
{
	static struct opt dims[DIM_MAX + 1];
	const struct opt *more[BENCH_MAX_LIST];
	int n = 0;
	if (dim_options(dims, DIM_MAX + 1, &config) < 0)
		return cli_error("run: more dimensions than DIM_MAX");
	more[n++] = dims;
	for (const struct runner_ops *const *r = runner_table; *r && n < BENCH_MAX_LIST; r++)
		if ((*r)->options)
			more[n++] = (*r)->options;
	return opt_merge(run_table, RUN_MAX_OPTS, run_opts, more, n, &config.ropt) < 0 ? 2 : 0;
}

/* Each runner's settings against the largest --workers (runner_ops.check).
 * 0, or 2 after the line. */
static int check_runner_options(void)
{
	const struct dim_values *workers = &config.dim[DIM_WORKERS];
	int max = 1;
	for (int i = 0; i < workers->n; i++)
		max = (int)workers->v[i].i > max ? (int)workers->v[i].i : max;
	for (const struct runner_ops *const *r = runner_table; *r; r++)
		if ((*r)->check && (*r)->check(&config.ropt, max) != 0)
			return 2;
	return 0;
}

/* The defaults before the table: every kernel and runner, static, no
 * binding, one warm-up, each runner's own settings (its .defaults). */
static int run_defaults(int max_workers)
{
	int rc = dim_kernels("all", &config);
	rc = rc ? rc : dim_runners("all", &config);
	config.dim[DIM_SCHEDULE].n = 1;
	config.dim[DIM_SCHEDULE].v[0].s = (struct schedule){ SPLIT_STATIC, 0 };
	config.dim[DIM_BIND].n = 1;
	config.dim[DIM_BIND].v[0].i = PLAN_NONE;
	config.warmup = 1;
	config.report = 1;
	runner_options_default(&config.ropt);
	config.min_time = -1;
	config.max_workers = max_workers;
	return rc;
}

/* Fills cfg from argv (the machine's ladder: --workers when it is not
 * given; --topology sets plan's siblings and m again); returns 0,
 * 2 on bad input, or OPT_HELP after --help. */
static int parse_run(int argc, char **argv, int max_workers, struct plan *plan,
		     struct plan_machine *m)
{
	char ladder[256], err[PATH_MAX + 256];
	int rc = run_defaults(max_workers);
	rc = rc ? rc : run_merge();
	rc = rc ? rc : opt_parse(&run_command, argc, argv, NULL, 0, NULL);
	if (rc)
		return rc;
	/* --topology: measured siblings make the cores (the ladder, --bind
	 * cores and threads, --compare-smt). */
	if (config.topology) {
		if (plan_set_siblings(plan, config.topology, err, sizeof(err)) < 0)
			return cli_error("%s", err);
		plan_machine(plan, m);
	}
	plan_ladder_text(m, max_workers, ladder, sizeof(ladder));
	if (later.pool)
		add_pools(&config);
	if ((rc = check_patterns()) != 0 || (rc = check_companions()) != 0 || (rc = check_rebuilds()) != 0)
		return rc;
	if (config.dim[DIM_SIZE].text && apply_size(config.dim[DIM_SIZE].text) != 0)
		return 2;
	/* Default: the machine's ladder (plan_ladder: 1, 2, 4, ... cores, PUs). */
	const char *workers = config.dim[DIM_WORKERS].text;
	rc = dim_workers(workers ? workers : ladder, &config);
	rc = rc ? rc : check_runner_options();
	config.reps_fixed = config.reps > 0 || config.quick;
	config.reps = config.reps > 0 ? config.reps : config.quick ? 3 : 5;
	/* A quarter to half a second per configuration: 0.2 s measured at
	 * least (0.5 s at most unless runs are long: bench/reps.h), 0.05 s
	 * warm-up. */
	if (config.min_time < 0)
		config.min_time = config.quick ? 0.05 : 0.2;
	if (!config.profile)
		config.profile = config.quick ? "quick" : "custom";
	return rc;
}

/* --strict-env: OMP_NUM_THREADS (a runner's threads_env) that a --workers
 * count overrides refuses the run; without it each such row says so.
 * 0, or 2 after the line. */
static int check_env(const struct bench_config *cfg)
{
	const struct dim_values *workers = &cfg->dim[DIM_WORKERS];
	char note[200];
	for (int r = 0; r < cfg->dim[DIM_RUNNER].n; r++)
		for (int w = 0; w < workers->n; w++)
			if (bench_env_threads(runner_at(cfg, r), (int)workers->v[w].i, note, sizeof(note))) {
				if (cfg->strict_env)
					return cli_error("%s (--strict-env: give --workers %s or unset it)", note,
							 getenv(runner_at(cfg, r)->threads_env));
				if (!cfg->quiet)
					printf("parbench: note: %s; each such row says so in summary.csv's warning column\n", note);
				return 0;
			}
	return 0;
}

/* --cpus: the list on the plan, and cpus among the --bind values (instead
 * of the default none). 0, or 2 after the line. */
static int check_cpus(struct plan *plan, struct bench_config *cfg)
{
	char err[512];
	struct dim_values *binds = &cfg->dim[DIM_BIND];
	int seen = 0;
	if (!cfg->cpus)
		return 0;
	if (plan_set_cpus(plan, cfg->cpus, err, sizeof(err)) < 0)
		return cli_error("%s", err);
	if (binds->n == 1 && binds->v[0].i == PLAN_NONE)
		binds->n = 0;
	for (int b = 0; b < binds->n; b++)
		seen |= binds->v[b].i == PLAN_CPUS;
	if (!seen)
		binds->v[binds->n++].i = PLAN_CPUS;
	return 0;
}

/* Placement, sizes and memory must work for every configuration before
 * anything runs; OpenMP's own placement variables take precedence for the
 * openmp runner. */
static int check_run(struct plan *plan, const struct plan_machine *m,
			   struct bench_config *cfg)
{
	char err[512];
	struct dim_values *binds = &cfg->dim[DIM_BIND];
	int binding = 0, openmp = 0;
	if (check_cpus(plan, cfg))
		return 2;
	struct plan_mem mem;
	if (cfg->mem && plan_mem_parse(plan, cfg->mem, &mem, err, sizeof(err)) < 0)
		return cli_error("%s", err);
	if (cfg->topology && !cfg->quiet)
		printf("parbench: note: cores: %s\n", plan_siblings_source(plan));
	if (cfg->skip_unplaceable) {
		if (m->cores > 0 && m->pus > m->cores) {
			enum plan_policy add[2] = { PLAN_CORES, PLAN_THREADS };
			for (int a = 0; a < 2; a++) {
				int seen = 0;
				for (int b = 0; b < binds->n; b++)
					seen |= binds->v[b].i == add[a];
				if (!seen) {
					binds->v[binds->n++].i = add[a];
					cfg->smt_added |= 1u << add[a];
				}
			}
		} else {
			printf("parbench: note: no hyperthreads here (%d PU%s on %d core%s): --compare-smt has nothing to compare (a VM may hide them: --topology DIR takes those parbench topology measured)\n",
			       m->pus, m->pus == 1 ? "" : "s", m->cores, m->cores == 1 ? "" : "s");
			cfg->skip_unplaceable = 0;
		}
	}
	if (bench_check(cfg, plan, err, sizeof(err)) < 0)
		return cli_error("%s", err);
	for (int b = 0; b < binds->n; b++)
		binding |= binds->v[b].i != PLAN_NONE;
	const char *placer = "";
	for (int r = 0; r < cfg->dim[DIM_RUNNER].n; r++)
		if (runner_at(cfg, r)->self_placing && !openmp++)
			placer = runner_at(cfg, r)->name;
	const char *pb = getenv("OMP_PROC_BIND"), *pl = getenv("OMP_PLACES");
	const char *ga = getenv("GOMP_CPU_AFFINITY");   /* libgomp's older form of OMP_PLACES */
	cfg->ropt.omp_placed = (pb && *pb) || (pl && *pl) || (ga && *ga);
	if (cfg->ropt.omp_placed && openmp)
		printf("parbench: note: OMP_PROC_BIND='%s' OMP_PLACES='%s'%s%s%s: the OpenMP runtime places %s's threads%s\n",
		       pb ? pb : "", pl ? pl : "", ga && *ga ? " GOMP_CPU_AFFINITY='" : "", ga && *ga ? ga : "",
		       ga && *ga ? "'" : "", placer, binding ? "; --bind applies to the other runners only" : "");
	if (*affinity_pinned_list())
		printf("parbench: note: the OpenMP runtime pinned the main thread to CPU(s) %s at start-up; parbench gave it back %s for the other runners\n",
		       affinity_pinned_list(), affinity_startup_list());
	if (check_env(cfg))
		return 2;
	if (binding && m->synthetic)
		printf("parbench: note: binding skipped: the topology is not this machine (HWLOC_SYNTHETIC or HWLOC_XMLFILE)\n");
	return 0;
}

static void join_command(int argc, char **argv, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < argc && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? " " : "parbench ", argv[i]);
}

int cmd_run(int argc, char **argv)
{
	char home[PATH_MAX], command[4096], err[256];
	struct plan_machine m;

	struct plan *plan = plan_open(err, sizeof(err));
	if (!plan)
		return cli_error("%s", err);
	plan_machine(plan, &m);

	int max = m.usable_pus < 1 ? 1 : m.usable_pus;
	if (m.synthetic)
		printf("parbench: note: the topology comes from HWLOC_SYNTHETIC or HWLOC_XMLFILE, not this machine: 'max' (%d) and meta.json describe it, the runs happen here\n",
		       max);
	else if (m.usable_pus < m.pus)
		printf("parbench: note: this process may run on %d of the %d PUs (CPU affinity): 'max' is %d\n",
		       m.usable_pus, m.pus, max);
	if (max > RUNNER_MAX_WORKERS) {
		printf("parbench: note: hwloc sees %d PUs; 'max' means %d, the most workers parbench runs\n",
		       max, RUNNER_MAX_WORKERS);
		max = RUNNER_MAX_WORKERS;
	}
	int rc = parse_run(argc, argv, max, plan, &m);
	if (rc == 0)
		rc = check_run(plan, &m, &config);
	plan_close(plan);
	if (rc)
		return rc < 0 ? 0 : rc;
	/* Sizes that suit the machine (no --items, --size, --quick): a setup
	 * that fails here fails again, with its rows, in the run. */
	if (probe_sizes(&config, err, sizeof(err)) < 0 && !config.quiet)
		printf("parbench: note: a kernel could not be probed, it keeps its default size: %s\n", err);
	cli_home(home, sizeof(home));
	join_command(argc, argv, command, sizeof(command));
	config.home = home;
	config.command = command;
	config.report_fn = report_redraw;
	config.outputs = outputs_run;
	return bench_run(&config);
}

