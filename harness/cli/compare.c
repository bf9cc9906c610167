/*
 * compare.c - `parbench compare A B`: for every configuration two run
 * folders both measured, is B faster, slower, or the same as A?
 *
 * Medians alone cannot say: two runs of one build on one machine differ by
 * a few percent. A two-sided Mann-Whitney U test on the measured, verified
 * repetitions decides instead (rank-based, so one descheduled repetition
 * does not decide it, and it assumes no particular distribution of times).
 * A difference is named only when p < alpha; a configuration with too few
 * repetitions for the test ever to reach alpha says so rather than guess.
 *
 * samples.csv is read by its header names, never by position, so columns
 * added later change nothing here. The report goes to stdout and, through
 * a temporary file and a rename, to B/compare-<name of A>.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/cli.h"
#include "../core/options.h"
#include "compare.h"
#include "../output/results.h"
#include "../core/stats.h"

/* The columns that name a configuration. */
enum { KEY_KERNEL, KEY_RUNNER, KEY_WORKERS, KEY_SCHEDULE, KEY_CHUNK, KEY_BIND, KEY_ITEMS,
       KEY_PATTERN, KEY_COLLECT, KEY_INIT_PARENT, KEY_PAYLOAD, NKEYS };
static const char *const key_columns[NKEYS] = {
	[KEY_KERNEL] = "kernel", [KEY_RUNNER] = "runner", [KEY_WORKERS] = "workers",
	[KEY_SCHEDULE] = "schedule", [KEY_CHUNK] = "chunk", [KEY_BIND] = "bind",
	[KEY_ITEMS] = "items", [KEY_PATTERN] = "pattern", [KEY_COLLECT] = "collect",
	[KEY_INIT_PARENT] = "init_in_parent", [KEY_PAYLOAD] = "payload",
};
/* Keys that runs from before --pattern, --collect, --init-in-parent and
 * --payload lack: their value then. */
static const char *const key_default[NKEYS] = {
	[KEY_PATTERN] = "none", [KEY_COLLECT] = "partial", [KEY_INIT_PARENT] = "0", [KEY_PAYLOAD] = "",
};

/* The other columns compare reads. */
enum { COL_WARMUP = NKEYS, COL_VERIFIED, COL_SECONDS, NCOLS };
static const char *const other_columns[NCOLS - NKEYS] = { "warmup", "verified", "seconds" };

/* One configuration of one run, and its measured, verified seconds. */
struct config {
	char *key[NKEYS];
	double *seconds;
	size_t n, cap;
	int matched;              /* the other run has it too */
};

/* One run folder as compare sees it. */
struct run {
	const char *dir;
	char meta[4096];          /* the start of meta.json */
	struct config *configs;
	size_t n, cap;
	size_t skipped;           /* rows without as many fields as the header */
};

struct compare_options {
	const char *dir[2];       /* A, B */
	double alpha;
};

/* What the table says about B against A. */
enum verdict { V_FASTER, V_SLOWER, V_SAME, V_FEW, V_UNCLEAR, NVERDICTS };
static const char *const verdict_text[NVERDICTS] = {
	[V_FASTER] = "faster", [V_SLOWER] = "slower", [V_SAME] = "same within noise",
	[V_FEW] = "too few repetitions", [V_UNCLEAR] = "different, medians do not say which way",
};

static const char compare_usage[] =
	"usage: parbench compare A B [--alpha X]\n"
	"Compares two run folders (parbench run --out) configuration by configuration\n"
	"(kernel, runner, workers, schedule, chunk, bind, items): the median time of\n"
	"each, their ratio B/A, and a two-sided Mann-Whitney U test on the measured,\n"
	"verified repetitions. B is called faster or slower only when p < alpha;\n"
	"otherwise \"same within noise\", or \"too few repetitions\" when there are too\n"
	"few for p ever to fall below alpha (at alpha 0.05 that takes 4 and 4, 3 and 5,\n"
	"or 2 and 8 repetitions).\n"
	"Prints a Markdown table and writes the same to B/compare-<name of A>.md.\n"
	"\n";

static const char compare_epilogue[] =
	"\n"
	"Exit status: 0 compared (whatever the verdicts), 1 no configuration in both,\n"
	"2 bad arguments, a folder that is not a parbench run, or an I/O error.\n";

static double compare_alpha = 0.05;

/* --alpha: strictly between 0 and 0.5 (strtod's forms, 5e-2 too). */
static int opt_alpha(const char *arg, void *ctx)
{
	char *end;
	(void)ctx;
	errno = 0;
	compare_alpha = strtod(arg, &end);
	if (end == arg || *end || errno || !(compare_alpha > 0 && compare_alpha < 0.5))
		return cli_error("bad --alpha '%s': expected a number above 0 and below 0.5, such as 0.05", arg);
	return 0;
}

static const struct opt compare_opts[] = {
	OPT_CALLBACK("alpha", opt_alpha, NULL, "X",
		"significance level, above 0 and below 0.5 (default 0.05)"),
	OPT_END,
};

static const struct opt_command compare_command = {
	.name = "compare",
	.usage = compare_usage,
	.epilogue = compare_epilogue,
	.opts = compare_opts,
	.column = 14,
	.rest = OPT_REST_WORDS,
};

/* Fills o from argv; returns 0, 2 after an error line, or OPT_HELP after --help. */
static int parse_compare(int argc, char **argv, struct compare_options *o)
{
	char *dirs[16];
	int ndirs;
	*o = (struct compare_options){ .alpha = 0.05 };
	int rc = opt_parse(&compare_command, argc, argv, dirs, 16, &ndirs);
	if (rc)
		return rc;
	if (ndirs > 2)
		return cli_error("unexpected argument '%s' for compare: it takes two run folders, A and B",
				 dirs[2]);
	if (ndirs < 2)
		return cli_error("compare needs two run folders: parbench compare A B [--alpha X]");
	o->dir[0] = dirs[0];
	o->dir[1] = dirs[1];
	o->alpha = compare_alpha;
	return 0;
}

/* dir must be a directory holding a parbench meta.json and a samples.csv;
 * keeps the start of meta.json in r->meta. Returns 0 or 2 after an error line. */
static int check_folder(struct run *r)
{
	char path[PATH_MAX];
	struct stat st;

	if (stat(r->dir, &st) < 0)
		return cli_error("run folder '%s': %s", r->dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return cli_error("run folder '%s' is not a directory", r->dir);
	snprintf(path, sizeof(path), "%s/meta.json", r->dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return cli_error("'%s' is not a parbench run folder: no meta.json (%s)", r->dir,
				     strerror(errno));
	size_t got = fread(r->meta, 1, sizeof(r->meta) - 1, f);
	r->meta[got] = '\0';
	fclose(f);
	if (!strstr(r->meta, RESULTS_MARKER))
		return cli_error("'%s' is not a parbench run folder: its meta.json lacks %s", r->dir,
				     RESULTS_MARKER);
	snprintf(path, sizeof(path), "%s/samples.csv", r->dir);
	if (access(path, R_OK) < 0)
		return cli_error("'%s' has no readable samples.csv (%s): compare needs a run's repetitions",
				     r->dir, strerror(errno));
	return 0;
}

/* The string value of "key" in the start of meta.json, or "?". */
static void meta_value(const struct run *r, const char *key, char *buf, size_t len)
{
	char pattern[64];
	snprintf(pattern, sizeof(pattern), "\"%s\": \"", key);
	const char *v = strstr(r->meta, pattern), *end = v ? strchr(v + strlen(pattern), '"') : NULL;
	if (!end) {
		snprintf(buf, len, "?");
		return;
	}
	v += strlen(pattern);
	snprintf(buf, len, "%.*s", (int)(end - v), v);
}

/* Splits line in place at commas into field[0..max); returns the number of
 * fields, max + 1 when there are more. */
static size_t split_fields(char *line, char **field, size_t max)
{
	size_t n = 0;
	for (char *p = line;; p++) {
		char *comma = strchr(p, ',');
		if (n == max)
			return max + 1;
		field[n++] = p;
		if (!comma)
			return n;
		*comma = '\0';
		p = comma;
	}
}

/* The configuration of r with these key fields, added when new; NULL when
 * memory runs out. */
static struct config *find_config(struct run *r, char *const *key)
{
	for (size_t i = r->n; i-- > 0;) {          /* rows come grouped: last first */
		size_t k = 0;
		while (k < NKEYS && strcmp(r->configs[i].key[k], key[k]) == 0)
			k++;
		if (k == NKEYS)
			return &r->configs[i];
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		struct config *grown = realloc(r->configs, cap * sizeof(*grown));
		if (!grown)
			return NULL;
		r->configs = grown;
		r->cap = cap;
	}
	struct config *c = &r->configs[r->n];
	memset(c, 0, sizeof(*c));
	for (size_t k = 0; k < NKEYS; k++)
		if (!(c->key[k] = strdup(key[k])))
			goto out_free;
	r->n++;
	return c;
out_free:
	for (size_t k = 0; k < NKEYS; k++)
		free(c->key[k]);
	return NULL;
}

static int add_seconds(struct config *c, double s)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;
		double *grown = realloc(c->seconds, cap * sizeof(*grown));
		if (!grown)
			return -1;
		c->seconds = grown;
		c->cap = cap;
	}
	c->seconds[c->n++] = s;
	return 0;
}

/* Reads r->dir/samples.csv: every configuration it names, with the seconds
 * of its rows that are measured (warmup 0) and verified (1). Returns 0, or
 * 2 after an error line. */
static int read_samples(struct run *r)
{
	char path[PATH_MAX], *line = NULL, **field = NULL;
	size_t cap = 0, ncols, col[NCOLS];
	int rc = 2;

	snprintf(path, sizeof(path), "%s/samples.csv", r->dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return cli_error("cannot read '%s': %s", path, strerror(errno));
	ssize_t got = getline(&line, &cap, f);
	if (got <= 0) {
		cli_error("'%s' is empty: no header row", path);
		goto out_close;
	}
	line[strcspn(line, "\r\n")] = '\0';
	ncols = 1;
	for (const char *p = line; (p = strchr(p, ',')); p++)
		ncols++;
	field = malloc((ncols + 1) * sizeof(*field));
	if (!field) {
		cli_error("out of memory reading '%s'", path);
		goto out_close;
	}
	split_fields(line, field, ncols);
	for (size_t c = 0; c < NCOLS; c++) {
		const char *name = c < NKEYS ? key_columns[c] : other_columns[c - NKEYS];
		for (col[c] = 0; col[c] < ncols && strcmp(field[col[c]], name) != 0; col[c]++)
			;
		if (col[c] == ncols && c < NKEYS && key_default[c])
			continue;   /* an older run: the default stands in */
		if (col[c] == ncols) {
			cli_error("'%s' has no column '%s' in its header", path, name);
			goto out_close;
		}
	}
	while ((got = getline(&line, &cap, f)) > 0) {
		char *key[NKEYS], *end;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0])
			continue;
		if (split_fields(line, field, ncols) != ncols) {
			r->skipped++;
			continue;
		}
		for (size_t k = 0; k < NKEYS; k++)
			key[k] = col[k] < ncols ? field[col[k]] : (char *)key_default[k];
		struct config *c = find_config(r, key);
		if (!c) {
			cli_error("out of memory reading '%s'", path);
			goto out_close;
		}
		if (strcmp(field[col[COL_WARMUP]], "0") != 0 || strcmp(field[col[COL_VERIFIED]], "1") != 0)
			continue;
		const char *text = field[col[COL_SECONDS]];
		double s = strtod(text, &end);
		if (end == text || *end || !isfinite(s) || s < 0)
			continue;
		if (add_seconds(c, s) < 0) {
			cli_error("out of memory reading '%s'", path);
			goto out_close;
		}
	}
	if (ferror(f)) {
		cli_error("cannot read '%s': %s", path, strerror(errno));
		goto out_close;
	}
	rc = 0;
out_close:
	free(field);
	free(line);
	fclose(f);
	return rc;
}

static void free_run(struct run *r)
{
	for (size_t i = 0; i < r->n; i++) {
		for (size_t k = 0; k < NKEYS; k++)
			free(r->configs[i].key[k]);
		free(r->configs[i].seconds);
	}
	free(r->configs);
}

/* The configuration of r equal to c, or NULL. */
static struct config *match(const struct run *r, const struct config *c)
{
	for (size_t i = 0; i < r->n; i++) {
		size_t k = 0;
		while (k < NKEYS && strcmp(r->configs[i].key[k], c->key[k]) == 0)
			k++;
		if (k == NKEYS)
			return &r->configs[i];
	}
	return NULL;
}

/* Seconds as the run report writes them. */
static void put_time(FILE *out, double s)
{
	if (s >= 1)
		fprintf(out, "%.3f s", s);
	else if (s >= 1e-3)
		fprintf(out, "%.3f ms", s * 1e3);
	else
		fprintf(out, "%.2f µs", s * 1e6);
}

/* The test's verdict on B against A; *p is NAN when there is nothing to test. */
static enum verdict judge(const struct config *a, const struct config *b, double alpha,
			  double *med_a, double *med_b, double *p)
{
	struct stats sa, sb;
	double u;

	*med_a = *med_b = *p = NAN;
	if (a->n) {
		stats_summarise(a->seconds, a->n, &sa);
		*med_a = sa.median;
	}
	if (b->n) {
		stats_summarise(b->seconds, b->n, &sb);
		*med_b = sb.median;
	}
	if (stats_mann_whitney(a->seconds, a->n, b->seconds, b->n, &u, p) < 0)
		*p = NAN;
	if (isnan(*p) || stats_mann_whitney_min_p(a->n, b->n) >= alpha)
		return V_FEW;
	if (*p >= alpha)
		return V_SAME;
	/* U of A above half the pairs: A's times tend to be the longer ones. */
	double half = (double)a->n * (double)b->n / 2;
	if (u > half && *med_b < *med_a)
		return V_FASTER;
	if (u < half && *med_b > *med_a)
		return V_SLOWER;
	return V_UNCLEAR;
}

static void put_config(FILE *out, const struct config *c)
{
	fprintf(out, "| %s | %s | %s | %s", c->key[KEY_KERNEL], c->key[KEY_RUNNER],
		c->key[KEY_WORKERS], c->key[KEY_SCHEDULE]);
	if (strcmp(c->key[KEY_CHUNK], "0") != 0)
		fprintf(out, ":%s", c->key[KEY_CHUNK]);
	if (strcmp(c->key[KEY_PATTERN], key_default[KEY_PATTERN]) != 0)
		fprintf(out, " %s", c->key[KEY_PATTERN]);
	if (strcmp(c->key[KEY_COLLECT], key_default[KEY_COLLECT]) != 0)
		fprintf(out, " collect %s", c->key[KEY_COLLECT]);
	if (strcmp(c->key[KEY_INIT_PARENT], key_default[KEY_INIT_PARENT]) != 0)
		fprintf(out, " init:parent");
	if (c->key[KEY_PAYLOAD][0])
		fprintf(out, " payload %s", c->key[KEY_PAYLOAD]);
	fprintf(out, " | %s | %s |", c->key[KEY_BIND], c->key[KEY_ITEMS]);
}

/* Lists the configurations of r the other run does not have. */
static void put_unmatched(FILE *out, const struct run *r, const char *which)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += !r->configs[i].matched;
	fprintf(out, "\n%zu configuration%s only in %s%s\n", n, n == 1 ? "" : "s", which, n ? ":" : ".");
	if (!n)
		return;
	fputs("\n| kernel | runner | workers | schedule | bind | items | reps |\n"
	      "|---|---|---:|---|---|---:|---:|\n", out);
	for (size_t i = 0; i < r->n; i++)
		if (!r->configs[i].matched) {
			put_config(out, &r->configs[i]);
			fprintf(out, " %zu |\n", r->configs[i].n);
		}
}

static void put_header(FILE *out, const struct compare_options *o, const struct run *run)
{
	static const char *const keys[] = { "status", "date", "host", "git" };
	fputs("# parbench compare\n\n", out);
	for (int i = 0; i < 2; i++) {
		char value[128];
		fprintf(out, "- %s: `%s` (", i ? "B" : "A", run[i].dir);
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			meta_value(&run[i], keys[k], value, sizeof(value));
			fprintf(out, "%s%s %s", k ? ", " : "", keys[k], value);
		}
		fputs(")\n", out);
		if (run[i].skipped)
			fprintf(out, "  - %zu row%s of its samples.csv skipped: not as many fields as the header\n",
				run[i].skipped, run[i].skipped == 1 ? "" : "s");
	}
	fprintf(out, "- alpha: %g\n", o->alpha);
	fprintf(out, "- test: two-sided Mann-Whitney U on `seconds` of the measured, verified repetitions "
		"(warmup 0, verified 1); exact distribution when no two values are equal and "
		"n A x n B <= %d, otherwise the normal approximation with tie and continuity correction\n",
		STATS_MW_EXACT_PAIRS);
	fputs("- verdict: B against A; \"faster\" or \"slower\" only when p < alpha; \"too few repetitions\" "
	      "when even completely separate samples of these sizes could not reach p < alpha\n\n", out);
}

/* Writes the report for the runs to out; returns the number of
 * configurations in both. */
static size_t put_report(FILE *out, const struct compare_options *o, struct run *run)
{
	size_t common = 0, count[NVERDICTS] = { 0 };

	put_header(out, o, run);
	fputs("| kernel | runner | workers | schedule | bind | items | n A | n B | median A | median B | B/A | p | verdict |\n"
	      "|---|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n", out);
	for (size_t i = 0; i < run[0].n; i++) {
		struct config *a = &run[0].configs[i], *b = match(&run[1], a);
		double med_a, med_b, p;
		if (!b)
			continue;
		a->matched = b->matched = 1;
		common++;
		enum verdict v = judge(a, b, o->alpha, &med_a, &med_b, &p);
		count[v]++;
		put_config(out, a);
		fprintf(out, " %zu | %zu | ", a->n, b->n);
		if (a->n)
			put_time(out, med_a);
		else
			fputs("-", out);
		fputs(" | ", out);
		if (b->n)
			put_time(out, med_b);
		else
			fputs("-", out);
		if (a->n && b->n && med_a > 0)
			fprintf(out, " | %.3f", med_b / med_a);
		else
			fputs(" | -", out);
		if (isnan(p))
			fputs(" | -", out);
		else
			fprintf(out, " | %.3g", p);
		fprintf(out, " | %s |\n", verdict_text[v]);
	}
	fputs("\n", out);
	for (int v = 0, first = 1; v < NVERDICTS; v++)
		if (count[v]) {
			fprintf(out, "%s%zu %s", first ? "" : ", ", count[v], verdict_text[v]);
			first = 0;
		}
	fprintf(out, " (of %zu configuration%s in both).\n", common, common == 1 ? "" : "s");
	put_unmatched(out, &run[0], "A");
	put_unmatched(out, &run[1], "B");
	return common;
}

/* Writes text to dir/compare-<last component of a>.md by way of a temporary
 * file; returns 0 or 2 after an error line. */
static int write_report(const char *dir, const char *a, const char *text, size_t len)
{
	char real[PATH_MAX], path[PATH_MAX], tmp[PATH_MAX];
	const char *name = realpath(a, real) ? real : a;
	size_t end = strlen(name);
	while (end > 1 && name[end - 1] == '/')
		end--;
	size_t start = end;
	while (start > 0 && name[start - 1] != '/')
		start--;
	snprintf(path, sizeof(path), "%s/compare-%.*s.md", dir, (int)(end - start), name + start);
	snprintf(tmp, sizeof(tmp), "%s/.compare-%.*s.md.tmp", dir, (int)(end - start), name + start);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return cli_error("cannot write '%s': %s", tmp, strerror(errno));
	size_t put = fwrite(text, 1, len, f);
	if (fclose(f) != 0 || put != len || rename(tmp, path) < 0) {
		int err = errno;
		unlink(tmp);
		return cli_error("cannot write '%s': %s", path, strerror(err));
	}
	return 0;
}

int cmd_compare(int argc, char **argv)
{
	struct compare_options o;
	struct run run[2];
	char *text = NULL;
	size_t len = 0;
	int rc = parse_compare(argc, argv, &o);

	if (rc)
		return rc < 0 ? 0 : rc;
	memset(run, 0, sizeof(run));
	for (int i = 0; i < 2; i++) {
		run[i].dir = o.dir[i];
		if ((rc = check_folder(&run[i])) != 0)
			return rc;
	}
	for (int i = 0; i < 2 && rc == 0; i++)
		rc = read_samples(&run[i]);
	if (rc)
		goto out_free;
	FILE *out = open_memstream(&text, &len);
	if (!out) {
		rc = cli_error("out of memory for the report");
		goto out_free;
	}
	size_t common = put_report(out, &o, run);
	if (fclose(out) != 0) {
		rc = cli_error("out of memory for the report");
		goto out_free;
	}
	if (!common) {
		fprintf(stderr, "parbench: no configuration is in both '%s' (%zu) and '%s' (%zu): nothing to compare\n",
			o.dir[0], run[0].n, o.dir[1], run[1].n);
		rc = 1;
		goto out_free;
	}
	fwrite(text, 1, len, stdout);
	rc = write_report(o.dir[1], o.dir[0], text, len);
out_free:
	free(text);
	free_run(&run[0]);
	free_run(&run[1]);
	return rc;
}
