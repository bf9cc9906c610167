/*
 * tests/unit/dims.c - the dimension table: the parsers keep each value
 * once and refuse a bad item, and the product it drives leaves out what a
 * runner or pattern does not take (serial's worker counts and schedules, a
 * pattern's schedules, collect under imap, openmp without a parent,
 * payloads outside queue), counts the schedules at one worker that repeat
 * static as left out, and dedupes by resolved items; run's options and
 * the key columns come from the table; a label dimension needs no code of
 * its own. TAP output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../harness/bench/dims.h"
#include "../../harness/output/columns.h"
#include "../lib/tap.h"

static struct bench_config cfg;

/* Parses with stderr thrown away; 0 or 2. */
static int quiet(int (*parse)(const char *, void *), const char *arg)
{
	int saved = dup(2);
	FILE *null = fopen("/dev/null", "w");
	fflush(stderr);
	dup2(fileno(null), 2);
	int rc = parse(arg, &cfg);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	fclose(null);
	return rc;
}

static const char *runner_name(int i)
{
	const struct runner_ops *r = cfg.dim[DIM_RUNNER].v[i].p;
	return r->name;
}

static int product(void)
{
	struct dim_walk w = { .cfg = &cfg, .nsizes = 1, .sized = 0 };
	return dim_product(&w, NULL);
}

static void test_parsers(void)
{
	cfg.max_workers = 8;
	const struct dim_values *workers = &cfg.dim[DIM_WORKERS];
	ok(dim_workers("4,1-2,2,max", &cfg) == 0 && workers->n == 4 && workers->v[0].i == 1 &&
	   workers->v[1].i == 2 && workers->v[2].i == 4 && workers->v[3].i == 8,
	   "workers: sorted, each once, max is cfg->max_workers");
	ok(dim_runners("fork,serial,fork", &cfg) == 0 && cfg.dim[DIM_RUNNER].n == 2 &&
	   strcmp(runner_name(0), "serial") == 0 && !cfg.runners_all,
	   "runners: table order, each once");
	ok(dim_patterns("map,none,map", &cfg) == 0 && cfg.dim[DIM_PATTERN].n == 2 &&
	   cfg.dim[DIM_PATTERN].v[0].i == PATTERN_MAP,
	   "patterns: the order named, each once");
	ok(quiet(dim_patterns, "starmap") == 2 && quiet(dim_collects, "manager") == 2 &&
	   quiet(dim_workers, "0") == 2 && quiet(dim_payloads, "2MiB") == 2 && quiet(dim_kernels, "pi,,x") == 2,
	   "a bad item is refused with 2");
	/* 1024 characters, one more than dim_workers' buffer holds: cut to
	 * fit, the last item read 012, so 1 and 12 workers instead of 1, 128. */
	char list[1100] = "";
	for (int i = 0; i < 102; i++)
		strcat(list, "0001-0001,");
	strcat(list, "0128");
	ok(quiet(dim_workers, list) == 2, "a list longer than the parser's buffer is refused, not cut (%zu chars)",
	   strlen(list));
	char buf[256];
	dim_values(dim_find("runners"), buf, sizeof(buf));
	ok(strncmp(buf, "serial, ", 8) == 0 && strstr(buf, ", all") != NULL, "runner values from the table: %s", buf);
	ok(dim_find("payload") && !dim_find("nope"), "dim_find by option name");
}

static void test_product(void)
{
	memset(&cfg, 0, sizeof(cfg));
	cfg.max_workers = 4;
	dim_runners("serial,pthreads", &cfg);
	dim_workers("1,2", &cfg);
	dim_schedules("static,dynamic", &cfg);
	dim_binds("none", &cfg);
	/* serial: 1 point; pthreads: 1 worker static, 2 workers x 2 schedules. */
	ok(product() == 4, "serial runs once, pthreads per worker count and schedule (%d)", product());
	dim_patterns("none,map", &cfg);
	/* + map: serial 1, pthreads 2 workers x 1 schedule. */
	ok(product() == 7, "a pattern takes no schedules (%d)", product());
	dim_patterns("none,imap", &cfg);
	dim_collects("partial,shared", &cfg);
	/* none x {partial, shared}: 2 x 4; imap x partial only: 1 + 2. */
	ok(product() == 11, "collect other than partial is left out under imap (%d)", product());
	dim_runners("openmp", &cfg);
	dim_collects("partial,messages", &cfg);
	/* openmp has no parent: only none x partial, 1 + 2 workers x 2 schedules. */
	ok(product() == 3, "a runner without a parent runs neither imap nor messages (%d)", product());
	dim_collects("partial", &cfg);
	dim_runners("pthreads", &cfg);
	dim_patterns("map,queue", &cfg);
	dim_payloads("0,64,1KiB", &cfg);
	/* map: 2 workers; queue: 3 payloads x 2 workers. */
	ok(product() == 8, "payloads multiply queue only (%d)", product());
}

/* At one worker every schedule is the same work: one runs (static when
 * listed, else the first), the others are counted as repeats. */
static void test_repeats(void)
{
	int repeats[DIM_MAX] = { 0 };
	struct config c[8];
	struct dim_walk w = { .cfg = &cfg, .nsizes = 1, .repeats = repeats };
	memset(&cfg, 0, sizeof(cfg));
	dim_runners("serial,pthreads,fork", &cfg);
	dim_workers("1,2", &cfg);
	dim_schedules("dynamic,static,dynamic:8", &cfg);
	dim_binds("none", &cfg);
	int n = dim_product(&w, NULL);
	ok(n == 9 && repeats[DIM_SCHEDULE] == 4,
	   "1 worker: static only, the 2 dynamic ones of 2 runners left out as repeats (%d, %d)", n,
	   repeats[DIM_SCHEDULE]);
	dim_schedules("dynamic:8,dynamic", &cfg);
	dim_runners("pthreads", &cfg);
	memset(repeats, 0, sizeof(repeats));
	n = dim_product(&w, c);
	ok(n == 3 && c[0].v[DIM_WORKERS].i == 1 && c[0].v[DIM_SCHEDULE].s.kind == SPLIT_DYNAMIC &&
	   c[0].v[DIM_SCHEDULE].s.chunk == 8 && repeats[DIM_SCHEDULE] == 1,
	   "without static, the first schedule runs at 1 worker and the other is a repeat");
	dim_patterns("map", &cfg);
	memset(repeats, 0, sizeof(repeats));
	ok(dim_product(&w, NULL) == 2 && repeats[DIM_SCHEDULE] == 0,
	   "under a pattern (no schedules) nothing is a repeat");
	ok(dim_table[DIM_SCHEDULE].repeats && strstr(dim_table[DIM_SCHEDULE].repeats, "same work"),
	   "the schedule's entry says why it leaves them out");
	cfg.dim[DIM_PATTERN].n = 0;
}

static void test_same(void)
{
	struct config a = { .n = 100 };
	a.v[DIM_RUNNER].p = cfg.dim[DIM_RUNNER].v[0].p;
	a.v[DIM_WORKERS].i = 2;
	a.v[DIM_ITEMS].i = 0;
	struct config b = a;
	b.v[DIM_ITEMS].i = 1;
	ok(dim_same(&a, &b), "two sizes that give the same items are one configuration");
	b.n = 101;
	ok(!dim_same(&a, &b), "different items are two");
	b = a;
	b.v[DIM_SCHEDULE].s.chunk = 8;
	ok(!dim_same(&a, &b), "a different chunk is another configuration");
}

/* The table's own rules: enum dim_id names positions that hold entries,
 * every dimension has an option line, and the column table takes each
 * dimension's column as a key of both tables, by its name. */
static void test_derived(void)
{
	struct opt opts[DIM_MAX + 1];
	int n = 0, keys = 0, found = 0;
	for (int id = 0; id < DIM_BUILTIN; id++)
		n += dim_table[id].option != NULL;
	ok(n == DIM_BUILTIN, "every enum dim_id names an entry (%d of %d)", n, DIM_BUILTIN);
	ok(dim_options(opts, DIM_MAX + 1, &cfg) == 0, "dim_options fills a table");
	n = 0;
	for (const struct opt *o = opts; o->kind != OPTK_END; o++)
		n += o->help && o->name && dim_find(o->name) != NULL;
	ok(n == DIM_BUILTIN && opts[DIM_INIT].kind == OPTK_FLAG && opts[DIM_WORKERS].kind == OPTK_STRING &&
	   opts[DIM_PAYLOAD].kind == OPTK_CALLBACK,
	   "one option per dimension: a flag, a text for later, or a parser (%d)", n);
	for (const struct dim *d = dim_table; d->option; d++)
		if (d->column) {
			keys++;
			for (const struct column *c = column_table(); c->name; c++)
				found += strcmp(c->name, d->column) == 0 && c->key &&
					 c->tables == (COLUMN_SAMPLES | COLUMN_SUMMARY);
		}
	ok(keys == found && keys >= 10, "each dimension's column is a key column (%d of %d)", found, keys);
}

/* A label dimension's values, read generically (dim_labels), walked by the
 * list hooks and shown as their text. */
static void test_labels(void)
{
	const struct dim *d = &dim_table[DIM_PATTERN];   /* any slot: the hooks take d */
	struct dim_values saved = cfg.dim[DIM_PATTERN];
	struct dim_walk w = { .cfg = &cfg, .nsizes = 1 };
	struct config c = { 0 };
	struct sink_value v;
	ok(dim_labels(d, "A,B,A", &cfg) == 0 && cfg.dim[DIM_PATTERN].n == 2 &&
	   dim_count_list(d, &w, &c) == 2, "labels: each once, in the order named");
	dim_set_list(d, &w, &c, 1);
	dim_show_label(d, &c, &v);
	ok(v.kind == SINK_TEXT && strcmp(v.text, "B") == 0, "a label shows as its text");
	cfg.dim[DIM_PATTERN] = saved;
}

int main(void)
{
	test_parsers();
	test_product();
	test_repeats();
	test_same();
	test_derived();
	test_labels();
	printf("1..%d\n", tap_count);
	return tap_failures != 0;
}
