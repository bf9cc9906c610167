/*
 * dims.c - see dims.h. Each parser reads a comma list (cli_list), keeps
 * each value once, and says in one line which item is bad and what is
 * allowed; the order it keeps is the order the product walks.
 */
#include <stdio.h>
#include <string.h>

#include "../core/cli.h"
#include "dims.h"

const struct dim dim_table[] = {
	{ "kernels", "kernel", dim_kernels, NULL, "every runner" },
	{ "runners", "runner", dim_runners, NULL, "every kernel" },
	{ "workers", "workers", dim_workers, "counts from 1 to 256, ranges (1-4), max",
	  "runners with more than one worker" },
	{ "schedule", "schedule", dim_schedules, "static, dynamic, dynamic:CHUNK",
	  "pattern none, runners with more than one worker" },
	{ "bind", "bind", dim_binds, "none, cores, threads, spread", "every runner" },
	{ "items", "items", dim_items, "whole numbers from 1 to 2^40", "every kernel" },
	{ "size", "size_rule", dim_sizes, "bytes (64KiB) or [F*]L1, L2, L3, DRAM",
	  "kernels with a data set" },
	{ "pattern", "pattern", dim_patterns, "none, map, imap, imap_unordered, queue",
	  "runners with a parent (streaming patterns)" },
	{ "collect", "collect", dim_collects, "partial, shared, messages", "pattern none or map" },
	{ "init-in-parent", "init_in_parent", NULL, "0, 1", "runners that fork (init_in_parent)" },
	{ "payload", "payload", dim_payloads, "bytes from 0 to 1MiB", "pattern queue" },
	{ NULL, NULL, NULL, NULL, NULL },
};

const struct dim *dim_find(const char *name)
{
	for (const struct dim *d = dim_table; d->option; d++)
		if (strcmp(d->option, name) == 0)
			return d;
	return NULL;
}

void dim_values(const struct dim *d, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	if (d->values) {
		snprintf(buf, len, "%s", d->values);
		return;
	}
	if (d->parse == dim_kernels)
		for (const struct kernel_ops *const *k = kernel_table; *k && used < len; k++)
			used += (size_t)snprintf(buf + used, len - used, "%s, ", (*k)->name);
	else
		for (const struct runner_ops *const *r = runner_table; *r && used < len; r++)
			used += (size_t)snprintf(buf + used, len - used, "%s, ", (*r)->name);
	if (used < len)
		snprintf(buf + used, len - used, "all");
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
