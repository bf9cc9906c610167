/*
 * tests/unit/options.c - the option parser: both value forms, every kind,
 * ranges at their edges, the one-line errors (the bad value named, what is
 * allowed), words kept or refused, --help generated from the table, and
 * tables merged (opt_merge: placed, appended, resolved against a base).
 * TAP output.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../harness/core/options.h"
#include "../lib/tap.h"

static struct {
	int quick, report, n32;
	long n64;
	double secs, ms;
	const char *out, *list;
} v;

static int list_cb(const char *value, void *ctx)
{
	*(const char **)ctx = value;
	return strcmp(value, "bad") == 0 ? 2 : 0;
}

static const struct opt opts[] = {
	OPT_FLAG("quick", v.quick, "short runs"),
	OPT_UNSET("no-report", v.report, "no report"),
	OPT_WHOLE("reps", v.n32, 1, 100, "N", NULL, "repetitions\n(default 5)"),
	OPT_WHOLE("items", v.n64, 1, 1L << 40, "N", "a whole number of items", "items"),
	OPT_DECIMAL("min-time", v.secs, 0, 10, "S", "seconds", "seconds"),
	{ .name = "interval", .kind = OPTK_DECIMAL, .target = &v.ms, .value_name = "MS", .lo = 0.001,
	  .hi = 100, .what = "milliseconds", .scale = 0.001, .help = "in ms" },
	OPT_STRING("out", v.out, "DIR", "a directory", "where"),
	OPT_CALLBACK("list", list_cb, &v.list, "a,b", NULL),
	OPT_FLAG("a-rather-long-flag", v.quick, "its help on the next line"),
	OPT_END,
};

static struct opt_command cmd = {
	.name = "test", .usage = "usage: test\n\n", .epilogue = "\nend\n", .opts = opts, .column = 16,
};

static char err[1024];

/* Parses the words (NULL-terminated) with stderr caught in err. */
static int parse(char **rest, int *nrest, ...)
{
	char *argv[16] = { "test" };
	int argc = 1;
	va_list ap;
	va_start(ap, nrest);
	for (char *a; (a = va_arg(ap, char *)) != NULL;)
		argv[argc++] = a;
	va_end(ap);
	memset(&v, 0, sizeof(v));
	v.report = 1;
	FILE *f = tmpfile();
	int saved = dup(2);
	fflush(stderr);
	dup2(fileno(f), 2);
	int rc = opt_parse(&cmd, argc, argv, rest, 4, nrest);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(f);
	size_t n = fread(err, 1, sizeof(err) - 1, f);
	err[n] = '\0';
	fclose(f);
	return rc;
}

/* The lines of err, and err without its last newline for test names. */
static int err_lines(void)
{
	int lines = 0;
	size_t len = strlen(err);
	for (const char *c = err; *c; c++)
		lines += *c == '\n';
	if (len && err[len - 1] == '\n')
		err[len - 1] = '\0';
	return lines;
}

static void test_values(void)
{
	int rc = parse(NULL, NULL, "--quick", "--no-report", "--reps", "7", "--items=1099511627776",
		       "--min-time=0.5", "--interval", "5", "--out", "d", "--list=a,b", NULL);
	ok(rc == 0 && v.quick == 1 && v.report == 0 && v.n32 == 7 && v.n64 == 1L << 40 &&
	   v.secs == 0.5 && v.ms == 0.005 && strcmp(v.out, "d") == 0 && strcmp(v.list, "a,b") == 0 &&
	   !err[0], "every kind, both value forms (rc %d, stderr '%s')", rc, err);
	ok(parse(NULL, NULL, "--reps", "100", NULL) == 0 && v.n32 == 100, "the top of a range is allowed");
	ok(parse(NULL, NULL, "--workers", "-3", "--reps", "-3", NULL) == 2, "an unknown option is refused");
	ok(parse(NULL, NULL, "--reps", "-3", NULL) == 2 && err_lines() == 1 && strstr(err, "'-3'") != NULL,
	   "a value that starts with - is the option's value: '-3' named (%s)", err);
}

static void test_errors(void)
{
	static const struct { const char *a, *b, *want; } cases[] = {
		{ "--reps", "0", "parbench: bad --reps '0': expected a whole number from 1 to 100" },
		{ "--reps", "101", "'101'" },
		{ "--reps", "+2", "'+2'" },
		{ "--items", "0x10", "from 1 to 2^40" },
		{ "--min-time", "-1", "bad --min-time '-1': expected seconds from 0 to 10" },
		{ "--interval", "0", "milliseconds from 0.001 to 100" },
		{ "--out", "", "--out is empty: name a directory" },
		{ "--bogus", "1", "unknown option '--bogus' for test (see parbench test --help)" },
		{ "--min", "1", "unknown option '--min' for test: did you mean --min-time?" },
		{ "--quick=1", NULL, "option '--quick' takes no value" },
		{ "--reps", NULL, "option '--reps' needs a value" },
		{ "word", NULL, "unexpected argument 'word' for test" },
		{ "--out", "--quick", "option '--out' needs a value, not the option '--quick'" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = cases[i].b ? parse(NULL, NULL, cases[i].a, cases[i].b, NULL)
				    : parse(NULL, NULL, cases[i].a, NULL);
		int lines = err_lines();
		ok(rc == 2 && lines == 1 && strstr(err, cases[i].want) != NULL,
		   "%s %s: exit 2, one line with \"%s\" (rc %d: %s)", cases[i].a, cases[i].b ? cases[i].b : "",
		   cases[i].want, rc, err);
	}
	ok(parse(NULL, NULL, "--list", "bad", NULL) == 2, "a callback's 2 stops the parse");
}

static void test_rest(void)
{
	char *rest[4];
	int n;
	cmd.rest = OPT_REST_WORDS;
	int rc = parse(rest, &n, "A", "--reps", "3", "B", NULL);
	ok(rc == 0 && n == 2 && strcmp(rest[0], "A") == 0 && strcmp(rest[1], "B") == 0 && v.n32 == 3,
	   "OPT_REST_WORDS keeps the words, in order");
	ok(parse(rest, &n, "--bogus", NULL) == 2, "OPT_REST_WORDS still refuses an unknown option");
	cmd.rest = OPT_REST_ALL;
	rc = parse(rest, &n, "--kernels", "pi", "--reps=3", "--pool", NULL);
	ok(rc == 0 && n == 3 && strcmp(rest[0], "--kernels") == 0 && strcmp(rest[1], "pi") == 0 &&
	   strcmp(rest[2], "--pool") == 0, "OPT_REST_ALL keeps unknown options and words for another parser");
	ok(parse(rest, &n, "a", "b", "c", "d", "e", NULL) == 2 && strstr(err, "too many arguments"),
	   "more words than room: refused");
	cmd.rest = OPT_REST_NONE;
}

static void test_help(void)
{
	char buf[2048];
	FILE *f = tmpfile();
	int saved = dup(1);
	fflush(stdout);
	dup2(fileno(f), 1);
	int rc = parse(NULL, NULL, "--reps", "3", "--help", "--bogus", NULL);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	rewind(f);
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	const char *want =
		"usage: test\n\n"
		"  --quick       short runs\n"
		"  --no-report   no report\n"
		"  --reps N      repetitions\n"
		"                (default 5)\n"
		"  --items N     items\n"
		"  --min-time S  seconds\n"
		"  --interval MS in ms\n"
		"  --out DIR     where\n"
		"  --a-rather-long-flag\n"
		"                its help on the next line\n"
		"\nend\n";
	ok(rc == OPT_HELP, "--help returns OPT_HELP before a later bad option");
	ok(strcmp(buf, want) == 0,
	   "help: usage, aligned entries, continued lines, a long head alone, epilogue, hidden entries left out");
	if (strcmp(buf, want) != 0)
		for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
			printf("#   %s\n", line);
}

/* A table kept apart from what it fills, as a runner's settings are. */
struct merged { int n; double secs; const char *mode; };

static int mode_cb(const char *value, void *ctx)
{
	((struct merged *)ctx)->mode = value;
	return 0;
}

static const struct opt apart[] = {
	OPT_WHOLE_AT("count", struct merged, n, 1, 9, "N", NULL, "a count"),
	OPT_DECIMAL_AT("wait", struct merged, secs, 0, 5, "S", "seconds", "a wait"),
	OPT_CALLBACK("mode", mode_cb, NULL, "M", "a mode"),
	OPT_END,
};
static const struct opt own[] = {
	OPT_FLAG("quick", v.quick, "short runs"),
	OPT_PLACE("wait"),
	OPT_FLAG("last", v.report, "the last own"),
	OPT_END,
};

/* opt_merge with stderr thrown away. */
static int merge(struct opt *out, int max, const struct opt *mine, const struct opt *const *more, int n,
		 void *base)
{
	int saved = dup(2), null = open("/dev/null", O_WRONLY);
	fflush(stderr);
	dup2(null, 2);
	int rc = opt_merge(out, max, mine, more, n, base);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(null);
	return rc;
}

static void test_merge(void)
{
	struct opt table[16];
	struct merged m = { 0 };
	const struct opt *more[] = { apart, apart };
	int n = merge(table, 16, own, more, 2, &m);
	char got[128] = "";
	for (int i = 0; i < n; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", i ? "," : "", table[i].name);
	ok(n == 5 && strcmp(got, "quick,wait,last,count,mode") == 0 && table[n].kind == OPTK_END,
	   "merged: own's order, the placed entry in its place, the rest after, a table listed twice once (%s)", got);
	struct opt_command c = { .name = "test", .usage = "", .opts = table, .column = 12 };
	char *argv[] = { "test", "--count", "7", "--wait=0.5", "--mode", "fast", "--quick" };
	memset(&v, 0, sizeof(v));
	int rc = opt_parse(&c, 7, argv, NULL, 0, NULL);
	ok(rc == 0 && m.n == 7 && m.secs == 0.5 && m.mode && strcmp(m.mode, "fast") == 0 && v.quick,
	   "merged entries fill the base: targets at their offsets, a callback gets the base");
	static const struct opt placed_nowhere[] = { OPT_PLACE("nothing"), OPT_END };
	ok(merge(table, 16, placed_nowhere, more, 1, &m) == -1, "a placeholder no table fills: -1");
	static const struct opt clash[] = { OPT_FLAG("count", v.quick, "clash"), OPT_END };
	ok(merge(table, 16, clash, more, 1, &m) == -1, "a name given twice: -1");
	ok(merge(table, 4, own, more, 1, &m) == -1, "more entries than room: -1");
}

int main(void)
{
	test_values();
	test_errors();
	test_rest();
	test_help();
	test_merge();
	printf("1..%d\n", tap_count);
	return tap_failures != 0;
}
