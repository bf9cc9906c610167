/*
 * tests/fuzz/options.c - libFuzzer target for the option parser
 * (harness/core/options.c). The input is a command line, its words split
 * at NUL or newline bytes, parsed as `parbench run ...` would be: a small
 * table of run's own kinds of option (flags, an unset, whole numbers of 4
 * and 8 bytes with ranges, decimals, strings with and without a "what", a
 * callback) merged by opt_merge with the dimensions' options (lists, sizes,
 * the texts run parses later) and the runners' own tables (resolved
 * against a base: scaled decimals, ranges, a callback given the base).
 * Every input is parsed under each way of keeping other words.
 *
 * What must hold: opt_parse returns 0, 2 or OPT_HELP; 2 comes with exactly
 * one "parbench: ..." line on stderr and nothing else does; --help prints
 * the usage; after 0 every target is untouched or inside its range, a
 * string names one of the words, the words kept are words, at most as many
 * as allowed, and none without a way of keeping them.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../../harness/bench/dims.h"
#include "../../harness/core/cli.h"
#include "../../harness/core/options.h"
#include "../../runners/runner.h"
#include "fuzz.h"

#define UNSET_INT 7                  /* a flag's value before the parse: 0 or 1 after */
#define MAX_REST 4

/* What the table's own entries fill, set to values outside every range
 * before each parse so that "untouched" can be told apart. */
static struct {
	int compare_smt, quick, report, trace;
	int reps, warmup;
	size_t chunksize;
	double min_time;
	const char *profile, *out;
	const char *order;
} v;

static struct bench_config cfg;          /* the dimensions' options fill it */
static struct runner_options ropt;       /* the runners' options fill it */

/* --order: a callback with a context of its own. */
static int order_cb(const char *value, void *ctx)
{
	fuzz_assert(ctx == &v.order, value);
	if (strcmp(value, "interleaved") != 0 && strcmp(value, "sequential") != 0)
		return cli_error("bad --order '%s': allowed are interleaved, sequential", value);
	v.order = value;
	return 0;
}

static const struct opt own[] = {
	OPT_PLACE("kernels"),
	OPT_PLACE("runners"),
	OPT_PLACE("workers"),
	OPT_PLACE("size"),
	OPT_FLAG("compare-smt", v.compare_smt, "add --bind cores and threads"),
	OPT_PLACE("schedule"),
	OPT_WHOLE("chunksize", v.chunksize, 1, 1L << 40, "N", "a whole number of items", "a chunk"),
	OPT_WHOLE("reps", v.reps, 1, 100000, "N", NULL, "repetitions\n(default 5)"),
	OPT_DECIMAL("min-time", v.min_time, 0, 86400, "S", "seconds", "seconds of runs"),
	OPT_WHOLE("warmup", v.warmup, 0, 1000, "N", NULL, "warm-up runs"),
	OPT_FLAG("quick", v.quick, "short runs"),
	OPT_PLACE("timeout"),
	OPT_STRING("profile", v.profile, "NAME", "a label", "a label for meta.json"),
	OPT_STRING("out", v.out, "DIR", NULL, "the run's folder"),
	OPT_UNSET("no-report", v.report, "no report"),
	OPT_PLACE("switch-interval"),
	OPT_FLAG("trace", v.trace, NULL),
	OPT_CALLBACK("order", order_cb, &v.order, "O", "interleaved | sequential"),
	OPT_END,
};

#define MAX_OPTS 96
static struct opt table[MAX_OPTS];

static struct opt_command commands[] = {
	{ .name = "run", .usage = "usage: fuzz run\n", .epilogue = "end\n", .opts = table, .column = 26,
	  .rest = OPT_REST_NONE },
	{ .name = "run", .usage = "usage: fuzz run\n", .opts = table, .column = 10,
	  .rest = OPT_REST_WORDS },
	{ .name = "run", .usage = "usage: fuzz run\n", .opts = table, .column = 26, .rest = OPT_REST_ALL },
};

/* Run's table, built once: own, the dimensions' options, every runner's. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static struct opt dims[DIM_MAX + 1];
	const struct opt *more[BENCH_MAX_LIST];
	int n = 0;
	(void)argc, (void)argv;
	if (dim_options(dims, DIM_MAX + 1, &cfg) < 0)
		abort();
	more[n++] = dims;
	for (const struct runner_ops *const *r = runner_table; *r && n < BENCH_MAX_LIST; r++)
		if ((*r)->options)
			more[n++] = (*r)->options;
	if (opt_merge(table, MAX_OPTS, own, more, n, &ropt) <= 0)
		abort();
	return 0;
}

/* p points into one of the words argv[1..argc) (at its end included). */
static int in_words(char **argv, int argc, const char *p)
{
	for (int i = 1; i < argc; i++)
		if ((uintptr_t)p >= (uintptr_t)argv[i] && (uintptr_t)p <= (uintptr_t)(argv[i] + strlen(argv[i])))
			return 1;
	return 0;
}

static int is_word(char **argv, int argc, const char *p)
{
	for (int i = 1; i < argc; i++)
		if (p == argv[i])
			return 1;
	return 0;
}

static void reset(void)
{
	memset(&v, 0, sizeof(v));
	v.compare_smt = v.quick = v.report = v.trace = UNSET_INT;
	v.reps = v.warmup = -1;
	v.chunksize = 0;
	v.min_time = -1;
	memset(&cfg, 0, sizeof(cfg));
	memset(&ropt, 0, sizeof(ropt));
	ropt.gil.switch_interval = -1;
	ropt.fork.timeout = -1;
	ropt.fork.crash_worker = -1;
}

static int flag_ok(int f)
{
	return f == UNSET_INT || f == 0 || f == 1;
}

/* After a parse that returned 0: every target untouched or in range. */
static void check_values(char **argv, int argc, const char *line)
{
	fuzz_assert(flag_ok(v.compare_smt) && flag_ok(v.quick) && flag_ok(v.report) && flag_ok(v.trace), line);
	fuzz_assert(v.reps == -1 || (v.reps >= 1 && v.reps <= 100000), line);
	fuzz_assert(v.warmup == -1 || (v.warmup >= 0 && v.warmup <= 1000), line);
	fuzz_assert(v.chunksize == 0 || (v.chunksize >= 1 && v.chunksize <= (size_t)1 << 40), line);
	fuzz_assert(v.min_time == -1 || (v.min_time >= 0 && v.min_time <= 86400), line);
	fuzz_assert(!v.profile || (in_words(argv, argc, v.profile) && *v.profile), line);
	fuzz_assert(!v.out || in_words(argv, argc, v.out), line);
	fuzz_assert(!v.order || in_words(argv, argc, v.order), line);
	/* The runners' settings, through the base: switch-interval in ms
	 * stored in seconds (scale 0.001). */
	fuzz_assert(ropt.gil.switch_interval == -1 ||
		    (ropt.gil.switch_interval >= 0.001 * 0.001 && ropt.gil.switch_interval <= 10000 * 0.001),
		    line);
	fuzz_assert(ropt.gil.unit == 0 || (ropt.gil.unit >= 1 && ropt.gil.unit <= (size_t)1 << 30), line);
	fuzz_assert(ropt.gil.check <= 1000000, line);
	fuzz_assert(ropt.fork.timeout == -1 || (ropt.fork.timeout >= 0.001 && ropt.fork.timeout <= 86400), line);
	fuzz_assert(ropt.fork.crash_worker >= -1 && ropt.fork.crash_worker < RUNNER_MAX_WORKERS, line);
	/* The texts run parses later point into the words. */
	for (const struct dim *d = dim_table; d->option; d++)
		if (d->later)
			fuzz_assert(!cfg.dim[DIM_ID(d)].text || in_words(argv, argc, cfg.dim[DIM_ID(d)].text), line);
}

static void parse_once(const struct opt_command *c, char **argv, int argc, const char *line)
{
	char *rest[MAX_REST + 1];
	int nrest = -1;
	struct fuzz_output o;

	reset();
	rest[MAX_REST] = NULL;
	fuzz_catch();
	int rc = opt_parse(c, argc, argv, rest, MAX_REST, &nrest);
	fuzz_release(&o);
	fuzz_assert(rc == 0 || rc == 2 || rc == OPT_HELP, line);
	fuzz_assert(nrest >= 0 && nrest <= MAX_REST && rest[MAX_REST] == NULL, line);
	if (rc == 2)
		fuzz_assert(fuzz_one_error_line(&o) && o.out_len == 0, line);
	else
		fuzz_assert(o.err_len == 0, line);
	if (rc == OPT_HELP)
		fuzz_assert(strncmp(o.out, c->usage, strlen(c->usage)) == 0 && strstr(o.out, "  --reps N"), line);
	if (rc == 0) {
		fuzz_assert(o.out_len == 0, line);
		fuzz_assert(c->rest != OPT_REST_NONE || nrest == 0, line);
		for (int i = 0; i < nrest; i++)
			fuzz_assert(is_word(argv, argc, rest[i]), line);
		check_values(argv, argc, line);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[FUZZ_MAX_WORDS + 1] = { "run" };
	int argc = fuzz_words(data, size, argv, 1, FUZZ_MAX_WORDS);
	char *line = fuzz_text(data, size);     /* for the messages: up to the first NUL */

	argv[argc] = NULL;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		parse_once(&commands[i], argv, argc, line);
	fuzz_free_words(argv, 1, argc);
	free(line);
	return 0;
}
