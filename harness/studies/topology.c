/*
 * topology.c - `parbench topology [--quick] [--pairs all|N] [--out DIR]`:
 * the machine as measured beside the machine as hwloc describes it.
 *
 * Why: in a VM hwloc repeats what the hypervisor says, which is often
 * wrong (a 2-vCPU EPYC guest here reports L2 1 MiB and L3 32 MiB, while
 * chase sweeps saw steps near 2 MiB and 12 MiB; a 16-vCPU guest reported
 * 16 cores without SMT, yet two of its "cores" slowed each other 18 %).
 * Placement (--bind, sizes such as L2) trusts hwloc; this command checks it.
 *
 * DESIGN. Three measurements, in this order, on the PUs this process may
 * use (hwloc's logical order; a PLAN_THREADS layout over all of them, so
 * that binding goes through core/plan):
 *   1. core-to-core latency for each chosen pair (topology_pairs.c:
 *      ping-pong of one line; one-way ns = half the round trip; pairs
 *      unordered: c2c.csv has one row per pair, a < b);
 *   2. interference for the same pairs (topology_pairs.c: a multiplier-
 *      bound loop alone on each PU, then on both at once); interference.csv
 *      has both directions of each pair (a's rate while b runs, and b's
 *      while a runs: n(n-1) rows when every pair is measured), each row's
 *      verdict from its own slowdown; siblings.csv one row per pair whose
 *      slowdown (1 - the mean of its two relatives) says sibling (>= 25 %)
 *      or shared (>= 8 %): what `--topology measured DIR` reads;
 *   3. a pointer-chase sweep from 4 KiB to 4x the largest cache hwloc
 *      names (topology_caches.c), its steps, and caches.csv: per level
 *      hwloc names, its size there, the k-th step's size, and whether they
 *      agree (within a factor of 2).
 * Pairs: every one up to --pairs (default 128, so every pair up to 16
 * PUs; --quick 16), else that many chosen by topology_sample.c and said.
 * Time: --quick under 2 s on the 2-vCPU EPYC VM, the default about 7 s
 * there (the sweep is most of it); on 16 PUs the default should take
 * about 35 s (120 pairs at about 0.25 s each, the sweep at most 25 s):
 * an estimate from the cost per pair, not measured on such a machine.
 *
 * A synthetic or XML topology (HWLOC_SYNTHETIC, HWLOC_XMLFILE) is refused
 * with exit status 2 before anything is written: measuring one machine
 * against the description of another means nothing.
 *
 * The folder (as convoy, overheads and the false-sharing study make
 * theirs): meta.json "running" until the end, then "complete", or
 * "interrupted" after Ctrl-C or SIGTERM (which stop after the pair or size
 * under way), or "failed: ..."; the tables are written and flushed row by
 * row. Then output/report_topology.c draws plots/c2c.png,
 * interference.png, caches.png (.svg) and writes topology.md and
 * topology.html; `parbench report DIR` draws them again.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/cli.h"
#include "../core/options.h"
#include "../core/plan.h"
#include "../core/signals.h"
#include "../core/size.h"
#include "../output/report.h"
#include "../output/results.h"
#include "../output/rowcsv.h"
#include "topology.h"
#include "topology_int.h"

#define TOPO_PAIRS 128
#define TOPO_QUICK_PAIRS 16
#define TOPO_MAX_STEPS 16

enum topo_table { T_C2C, T_INTF, T_SIB, T_CHASE, T_TABLES };

static const char *const table_names[T_TABLES] = { "c2c.csv", "interference.csv", "siblings.csv", "chase.csv" };
static const char *const c2c_columns[] = { "pu_a", "pu_b", "os_a", "os_b", "median_ns", "lo_ns", "hi_ns", "reps", NULL };
static const char *const intf_columns[] = { "pu_a", "pu_b", "os_a", "os_b", "alone_rate", "together_rate",
					    "relative", "verdict", NULL };
static const char *const sib_columns[] = { "os_a", "os_b", "slowdown", "verdict", NULL };
static const char *const chase_columns[] = { "bytes", "ns", "lo_ns", "hi_ns", "reps", NULL };
static const char *const *const table_columns[T_TABLES] = { c2c_columns, intf_columns, sib_columns, chase_columns };
static const char *const step_columns[] = { "step", "bytes", "start_bytes", "top_bytes", "before_ns", "after_ns", "level", NULL };
static const char *const cache_columns[] = { "level", "hwloc_bytes", "measured_bytes", "latency_ns", "verdict", NULL };

struct topo_config {
	int quick, report;
	long pairs;               /* at most this many pairs; 0: all */
	const char *out;
};

struct topo_state {
	struct topo_config cfg;
	struct plan_machine m;
	struct plan_layout *layout;
	int n, *logical, *os, *core;   /* the usable PUs: L#, P#, hwloc's core L# */
	struct topo_pair *pairs;
	int npairs, all_pairs;
	struct topo_pair_cfg pc;
	struct topo_sweep_cfg sc;
	struct rowcsv csv[T_TABLES];
	struct topo_point *points;
	int npoints, maxpoints;
	struct topo_step steps[TOPO_MAX_STEPS];
	int nsteps;
	int level_of[TOPO_MAX_STEPS];   /* each step's level (index into levels), or -1 */
	int step_of[4];                 /* each level's step, or -1 */
	int levels[4], nlevels;   /* hwloc's cache levels (1..3) that have a size */
	char err[512];
};

/* ---- options ------------------------------------------------------------- */

static struct topo_config topo_cfg;

static int parse_pairs(const char *value, void *ctx)
{
	long n;
	(void)ctx;
	if (strcmp(value, "all") == 0) {
		topo_cfg.pairs = 0;
		return 0;
	}
	if (cli_whole(value, 1, 1000000, &n) < 0)
		return cli_error("bad --pairs '%s': allowed are all or a whole number of pairs from 1 to 1000000", value);
	topo_cfg.pairs = n;
	return 0;
}

static const char help_usage[] =
	"usage: parbench topology [--quick] [--pairs all|N] [--out DIR] [--no-report]\n"
	"The machine as measured beside the machine as hwloc describes it (in a VM,\n"
	"hwloc repeats what the hypervisor says). For pairs of the PUs this process\n"
	"may use: the core-to-core latency (one cache line bounced between two\n"
	"pinned threads; one-way ns, half the round trip) and the interference (a\n"
	"multiplier-bound loop alone, then on both PUs at once: SMT siblings slow\n"
	"each other ~50 %). Then a pointer-chase sweep from 4 KiB to 4x hwloc's\n"
	"largest cache, whose latency steps are the cache levels as measured.\n"
	"Writes c2c.csv, interference.csv, siblings.csv, chase.csv, steps.csv,\n"
	"caches.csv, meta.json, plots/c2c.png, interference.png, caches.png (.svg),\n"
	"topology.md and topology.html. About 7 s on 2 PUs, 35 s on 16; --quick 2 s.\n"
	"\n";

static const char help_epilogue[] =
	"\n"
	"Refuses a topology that is not this machine (HWLOC_SYNTHETIC, HWLOC_XMLFILE).\n"
	"Exit status: 0 measured, 1 a measurement or a file failed (said in a line),\n"
	"2 bad input, 128 + the signal after Ctrl-C or SIGTERM (meta.json says\n"
	"interrupted).\n";

static const struct opt topo_opts[] = {
	OPT_FLAG("quick", topo_cfg.quick,
		"shorter measurements, fewer sizes (about 2 s on 2 PUs)"),
	OPT_CALLBACK("pairs", parse_pairs, NULL, "all|N",
		"measure every pair of PUs, or at most N pairs (default\n"
		"128, --quick 16), the likeliest siblings first"),
	OPT_STRING("out", topo_cfg.out, "DIR", "a directory",
		"new, empty, or an earlier parbench run's folder\n"
		"(default results/<YYYYmmdd-HHMMSS>-<host>-topology/)"),
	OPT_UNSET("no-report", topo_cfg.report,
		"skip the plots, topology.md and topology.html"),
	OPT_END,
};

static const struct opt_command topo_command = {
	.name = "topology",
	.usage = help_usage,
	.epilogue = help_epilogue,
	.opts = topo_opts,
	.column = 18,
};

/* Fills s->cfg, then the measurements' settings; 0, 2, or OPT_HELP. */
static int parse_options(int argc, char **argv, struct topo_state *s)
{
	topo_cfg = (struct topo_config){ .report = 1, .pairs = -1 };
	int rc = opt_parse(&topo_command, argc, argv, NULL, 0, NULL);
	s->cfg = topo_cfg;
	if (s->cfg.pairs < 0)
		s->cfg.pairs = s->cfg.quick ? TOPO_QUICK_PAIRS : TOPO_PAIRS;
	int q = s->cfg.quick;
	s->pc = (struct topo_pair_cfg){ .pp_trips = q ? 500 : 1000, .pp_reps = q ? 9 : 15, .pp_limit_s = q ? 1 : 2,
					.window_s = q ? 0.02 : 0.025, .rounds = 3 };
	s->sc = (struct topo_sweep_cfg){ .from = 4096, .steps = q ? 3 : 4, .reps = q ? 3 : 5, .work = q ? 0.25 : 1,
					 .limit_s = q ? 5 : 25 };
	return rc;
}

/* One line and 2 when the topology is not this machine's. */
static int refuse_foreign(void)
{
	static const char *const vars[] = { "HWLOC_SYNTHETIC", "HWLOC_XMLFILE" };
	for (int i = 0; i < 2; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return cli_error("topology measures this machine: unset %s (it is '%s'); a synthetic or "
					 "XML topology cannot be measured", vars[i], v);
	}
	return 0;
}

/* ---- the PUs and the pairs ------------------------------------------------- */

/* The usable PUs, their indexes, the pairs and the sweep's range; 0, or
 * the exit status after a line. */
static int place(struct topo_state *s, const struct plan *plan)
{
	char err[256];
	s->n = s->m.usable_pus;
	s->layout = plan_layout_make(plan, PLAN_THREADS, s->n, err, sizeof(err));
	if (!s->layout)
		return cli_error("cannot place a thread on each of %d PUs: %s", s->n, err);
	if (!plan_layout_binds(s->layout))
		return cli_error("topology measures this machine, but hwloc cannot bind threads here");
	s->logical = calloc((size_t)s->n, sizeof(int));
	s->os = calloc((size_t)s->n, sizeof(int));
	s->core = calloc((size_t)s->n, sizeof(int));
	s->all_pairs = s->n * (s->n - 1) / 2;
	s->pairs = calloc((size_t)(s->all_pairs > 0 ? s->all_pairs : 1), sizeof(*s->pairs));
	if (!s->logical || !s->os || !s->core || !s->pairs)
		return cli_error("out of memory");
	for (int i = 0; i < s->n; i++) {
		s->logical[i] = plan_layout_pu_logical(s->layout, i);
		s->os[i] = plan_layout_pu(s->layout, i);
		s->core[i] = plan_layout_core(s->layout, i);
	}
	s->npairs = topo_pairs_choose(s->n, s->os, s->cfg.pairs, s->pairs);
	size_t big = 0;
	for (int k = 1; k <= 3; k++)
		if (s->m.cache[k]) {
			s->levels[s->nlevels++] = k;
			big = s->m.cache[k] > big ? s->m.cache[k] : big;
		}
	s->sc.to = big ? 4 * big : (size_t)256 << 20;
	if (s->m.sysmem && s->sc.to > s->m.sysmem / 4)
		s->sc.to = (size_t)(s->m.sysmem / 4);
	if (s->sc.to > (size_t)1 << 30)
		s->sc.to = (size_t)1 << 30;
	s->maxpoints = (int)(log2((double)s->sc.to / (double)s->sc.from) * s->sc.steps) + 3;
	s->points = calloc((size_t)s->maxpoints, sizeof(*s->points));
	return s->points ? 0 : cli_error("out of memory");
}

/* "L#3 (P#5)" of PU index i. */
static const char *pu_name(const struct topo_state *s, int i, char *buf, size_t len)
{
	snprintf(buf, len, "L#%d (P#%d)", s->logical[i], s->os[i]);
	return buf;
}

/* ---- the measurements -------------------------------------------------------- */

/* A table's row starts with the pair: pu_a, pu_b, os_a, os_b. */
static void pair_fields(struct rowcsv *t, const struct topo_state *s, int a, int b)
{
	rowcsv_fmt(t, "%d", s->logical[a]);
	rowcsv_fmt(t, "%d", s->logical[b]);
	rowcsv_fmt(t, "%d", s->os[a]);
	rowcsv_fmt(t, "%d", s->os[b]);
}

/* Ends a row of table t; 0, or -1 with the reason in s->err. */
static int row_end(struct topo_state *s, enum topo_table t)
{
	if (rowcsv_end(&s->csv[t]) == 0)
		return 0;
	results_failed_status(s->err, sizeof(s->err), table_names[t], s->csv[t].error ? s->csv[t].error : EIO);
	return -1;
}

/* 1. The ping-pong of every chosen pair, a row each. 0, or -1. */
static int walk_c2c(struct topo_state *s)
{
	char an[48], bn[48];
	printf("core-to-core latency (one-way ns: half the round trip of one cache line; median [min-max]):\n");
	for (int k = 0; k < s->npairs && !signals_stopped(); k++) {
		int a = s->pairs[k].a, b = s->pairs[k].b;
		struct topo_c2c c;
		if (topo_c2c_pair(s->layout, a, b, &s->pc, &c, s->err, sizeof(s->err)) < 0)
			return -1;
		struct rowcsv *t = &s->csv[T_C2C];
		pair_fields(t, s, a, b);
		rowcsv_num(t, c.median_ns);
		rowcsv_num(t, c.lo_ns);
		rowcsv_num(t, c.hi_ns);
		rowcsv_fmt(t, "%d", c.reps);
		if (row_end(s, T_C2C) < 0)
			return -1;
		if (c.reps)
			printf("  %-12s %-12s %8.1f ns [%.1f-%.1f]%s\n", pu_name(s, a, an, sizeof(an)),
			       pu_name(s, b, bn, sizeof(bn)), c.median_ns, c.lo_ns, c.hi_ns,
			       c.reps < s->pc.pp_reps ? " (gave up: the other PU hardly ran)" : "");
		else
			printf("  %-12s %-12s no round trip within %.0f s\n", pu_name(s, a, an, sizeof(an)),
			       pu_name(s, b, bn, sizeof(bn)), s->pc.pp_limit_s);
	}
	return 0;
}

/* One direction of a pair in interference.csv. 0, or -1. */
static int intf_row(struct topo_state *s, int a, int b, double alone, double together)
{
	struct rowcsv *t = &s->csv[T_INTF];
	pair_fields(t, s, a, b);
	rowcsv_fmt(t, "%.1f", alone);
	rowcsv_fmt(t, "%.1f", together);
	rowcsv_fmt(t, "%.4f", together / alone);
	rowcsv_text(t, topo_verdict(1 - together / alone));
	return row_end(s, T_INTF);
}

/* 2. The interference of every chosen pair: two rows each, and a row of
 * siblings.csv when the pair shares something. 0, or -1. */
static int walk_intf(struct topo_state *s)
{
	char an[48], bn[48];
	printf("\ninterference (%s;\nrelative = rate beside the other / rate alone):\n", topo_loop_words);
	for (int k = 0; k < s->npairs && !signals_stopped(); k++) {
		int a = s->pairs[k].a, b = s->pairs[k].b;
		struct topo_intf f;
		if (topo_intf_pair(s->layout, a, b, &s->pc, &f, s->err, sizeof(s->err)) < 0)
			return -1;
		if (intf_row(s, a, b, f.alone[0], f.together[0]) < 0 || intf_row(s, b, a, f.alone[1], f.together[1]) < 0)
			return -1;
		double ra = f.together[0] / f.alone[0], rb = f.together[1] / f.alone[1];
		double slow = 1 - (ra + rb) / 2;
		printf("  %-12s %-12s %.2f and %.2f: %s%s\n", pu_name(s, a, an, sizeof(an)), pu_name(s, b, bn, sizeof(bn)),
		       ra, rb, topo_verdict(slow), f.share < 0.9 ? " (busy: the loops had a CPU only part of the time)" : "");
		if (slow < TOPO_SHARED)
			continue;
		struct rowcsv *t = &s->csv[T_SIB];
		rowcsv_fmt(t, "%d", s->os[a] < s->os[b] ? s->os[a] : s->os[b]);
		rowcsv_fmt(t, "%d", s->os[a] < s->os[b] ? s->os[b] : s->os[a]);
		rowcsv_fmt(t, "%.4f", slow);
		rowcsv_text(t, topo_verdict(slow));
		if (row_end(s, T_SIB) < 0)
			return -1;
	}
	return 0;
}

/* Each size of the sweep, as it is measured: chase.csv and the list. */
static int sweep_point(void *ctx, const struct topo_point *p)
{
	struct topo_state *s = ctx;
	struct rowcsv *t = &s->csv[T_CHASE];
	if (s->npoints < s->maxpoints)
		s->points[s->npoints++] = *p;
	rowcsv_fmt(t, "%zu", p->bytes);
	rowcsv_fmt(t, "%.3f", p->ns);
	rowcsv_fmt(t, "%.3f", p->lo_ns);
	rowcsv_fmt(t, "%.3f", p->hi_ns);
	rowcsv_fmt(t, "%d", p->reps);
	return row_end(s, T_CHASE);
}

/* 3. The sweep and its steps. 0, or -1. */
static int walk_caches(struct topo_state *s)
{
	char from[32], to[32];
	size_format(s->sc.from, from, sizeof(from));
	size_format(s->sc.to, to, sizeof(to));
	printf("\npointer chase from %s to %s, %d sizes per doubling, on %s ...\n", from, to, s->sc.steps,
	       pu_name(s, 0, (char[48]){ 0 }, 48));
	int n = topo_sweep(s->layout, &s->sc, sweep_point, s, s->err, sizeof(s->err));
	if (n < 0)
		return -1;
	if (!signals_stopped() && s->npoints && s->points[s->npoints - 1].bytes < s->sc.to)
		printf("  stopped at %zu bytes after %.0f s (the sweep's limit)\n", s->points[s->npoints - 1].bytes,
		       s->sc.limit_s);
	s->nsteps = topo_steps(s->points, s->npoints, s->sc.steps, s->steps, TOPO_MAX_STEPS);
	topo_match(s->steps, s->nsteps, s->nlevels, s->level_of);
	for (int j = 0; j < 4; j++)
		s->step_of[j] = -1;
	for (int k = 0; k < s->nsteps; k++)
		if (s->level_of[k] >= 0)
			s->step_of[s->level_of[k]] = k;
	return 0;
}

/* ---- the files --------------------------------------------------------------- */

/* What names the run in meta.json: date, host, command, git. */
struct topo_names {
	const char *date, *host, *command, *git;
};

/* The PUs as "0 1 2 3" (logical, or OS indexes) into buf. */
static const char *pu_list(const struct topo_state *s, const int *idx, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < s->n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%d", i ? " " : "", idx[i]);
	return buf;
}

/* meta.json: this command's fields, then the machine (results.c). 0 or -1. */
static int write_meta(const struct results *res, const char *status, const struct topo_state *s,
		      const struct topo_names *id)
{
	char logical[4096], os[4096], core[4096], pairs[160];
	snprintf(pairs, sizeof(pairs), s->npairs < s->all_pairs ? "sampled: %d of the %d pairs (--pairs %ld), the likeliest to share a core first"
		 : "every pair (%d)", s->npairs, s->all_pairs, s->cfg.pairs);
	const struct results_field fields[] = {
		{ "status", status, 0 },
		{ "subcommand", "topology", 0 },
		{ "date", id->date, 0 },
		{ "host", id->host, 0 },
		{ "command", id->command, 0 },
		{ "git", id->git, 0 },
		{ "quick", s->cfg.quick ? "yes" : "no", 0 },
		{ "pus_logical", pu_list(s, s->logical, logical, sizeof(logical)), 0 },
		{ "pus_os", pu_list(s, s->os, os, sizeof(os)), 0 },
		{ "pus_core", pu_list(s, s->core, core, sizeof(core)), 0 },
		{ "pairs", pairs, 0 },
		{ "pairs_measured", NULL, s->npairs },
		{ "pairs_total", NULL, s->all_pairs },
		{ "c2c_method", "two threads pinned one PU each bounce one 64-bit atomic alone on a 128-byte aligned "
				"block (release store of an odd value, acquire spin until the partner's reply); one-way "
				"ns = half the round trip; median over repetitions; pairs unordered", 0 },
		{ "c2c_round_trips", NULL, s->pc.pp_trips },
		{ "c2c_reps", NULL, s->pc.pp_reps },
		{ "interference_loop", topo_loop_words, 0 },
		{ "interference_window_s", NULL, s->pc.window_s },
		{ "interference_rounds", NULL, s->pc.rounds },
		{ "sibling_slowdown", NULL, TOPO_SIBLING },
		{ "shared_slowdown", NULL, TOPO_SHARED },
		{ "sweep_from_bytes", NULL, (double)s->sc.from },
		{ "sweep_to_bytes", NULL, (double)s->sc.to },
		{ "sweep_steps_per_doubling", NULL, s->sc.steps },
		{ "sweep_reps", NULL, s->sc.reps },
	};
	return results_meta_fields(res, fields, sizeof(fields) / sizeof(fields[0]), &s->m);
}

/* The verdict on a level: hwloc's size against the step matched to it. */
static const char *level_verdict(const struct topo_state *s, int k)
{
	if (s->step_of[k] < 0)
		return "not found";
	double r = (double)s->steps[s->step_of[k]].bytes / (double)s->m.cache[s->levels[k]];
	return r >= 0.5 && r <= 2 ? "agrees" : "differs";
}

/* steps.csv (every step, matched to a level in order) and caches.csv (a
 * row per level hwloc names). 0, or -1 with the reason in s->err. */
static int write_caches(const struct results *res, struct topo_state *s)
{
	struct rowcsv t = { 0 }, c = { 0 };
	FILE *f = results_create(res, "steps.csv"), *g = f ? results_create(res, "caches.csv") : NULL;
	if (f && rowcsv_begin(&t, f, step_columns) == 0)
		for (int k = 0; k < s->nsteps; k++) {
			rowcsv_fmt(&t, "%d", k + 1);
			rowcsv_fmt(&t, "%zu", s->steps[k].bytes);
			rowcsv_fmt(&t, "%zu", s->steps[k].start_bytes);
			rowcsv_fmt(&t, "%zu", s->steps[k].top_bytes);
			rowcsv_fmt(&t, "%.3f", s->steps[k].before_ns);
			rowcsv_fmt(&t, "%.3f", s->steps[k].after_ns);
			int l = s->level_of[k];
			rowcsv_fmt(&t, l >= 0 ? "L%d" : "other", l >= 0 ? s->levels[l] : 0);
			rowcsv_end(&t);
		}
	if (g && rowcsv_begin(&c, g, cache_columns) == 0)
		for (int k = 0; k < s->nlevels; k++) {
			rowcsv_fmt(&c, "L%d", s->levels[k]);
			rowcsv_fmt(&c, "%zu", s->m.cache[s->levels[k]]);
			if (s->step_of[k] >= 0) {
				rowcsv_fmt(&c, "%zu", s->steps[s->step_of[k]].bytes);
				rowcsv_fmt(&c, "%.3f", s->steps[s->step_of[k]].before_ns);
			} else {
				rowcsv_empty(&c, 2);
			}
			rowcsv_text(&c, level_verdict(s, k));
			rowcsv_end(&c);
		}
	int bad_t = !f || rowcsv_close(&t) < 0, bad_c = !g || rowcsv_close(&c) < 0;
	if (bad_t || bad_c) {
		int e = bad_t ? (t.error ? t.error : errno) : (c.error ? c.error : errno);
		results_failed_status(s->err, sizeof(s->err), bad_t ? "steps.csv" : "caches.csv", e ? e : EIO);
		return -1;
	}
	return 0;
}

/* Opens the folder and its first files (the four tables, topology.xml,
 * meta.json "running"). 0; 2 after a line when the folder is refused; 1
 * after a line when a file cannot be written. */
static int begin(struct topo_state *s, struct results *res, const struct cli_run_id *id,
		 const struct topo_names *names, const struct plan *plan)
{
	char err[512];
	if (results_open(res, id->dir, err, sizeof(err)) < 0)
		return cli_error("%s", err);
	signals_stop_install("measurement");
	int bad = 0;
	for (int t = 0; t < T_TABLES && !bad; t++) {
		FILE *f = results_create(res, table_names[t]);
		bad = !f || rowcsv_begin(&s->csv[t], f, table_columns[t]) < 0;
		if (bad && s->csv[t].error)
			errno = s->csv[t].error;
	}
	if (bad || results_topology(res, plan, 1) < 0 || write_meta(res, "running", s, names) < 0) {
		static const char *const made[] = { "c2c.csv", "interference.csv", "siblings.csv", "chase.csv",
						    "topology.txt", "topology.xml", "meta.json", NULL };
		for (int t = 0; t < T_TABLES; t++)
			if (s->csv[t].f)
				fclose(s->csv[t].f);
		return results_begin_failed(res, made);
	}
	return 0;
}

/* ---- what it says ---------------------------------------------------------- */

static void announce(const struct topo_state *s, const char *dir)
{
	printf("parbench topology: the machine as measured beside the machine as hwloc describes it\n\n");
	plan_describe(&s->m, stdout, "  ");
	if (s->npairs < s->all_pairs)
		printf("  pairs: %d of the %d (--pairs %ld): the likeliest to share a core first, then a fixed sample\n",
		       s->npairs, s->all_pairs, s->cfg.pairs);
	else if (s->n > 1)
		printf("  pairs: all %d of the %d usable PUs\n", s->all_pairs, s->n);
	else
		printf("  pairs: none (this process may use 1 PU): only the caches are measured\n");
	printf("  into %s\n\n", dir);
}

/* The sentences hwloc says / measured / agree, per level, and the line
 * for tools. */
static void conclude(const struct topo_state *s)
{
	char h[32], mb[32];
	printf("\ncaches: hwloc says / measured (the k-th latency step is level k; with more steps than\n"
	       "levels, the largest rises):\n");
	for (int k = 0; k < s->nlevels; k++) {
		size_format(s->m.cache[s->levels[k]], h, sizeof(h));
		const struct topo_step *st = s->step_of[k] >= 0 ? &s->steps[s->step_of[k]] : NULL;
		if (!st) {
			printf("  L%d: hwloc %s; no step found for it: not found\n", s->levels[k], h);
			continue;
		}
		size_format(st->bytes, mb, sizeof(mb));
		printf("  L%d: hwloc %s; measured %s (latency %.1f ns -> %.1f ns across the step): %s\n", s->levels[k], h,
		       mb, st->before_ns, st->after_ns, level_verdict(s, k));
	}
	for (int k = 0; k < s->nsteps; k++) {
		if (s->level_of[k] >= 0)
			continue;
		size_format(s->steps[k].bytes, mb, sizeof(mb));
		printf("  another step near %s (%.1f ns -> %.1f ns), not one of the levels hwloc names\n", mb,
		       s->steps[k].before_ns, s->steps[k].after_ns);
	}
	printf("topology: pus=%d pairs_measured=%d pairs_total=%d steps=%d levels=%d\n", s->n, s->npairs,
	       s->all_pairs, s->nsteps, s->nlevels);
}

/* After the measurements: closes the tables, writes steps.csv, caches.csv
 * and meta.json by how the run ended. -1 to go on to the report, else the
 * exit status. */
static int end(struct topo_state *s, const struct results *res, const struct topo_names *names, int failed)
{
	for (int t = 0; t < T_TABLES; t++)
		if (rowcsv_close(&s->csv[t]) < 0 && !failed) {
			results_failed_status(s->err, sizeof(s->err), table_names[t], s->csv[t].error ? s->csv[t].error : EIO);
			failed = 1;
		}
	if (!failed && !signals_stopped() && write_caches(res, s) < 0)
		failed = 1;
	if (failed) {
		char status[600];
		snprintf(status, sizeof(status), "%s%s", strncmp(s->err, "failed: ", 8) ? "failed: " : "", s->err);
		write_meta(res, status, s, names);
		fprintf(stderr, "parbench: topology %s (in %s)\n", status, res->dir);
		return 1;
	}
	if (signals_stopped()) {
		write_meta(res, "interrupted", s, names);
		fprintf(stderr, "parbench: interrupted; %s keeps the pairs and sizes measured\n", res->dir);
		return 128 + signals_stopped();
	}
	if (write_meta(res, "complete", s, names) < 0) {
		fprintf(stderr, "parbench: cannot write meta.json in '%s': %s\n", res->dir, strerror(errno));
		return 1;
	}
	conclude(s);
	return -1;
}

/* ---- the command ------------------------------------------------------------- */

static void release(struct topo_state *s, struct plan *plan)
{
	free(s->logical);
	free(s->os);
	free(s->core);
	free(s->pairs);
	free(s->points);
	if (s->layout)
		plan_layout_free(s->layout);
	plan_close(plan);
}

int cmd_topology(int argc, char **argv)
{
	static struct topo_state s;
	char err[512], home[PATH_MAX];
	struct results res;
	struct cli_run_id id;

	int rc = parse_options(argc, argv, &s);
	if (rc)
		return rc < 0 ? 0 : rc;
	if ((rc = refuse_foreign()) != 0)
		return rc;
	struct plan *plan = plan_open(err, sizeof(err));
	if (!plan)
		return cli_error("%s", err);
	plan_machine(plan, &s.m);
	if (s.m.synthetic)
		rc = cli_error("topology measures this machine: hwloc's topology is not this machine's");
	if (rc || (rc = place(&s, plan)) != 0) {
		release(&s, plan);
		return rc;
	}
	cli_home(home, sizeof(home));
	cli_run_id(&id, home, s.cfg.out, "topology", argc, argv);
	struct topo_names names = { id.date, id.host, id.command, id.git };
	if ((rc = begin(&s, &res, &id, &names, plan)) != 0) {
		release(&s, plan);
		return rc;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	announce(&s, id.dir);
	int failed = walk_c2c(&s) < 0 || walk_intf(&s) < 0 || walk_caches(&s) < 0;
	rc = end(&s, &res, &names, failed);
	release(&s, plan);
	if (rc >= 0)
		return rc;
	return cli_finish(home, id.dir, report_topology, "caches.csv", "topology.md", "pairs", s.cfg.report, 0);
}
