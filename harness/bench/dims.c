/*
 * dims.c - see dims.h. Each parser reads a comma list (cli_list), keeps
 * each value once, and says in one line which item is bad and what is
 * allowed; the order it keeps is the order the product walks.
 */
#include <stdio.h>
#include <string.h>

#include "../core/cli.h"
#include "dims.h"

/* ---- the product: one count, set and same per dimension ---------------- */

static int count_sizes(const struct dim *d, const struct dim_walk *w, const struct config *c)
{
	(void)d, (void)c;
	return w->nsizes;
}

static int set_size(const struct dim *d, const struct dim_walk *w, struct config *c, int i)
{
	(void)d;
	c->v[DIM_ITEMS].i = w->sized ? i : -1;
	return 1;
}

/* Two sizes that give the same items are one configuration. */
static int same_items(const struct dim *d, const struct config *a, const struct config *b)
{
	(void)d;
	return a->n == b->n;
}

int dim_count_list(const struct dim *d, const struct dim_walk *w, const struct config *c)
{
	(void)c;
	return w->cfg->dim[DIM_ID(d)].n ? w->cfg->dim[DIM_ID(d)].n : 1;
}

int dim_set_list(const struct dim *d, const struct dim_walk *w, struct config *c, int i)
{
	const struct dim_values *l = &w->cfg->dim[DIM_ID(d)];
	c->v[DIM_ID(d)] = l->n ? l->v[i] : (union dim_value){ 0 };
	return 1;
}

int dim_same_value(const struct dim *d, const struct config *a, const struct config *b)
{
	return a->v[DIM_ID(d)].i == b->v[DIM_ID(d)].i && a->v[DIM_ID(d)].p == b->v[DIM_ID(d)].p;
}

/* A runner without a parent cannot stream (run refused it by name), one
 * whose workers cannot reach a results table takes none, and
 * imap's parent consumes the table itself: no --collect there. */
static int set_collects(const struct dim *d, const struct dim_walk *w, struct config *c, int i)
{
	const struct runner_ops *r = c->v[DIM_RUNNER].p;
	enum pattern_kind p = (enum pattern_kind)c->v[DIM_PATTERN].i;
	dim_set_list(d, w, c, i);
	enum pattern_collect m = (enum pattern_collect)c->v[DIM_COLLECT].i;
	return !(pattern_needs_parent(p, m) && r->no_parent) &&
	       !(r->no_table && (p != PATTERN_NONE || m != COLLECT_PARTIAL)) &&
	       !(pattern_streams(p) && m != COLLECT_PARTIAL);
}

/* --init-in-parent: fork runners run both ways. */
static int count_init(const struct dim *d, const struct dim_walk *w, const struct config *c)
{
	const struct runner_ops *r = c->v[DIM_RUNNER].p;
	(void)d;
	return w->cfg->init_in_parent && r->init_in_parent ? 2 : 1;
}

static int set_init(const struct dim *d, const struct dim_walk *w, struct config *c, int i)
{
	(void)d, (void)w;
	c->v[DIM_INIT].i = i;
	return 1;
}

/* --payload is a dimension of queue only. */
static int count_payloads(const struct dim *d, const struct dim_walk *w, const struct config *c)
{
	(void)d;
	return c->v[DIM_PATTERN].i == PATTERN_QUEUE && w->cfg->dim[DIM_PAYLOAD].n
		? w->cfg->dim[DIM_PAYLOAD].n : 1;
}

static int set_payloads(const struct dim *d, const struct dim_walk *w, struct config *c, int i)
{
	const struct dim_values *l = &w->cfg->dim[DIM_PAYLOAD];
	(void)d;
	c->v[DIM_PAYLOAD].z = c->v[DIM_PATTERN].i != PATTERN_QUEUE ? 0 : l->n ? l->v[i].z
			      : PATTERN_DEFAULT_PAYLOAD;
	return 1;
}

/* One worker runs everything once: no worker counts, no schedules. */
static int single(const struct config *c)
{
	const struct runner_ops *r = c->v[DIM_RUNNER].p;
	return r->max_workers == 1;
}

static int count_workers(const struct dim *d, const struct dim_walk *w, const struct config *c)
{
	(void)d;
	return single(c) ? 1 : w->cfg->dim[DIM_WORKERS].n;
}

static int set_workers(const struct dim *d, const struct dim_walk *w, struct config *c, int i)
{
	(void)d;
	c->v[DIM_WORKERS].i = single(c) ? 1 : w->cfg->dim[DIM_WORKERS].v[i].i;
	return 1;
}

/* Under a pattern (which takes chunks) the schedule changes nothing. */
static int count_schedules(const struct dim *d, const struct dim_walk *w, const struct config *c)
{
	(void)d;
	return single(c) || c->v[DIM_PATTERN].i != PATTERN_NONE ? 1 : w->cfg->dim[DIM_SCHEDULE].n;
}

/* The schedule kept at one worker: static when listed, else the first. */
static int one_worker_schedule(const struct dim_walk *w)
{
	const struct dim_values *l = &w->cfg->dim[DIM_SCHEDULE];
	for (int i = 0; i < l->n; i++)
		if (l->v[i].s.kind == SPLIT_STATIC)
			return i;
	return 0;
}

/* One worker takes every item in order under any schedule: the others
 * repeat the one kept (one_worker_schedule). */
static int set_schedules(const struct dim *d, const struct dim_walk *w, struct config *c, int i)
{
	(void)d;
	if (single(c)) {
		c->v[DIM_SCHEDULE].s = (struct schedule){ SPLIT_STATIC, 0 };
		return 1;
	}
	c->v[DIM_SCHEDULE].s = w->cfg->dim[DIM_SCHEDULE].v[i].s;
	if (c->v[DIM_WORKERS].i == 1 && c->v[DIM_PATTERN].i == PATTERN_NONE &&
	    i != one_worker_schedule(w))
		return DIM_REPEAT;
	return 1;
}

static int same_schedules(const struct dim *d, const struct config *a, const struct config *b)
{
	(void)d;
	return a->v[DIM_SCHEDULE].s.kind == b->v[DIM_SCHEDULE].s.kind &&
	       a->v[DIM_SCHEDULE].s.chunk == b->v[DIM_SCHEDULE].s.chunk;
}

/* Weak at 1 worker is strong's work: left out where strong runs too. */
static int set_scalings(const struct dim *d, const struct dim_walk *w, struct config *c, int i)
{
	const struct dim_values *l = &w->cfg->dim[DIM_SCALING];
	dim_set_list(d, w, c, i);
	if (c->v[DIM_SCALING].i == SCALING_WEAK && c->v[DIM_WORKERS].i == 1)
		for (int j = 0; j < l->n; j++)
			if (l->v[j].i == SCALING_STRONG)
				return DIM_REPEAT;
	return 1;
}

/* ---- the columns: each dimension's value as its column shows it -------- */

static void show_text(struct sink_value *out, const char *text)
{
	*out = (struct sink_value){ .kind = text ? SINK_TEXT : SINK_EMPTY, .text = text };
}

static void show_number(struct sink_value *out, long long number)
{
	*out = (struct sink_value){ .kind = SINK_NUMBER, .number = number };
}

static void show_kernel(const struct dim *d, const struct config *c, struct sink_value *out)
{
	const struct kernel_ops *k = c->v[DIM_ID(d)].p;
	show_text(out, k ? k->name : NULL);
}

static void show_items(const struct dim *d, const struct config *c, struct sink_value *out)
{
	(void)d;
	show_number(out, (long long)c->n);
}

static void show_runner(const struct dim *d, const struct config *c, struct sink_value *out)
{
	const struct runner_ops *r = c->v[DIM_ID(d)].p;
	show_text(out, r ? r->name : NULL);
}

static void show_bind(const struct dim *d, const struct config *c, struct sink_value *out)
{
	show_text(out, plan_policy_name((enum plan_policy)c->v[DIM_ID(d)].i));
}

static void show_pattern(const struct dim *d, const struct config *c, struct sink_value *out)
{
	show_text(out, pattern_name((enum pattern_kind)c->v[DIM_ID(d)].i));
}

static void show_collect(const struct dim *d, const struct config *c, struct sink_value *out)
{
	show_text(out, pattern_collect_name((enum pattern_collect)c->v[DIM_ID(d)].i));
}

static void show_long(const struct dim *d, const struct config *c, struct sink_value *out)
{
	show_number(out, c->v[DIM_ID(d)].i);
}

/* queue's message size; empty for the other patterns. */
static void show_scaling(const struct dim *d, const struct config *c, struct sink_value *out)
{
	(void)d;
	show_text(out, c->v[DIM_SCALING].i == SCALING_WEAK ? "weak" : "strong");
}

static void show_payload(const struct dim *d, const struct config *c, struct sink_value *out)
{
	if (c->v[DIM_PATTERN].i == PATTERN_QUEUE)
		show_number(out, (long long)c->v[DIM_ID(d)].z);
	else
		show_text(out, NULL);
}

static void show_schedule(const struct dim *d, const struct config *c, struct sink_value *out)
{
	show_text(out, split_name(c->v[DIM_ID(d)].s.kind));
}

void dim_show_label(const struct dim *d, const struct config *c, struct sink_value *out)
{
	show_text(out, c->v[DIM_ID(d)].p);
}

void dim_show(const struct config *c, struct sink_value *key)
{
	for (const struct dim *d = dim_table; d->option; d++)
		if (d->show)
			d->show(d, c, &key[DIM_ID(d)]);
		else
			key[DIM_ID(d)] = (struct sink_value){ .kind = SINK_EMPTY };
}

static void kernel_names(char *buf, size_t len)
{
	size_t used = 0;
	for (const struct kernel_ops *const *k = kernel_table; *k && used < len; k++)
		used += (size_t)snprintf(buf + used, len - used, "%s, ", (*k)->name);
	if (used < len)
		snprintf(buf + used, len - used, "all");
}

static void runner_names(char *buf, size_t len)
{
	size_t used = 0;
	for (const struct runner_ops *const *r = runner_table; *r && used < len; r++)
		used += (size_t)snprintf(buf + used, len - used, "%s, ", (*r)->name);
	if (used < len)
		snprintf(buf + used, len - used, "all");
}

#define PRODUCT(x) .count = count_##x, .set = set_##x
#define LIST .count = dim_count_list, .set = dim_set_list, .same = dim_same_value

const struct dim dim_table[] = {
	[DIM_KERNEL] = { .option = "kernels", .value_name = "a,b|all",
	  .help = "kernels to run (default all; see parbench list)",
	  .parse = dim_kernels, .names = kernel_names, .applies = "every runner",
	  .column = "kernel", .show = show_kernel },
	[DIM_ITEMS] = { .option = "items", .value_name = "N[,N...]",
	  .help = "items for every kernel (instead of --size); a list\n"
		  "runs each count (as parbench breakeven does)",
	  .parse = dim_items, .values = "whole numbers from 1 to 2^40", .applies = "every kernel",
	  .column = "items", .show = show_items,
	  .count = count_sizes, .set = set_size, .same = same_items },
	[DIM_SIZE] = { .option = "size", .value_name = "SIZE",
	  .help = "data set for kernels that have one (triad, read):\n"
		  "bytes (4096, 64KiB, 1.5MiB, 2GiB) or cache-relative\n"
		  "([F*]L1, L2, L3, DRAM: each worker's slice fills F of\n"
		  "its share of that cache; DRAM = F x 4 x all last-level\n"
		  "cache); default: the kernel's own",
	  .parse = dim_sizes, .later = 1, .values = "bytes (64KiB) or [F*]L1, L2, L3, DRAM",
	  .applies = "kernels with a data set (walked as items)" },
	[DIM_RUNNER] = { .option = "runners", .value_name = "a,b|all",
	  .help = "execution models (default all)",
	  .parse = dim_runners, .names = runner_names, .applies = "every kernel",
	  .column = "runner", .show = show_runner, LIST },
	[DIM_BIND] = { .option = "bind", .value_name = "P[,P]",
	  .help = "none | cores | threads | spread | cpus (default\n"
		  "none): pin each worker to a PU (see parbench plan);\n"
		  "cpus places them on --cpus LIST",
	  .parse = dim_binds, .values = "none, cores, threads, spread, cpus", .applies = "every runner",
	  .column = "bind", .show = show_bind, LIST },
	[DIM_PATTERN] = { .option = "pattern", .value_name = "P[,P]",
	  .help = "none (default) | map | imap | imap_unordered: Python's\n"
		  "Pool.map / imap / imap_unordered: workers take chunks\n"
		  "as they free up, each chunk's result lands in a\n"
		  "results table in shared memory (map: input order);\n"
		  "under imap the parent consumes them in input order,\n"
		  "under imap_unordered in completion order, while the\n"
		  "workers run (first_result_s, parent_wait_s);\n"
		  "queue: Process + Queue, the parent sends one task\n"
		  "message per chunk into a bounded queue and takes the\n"
		  "results back from another while the workers run\n"
		  "(tasks_per_s)",
	  .parse = dim_patterns, .values = "none, map, imap, imap_unordered, queue",
	  .applies = "runners with a parent (streaming patterns)",
	  .column = "pattern", .absent = "none", .show = show_pattern, LIST },
	[DIM_COLLECT] = { .option = "collect", .value_name = "C[,C]",
	  .help = "partial (default: private partials, combined at the\n"
		  "end) | shared (each task's result written into one\n"
		  "table under one process-shared lock: Manager().dict())\n"
		  "| messages (each result sent to the parent over a\n"
		  "pipe, read during the run: a Queue); with pattern\n"
		  "none or map (imap's parent reads the table itself)",
	  .parse = dim_collects, .values = "partial, shared, messages", .applies = "pattern none or map",
	  .column = "collect", .absent = "partial", .show = show_collect,
	  .count = dim_count_list, .set = set_collects, .same = dim_same_value },
	[DIM_INIT] = { .option = "init-in-parent",
	  .help = "with --init-cost: fork and fork-pool also run with\n"
		  "the table built once in the parent before forking\n"
		  "(children inherit it); other runners are unchanged",
	  .flag = offsetof(struct bench_config, init_in_parent), .values = "0, 1",
	  .applies = "runners that fork (init_in_parent)",
	  .column = "init_in_parent", .absent = "0", .show = show_long,
	  PRODUCT(init), .same = dim_same_value },
	[DIM_PAYLOAD] = { .option = "payload", .value_name = "B[,B]",
	  .help = "queue: bytes each task and result message carries\n"
		  "(default 64; 0 to 1MiB; a list adds a dimension)",
	  .parse = dim_payloads, .values = "bytes from 0 to 1MiB", .applies = "pattern queue",
	  .column = "payload", .absent = "", .show = show_payload,
	  PRODUCT(payloads), .same = dim_same_value },
	[DIM_WORKERS] = { .option = "workers", .value_name = "1,2,4|1-4|max",
	  .help = "worker counts (default 1,2,4,... up to the cores,\n"
		  "the cores, and the PUs when there are more (SMT):\n"
		  "parbench plan shows them; max = the PUs hwloc sees)",
	  .parse = dim_workers, .later = 1, .values = "counts from 1 to 256, ranges (1-4), max",
	  .applies = "runners with more than one worker",
	  .column = "workers", .show = show_long, PRODUCT(workers), .same = dim_same_value },
	[DIM_SCHEDULE] = { .option = "schedule", .value_name = "S[,S]",
	  .help = "static | dynamic | dynamic:CHUNK (default static);\n"
		  "dynamic's default chunk is ceil(n / (4 x workers));\n"
		  "at 1 worker only one runs (static if listed): the same work",
	  .parse = dim_schedules, .values = "static, dynamic, dynamic:CHUNK",
	  .applies = "pattern none, runners with more than one worker",
	  .column = "schedule", .show = show_schedule, PRODUCT(schedules), .same = same_schedules,
	  .repeats = "at 1 worker every schedule is the same work (the one worker takes every item, in order): only one runs there, static when it is listed" },
	[DIM_SCALING] = { .option = "scaling", .value_name = "S[,S]",
	  .help = "strong (default: the same items at every worker\n"
		  "count) | weak (each worker gets that many: the items\n"
		  "grow with the workers, speedup is Gustafson's scaled\n"
		  "one) | both; a cache-relative --size Lk already gives\n"
		  "each worker its share, so weak leaves it as it is",
	  .parse = dim_scalings, .values = "strong, weak, both",
	  .applies = "runners with more than one worker",
	  .column = "scaling", .absent = "strong", .show = show_scaling,
	  .count = dim_count_list, .set = set_scalings, .same = dim_same_value,
	  .repeats = "weak at 1 worker is strong's work: only strong runs there" },
	/* A new dimension: its entry here, before the end. */
	{ .option = NULL },
};

_Static_assert(sizeof(dim_table) / sizeof(dim_table[0]) <= DIM_MAX + 1,
	       "dim_table: more dimensions than DIM_MAX (bench/sink.h)");

/* The points below dimension d at c, each dimension's values in order. */
static int walk(const struct dim_walk *w, const struct dim *d, struct config *c, struct config *out,
		int count)
{
	if (!d->option) {
		if (out)
			out[count] = *c;
		return count + 1;
	}
	if (!d->count)
		return walk(w, d + 1, c, out, count);
	int n = d->count(d, w, c);
	for (int i = 0; i < n; i++) {
		int set = d->set(d, w, c, i);
		if (set > 0)
			count = walk(w, d + 1, c, out, count);
		else if (set == DIM_REPEAT && w->repeats)
			w->repeats[DIM_ID(d)] += walk(w, d + 1, c, NULL, 0);
	}
	return count;
}

int dim_product(const struct dim_walk *w, struct config *out)
{
	struct config c = { 0 };
	return walk(w, dim_table, &c, out, 0);
}

int dim_same(const struct config *a, const struct config *b)
{
	for (const struct dim *d = dim_table; d->option; d++)
		if (d->same && !d->same(d, a, b))
			return 0;
	return 1;
}


const struct dim *dim_find(const char *name)
{
	for (const struct dim *d = dim_table; d->option; d++)
		if (strcmp(d->option, name) == 0)
			return d;
	return NULL;
}

void dim_values(const struct dim *d, char *buf, size_t len)
{
	if (d->values)
		snprintf(buf, len, "%s", d->values);
	else
		d->names(buf, len);
}

/* strong, weak or both, each once, strong first. */
int dim_scalings(const char *arg, void *config)
{
	struct bench_config *cfg = config;
	struct dim_values *l = &cfg->dim[DIM_SCALING];
	char buf[256], *tok[BENCH_MAX_LIST];
	int n = cli_list("--scaling", arg, buf, sizeof(buf), tok, BENCH_MAX_LIST), want[2] = { 0, 0 };
	if (n < 0)
		return 2;
	for (int t = 0; t < n; t++) {
		int both = strcmp(tok[t], "both") == 0;
		if (!both && strcmp(tok[t], "strong") && strcmp(tok[t], "weak"))
			return cli_error("unknown --scaling '%s': allowed are strong, weak, both", tok[t]);
		want[SCALING_STRONG] |= both || strcmp(tok[t], "strong") == 0;
		want[SCALING_WEAK] |= both || strcmp(tok[t], "weak") == 0;
	}
	l->n = 0;
	for (int i = 0; i < 2; i++)
		if (want[i])
			l->v[l->n++].i = i;
	l->text = arg;
	return 0;
}

/* Kernels run in the order named, each once. */
int dim_kernels(const char *arg, void *config)
{
	struct bench_config *cfg = config;
	char allowed[256], buf[1024], *tok[BENCH_MAX_LIST];
	int n = cli_list("--kernels", arg, buf, sizeof(buf), tok, BENCH_MAX_LIST);
	if (n < 0)
		return 2;
	cfg->nkernels = 0;
	cfg->kernels_all = 0;
	for (int t = 0; t < n; t++) {
		cfg->kernels_all |= strcmp(tok[t], "all") == 0;
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
			dim_values(&dim_table[DIM_KERNEL], allowed, sizeof(allowed));
			return cli_error("unknown kernel '%s': allowed are %s", tok[t], allowed);
		}
	}
	return 0;
}

/* Runners keep table order whatever order they were named in: serial first. */
int dim_runners(const char *arg, void *config)
{
	struct bench_config *cfg = config;
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
			dim_values(&dim_table[DIM_RUNNER], allowed, sizeof(allowed));
			return cli_error("unknown runner '%s': allowed are %s", tok[t], allowed);
		}
	}
	struct dim_values *l = &cfg->dim[DIM_RUNNER];
	l->n = 0;
	cfg->runners_all = 0;
	for (int t = 0; t < n; t++)
		cfg->runners_all |= strcmp(tok[t], "all") == 0;
	for (int i = 0; runner_table[i]; i++)
		if (want[i])
			l->v[l->n++].p = runner_table[i];
	return 0;
}

static int worker_count(const char *text, int max, long *out)
{
	if (strcmp(text, "max") == 0) {
		*out = max;
		return 0;
	}
	return cli_whole(text, 1, RUNNER_MAX_WORKERS, out);
}

/* Worker counts: a list of counts and ranges; sorted, each once. */
int dim_workers(const char *arg, void *config)
{
	struct bench_config *cfg = config;
	char buf[1024], *tok[RUNNER_MAX_WORKERS];
	int want[RUNNER_MAX_WORKERS + 1] = { 0 }, max = cfg->max_workers;
	int n = cli_list("--workers", arg, buf, sizeof(buf), tok, RUNNER_MAX_WORKERS);
	if (n < 0)
		return 2;
	for (int t = 0; t < n; t++) {
		long lo, hi;
		char *dash = strchr(tok[t], '-');
		if (dash)
			*dash = '\0';
		if (worker_count(tok[t], max, &lo) < 0 ||
		    (dash ? worker_count(dash + 1, max, &hi) : (hi = lo, 0)) < 0 || hi < lo)
			return cli_error("bad --workers '%s': expected counts from 1 to %d as a list or ranges (1,2,4 or 1-4 or 1-max; max = %d here)",
					 arg, RUNNER_MAX_WORKERS, max);
		for (long w = lo; w <= hi; w++)
			want[w] = 1;
	}
	struct dim_values *l = &cfg->dim[DIM_WORKERS];
	l->n = 0;
	for (int w = 1; w <= RUNNER_MAX_WORKERS; w++)
		if (want[w])
			l->v[l->n++].i = w;
	return 0;
}

/* Sizes in the order named (a list makes a sweep). */
int dim_sizes(const char *arg, void *config)
{
	struct bench_config *cfg = config;
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

/* --items: one count is every kernel's size; a list is a sweep over counts. */
int dim_items(const char *arg, void *config)
{
	struct bench_config *cfg = config;
	static char buf[8192];
	char *tok[BENCH_MAX_SIZES];
	long v;
	int n = cli_list("--items", arg, buf, sizeof(buf), tok, BENCH_MAX_SIZES);
	if (n < 0)
		return 2;
	cfg->nitem_list = 0;
	for (int t = 0; t < n; t++) {
		int seen = 0;
		if (cli_whole(tok[t], 1, 1L << 40, &v) < 0)
			return cli_error("bad --items '%s': expected a whole number from 1 to 2^40 (or a list of them)",
					 tok[t]);
		for (int i = 0; i < cfg->nitem_list; i++)
			seen |= cfg->item_list[i] == (size_t)v;
		if (!seen)
			cfg->item_list[cfg->nitem_list++] = (size_t)v;
	}
	cfg->items = cfg->nitem_list == 1 ? cfg->item_list[0] : 0;
	if (cfg->nitem_list == 1)
		cfg->nitem_list = 0;
	cfg->size_text = arg;
	return 0;
}

/* Placement policies in the order named, each once. */
int dim_binds(const char *arg, void *config)
{
	struct bench_config *cfg = config;
	char err[256], buf[256], *tok[8];
	int n = cli_list("--bind", arg, buf, sizeof(buf), tok, 8);
	if (n < 0)
		return 2;
	struct dim_values *l = &cfg->dim[DIM_BIND];
	l->n = 0;
	for (int t = 0; t < n; t++) {
		enum plan_policy p;
		int seen = 0;
		if (plan_policy_parse(tok[t], &p, err, sizeof(err)) < 0)
			return cli_error("%s", err);
		for (int i = 0; i < l->n; i++)
			seen |= l->v[i].i == p;
		if (!seen)
			l->v[l->n++].i = p;
	}
	return 0;
}

/* Patterns in the order named, each once. */
int dim_patterns(const char *arg, void *config)
{
	struct bench_config *cfg = config;
	char buf[1024], *tok[BENCH_MAX_LIST];
	int n = cli_list("--pattern", arg, buf, sizeof(buf), tok, BENCH_MAX_LIST);
	if (n < 0)
		return 2;
	struct dim_values *l = &cfg->dim[DIM_PATTERN];
	l->n = 0;
	for (int t = 0; t < n; t++) {
		enum pattern_kind p;
		int seen = 0;
		if (pattern_parse(tok[t], &p) < 0)
			return cli_error("unknown --pattern '%s': allowed are %s", tok[t],
					 dim_table[DIM_PATTERN].values);
		for (int i = 0; i < l->n; i++)
			seen |= l->v[i].i == p;
		if (!seen)
			l->v[l->n++].i = p;
	}
	l->text = arg;
	return 0;
}

/* --payload: queue's message sizes in the order named, each once; plain
 * bytes or with a suffix (64KiB), 0 to PATTERN_MAX_PAYLOAD. */
int dim_payloads(const char *arg, void *config)
{
	struct bench_config *cfg = config;
	char buf[1024], err[256], *tok[BENCH_MAX_LIST];
	int n = cli_list("--payload", arg, buf, sizeof(buf), tok, BENCH_MAX_LIST);
	if (n < 0)
		return 2;
	struct dim_values *l = &cfg->dim[DIM_PAYLOAD];
	l->n = 0;
	for (int t = 0; t < n; t++) {
		size_t b = 0;
		int seen = 0, zero = strcmp(tok[t], "0") == 0;
		if (!zero && (size_parse(tok[t], &b, err, sizeof(err)) < 0 || b > PATTERN_MAX_PAYLOAD))
			return cli_error("bad --payload '%s': expected %s (e.g. 64, 64KiB)", tok[t],
					 dim_table[DIM_PAYLOAD].values);
		for (int i = 0; i < l->n; i++)
			seen |= l->v[i].z == b;
		if (!seen)
			l->v[l->n++].z = b;
	}
	l->text = arg;
	return 0;
}

/* Collection methods in the order named, each once. */
int dim_collects(const char *arg, void *config)
{
	struct bench_config *cfg = config;
	char buf[1024], *tok[BENCH_MAX_LIST];
	int n = cli_list("--collect", arg, buf, sizeof(buf), tok, BENCH_MAX_LIST);
	if (n < 0)
		return 2;
	struct dim_values *l = &cfg->dim[DIM_COLLECT];
	l->n = 0;
	for (int t = 0; t < n; t++) {
		enum pattern_collect c;
		int seen = 0;
		if (pattern_collect_parse(tok[t], &c) < 0)
			return cli_error("unknown --collect '%s': allowed are %s", tok[t],
					 dim_table[DIM_COLLECT].values);
		for (int i = 0; i < l->n; i++)
			seen |= l->v[i].i == c;
		if (!seen)
			l->v[l->n++].i = c;
	}
	l->text = arg;
	return 0;
}

/* Schedules in the order named, each once. */
int dim_schedules(const char *arg, void *config)
{
	struct bench_config *cfg = config;
	char err[256], buf[1024], *tok[BENCH_MAX_LIST];
	int n = cli_list("--schedule", arg, buf, sizeof(buf), tok, BENCH_MAX_LIST);
	if (n < 0)
		return 2;
	struct dim_values *l = &cfg->dim[DIM_SCHEDULE];
	l->n = 0;
	for (int t = 0; t < n; t++) {
		struct schedule s;
		int seen = 0;
		if (split_parse(tok[t], &s, err, sizeof(err)) < 0)
			return cli_error("%s", err);
		for (int i = 0; i < l->n; i++)
			seen |= l->v[i].s.kind == s.kind && l->v[i].s.chunk == s.chunk;
		if (!seen)
			l->v[l->n++].s = s;
	}
	return 0;
}

/* Labels in the order named, each once: a dimension that only names its
 * configurations (its column tells them apart). */
int dim_labels(const struct dim *d, const char *arg, struct bench_config *cfg)
{
	struct dim_values *l = &cfg->dim[DIM_ID(d)];
	char opt[64], *tok[BENCH_MAX_LIST];
	snprintf(opt, sizeof(opt), "--%s", d->option);
	int n = cli_list(opt, arg, l->words, sizeof(l->words), tok, BENCH_MAX_LIST);
	if (n < 0)
		return 2;
	l->n = 0;
	for (int t = 0; t < n; t++) {
		int seen = 0;
		for (int i = 0; i < l->n; i++)
			seen |= strcmp(l->v[i].p, tok[t]) == 0;
		if (!seen)
			l->v[l->n++].p = tok[t];
	}
	l->text = arg;
	return 0;
}

/* ---- run's options, from the table ------------------------------------ */

/* What a dimension's option callback needs: the dimension and what it fills. */
static struct dim_option {
	const struct dim *d;
	struct bench_config *cfg;
} dim_bound[DIM_MAX];

static int dim_option_cb(const char *arg, void *ctx)
{
	const struct dim_option *o = ctx;
	return o->d->parse ? o->d->parse(arg, o->cfg) : o->d->read(o->d, arg, o->cfg);
}

/* o from its dimension d: a flag, a text kept for later, or a value
 * parsed at once. */
static void dim_option(struct opt *o, const struct dim *d, struct bench_config *cfg)
{
	struct dim_option *b = &dim_bound[DIM_ID(d)];
	*o = (struct opt){ .name = d->option, .value_name = d->value_name, .help = d->help };
	if (d->flag) {
		o->kind = OPTK_FLAG;
		o->target = (char *)cfg + d->flag;
	} else if (d->later) {
		o->kind = OPTK_STRING;
		o->target = &cfg->dim[DIM_ID(d)].text;
	} else {
		*b = (struct dim_option){ .d = d, .cfg = cfg };
		o->kind = OPTK_CALLBACK;
		o->cb = dim_option_cb;
		o->ctx = b;
	}
}

int dim_options(struct opt *out, size_t max, struct bench_config *cfg)
{
	size_t n = 0;
	for (const struct dim *d = dim_table; d->option; d++) {
		if (n + 1 >= max)
			return -1;
		dim_option(&out[n++], d, cfg);
	}
	out[n] = (struct opt)OPT_END;
	return 0;
}
