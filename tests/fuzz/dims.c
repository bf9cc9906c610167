/*
 * tests/fuzz/dims.c - libFuzzer target for run's value lists: every
 * parser of the dimension table (harness/bench/dims.c: --kernels,
 * --runners, --workers "1,2,4" and "1-max", --size, --items, --bind,
 * --pattern, --collect, --payload, --schedule), called through the table
 * as run's options call them, on each word of the input (split at NUL or
 * newline bytes), and the comma splitter under them all (cli_list).
 *
 * What must hold: a parser returns 0, or 2 with exactly one "parbench:"
 * line on stderr; after 0 the dimension holds at least one value and no
 * more than the word has items, each value once, each a real one (a
 * kernel or runner of the tables, a worker count from 1 to 256 in rising
 * order, a size or payload in range, a known policy, pattern, method or
 * schedule). cli_list's items, joined by commas again, are the word.
 */
#include <stdint.h>
#include <string.h>

#include "../../harness/bench/dims.h"
#include "../../harness/core/cli.h"
#include "fuzz.h"

static struct bench_config cfg;

/* The items of a comma list: commas + 1. */
static int items(const char *arg)
{
	int n = 1;
	for (; *arg; arg++)
		n += *arg == ',';
	return n;
}

static int in_table(const void *const *table, const void *p)
{
	for (; *table; table++)
		if (*table == p)
			return 1;
	return 0;
}

static void check_kernels(const struct dim *d, const char *arg)
{
	(void)d;
	fuzz_assert(cfg.nkernels >= 1 && cfg.nkernels <= BENCH_MAX_LIST, arg);
	for (int i = 0; i < cfg.nkernels; i++) {
		fuzz_assert(in_table((const void *const *)kernel_table, cfg.kernels[i]), arg);
		for (int j = 0; j < i; j++)
			fuzz_assert(cfg.kernels[i] != cfg.kernels[j], arg);
	}
}

/* Runners: from the table, each once, in the table's order. */
static void check_runners(const struct dim *d, const char *arg)
{
	const struct dim_values *l = &cfg.dim[DIM_ID(d)];
	int at = 0;
	fuzz_assert(l->n >= 1, arg);
	for (int i = 0; i < l->n; i++) {
		while (runner_table[at] && runner_table[at] != l->v[i].p)
			at++;
		fuzz_assert(runner_table[at] != NULL, arg);
		at++;
	}
}

static void check_workers(const struct dim *d, const char *arg)
{
	const struct dim_values *l = &cfg.dim[DIM_ID(d)];
	fuzz_assert(l->n >= 1 && l->n <= RUNNER_MAX_WORKERS, arg);
	for (int i = 0; i < l->n; i++) {
		fuzz_assert(l->v[i].i >= 1 && l->v[i].i <= RUNNER_MAX_WORKERS, arg);
		fuzz_assert(i == 0 || l->v[i].i > l->v[i - 1].i, arg);
	}
	if (!strchr(arg, '-'))
		fuzz_assert(l->n <= items(arg), arg);
}

static void check_sizes(const struct dim *d, const char *arg)
{
	(void)d;
	fuzz_assert(cfg.nsizes >= 1 && cfg.nsizes <= items(arg), arg);
	for (int i = 0; i < cfg.nsizes; i++) {
		const struct size_spec *z = &cfg.sizes[i];
		fuzz_assert(z->level >= SIZE_BYTES && z->level <= SIZE_DRAM && z->factor > 0, arg);
		fuzz_assert(z->level != SIZE_BYTES || (z->bytes >= 1 && z->factor == 1), arg);
		for (int j = 0; j < i; j++)
			fuzz_assert(z->level != cfg.sizes[j].level || z->factor != cfg.sizes[j].factor ||
				    z->bytes != cfg.sizes[j].bytes, arg);
	}
}

/* One count sets items; two or more make the list. */
static void check_items(const struct dim *d, const char *arg)
{
	(void)d;
	fuzz_assert(cfg.size_text == arg, arg);
	fuzz_assert(cfg.nitem_list <= items(arg) && cfg.nitem_list != 1, arg);
	if (!cfg.nitem_list)
		fuzz_assert(cfg.items >= 1 && cfg.items <= (size_t)1 << 40, arg);
	for (int i = 0; i < cfg.nitem_list; i++) {
		fuzz_assert(cfg.item_list[i] >= 1 && cfg.item_list[i] <= (size_t)1 << 40, arg);
		for (int j = 0; j < i; j++)
			fuzz_assert(cfg.item_list[i] != cfg.item_list[j], arg);
	}
}

/* A list of .i values, each once, each with a name. */
static void check_named(const struct dim *d, const char *arg, const char *(*name)(long))
{
	const struct dim_values *l = &cfg.dim[DIM_ID(d)];
	fuzz_assert(l->n >= 1 && l->n <= items(arg), arg);
	for (int i = 0; i < l->n; i++) {
		fuzz_assert(name(l->v[i].i) != NULL, arg);
		for (int j = 0; j < i; j++)
			fuzz_assert(l->v[i].i != l->v[j].i, arg);
	}
}

static const char *bind_name(long i)
{
	return i >= PLAN_NONE && i < PLAN_POLICIES ? plan_policy_name((enum plan_policy)i) : NULL;
}

static const char *pattern_named(long i)
{
	return i >= PATTERN_NONE && i <= PATTERN_QUEUE ? pattern_name((enum pattern_kind)i) : NULL;
}

static const char *collect_named(long i)
{
	return i >= COLLECT_PARTIAL && i <= COLLECT_MESSAGES ? pattern_collect_name((enum pattern_collect)i)
							       : NULL;
}

static void check_binds(const struct dim *d, const char *arg)
{
	check_named(d, arg, bind_name);
}

static void check_patterns(const struct dim *d, const char *arg)
{
	check_named(d, arg, pattern_named);
	fuzz_assert(cfg.dim[DIM_ID(d)].text == arg, arg);
}

static void check_collects(const struct dim *d, const char *arg)
{
	check_named(d, arg, collect_named);
	fuzz_assert(cfg.dim[DIM_ID(d)].text == arg, arg);
}

static void check_payloads(const struct dim *d, const char *arg)
{
	const struct dim_values *l = &cfg.dim[DIM_ID(d)];
	fuzz_assert(l->n >= 1 && l->n <= items(arg) && l->text == arg, arg);
	for (int i = 0; i < l->n; i++) {
		fuzz_assert(l->v[i].z <= PATTERN_MAX_PAYLOAD, arg);
		for (int j = 0; j < i; j++)
			fuzz_assert(l->v[i].z != l->v[j].z, arg);
	}
}

static void check_schedules(const struct dim *d, const char *arg)
{
	const struct dim_values *l = &cfg.dim[DIM_ID(d)];
	fuzz_assert(l->n >= 1 && l->n <= items(arg), arg);
	for (int i = 0; i < l->n; i++) {
		const struct schedule *s = &l->v[i].s;
		fuzz_assert(s->kind == SPLIT_STATIC || s->kind == SPLIT_DYNAMIC, arg);
		fuzz_assert(s->chunk <= (size_t)1 << 40 && (s->kind == SPLIT_DYNAMIC || s->chunk == 0), arg);
		for (int j = 0; j < i; j++)
			fuzz_assert(s->kind != l->v[j].s.kind || s->chunk != l->v[j].s.chunk, arg);
	}
}

/* What must hold after each dimension's parser returned 0, by position. */
static void (*const checks[DIM_MAX])(const struct dim *d, const char *arg) = {
	[DIM_KERNEL] = check_kernels,
	[DIM_ITEMS] = check_items,
	[DIM_SIZE] = check_sizes,
	[DIM_RUNNER] = check_runners,
	[DIM_BIND] = check_binds,
	[DIM_PATTERN] = check_patterns,
	[DIM_COLLECT] = check_collects,
	[DIM_PAYLOAD] = check_payloads,
	[DIM_WORKERS] = check_workers,
	[DIM_SCHEDULE] = check_schedules,
};

/* Resets what d's parser fills; max_workers as run sets it (1 to 256). */
static void reset(const struct dim *d, int max_workers)
{
	memset(&cfg.dim[DIM_ID(d)], 0, sizeof(cfg.dim[0]));
	cfg.nkernels = cfg.nsizes = cfg.nitem_list = cfg.runners_all = 0;
	cfg.items = 0;
	cfg.size_text = NULL;
	cfg.max_workers = max_workers;
}

static void parse_dims(const char *arg, int max_workers)
{
	for (const struct dim *d = dim_table; d->option; d++) {
		struct fuzz_output o;
		if (!d->parse && !d->read)
			continue;
		reset(d, max_workers);
		fuzz_catch();
		int rc = d->parse ? d->parse(arg, &cfg) : d->read(d, arg, &cfg);
		fuzz_release(&o);
		fuzz_assert(rc == 0 || rc == 2, arg);
		fuzz_assert(rc == 2 ? fuzz_one_error_line(&o) : o.err_len == 0, arg);
		fuzz_assert(o.out_len == 0, arg);
		if (rc == 0 && checks[DIM_ID(d)])
			checks[DIM_ID(d)](d, arg);
		}
}

/* cli_list with a small buffer: its items are the word's, in order. */
static void check_list(const char *arg)
{
	char buf[16], *tok[4], joined[64] = "";
	struct fuzz_output o;
	fuzz_catch();
	int n = cli_list("--fuzz", arg, buf, sizeof(buf), tok, 4);
	fuzz_release(&o);
	fuzz_assert(n == -1 ? fuzz_one_error_line(&o) : o.err_len == 0, arg);
	if (n < 0)
		return;
	fuzz_assert(n >= 1 && n <= 4 && n == items(arg), arg);
	for (int i = 0; i < n; i++) {
		fuzz_assert(tok[i][0] != '\0', arg);
		strcat(joined, i ? "," : "");
		strncat(joined, tok[i], sizeof(joined) - strlen(joined) - 1);
	}
	fuzz_assert(strcmp(joined, arg) == 0, arg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *words[FUZZ_MAX_WORDS];
	int n = fuzz_words(data, size, words, 0, FUZZ_MAX_WORDS);
	for (int i = 0; i < n; i++) {
		parse_dims(words[i], 1 + (int)(size % RUNNER_MAX_WORKERS));
		check_list(words[i]);
	}
	fuzz_free_words(words, 0, n);
	return 0;
}
