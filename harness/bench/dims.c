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

static int count_sizes(const struct dim_walk *w, const struct config *c)
{
	(void)c;
	return w->nsizes;
}

static int set_size(const struct dim_walk *w, struct config *c, int i)
{
	c->size = w->sized ? i : -1;
	return 1;
}

/* Two sizes that give the same items are one configuration. */
static int same_items(const struct config *a, const struct config *b) { return a->n == b->n; }

static int count_runners(const struct dim_walk *w, const struct config *c)
{
	(void)c;
	return w->cfg->nrunners;
}

static int set_runners(const struct dim_walk *w, struct config *c, int i)
{
	c->runner = w->cfg->runners[i];
	return 1;
}

static int same_runners(const struct config *a, const struct config *b) { return a->runner == b->runner; }

static int count_binds(const struct dim_walk *w, const struct config *c)
{
	(void)c;
	return w->cfg->nbinds;
}

static int set_binds(const struct dim_walk *w, struct config *c, int i)
{
	c->bind = w->cfg->binds[i];
	return 1;
}

static int same_binds(const struct config *a, const struct config *b) { return a->bind == b->bind; }

static int count_patterns(const struct dim_walk *w, const struct config *c)
{
	(void)c;
	return w->cfg->npatterns ? w->cfg->npatterns : 1;
}

static int set_patterns(const struct dim_walk *w, struct config *c, int i)
{
	c->pattern = w->cfg->npatterns ? w->cfg->patterns[i] : PATTERN_NONE;
	return 1;
}

static int same_patterns(const struct config *a, const struct config *b) { return a->pattern == b->pattern; }

static int count_collects(const struct dim_walk *w, const struct config *c)
{
	(void)c;
	return w->cfg->ncollects ? w->cfg->ncollects : 1;
}

/* A runner without a parent cannot stream (run refused it by name), and
 * imap's parent consumes the table itself: no --collect there. */
static int set_collects(const struct dim_walk *w, struct config *c, int i)
{
	c->collect = w->cfg->ncollects ? w->cfg->collects[i] : COLLECT_PARTIAL;
	return !(pattern_needs_parent(c->pattern, c->collect) && c->runner->no_parent) &&
	       !(pattern_streams(c->pattern) && c->collect != COLLECT_PARTIAL);
}

static int same_collects(const struct config *a, const struct config *b) { return a->collect == b->collect; }

/* --init-in-parent: fork runners run both ways. */
static int count_init(const struct dim_walk *w, const struct config *c)
{
	return w->cfg->init_in_parent && c->runner->init_in_parent ? 2 : 1;
}

static int set_init(const struct dim_walk *w, struct config *c, int i)
{
	(void)w;
	c->init_parent = i;
	return 1;
}

static int same_init(const struct config *a, const struct config *b) { return a->init_parent == b->init_parent; }

/* --payload is a dimension of queue only. */
static int count_payloads(const struct dim_walk *w, const struct config *c)
{
	return c->pattern == PATTERN_QUEUE && w->cfg->npayloads ? w->cfg->npayloads : 1;
}

static int set_payloads(const struct dim_walk *w, struct config *c, int i)
{
	c->payload = c->pattern != PATTERN_QUEUE ? 0 : w->cfg->npayloads ? w->cfg->payloads[i]
		     : PATTERN_DEFAULT_PAYLOAD;
	return 1;
}

static int same_payloads(const struct config *a, const struct config *b) { return a->payload == b->payload; }

/* One worker runs everything once: no worker counts, no schedules. */
static int count_workers(const struct dim_walk *w, const struct config *c)
{
	return c->runner->max_workers == 1 ? 1 : w->cfg->nworkers;
}

static int set_workers(const struct dim_walk *w, struct config *c, int i)
{
	c->workers = c->runner->max_workers == 1 ? 1 : w->cfg->workers[i];
	return 1;
}

static int same_workers(const struct config *a, const struct config *b) { return a->workers == b->workers; }

/* Under a pattern (which takes chunks) the schedule changes nothing. */
static int count_schedules(const struct dim_walk *w, const struct config *c)
{
	return c->runner->max_workers == 1 || c->pattern != PATTERN_NONE ? 1 : w->cfg->nscheds;
}

static int set_schedules(const struct dim_walk *w, struct config *c, int i)
{
	c->sched = c->runner->max_workers == 1 ? (struct schedule){ SPLIT_STATIC, 0 } : w->cfg->scheds[i];
	return 1;
}

static int same_schedules(const struct config *a, const struct config *b)
{
	return a->sched.kind == b->sched.kind && a->sched.chunk == b->sched.chunk;
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

#define PRODUCT(x) .count = count_##x, .set = set_##x, .same = same_##x

const struct dim dim_table[] = {
	{ .option = "kernels", .column = "kernel", .parse = dim_kernels, .names = kernel_names,
	  .applies = "every runner" },
	{ .option = "items", .column = "items", .parse = dim_items,
	  .values = "whole numbers from 1 to 2^40", .applies = "every kernel",
	  .count = count_sizes, .set = set_size, .same = same_items },
	{ .option = "size", .column = "size_rule", .parse = dim_sizes,
	  .values = "bytes (64KiB) or [F*]L1, L2, L3, DRAM",
	  .applies = "kernels with a data set (walked as items)" },
	{ .option = "runners", .column = "runner", .parse = dim_runners, .names = runner_names,
	  .applies = "every kernel",
	  PRODUCT(runners) },
	{ .option = "bind", .column = "bind", .parse = dim_binds,
	  .values = "none, cores, threads, spread", .applies = "every runner", PRODUCT(binds) },
	{ .option = "pattern", .column = "pattern", .parse = dim_patterns,
	  .values = "none, map, imap, imap_unordered, queue",
	  .applies = "runners with a parent (streaming patterns)", PRODUCT(patterns) },
	{ .option = "collect", .column = "collect", .parse = dim_collects,
	  .values = "partial, shared, messages", .applies = "pattern none or map", PRODUCT(collects) },
	{ .option = "init-in-parent", .column = "init_in_parent", .values = "0, 1",
	  .applies = "runners that fork (init_in_parent)", PRODUCT(init) },
	{ .option = "payload", .column = "payload", .parse = dim_payloads,
	  .values = "bytes from 0 to 1MiB", .applies = "pattern queue", PRODUCT(payloads) },
	{ .option = "workers", .column = "workers", .parse = dim_workers,
	  .values = "counts from 1 to 256, ranges (1-4), max",
	  .applies = "runners with more than one worker", PRODUCT(workers) },
	{ .option = "schedule", .column = "schedule", .parse = dim_schedules,
	  .values = "static, dynamic, dynamic:CHUNK",
	  .applies = "pattern none, runners with more than one worker", PRODUCT(schedules) },
	{ .option = NULL },
};

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
	int n = d->count(w, c);
	for (int i = 0; i < n; i++)
		if (d->set(w, c, i))
			count = walk(w, d + 1, c, out, count);
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
		if (d->same && !d->same(a, b))
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

/* Kernels run in the order named, each once. */
int dim_kernels(const char *arg, void *config)
{
	struct bench_config *cfg = config;
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
			dim_values(dim_find("kernels"), allowed, sizeof(allowed));
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
			dim_values(dim_find("runners"), allowed, sizeof(allowed));
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
	cfg->nworkers = 0;
	for (int w = 1; w <= RUNNER_MAX_WORKERS; w++)
		if (want[w])
			cfg->workers[cfg->nworkers++] = w;
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
int dim_patterns(const char *arg, void *config)
{
	struct bench_config *cfg = config;
	char buf[1024], *tok[BENCH_MAX_LIST];
	int n = cli_list("--pattern", arg, buf, sizeof(buf), tok, BENCH_MAX_LIST);
	if (n < 0)
		return 2;
	cfg->npatterns = 0;
	for (int t = 0; t < n; t++) {
		enum pattern_kind p;
		int seen = 0;
		if (pattern_parse(tok[t], &p) < 0)
			return cli_error("unknown --pattern '%s': allowed are %s", tok[t],
					 dim_find("pattern")->values);
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
int dim_payloads(const char *arg, void *config)
{
	struct bench_config *cfg = config;
	char buf[1024], err[256], *tok[BENCH_MAX_LIST];
	int n = cli_list("--payload", arg, buf, sizeof(buf), tok, BENCH_MAX_LIST);
	if (n < 0)
		return 2;
	cfg->npayloads = 0;
	for (int t = 0; t < n; t++) {
		size_t b = 0;
		int seen = 0, zero = strcmp(tok[t], "0") == 0;
		if (!zero && (size_parse(tok[t], &b, err, sizeof(err)) < 0 || b > PATTERN_MAX_PAYLOAD))
			return cli_error("bad --payload '%s': expected %s (e.g. 64, 64KiB)", tok[t],
					 dim_find("payload")->values);
		for (int i = 0; i < cfg->npayloads; i++)
			seen |= cfg->payloads[i] == b;
		if (!seen)
			cfg->payloads[cfg->npayloads++] = b;
	}
	cfg->payload_text = arg;
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
	cfg->ncollects = 0;
	for (int t = 0; t < n; t++) {
		enum pattern_collect c;
		int seen = 0;
		if (pattern_collect_parse(tok[t], &c) < 0)
			return cli_error("unknown --collect '%s': allowed are %s", tok[t],
					 dim_find("collect")->values);
		for (int i = 0; i < cfg->ncollects; i++)
			seen |= cfg->collects[i] == c;
		if (!seen)
			cfg->collects[cfg->ncollects++] = c;
	}
	cfg->collect_text = arg;
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
