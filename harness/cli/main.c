/*
 * main.c - the command line: a table of subcommands; `run`'s options are
 * parsed into a struct bench_config by one function and acted on by
 * bench_run. Bad input gets one line on stderr naming the value and what is
 * allowed, and exit status 2, before anything is created.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../bench/bench.h"
#include "../core/cli.h"
#include "compare.h"
#include "../output/outputs.h"
#include "../studies/convoy.h"
#include "../studies/demo.h"
#include "../studies/overheads.h"
#include "../core/plan.h"
#include "../core/size.h"

/* The repository the binary was built in: <home>/build/parbench. */
static void find_home(char *home, size_t len)
{
	char exe[PATH_MAX];
	const char *env = getenv("PARBENCH_HOME");
	if (env && *env) {
		snprintf(home, len, "%s", env);
		return;
	}
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0) {
		snprintf(home, len, ".");
		return;
	}
	exe[n] = '\0';
	char *dir = dirname(exe);                 /* .../build */
	if (strcmp(basename(dir), "build") == 0)
		dir = dirname(dir);
	snprintf(home, len, "%s", dir);
}

/* A plain decimal number, all of text, in [lo, hi]. */
static int parse_decimal(const char *text, double lo, double hi, double *out)
{
	size_t used = size_decimal(text, out);
	return used && !text[used] && *out >= lo && *out <= hi ? 0 : -1;
}

/* A whole number of digits only (no sign, no spaces) in [lo, hi]. */
static int parse_whole(const char *text, long long lo, long long hi, long long *out)
{
	char *end;
	if (*text < '0' || *text > '9')
		return -1;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (*end || errno || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static void list_names(char *buf, size_t len, int kernels)
{
	size_t used = 0;
	buf[0] = '\0';
	if (kernels)
		for (const struct kernel_ops *const *k = kernel_table; *k; k++)
			used += (size_t)snprintf(buf + used, len - used, "%s, ", (*k)->name);
	else
		for (const struct runner_ops *const *r = runner_table; *r; r++)
			used += (size_t)snprintf(buf + used, len - used, "%s, ", (*r)->name);
	snprintf(buf + used, len - used, "all");
}

/* Kernels run in the order named, each once. */
static int parse_kernels(const char *arg, struct bench_config *cfg)
{
	char allowed[256], buf[1024], *tok[BENCH_MAX_LIST];
	int n = cli_list("--kernels", arg, buf, sizeof(buf), tok, BENCH_MAX_LIST);
	if (n < 0)
		return 2;
	cfg->nkernels = 0;
	for (int t = 0; t < n; t++) {
		for (const struct kernel_ops *const *k = kernel_table; *k; k++) {
			int seen = 0;
			if (strcmp(tok[t], "all") != 0 && strcmp(tok[t], (*k)->name) != 0)
				continue;
			for (int i = 0; i < cfg->nkernels; i++)
				seen |= cfg->kernels[i] == *k;
			if (!seen)
				cfg->kernels[cfg->nkernels++] = *k;
		}
		if (strcmp(tok[t], "all") != 0 && !kernel_find(tok[t])) {
			list_names(allowed, sizeof(allowed), 1);
			return cli_error("unknown kernel '%s': allowed are %s", tok[t], allowed);
		}
	}
	return 0;
}

/* Runners keep table order whatever order they were named in: serial first. */
static int parse_runners(const char *arg, struct bench_config *cfg)
{
	char allowed[256], buf[1024], *tok[BENCH_MAX_LIST];
	int want[BENCH_MAX_LIST] = { 0 };
	int n = cli_list("--runners", arg, buf, sizeof(buf), tok, BENCH_MAX_LIST);
	if (n < 0)
		return 2;
	for (int t = 0; t < n; t++) {
		int found = 0;
		for (int i = 0; runner_table[i]; i++) {
			/* "all" is every runner that creates its workers per run; the
			 * pooled ones come with --pool or by name. */
			if ((strcmp(tok[t], "all") == 0 && !runner_table[i]->pooled) ||
			    strcmp(tok[t], runner_table[i]->name) == 0) {
				want[i] = 1;
				found = 1;
			}
		}
		if (!found) {
			list_names(allowed, sizeof(allowed), 0);
			return cli_error("unknown runner '%s': allowed are %s", tok[t], allowed);
		}
	}
	cfg->nrunners = 0;
	cfg->runners_all = 0;
	for (int t = 0; t < n; t++)
		cfg->runners_all |= strcmp(tok[t], "all") == 0;
	for (int i = 0; runner_table[i]; i++)
		if (want[i])
			cfg->runners[cfg->nrunners++] = runner_table[i];
	return 0;
}

static int worker_count(const char *text, int max, long long *out)
{
	if (strcmp(text, "max") == 0) {
		*out = max;
		return 0;
	}
	return parse_whole(text, 1, RUNNER_MAX_WORKERS, out);
}

/* Worker counts: a list of counts and ranges; sorted, each once. */
static int parse_workers(const char *arg, int max, struct bench_config *cfg)
{
	char buf[1024], *tok[RUNNER_MAX_WORKERS];
	int want[RUNNER_MAX_WORKERS + 1] = { 0 };
	int n = cli_list("--workers", arg, buf, sizeof(buf), tok, RUNNER_MAX_WORKERS);
	if (n < 0)
		return 2;
	for (int t = 0; t < n; t++) {
		long long lo, hi;
		char *dash = strchr(tok[t], '-');
		if (dash)
			*dash = '\0';
		if (worker_count(tok[t], max, &lo) < 0 ||
		    (dash ? worker_count(dash + 1, max, &hi) : (hi = lo, 0)) < 0 || hi < lo)
			return cli_error("bad --workers '%s': expected counts from 1 to %d as a list or ranges (1,2,4 or 1-4 or 1-max; max = %d here)",
					   arg, RUNNER_MAX_WORKERS, max);
		for (long long w = lo; w <= hi; w++)
			want[w] = 1;
	}
	cfg->nworkers = 0;
	for (int w = 1; w <= RUNNER_MAX_WORKERS; w++)
		if (want[w])
			cfg->workers[cfg->nworkers++] = w;
	return 0;
}

/* Sizes in the order named (a list makes a sweep). */
static int parse_sizes(const char *arg, struct bench_config *cfg)
{
	static char buf[8192];
	char err[256], *tok[BENCH_MAX_SIZES];
	int n = cli_list("--size", arg, buf, sizeof(buf), tok, BENCH_MAX_SIZES);
	if (n < 0)
		return 2;
	cfg->nsizes = 0;
	for (int t = 0; t < n; t++) {
		struct size_spec z;
		int seen = 0;
		if (size_spec_parse(tok[t], &z, err, sizeof(err)) < 0)
			return cli_error("%s", err);
		for (int i = 0; i < cfg->nsizes; i++)
			seen |= cfg->sizes[i].level == z.level && cfg->sizes[i].factor == z.factor &&
				cfg->sizes[i].bytes == z.bytes;
		if (!seen)
			cfg->sizes[cfg->nsizes++] = z;
	}
	return 0;
}

/* Placement policies in the order named, each once. */
static int parse_binds(const char *arg, struct bench_config *cfg)
{
	char err[256], buf[256], *tok[8];
	int n = cli_list("--bind", arg, buf, sizeof(buf), tok, 8);
	if (n < 0)
		return 2;
	cfg->nbinds = 0;
	for (int t = 0; t < n; t++) {
		enum plan_policy p;
		int seen = 0;
		if (plan_policy_parse(tok[t], &p, err, sizeof(err)) < 0)
			return cli_error("%s", err);
		for (int i = 0; i < cfg->nbinds; i++)
			seen |= cfg->binds[i] == p;
		if (!seen)
			cfg->binds[cfg->nbinds++] = p;
	}
	return 0;
}

/* Patterns in the order named, each once. */
static int parse_patterns(const char *arg, struct bench_config *cfg)
{
	char buf[1024], *tok[BENCH_MAX_LIST];
	int n = cli_list("--pattern", arg, buf, sizeof(buf), tok, BENCH_MAX_LIST);
	if (n < 0)
		return 2;
	cfg->npatterns = 0;
	for (int t = 0; t < n; t++) {
		enum pattern_kind p;
		int seen = 0;
		if (pattern_parse(tok[t], &p) < 0)
			return cli_error("unknown --pattern '%s': allowed are none, map, imap, imap_unordered, queue",
					 tok[t]);
		for (int i = 0; i < cfg->npatterns; i++)
			seen |= cfg->patterns[i] == p;
		if (!seen)
			cfg->patterns[cfg->npatterns++] = p;
	}
	cfg->pattern_text = arg;
	return 0;
}

/* --payload: queue's message sizes in the order named, each once; plain
 * bytes or with a suffix (64KiB), 0 to PATTERN_MAX_PAYLOAD. */
static int parse_payloads(const char *arg, struct bench_config *cfg)
{
	char buf[1024], err[256], *tok[BENCH_MAX_LIST];
	int n = cli_list("--payload", arg, buf, sizeof(buf), tok, BENCH_MAX_LIST);
	if (n < 0)
		return 2;
	cfg->npayloads = 0;
	for (int t = 0; t < n; t++) {
		size_t b;
		int seen = 0;
		if ((strcmp(tok[t], "0") != 0 && size_parse(tok[t], &b, err, sizeof(err)) < 0) ||
		    (strcmp(tok[t], "0") != 0 && b > PATTERN_MAX_PAYLOAD))
			return cli_error("bad --payload '%s': expected bytes from 0 to 1MiB (e.g. 64, 64KiB)",
					 tok[t]);
		if (strcmp(tok[t], "0") == 0)
			b = 0;
		for (int i = 0; i < cfg->npayloads; i++)
			seen |= cfg->payloads[i] == b;
		if (!seen)
			cfg->payloads[cfg->npayloads++] = b;
	}
	cfg->payload_text = arg;
	return 0;
}

/* Collection methods in the order named, each once. */
static int parse_collects(const char *arg, struct bench_config *cfg)
{
	char buf[1024], *tok[BENCH_MAX_LIST];
	int n = cli_list("--collect", arg, buf, sizeof(buf), tok, BENCH_MAX_LIST);
	if (n < 0)
		return 2;
	cfg->ncollects = 0;
	for (int t = 0; t < n; t++) {
		enum pattern_collect c;
		int seen = 0;
		if (pattern_collect_parse(tok[t], &c) < 0)
			return cli_error("unknown --collect '%s': allowed are partial, shared, messages", tok[t]);
		for (int i = 0; i < cfg->ncollects; i++)
			seen |= cfg->collects[i] == c;
		if (!seen)
			cfg->collects[cfg->ncollects++] = c;
	}
	cfg->collect_text = arg;
	return 0;
}

/* Schedules in the order named, each once. */
static int parse_schedules(const char *arg, struct bench_config *cfg)
{
	char err[256], buf[1024], *tok[BENCH_MAX_LIST];
	int n = cli_list("--schedule", arg, buf, sizeof(buf), tok, BENCH_MAX_LIST);
	if (n < 0)
		return 2;
	cfg->nscheds = 0;
	for (int t = 0; t < n; t++) {
		struct schedule s;
		int seen = 0;
		if (split_parse(tok[t], &s, err, sizeof(err)) < 0)
			return cli_error("%s", err);
		for (int i = 0; i < cfg->nscheds; i++)
			seen |= cfg->scheds[i].kind == s.kind && cfg->scheds[i].chunk == s.chunk;
		if (!seen)
			cfg->scheds[cfg->nscheds++] = s;
	}
	return 0;
}

static const char run_help[] =
	"usage: parbench run [options]\n"
	"Runs kernels x runners x workers x schedules, verifies every run against\n"
	"the kernel's reference checksum and writes samples.csv, summary.csv,\n"
	"meta.json, topology.xml, plots/ and report.md.\n"
	"\n"
	"  --kernels a,b|all       kernels to run (default all; see parbench list)\n"
	"  --runners a,b|all       execution models (default all)\n"
	"  --workers 1,2,4|1-4|max worker counts (default 1,2,4,... and max;\n"
	"                          max = the PUs hwloc sees)\n"
	"  --size SIZE             data set for kernels that have one (triad, read):\n"
	"                          bytes (4096, 64KiB, 1.5MiB, 2GiB) or cache-relative\n"
	"                          ([F*]L1, L2, L3, DRAM: each worker's slice fills F of\n"
	"                          its share of that cache; DRAM = F x 4 x all last-level\n"
	"                          cache); default: the kernel's own\n"
	"  --items N[,N...]        items for every kernel (instead of --size); a list\n"
	"                          runs each count (as parbench breakeven does)\n"
	"  --bind P[,P]            none | cores | threads | spread (default none):\n"
	"                          pin each worker to a PU (see parbench plan)\n"
	"  --compare-smt           on a machine with hyperthreads, add --bind cores and\n"
	"                          threads for every worker count they can place\n"
	"  --schedule S[,S]        static | dynamic | dynamic:CHUNK (default static);\n"
	"                          dynamic's default chunk is ceil(n / (4 x workers))\n"
	"  --pattern P[,P]         none (default) | map | imap | imap_unordered: Python's\n"
	"                          Pool.map / imap / imap_unordered: workers take chunks\n"
	"                          as they free up, each chunk's result lands in a\n"
	"                          results table in shared memory (map: input order);\n"
	"                          under imap the parent consumes them in input order,\n"
	"                          under imap_unordered in completion order, while the\n"
	"                          workers run (first_result_s, parent_wait_s);\n"
	"                          queue: Process + Queue, the parent sends one task\n"
	"                          message per chunk into a bounded queue and takes the\n"
	"                          results back from another while the workers run\n"
	"                          (tasks_per_s)\n"
	"  --payload B[,B]         queue: bytes each task and result message carries\n"
	"                          (default 64; 0 to 1MiB; a list adds a dimension)\n"
	"  --chunksize N           a pattern's chunk (default: map ceil(n / (4 x workers))\n"
	"                          as Pool.map; imap Python's 1, made coarser so that\n"
	"                          there are at most 4096 chunks)\n"
	"  --collect C[,C]         partial (default: private partials, combined at the\n"
	"                          end) | shared (each task's result written into one\n"
	"                          table under one process-shared lock: Manager().dict())\n"
	"                          | messages (each result sent to the parent over a\n"
	"                          pipe, read during the run: a Queue); with pattern\n"
	"                          none or map (imap's parent reads the table itself)\n"
	"  --init-cost MS          Pool(initializer=...): each worker first builds a\n"
	"                          table with MS ms of CPU (0 to 10000; default 0 =\n"
	"                          none), in its own thread or process, before the\n"
	"                          start gate: it counts in spawn and cold time. Pools\n"
	"                          build it once per worker; serial once per run\n"
	"  --init-in-parent        with --init-cost: fork and fork-pool also run with\n"
	"                          the table built once in the parent before forking\n"
	"                          (children inherit it); other runners are unchanged\n"
	"  --reps N                measured repetitions per configuration, at least\n"
	"                          (default 5); more until they add up to --min-time\n"
	"  --min-time S            seconds the repetitions must add up to (default 0.4;\n"
	"                          0.05 with --quick); warm-up lasts a quarter of it\n"
	"  --warmup N              unmeasured runs before them, at least (default 1)\n"
	"  --quick                 small sizes, 3 repetitions (tests, a first look)\n"
	"  --timeout S             a fork run still going after S seconds is killed and\n"
	"                          fails (default 600)\n"
	"  --profile NAME          a label for meta.json (make bench passes its PROFILE)\n"
	"  --out DIR               write the run's files into DIR\n"
	"                          (default results/<YYYYmmdd-HHMMSS>-<host>/)\n"
	"  --no-report             skip plots/ and report.md\n"
	"  --switch-interval MS    gil: switch interval in ms (default 5)\n"
	"  --gil-unit N            gil: items between two checks of the drop request (default 64)\n"
	"  --gil-mode M            gil: new (CPython 3.2+, default) | old (before 3.2:\n"
	"                          release every --gil-check units) | new-noforce (no\n"
	"                          forced switching) | io-priority (a thread back from a\n"
	"                          blocking call asks for the lock at once)\n"
	"  --gil-check N           gil old mode: units between two releases (default 100)\n"
	"  --trace                 after each configuration's measured runs, one more\n"
	"                          run records every worker's timeline: trace.csv and\n"
	"                          plots/trace-*.png (not counted in the statistics)\n"
	"  --pool                  add pthreads-pool and fork-pool: workers created once\n"
	"                          per configuration and fed every repetition\n"
	"  --order O               interleaved (default: one run of each configuration\n"
	"                          in turn, round after round) | sequential\n"
	"  --allow-short           keep runs shorter than 1000 x the clock's resolution\n"
	"                          (refused otherwise; they are still flagged)\n"
	"  --quiet                 no progress on stderr\n"
	"  --test-crash-worker I   test hook: fork worker I dies of SIGSEGV\n"
	"\n"
	"Exit status: 0 all verified, 1 some configuration failed (see summary.csv),\n"
	"2 bad input (nothing written).\n";

enum {
	OPT_KERNELS = 256, OPT_RUNNERS, OPT_WORKERS, OPT_SIZE, OPT_ITEMS, OPT_SCHEDULE,
	OPT_REPS, OPT_WARMUP, OPT_QUICK, OPT_OUT, OPT_NO_REPORT, OPT_SWITCH, OPT_GIL_UNIT,
	OPT_CRASH, OPT_HELP, OPT_MIN_TIME, OPT_TIMEOUT, OPT_PROFILE, OPT_BIND, OPT_SMT,
	OPT_ORDER, OPT_POOL, OPT_QUIET, OPT_ALLOW_SHORT, OPT_GIL_MODE, OPT_GIL_CHECK, OPT_TRACE,
	OPT_PATTERN, OPT_CHUNKSIZE, OPT_COLLECT, OPT_INIT_COST, OPT_INIT_PARENT, OPT_PAYLOAD,
};

static const struct option run_options[] = {
	{ "kernels", required_argument, NULL, OPT_KERNELS },
	{ "runners", required_argument, NULL, OPT_RUNNERS },
	{ "workers", required_argument, NULL, OPT_WORKERS },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "items", required_argument, NULL, OPT_ITEMS },
	{ "schedule", required_argument, NULL, OPT_SCHEDULE },
	{ "pattern", required_argument, NULL, OPT_PATTERN },
	{ "chunksize", required_argument, NULL, OPT_CHUNKSIZE },
	{ "collect", required_argument, NULL, OPT_COLLECT },
	{ "payload", required_argument, NULL, OPT_PAYLOAD },
	{ "reps", required_argument, NULL, OPT_REPS },
	{ "warmup", required_argument, NULL, OPT_WARMUP },
	{ "quick", no_argument, NULL, OPT_QUICK },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "no-report", no_argument, NULL, OPT_NO_REPORT },
	{ "switch-interval", required_argument, NULL, OPT_SWITCH },
	{ "gil-unit", required_argument, NULL, OPT_GIL_UNIT },
	{ "test-crash-worker", required_argument, NULL, OPT_CRASH },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "min-time", required_argument, NULL, OPT_MIN_TIME },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "bind", required_argument, NULL, OPT_BIND },
	{ "compare-smt", no_argument, NULL, OPT_SMT },
	{ "order", required_argument, NULL, OPT_ORDER },
	{ "pool", no_argument, NULL, OPT_POOL },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "allow-short", no_argument, NULL, OPT_ALLOW_SHORT },
	{ "gil-mode", required_argument, NULL, OPT_GIL_MODE },
	{ "gil-check", required_argument, NULL, OPT_GIL_CHECK },
	{ "trace", no_argument, NULL, OPT_TRACE },
	{ "init-cost", required_argument, NULL, OPT_INIT_COST },
	{ "init-in-parent", no_argument, NULL, OPT_INIT_PARENT },
	{ NULL, 0, NULL, 0 },
};

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
	for (int r = 0; r < cfg->nrunners; r++) {
		if (cfg->runners[r]->init_in_parent)
			forks++;
		else if (used < sizeof(others))
			used += (size_t)snprintf(others + used, sizeof(others) - used, "%s%s",
						 used ? ", " : "", cfg->runners[r]->name);
	}
	if (!forks)
		return cli_error("--init-in-parent applies to fork and fork-pool, and --runners has neither");
	if (others[0] && !cfg->quiet)
		printf("parbench: note: --init-in-parent applies to fork and fork-pool only; %s run the initializer in their workers\n",
		       others);
	return 0;
}

/* --pool: each runner that creates workers per run and has a pooled
 * variant (<name>-pool) gets it next to it. */
static void add_pools(struct bench_config *cfg)
{
	const struct runner_ops *have[BENCH_MAX_LIST];
	int n = 0;
	for (int r = 0; r < cfg->nrunners && n < BENCH_MAX_LIST; r++) {
		char name[64];
		const struct runner_ops *pooled;
		int dup = 0;
		have[n++] = cfg->runners[r];
		snprintf(name, sizeof(name), "%s-pool", cfg->runners[r]->name);
		if (!(pooled = runner_find(name)))
			continue;
		for (int i = 0; i < cfg->nrunners; i++)
			dup |= cfg->runners[i] == pooled;
		if (!dup && n < BENCH_MAX_LIST)
			have[n++] = pooled;
	}
	memcpy(cfg->runners, have, sizeof(have[0]) * (size_t)n);
	cfg->nrunners = n;
}

/* Fills cfg from argv; returns 0, 2 on bad input, or -1 after --help. */
static int parse_run(int argc, char **argv, int max_workers, struct bench_config *cfg)
{
	char *workers = NULL, *size = NULL;
	long long v;
	int reps = -1, opt, pool = 0;
	int rc = parse_kernels("all", cfg);
	rc = rc ? rc : parse_runners("all", cfg);
	if (rc)
		return rc;
	cfg->nscheds = 1;
	cfg->scheds[0] = (struct schedule){ SPLIT_STATIC, 0 };
	cfg->nbinds = 1;
	cfg->binds[0] = PLAN_NONE;
	cfg->warmup = 1;
	cfg->report = 1;
	cfg->ropt = (struct runner_options){ .switch_interval = 0.005, .gil_unit = 64,
					     .gil_mode = GIL_NEW, .gil_check = 100,
					     .crash_worker = -1 };
	cfg->min_time = -1;
	cfg->ropt.timeout = 600;
	opterr = 0;
	optind = 1;
	int idx = -1;
	/* "+": stop at the first word that is not an option, and say so below. */
	for (const char *arg = argv[1];
	     (opt = getopt_long(argc, argv, "+:", run_options, &idx)) != -1;
	     arg = optind < argc ? argv[optind] : NULL, idx = -1) {
		/* getopt takes abbreviations (--kern); parbench wants whole names. */
		if (idx >= 0 && arg && strncmp(arg, "--", 2) == 0 &&
		    (strncmp(arg + 2, run_options[idx].name, strlen(run_options[idx].name)) != 0 ||
		     (arg[2 + strlen(run_options[idx].name)] != '\0' &&
		      arg[2 + strlen(run_options[idx].name)] != '=')))
			return cli_error("unknown option '%s' for run: did you mean --%s?", arg,
					   run_options[idx].name);
		switch (opt) {
		case OPT_KERNELS: rc = parse_kernels(optarg, cfg); break;
		case OPT_RUNNERS: rc = parse_runners(optarg, cfg); break;
		case OPT_WORKERS: workers = optarg; break;
		case OPT_SCHEDULE: rc = parse_schedules(optarg, cfg); break;
		case OPT_PATTERN: rc = parse_patterns(optarg, cfg); break;
		case OPT_COLLECT: rc = parse_collects(optarg, cfg); break;
		case OPT_PAYLOAD: rc = parse_payloads(optarg, cfg); break;
		case OPT_CHUNKSIZE:
			if (parse_whole(optarg, 1, 1LL << 40, &v) < 0)
				return cli_error("bad --chunksize '%s': expected a whole number of items from 1 to 2^40",
						 optarg);
			cfg->chunksize = (size_t)v;
			break;
		case OPT_SIZE: size = optarg; break;
		case OPT_ITEMS: {
			static char buf[8192];
			char *tok[BENCH_MAX_SIZES];
			int n = cli_list("--items", optarg, buf, sizeof(buf), tok, BENCH_MAX_SIZES);
			if (n < 0)
				return 2;
			cfg->nitem_list = 0;
			for (int t = 0; t < n; t++) {
				if (parse_whole(tok[t], 1, 1LL << 40, &v) < 0)
					return cli_error("bad --items '%s': expected a whole number from 1 to 2^40 (or a list of them)",
							   tok[t]);
				int seen = 0;
				for (int i = 0; i < cfg->nitem_list; i++)
					seen |= cfg->item_list[i] == (size_t)v;
				if (!seen)
					cfg->item_list[cfg->nitem_list++] = (size_t)v;
			}
			/* One count is every kernel's size; a list is a sweep over counts. */
			cfg->items = cfg->nitem_list == 1 ? cfg->item_list[0] : 0;
			if (cfg->nitem_list == 1)
				cfg->nitem_list = 0;
			cfg->size_text = optarg;
			break;
		}
		case OPT_REPS:
			if (parse_whole(optarg, 1, 100000, &v) < 0)
				return cli_error("bad --reps '%s': expected a whole number from 1 to 100000", optarg);
			reps = (int)v;
			break;
		case OPT_WARMUP:
			if (parse_whole(optarg, 0, 1000, &v) < 0)
				return cli_error("bad --warmup '%s': expected a whole number from 0 to 1000", optarg);
			cfg->warmup = (int)v;
			break;
		case OPT_QUICK: cfg->quick = 1; break;
		case OPT_OUT:
			if (!*optarg)
				return cli_error("--out is empty: name a directory");
			cfg->out = optarg;
			break;
		case OPT_NO_REPORT: cfg->report = 0; break;
		case OPT_SWITCH: {
			double ms;
			if (parse_decimal(optarg, 0.001, 10000, &ms) < 0)
				return cli_error("bad --switch-interval '%s': expected milliseconds from 0.001 to 10000", optarg);
			cfg->ropt.switch_interval = ms / 1000;
			break;
		}
		case OPT_GIL_UNIT:
			if (parse_whole(optarg, 1, 1LL << 30, &v) < 0)
				return cli_error("bad --gil-unit '%s': expected a whole number of items from 1 to 2^30", optarg);
			cfg->ropt.gil_unit = (size_t)v;
			break;
		case OPT_GIL_MODE:
			if (gil_mode_parse(optarg, &cfg->ropt.gil_mode) < 0)
				return cli_error("bad --gil-mode '%s': allowed are new, old, new-noforce, io-priority",
						 optarg);
			break;
		case OPT_GIL_CHECK:
			if (parse_whole(optarg, 1, 1000000, &v) < 0)
				return cli_error("bad --gil-check '%s': expected a whole number of units from 1 to 1000000",
						 optarg);
			cfg->ropt.gil_check = (unsigned)v;
			break;
		case OPT_TRACE: cfg->trace = 1; break;
		case OPT_INIT_COST:
			if (parse_whole(optarg, 0, 10000, &v) < 0)
				return cli_error("bad --init-cost '%s': expected whole milliseconds from 0 to 10000",
						 optarg);
			cfg->ropt.init_cost_ms = (unsigned)v;
			break;
		case OPT_INIT_PARENT: cfg->init_in_parent = 1; break;
		case OPT_CRASH:
			if (parse_whole(optarg, 0, RUNNER_MAX_WORKERS - 1, &v) < 0)
				return cli_error("bad --test-crash-worker '%s': expected a worker id from 0 to %d",
						   optarg, RUNNER_MAX_WORKERS - 1);
			cfg->ropt.crash_worker = (int)v;
			break;
		case OPT_HELP: fputs(run_help, stdout); return -1;
		case OPT_MIN_TIME:
		case OPT_TIMEOUT: {
			double sec, lo = opt == OPT_MIN_TIME ? 0 : 0.001;
			if (parse_decimal(optarg, lo, 86400, &sec) < 0)
				return cli_error("bad --%s '%s': expected seconds from %g to 86400",
						   opt == OPT_MIN_TIME ? "min-time" : "timeout", optarg, lo);
			if (opt == OPT_MIN_TIME)
				cfg->min_time = sec;
			else
				cfg->ropt.timeout = sec;
			break;
		}
		case OPT_PROFILE: cfg->profile = optarg; break;
		case OPT_BIND: rc = parse_binds(optarg, cfg); break;
		case OPT_SMT: cfg->skip_unplaceable = 1; break;
		case OPT_ORDER:
			if (strcmp(optarg, "interleaved") != 0 && strcmp(optarg, "sequential") != 0)
				return cli_error("bad --order '%s': allowed are interleaved, sequential", optarg);
			cfg->sequential = strcmp(optarg, "sequential") == 0;
			break;
		case OPT_POOL: pool = 1; break;
		case OPT_QUIET: cfg->quiet = 1; break;
		case OPT_ALLOW_SHORT: cfg->allow_short = 1; break;
		case ':':
			return cli_error("option '%s' needs a value (see parbench run --help)", arg);
		default:
			return cli_error("unknown option '%s' for run, or a value it does not take (see parbench run --help)",
					   arg);
		}
		if (rc)
			return rc;
	}
	if (optind < argc)
		return cli_error("unexpected argument '%s' for run (see parbench run --help)", argv[optind]);
	if (pool)
		add_pools(cfg);
	/* A runner named for a streaming pattern it cannot run is refused;
	 * from "all" it is left out of those configurations (build_configs). */
	for (int p = 0; p < cfg->npatterns; p++)
		for (int r = 0; r < cfg->nrunners; r++)
			if (pattern_streams(cfg->patterns[p]) && cfg->runners[r]->no_parent &&
			    !cfg->runners_all)
				return cli_error("--pattern %s cannot run under %s", pattern_name(cfg->patterns[p]),
						 cfg->runners[r]->no_parent);
	for (int c = 0; c < cfg->ncollects; c++) {
		for (int r = 0; r < cfg->nrunners; r++)
			if (pattern_needs_parent(PATTERN_NONE, cfg->collects[c]) &&
			    cfg->runners[r]->no_parent && !cfg->runners_all)
				return cli_error("--collect %s cannot run under %s",
						 pattern_collect_name(cfg->collects[c]), cfg->runners[r]->no_parent);
		for (int p = 0; p < cfg->npatterns; p++)
			if (cfg->collects[c] != COLLECT_PARTIAL && pattern_streams(cfg->patterns[p]))
				return cli_error("--collect %s with --pattern %s: its parent takes the results itself; give --collect with none or map",
						 pattern_collect_name(cfg->collects[c]), pattern_name(cfg->patterns[p]));
	}
	if (cfg->init_in_parent && check_init_parent(cfg) != 0)
		return 2;
	int queued = 0, chunked = 0;
	for (int p = 0; p < cfg->npatterns; p++) {
		queued |= cfg->patterns[p] == PATTERN_QUEUE;
		chunked |= cfg->patterns[p] != PATTERN_NONE;
	}
	if (cfg->npayloads && !queued)
		return cli_error("--payload %s without --pattern queue: it sets the queue's message size",
				 cfg->payload_text);
	if (cfg->chunksize && !chunked)
		return cli_error("--chunksize %zu without --pattern: it sets a pattern's chunk (--schedule dynamic:CHUNK sets the schedule's)",
				 cfg->chunksize);
	if (size && parse_sizes(size, cfg) != 0)
		return 2;
	if (size && (cfg->items || cfg->nitem_list))
		return cli_error("--size and --items both given: --items sets every kernel's items, choose one");
	if (size && !cfg->items)
		cfg->size_text = size;
	for (int i = 0; size && !cfg->items && i < cfg->nkernels; i++)
		if (!cfg->kernels[i]->item_bytes)
			printf("parbench: note: %s has no data set, so --size does not apply to it; it runs %zu items (--items sets them)\n",
			       cfg->kernels[i]->name,
			       cfg->quick ? cfg->kernels[i]->quick_items : cfg->kernels[i]->default_items);
	/* Default: 1, 2, 4, ... below max, and max. */
	char doubling[256] = "1";
	for (int w = 2; w < max_workers; w *= 2)
		snprintf(doubling + strlen(doubling), sizeof(doubling) - strlen(doubling), ",%d", w);
	snprintf(doubling + strlen(doubling), sizeof(doubling) - strlen(doubling), ",max");
	rc = parse_workers(workers ? workers : doubling, max_workers, cfg);
	cfg->reps = reps > 0 ? reps : cfg->quick ? 3 : 5;
	/* About half a second per configuration: 0.4 s measured, 0.1 s warm-up. */
	if (cfg->min_time < 0)
		cfg->min_time = cfg->quick ? 0.05 : 0.4;
	if (!cfg->profile)
		cfg->profile = cfg->quick ? "quick" : "custom";
	return rc;
}

/* Placement, sizes and memory must work for every configuration before
 * anything runs; OpenMP's own placement variables take precedence for the
 * openmp runner. */
static int check_run(const struct plan *plan, const struct plan_machine *m,
			   struct bench_config *cfg)
{
	char err[512];
	int binding = 0, openmp = 0;
	if (cfg->skip_unplaceable) {
		if (m->cores > 0 && m->pus > m->cores) {
			enum plan_policy add[2] = { PLAN_CORES, PLAN_THREADS };
			for (int a = 0; a < 2; a++) {
				int seen = 0;
				for (int b = 0; b < cfg->nbinds; b++)
					seen |= cfg->binds[b] == add[a];
				if (!seen) {
					cfg->binds[cfg->nbinds++] = add[a];
					cfg->smt_added |= 1u << add[a];
				}
			}
		} else {
			printf("parbench: note: no hyperthreads here (%d PU%s on %d core%s): --compare-smt has nothing to compare\n",
			       m->pus, m->pus == 1 ? "" : "s", m->cores, m->cores == 1 ? "" : "s");
			cfg->skip_unplaceable = 0;
		}
	}
	if (bench_check(cfg, plan, err, sizeof(err)) < 0)
		return cli_error("%s", err);
	for (int b = 0; b < cfg->nbinds; b++)
		binding |= cfg->binds[b] != PLAN_NONE;
	for (int r = 0; r < cfg->nrunners; r++)
		openmp |= strcmp(cfg->runners[r]->name, "openmp") == 0;
	const char *pb = getenv("OMP_PROC_BIND"), *pl = getenv("OMP_PLACES");
	cfg->ropt.omp_placed = (pb && *pb) || (pl && *pl);
	if (cfg->ropt.omp_placed && openmp)
		printf("parbench: note: OMP_PROC_BIND='%s' OMP_PLACES='%s': the OpenMP runtime places openmp's threads%s\n",
		       pb ? pb : "", pl ? pl : "",
		       binding ? "; --bind applies to the other runners only" : "");
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

static int cmd_run(int argc, char **argv)
{
	static struct bench_config cfg;
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
	int rc = parse_run(argc, argv, max, &cfg);
	if (rc == 0)
		rc = check_run(plan, &m, &cfg);
	plan_close(plan);
	if (rc)
		return rc < 0 ? 0 : rc;
	find_home(home, sizeof(home));
	join_command(argc, argv, command, sizeof(command));
	cfg.home = home;
	cfg.command = command;
	cfg.outputs = outputs_run;
	return bench_run(&cfg);
}

static int cmd_list(int argc, char **argv)
{
	if (argc > 1) {
		if (strcmp(argv[1], "--help") == 0) {
			puts("usage: parbench list\nPrints the kernels and the runners, from their tables.");
			return 0;
		}
		return cli_error("unexpected argument '%s' for list", argv[1]);
	}
	puts("kernels:");
	for (const struct kernel_ops *const *k = kernel_table; *k; k++)
		printf("  %-8s %-4s %s\n", (*k)->name, kernel_kind_name((*k)->kind), (*k)->summary);
	puts("runners:");
	for (const struct runner_ops *const *r = runner_table; *r; r++)
		printf("  %-8s %s\n", (*r)->name, (*r)->summary);
	return 0;
}

static const char plan_help[] =
	"usage: parbench plan [--workers N|max] [--bind none|cores|threads|spread]\n"
	"Prints where each worker would run, without running anything: PU (logical\n"
	"and OS index), core, caches, package. Plans for another machine with\n"
	"HWLOC_SYNTHETIC='pack:2 core:4 pu:2' or HWLOC_XMLFILE=topology.xml; binding\n"
	"is then skipped. Defaults: --bind cores, as many workers as it allows.\n";

/* Whether --bind was given on plan's command line. */
static int bind_given(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strncmp(argv[i], "--bind", 6) == 0)
			return 1;
	return 0;
}

static int cmd_plan(int argc, char **argv)
{
	static const struct option options[] = {
		{ "workers", required_argument, NULL, 'w' },
		{ "bind", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char err[256];
	const char *workers = NULL;
	enum plan_policy policy = PLAN_CORES;
	struct plan_machine m;
	int opt, idx = -1;

	opterr = 0;
	optind = 1;
	for (const char *arg = argv[1]; (opt = getopt_long(argc, argv, "+:", options, &idx)) != -1;
	     arg = optind < argc ? argv[optind] : NULL, idx = -1) {
		if (idx >= 0 && arg && (strncmp(arg, "--", 2) != 0 ||
					strncmp(arg + 2, options[idx].name, strlen(options[idx].name)) != 0))
			return cli_error("unknown option '%s' for plan: did you mean --%s?", arg,
					   options[idx].name);
		if (opt == 'w')
			workers = optarg;
		else if (opt == 'b' && plan_policy_parse(optarg, &policy, err, sizeof(err)) < 0)
			return cli_error("%s", err);
		else if (opt == 'h')
			return fputs(plan_help, stdout), 0;
		else if (opt == ':')
			return cli_error("option '%s' needs a value (see parbench plan --help)", arg);
		else if (opt == '?')
			return cli_error("unknown option '%s' for plan (see parbench plan --help)", arg);
	}
	if (optind < argc)
		return cli_error("unexpected argument '%s' for plan", argv[optind]);
	struct plan *plan = plan_open(err, sizeof(err));
	if (!plan)
		return cli_error("%s", err);
	plan_machine(plan, &m);
	if (policy == PLAN_CORES && m.cores < 1 && !bind_given(argc, argv))
		policy = PLAN_THREADS;   /* no cores in this topology: plan its PUs */
	int most = policy == PLAN_CORES ? m.cores : m.pus;
	long long n = most < 1 ? 1 : most;
	if (workers && strcmp(workers, "max") != 0 && parse_whole(workers, 1, RUNNER_MAX_WORKERS, &n) < 0) {
		plan_close(plan);
		return cli_error("bad --workers '%s': expected one count from 1 to %d, or max",
				   workers, RUNNER_MAX_WORKERS);
	}
	struct plan_layout *l = plan_layout_make(plan, policy, (int)n, err, sizeof(err));
	/* Without --workers: as many as the policy can place for this process. */
	while (!l && !workers && n > 1)
		l = plan_layout_make(plan, policy, (int)--n, err, sizeof(err));
	if (!l) {
		plan_close(plan);
		return cli_error("%s", err);
	}
	printf("machine:\n");
	plan_describe(&m, stdout, "  ");
	plan_tree(plan, stdout);
	printf("plan: --bind %s, %lld worker%s; binding %s\n", plan_policy_name(policy), n,
	       n > 1 ? "s" : "",
	       policy == PLAN_NONE ? "none (the OS decides)"
	       : plan_layout_binds(l) ? "possible on this machine"
	       : "skipped: the topology is not this machine");
	plan_layout_print(l, stdout);
	plan_layout_free(l);
	plan_close(plan);
	return 0;
}

/* Whether argv[*i] is one of a subcommand's own options (own[0..n)), as
 * --name VALUE or --name=VALUE. Returns its index with *val set (and *i
 * past the value), -1 when it is not one of them, or -2 after an error
 * line when the value is missing. */
static int own_option(int argc, char **argv, int *i, const char *const *own, int n,
		      const char *cmd, const char **val)
{
	const char *a = argv[*i];
	for (int o = 0; o < n; o++) {
		size_t len = strlen(own[o]);
		if (strncmp(a, own[o], len) != 0 || (a[len] != '\0' && a[len] != '='))
			continue;
		if (a[len] == '=') {
			*val = a + len + 1;
		} else if (*i + 1 < argc) {
			*val = argv[++*i];
		} else {
			cli_error("option '%s' needs a value (see parbench %s --help)", a, cmd);
			return -2;
		}
		return o;
	}
	return -1;
}

static const char sweep_help[] =
	"usage: parbench sweep [--from SIZE] [--to SIZE] [--steps N] [run options]\n"
	"Runs `parbench run` over geometric sizes from --from (default 4KiB) to --to\n"
	"(default DRAM), N sizes per doubling (default 4), and draws bandwidth (and,\n"
	"for chase, latency) against the working-set size with the caches marked.\n"
	"SIZE is bytes or [F*]L1|L2|L3|DRAM, resolved for one worker. Defaults for\n"
	"the run: --kernels triad,chase --runners serial,openmp --workers 1,max\n"
	"--reps 3 --min-time 0.02; any run option after them overrides them.\n";

/* sweep: `run` with a generated --size list and its own defaults. */
static int cmd_sweep(int argc, char **argv)
{
	static char list[BENCH_MAX_SIZES * 24];
	const char *from = "4KiB", *to = "DRAM";
	char err[256], rule[200];
	long long steps = 4;
	char *args[512];
	int nargs = 0;

	args[nargs++] = "run";
	args[nargs++] = "--kernels=triad,chase";
	args[nargs++] = "--runners=serial,openmp";
	args[nargs++] = "--workers=1,max";
	args[nargs++] = "--reps=3";
	args[nargs++] = "--min-time=0.02";
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0)
			return fputs(sweep_help, stdout), 0;
		static const char *const own[] = { "--from", "--to", "--steps" };
		const char *val = NULL;
		int which = own_option(argc, argv, &i, own, 3, "sweep", &val);
		if (which == -2)
			return 2;
		if (which >= 0) {
			if (which == 0)
				from = val;
			else if (which == 1)
				to = val;
			else if (parse_whole(val, 1, 16, &steps) < 0)
				return cli_error("bad --steps '%s': expected sizes per doubling from 1 to 16", val);
			continue;
		}
		if (strncmp(a, "--size", 6) == 0 || strncmp(a, "--items", 7) == 0)
			return cli_error("sweep chooses the sizes: use --from and --to instead of '%s'", a);
		if (nargs >= (int)(sizeof(args) / sizeof(args[0])) - 3)
			return cli_error("too many arguments for sweep");
		args[nargs++] = argv[i];
	}

	struct plan *plan = plan_open(err, sizeof(err));
	if (!plan)
		return cli_error("%s", err);
	struct plan_layout *one = plan_layout_make(plan, PLAN_NONE, 1, err, sizeof(err));
	struct size_spec spec[2];
	size_t bytes[2];
	const char *text[2] = { from, to };
	for (int i = 0; i < 2; i++) {
		if (size_spec_parse(text[i], &spec[i], err, sizeof(err)) < 0 ||
		    plan_size(plan, one, &spec[i], &bytes[i], rule, sizeof(rule), err, sizeof(err)) < 0) {
			plan_layout_free(one);
			plan_close(plan);
			return cli_error("sweep --%s: %s", i ? "to" : "from", err);
		}
	}
	plan_layout_free(one);
	plan_close(plan);
	if (bytes[0] < 64 || bytes[1] <= bytes[0])
		return cli_error("sweep: --from '%s' (%zu bytes) must be at least 64 bytes and below --to '%s' (%zu bytes)",
				   from, bytes[0], to, bytes[1]);

	/* Geometric steps from --from, --to itself last; equal byte counts once. */
	size_t used = 0, count = 0;
	double ratio = pow(2.0, 1.0 / (double)steps), last = 0;
	for (double b = (double)bytes[0];; b *= ratio) {
		double v = b < (double)bytes[1] * 0.999 ? floor(b + 0.5) : (double)bytes[1];
		if (v == last)
			continue;
		if (++count > BENCH_MAX_SIZES)
			return cli_error("sweep: %zu sizes from '%s' to '%s' at %lld per doubling: at most %d (fewer --steps)",
					   count, from, to, steps, BENCH_MAX_SIZES);
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%.0f", used ? "," : "", v);
		last = v;
		if (v >= (double)bytes[1])
			break;
	}
	static char size_arg[sizeof(list) + 8];
	snprintf(size_arg, sizeof(size_arg), "--size=%s", list);
	args[nargs++] = size_arg;
	args[nargs] = NULL;
	printf("parbench: sweep: %zu sizes from %s to %s, %lld per doubling\n", count, from, to, steps);
	return cmd_run(nargs, args);
}

static const char breakeven_help[] =
	"usage: parbench breakeven [--kernel K] [--from T] [--to T] [--steps N] [run options]\n"
	"What is worth parallelising: runs kernel K (default pi; a kernel without a\n"
	"data set) at task sizes from --from (default 1us) to --to (default 100ms)\n"
	"of serial work, N sizes per decade (default 2), under every model with\n"
	"and without pools, and plots speedup against the work per task, cold\n"
	"(creating the workers + the work) and warm (the work alone). The report\n"
	"says above which task size each model pays off. T is a time: 500ns, 20us,\n"
	"3ms, 0.5s. The item counts come from a serial calibration of K first.\n"
	"Defaults for the run: --runners all --pool --workers max --reps 5\n"
	"--min-time 0.1 --allow-short (the smallest tasks are below what the clock\n"
	"resolves well; their rows say so); run options after them override them.\n";

/* A time with a unit (ns, us, ms, s); 0 or -1. */
static int parse_duration(const char *text, double *sec)
{
	static const struct { const char *unit; double scale; } units[] = {
		{ "ns", 1e-9 }, { "us", 1e-6 }, { "ms", 1e-3 }, { "s", 1 },
	};
	char *end;
	errno = 0;
	double v = strtod(text, &end);
	if (end == text || errno || !(v > 0))
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(end, units[i].unit) == 0) {
			*sec = v * units[i].scale;
			return *sec <= 3600 ? 0 : -1;
		}
	return -1;
}

/* breakeven: `run` over item counts that take --from .. --to of serial work. */
static int cmd_breakeven(int argc, char **argv)
{
	static char list[BENCH_MAX_SIZES * 24], kernels[80], items[BENCH_MAX_SIZES * 24 + 16];
	const char *kname = "pi", *from = "1us", *to = "100ms";
	long long steps = 2;
	char *args[512], err[256];
	int nargs = 0;

	args[nargs++] = "run";
	args[nargs++] = "--runners=all";
	args[nargs++] = "--pool";
	args[nargs++] = "--workers=max";
	args[nargs++] = "--reps=5";
	args[nargs++] = "--min-time=0.1";
	args[nargs++] = "--allow-short";
	args[nargs++] = "--profile=breakeven";
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0)
			return fputs(breakeven_help, stdout), 0;
		static const char *const own[] = { "--kernel", "--from", "--to", "--steps" };
		const char *val = NULL;
		int which = own_option(argc, argv, &i, own, 4, "breakeven", &val);
		if (which == -2)
			return 2;
		if (which >= 0) {
			if (which == 0)
				kname = val;
			else if (which == 1)
				from = val;
			else if (which == 2)
				to = val;
			else if (parse_whole(val, 1, 10, &steps) < 0)
				return cli_error("bad --steps '%s': expected sizes per decade from 1 to 10", val);
			continue;
		}
		if (strncmp(a, "--size", 6) == 0 || strncmp(a, "--items", 7) == 0 ||
		    strncmp(a, "--kernels", 9) == 0)
			return cli_error("breakeven chooses the items: use --kernel, --from and --to instead of '%s'", a);
		if (nargs >= (int)(sizeof(args) / sizeof(args[0])) - 3)
			return cli_error("too many arguments for breakeven");
		args[nargs++] = argv[i];
	}
	const struct kernel_ops *k = kernel_find(kname);
	if (!k || k->item_bytes) {
		char allowed[256] = "";
		for (int i = 0; kernel_table[i]; i++)
			if (!kernel_table[i]->item_bytes)
				snprintf(allowed + strlen(allowed), sizeof(allowed) - strlen(allowed), "%s%s",
					 allowed[0] ? ", " : "", kernel_table[i]->name);
		return cli_error("bad --kernel '%s' for breakeven: allowed are the kernels without a data set (%s)",
				   kname, allowed);
	}
	double t0, t1, rate;
	if (parse_duration(from, &t0) < 0)
		return cli_error("bad --from '%s': expected a time such as 1us, 500ns, 2ms (up to 3600s)", from);
	if (parse_duration(to, &t1) < 0)
		return cli_error("bad --to '%s': expected a time such as 100ms, 1s (up to 3600s)", to);
	if (t1 <= t0)
		return cli_error("breakeven: --to '%s' must be longer than --from '%s'", to, from);
	printf("parbench breakeven: calibrating %s serially...\n", k->name);
	if (bench_calibrate(k, &rate, err, sizeof(err)) < 0)
		return cli_error("breakeven: %s", err);
	printf("parbench breakeven: %s runs %.4g items/s here; task sizes %s .. %s, %lld per decade\n",
	       k->name, rate, from, to, steps);
	size_t used = 0, count = 0;
	double last = 0;
	for (double t = t0;; t *= pow(10.0, 1.0 / (double)steps)) {
		double tt = t < t1 * 0.999 ? t : t1;
		double n = floor(tt * rate + 0.5);
		if (n < 1)
			n = 1;
		if (n != last) {
			if (++count > BENCH_MAX_SIZES)
				return cli_error("breakeven: too many task sizes (at most %d): fewer --steps", BENCH_MAX_SIZES);
			used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%.0f", used ? "," : "", n);
			last = n;
		}
		if (tt >= t1)
			break;
	}
	snprintf(kernels, sizeof(kernels), "--kernels=%s", k->name);
	snprintf(items, sizeof(items), "--items=%s", list);
	/* The kernel and items go first; the caller's run options come last and win. */
	memmove(args + 3, args + 1, sizeof(args[0]) * (size_t)(nargs - 1));
	args[1] = kernels;
	args[2] = items;
	nargs += 2;
	return cmd_run(nargs, args);
}

static int cmd_help(int argc, char **argv);

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "list", cmd_list, "list kernels and runners" },
	{ "plan", cmd_plan, "show where each worker would run (hwloc), without running" },
	{ "run", cmd_run, "run kernels x runners x workers x schedules and write a report" },
	{ "compare", cmd_compare, "compare two run folders: faster, slower or the same within noise" },
	{ "sweep", cmd_sweep, "run over working-set sizes from L1 to DRAM: bandwidth and latency" },
	{ "breakeven", cmd_breakeven, "speedup against work per task: when each model starts to pay off" },
	{ "overheads", cmd_overheads, "what each model's primitive costs here (create, fork, barrier, hand-offs), in us" },
	{ "convoy", cmd_convoy, "the convoy effect: an IO thread's latency next to CPU threads under the gil" },
	{ "demo", cmd_demo, "teaching demos: demo fork-after-threads (a child inherits a held lock; the fixes)" },
	{ "help", cmd_help, "this text" },
	{ NULL, NULL, NULL },
};

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	puts("usage: parbench COMMAND [options]   (parbench COMMAND --help for its options)\n");
	for (const struct command *c = commands; c->name; c++)
		printf("  %-10s %s\n", c->name, c->summary);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return cmd_help(argc, argv), 2;
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cmd_help(argc, argv);
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(argv[1], c->name) == 0)
			return c->fn(argc - 1, argv + 1);
	char names[256] = "";
	for (const struct command *c = commands; c->name; c++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
			 c == commands ? "" : ", ", c->name);
	return cli_error("unknown command '%s': allowed are %s", argv[1], names);
}
