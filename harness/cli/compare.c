/*
 * compare.c - `parbench compare A B`: for every configuration two run
 * folders both measured, is B faster, slower, or the same as A?
 *
 * Medians alone cannot say: two runs of one build on one machine differ by
 * a few percent. A two-sided Mann-Whitney U test on the measured, verified
 * repetitions decides instead (rank-based, so one descheduled repetition
 * does not decide it, and it assumes no particular distribution of times).
 *
 * One invocation tests every configuration in both runs, often a dozen or
 * more: at alpha 0.05 each, one of them comes out "different" by chance
 * alone in most comparisons of a build with itself. So the p-values are
 * corrected together (Holm-Bonferroni, the family being every configuration
 * with a p), and a difference below --min-effect (2 %) is "the same"
 * whatever p says: with many repetitions the test finds differences too
 * small to matter. A configuration with too few repetitions for the test
 * ever to pass Holm's first step says so rather than guess. With
 * --fail-on-slower the exit status is the gate a CI job needs.
 *
 * samples.csv is read (RFC 4180, csv_load) by its header names, never by
 * position, so columns added later change nothing here; a configuration is
 * named by the key columns of the column table (output/columns.c), and
 * meta.json is read with jansson. The report (output/compare_md.c) goes to
 * stdout, and to a file only when --out names one: never into a run folder
 * unasked.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/cli.h"
#include "../core/csv.h"
#include "../core/options.h"
#include "compare.h"
#include "../output/compare_md.h"
#include "../core/stats.h"

struct compare_options {
	const char *dir[2];       /* A, B */
	double alpha;
	double min_effect;        /* a fraction: 0.02 */
	int fail_on_slower;
	const char *out;          /* --out FILE|DIR, or NULL: stdout only */
};

static const char compare_usage[] =
	"usage: parbench compare A B [--alpha X] [--min-effect PCT] [--fail-on-slower] [--out FILE|DIR]\n"
	"Compares two run folders (parbench run --out) configuration by configuration\n"
	"(its key columns: kernel, runner, workers, schedule, chunk, bind, items,\n"
	"pattern, collect, init_in_parent, payload): the median time of\n"
	"each, their ratio B/A, and a two-sided Mann-Whitney U test on the measured,\n"
	"verified repetitions. The p-values of all the configurations compared are\n"
	"corrected together (Holm-Bonferroni). B is called faster or slower only when\n"
	"the corrected p < alpha and B/A is at least --min-effect from 1; below it,\n"
	"\"same (within 2 %)\"; otherwise \"same within noise\", or \"too few repetitions\n"
	"to decide\" when the samples are too small for any p to pass Holm's first step,\n"
	"alpha / (configurations tested) (3 against 3 never can: the smallest p is 0.1).\n"
	"Also the geometric mean of B/A per kernel, and a last line with the verdict.\n"
	"Prints Markdown on stdout; writes a file only with --out.\n"
	"\n";

static const char compare_epilogue[] =
	"\n"
	"Rows of samples.csv that are ragged, hold a NUL byte or a time that is not a\n"
	"finite positive number are refused, and counted on stderr for each run.\n"
	"\n"
	"Exit status: 0 compared (whatever the verdicts, unless --fail-on-slower),\n"
	"1 with --fail-on-slower when any configuration was called slower, has no\n"
	"verified repetition in B, or was measured in A and is missing from B; 2 bad\n"
	"arguments, no configuration in both, a folder that is not a parbench run, a\n"
	"run with no usable row, or an I/O error.\n";

/* The option table's targets (a table needs addresses); parse_compare
 * copies them into struct compare_options. */
static struct {
	double alpha, min_effect;
	int fail_on_slower;
	const char *out;
} compare_args;

/* --alpha: strictly between 0 and 0.5 (strtod's forms, 5e-2 too). */
static int opt_alpha(const char *arg, void *ctx)
{
	char *end;
	(void)ctx;
	errno = 0;
	compare_args.alpha = strtod(arg, &end);
	if (end == arg || *end || errno || !(compare_args.alpha > 0 && compare_args.alpha < 0.5))
		return cli_error("bad --alpha '%s': expected a number above 0 and below 0.5, such as 0.05", arg);
	return 0;
}

/* --out: a directory (the file goes in it) or a file whose directory exists. */
static int opt_out(const char *arg, void *ctx)
{
	struct stat st;
	char dir[PATH_MAX];
	(void)ctx;
	if (!*arg)
		return cli_error("--out is empty: name a file or a directory");
	if (stat(arg, &st) == 0 && !S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
		return cli_error("bad --out '%s': it exists and is neither a file nor a directory", arg);
	const char *slash = strrchr(arg, '/');
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - arg) + 1 : 1, slash ? arg : ".");
	if (stat(arg, &st) < 0 && (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)))
		return cli_error("bad --out '%s': no directory '%s' to write it in", arg, dir);
	compare_args.out = arg;
	return 0;
}

static const struct opt compare_opts[] = {
	OPT_CALLBACK("alpha", opt_alpha, NULL, "X",
		"significance level of the whole family, above 0\n"
		"and below 0.5 (default 0.05)"),
	{ .name = "min-effect", .kind = OPTK_DECIMAL, .target = &compare_args.min_effect,
	  .value_name = "PCT", .lo = 0, .hi = 100, .what = "a percentage", .example = ", such as 2 or 0.5",
	  .help = "smallest difference of the medians called faster\n"
		  "or slower, in percent of A's (default 2; 0 to 100)" },
	OPT_FLAG("fail-on-slower", compare_args.fail_on_slower,
		"exit 1 when any configuration is called slower,\n"
		"failed in B or is missing from B (a CI gate)"),
	OPT_CALLBACK("out", opt_out, NULL, "FILE|DIR",
		"also write the Markdown to FILE, or to\n"
		"DIR/compare-<name of A>.md"),
	OPT_END,
};

static const struct opt_command compare_command = {
	.name = "compare",
	.usage = compare_usage,
	.epilogue = compare_epilogue,
	.opts = compare_opts,
	.column = 22,
	.rest = OPT_REST_WORDS,
};

/* Fills o from argv; returns 0, 2 after an error line, or OPT_HELP after --help. */
static int parse_compare(int argc, char **argv, struct compare_options *o)
{
	char *dirs[16];
	int ndirs;
	*o = (struct compare_options){ 0 };
	compare_args.alpha = 0.05;
	compare_args.min_effect = 2;
	compare_args.fail_on_slower = 0;
	compare_args.out = NULL;
	int rc = opt_parse(&compare_command, argc, argv, dirs, 16, &ndirs);
	if (rc)
		return rc;
	if (ndirs > 2)
		return cli_error("unexpected argument '%s' for compare: it takes two run folders, A and B",
				 dirs[2]);
	if (ndirs < 2)
		return cli_error("compare needs two run folders: parbench compare A B [--alpha X]");
	*o = (struct compare_options){
		.dir = { dirs[0], dirs[1] }, .alpha = compare_args.alpha,
		.min_effect = compare_args.min_effect / 100, .fail_on_slower = compare_args.fail_on_slower,
		.out = compare_args.out,
	};
	return 0;
}

/* The string value of key in meta (an object), or "?". */
static void meta_value(json_t *meta, const char *key, char *buf, size_t len)
{
	const char *v = json_string_value(json_object_get(meta, key));
	snprintf(buf, len, "%s", v ? v : "?");
}

/* dir must be a directory holding a parbench meta.json and a samples.csv;
 * keeps meta.json's status, date, host and git in r. Returns 0 or 2 after
 * an error line. */
static int check_folder(struct compare_run *r)
{
	char path[PATH_MAX];
	struct stat st;
	json_error_t jerr;

	if (stat(r->dir, &st) < 0)
		return cli_error("run folder '%s': %s", r->dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return cli_error("run folder '%s' is not a directory", r->dir);
	snprintf(path, sizeof(path), "%s/meta.json", r->dir);
	if (access(path, R_OK) < 0)
		return cli_error("'%s' is not a parbench run folder: no meta.json (%s)", r->dir,
				 strerror(errno));
	json_t *meta = json_load_file(path, 0, &jerr);
	const char *gen = json_string_value(json_object_get(meta, "generator"));
	if (!gen || strcmp(gen, "parbench") != 0) {
		json_decref(meta);
		return cli_error("'%s' is not a parbench run folder: its meta.json lacks \"generator\": \"parbench\"",
				 r->dir);
	}
	meta_value(meta, "status", r->status, sizeof(r->status));
	meta_value(meta, "date", r->date, sizeof(r->date));
	meta_value(meta, "host", r->host, sizeof(r->host));
	meta_value(meta, "git", r->git, sizeof(r->git));
	json_decref(meta);
	snprintf(path, sizeof(path), "%s/samples.csv", r->dir);
	if (access(path, R_OK) < 0)
		return cli_error("'%s' has no readable samples.csv (%s): compare needs a run's repetitions",
				 r->dir, strerror(errno));
	return 0;
}

/* The configuration of r with these key values (nkeys of them), or NULL. */
static struct compare_config *find(const struct compare_run *r, const char *const *key, size_t nkeys)
{
	for (size_t i = r->n; i-- > 0;) {          /* rows come grouped: last first */
		size_t k = 0;
		while (k < nkeys && strcmp(r->configs[i].key[k], key[k]) == 0)
			k++;
		if (k == nkeys)
			return &r->configs[i];
	}
	return NULL;
}

/* The configuration of r with these key values, added when new; NULL when
 * memory runs out. */
static struct compare_config *find_config(struct compare_run *r, const char *const *key, size_t nkeys)
{
	struct compare_config *c = find(r, key, nkeys);
	if (c)
		return c;
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		struct compare_config *grown = realloc(r->configs, cap * sizeof(*grown));
		if (!grown)
			return NULL;
		r->configs = grown;
		r->cap = cap;
	}
	c = &r->configs[r->n];
	memset(c, 0, sizeof(*c));
	for (size_t k = 0; k < nkeys; k++)
		if (!(c->key[k] = strdup(key[k])))
			goto out_free;
	r->n++;
	return c;
out_free:
	for (size_t k = 0; k < nkeys; k++)
		free(c->key[k]);
	return NULL;
}

static int add_seconds(struct compare_config *c, double s)
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

/* The columns of t compare reads: the keys (col[k], -1 for one an older run
 * lacks, whose default absent[k] stands in), then warmup, verified, seconds.
 * Returns 0, or 2 after an error line. */
static int find_columns(const struct csv_table *t, const char *path, int *col, const char **absent,
			size_t nkeys)
{
	static const char *const other[] = { "warmup", "verified", "seconds" };
	for (size_t k = 0; k < nkeys + 3; k++) {
		const char *name = k < nkeys ? compare_md_key(k, &absent[k]) : other[k - nkeys];
		col[k] = csv_col(t, name);
		if (col[k] < 0 && !(k < nkeys && absent[k]))
			return cli_error("'%s' has no column '%s' in its header", path, name);
	}
	return 0;
}

/* Why compare refuses a row of samples.csv (its count goes on stderr). */
enum refusal { REFUSE_TIME, REFUSE_RAGGED, REFUSE_NUL, REFUSE_KINDS };

static const char *const refusal_text[REFUSE_KINDS] = {
	[REFUSE_TIME] = "with a time that is not a finite positive number",
	[REFUSE_RAGGED] = "ragged",
	[REFUSE_NUL] = "with a NUL byte",
};

/* One line on stderr for the rows of path refused, by reason; nothing when
 * none was. */
static void say_refused(const char *path, const size_t *refused)
{
	size_t total = 0;
	int first = 1;
	for (int k = 0; k < REFUSE_KINDS; k++)
		total += refused[k];
	if (!total)
		return;
	fprintf(stderr, "parbench: compare: %s: %zu row%s refused (", path, total, total == 1 ? "" : "s");
	for (int k = 0; k < REFUSE_KINDS; k++)
		if (refused[k]) {
			fprintf(stderr, "%s%zu %s", first ? "" : ", ", refused[k], refusal_text[k]);
			first = 0;
		}
	fputs(")\n", stderr);
}

/* The seconds of a measured, verified row, or -1 when its text is not a
 * finite positive number (empty, NaN, inf, negative, zero, trailing text). */
static double row_seconds(const char *text)
{
	char *end;
	double s = strtod(text, &end);
	return end == text || *end || !isfinite(s) || s <= 0 ? -1 : s;
}

/* Takes row i of t into r: its configuration, and its seconds when it is
 * measured (warmup 0) and verified (1). Counts a refused row in refused[].
 * Returns 1 when its seconds were kept, 0 when not, -1 out of memory. */
static int take_row(struct compare_run *r, const struct csv_table *t, size_t i, const int *col,
		    const char **absent, size_t nkeys, size_t *refused)
{
	const char *key[COMPARE_MAX_KEYS];
	if (t->nul[i]) {
		refused[REFUSE_NUL]++;
		return 0;
	}
	if (t->width[i] != t->ncols) {
		r->skipped++;
		refused[REFUSE_RAGGED]++;
		return 0;
	}
	for (size_t k = 0; k < nkeys; k++)
		key[k] = col[k] >= 0 ? csv_get(t, i, col[k]) : absent[k];
	struct compare_config *c = find_config(r, key, nkeys);
	if (!c)
		return -1;
	if (strcmp(csv_get(t, i, col[nkeys]), "0") != 0 || strcmp(csv_get(t, i, col[nkeys + 1]), "1") != 0)
		return 0;
	double s = row_seconds(csv_get(t, i, col[nkeys + 2]));
	if (s < 0) {
		refused[REFUSE_TIME]++;
		return 0;
	}
	return add_seconds(c, s) < 0 ? -1 : 1;
}

/* Reads r->dir/samples.csv: every configuration it names, with the seconds
 * of its rows that are measured (warmup 0) and verified (1). Rows refused
 * (ragged, a NUL byte, a time that is no finite positive number) are
 * counted on one line on stderr. Returns 0, or 2 after an error line (also
 * when no row is usable). */
static int read_samples(struct compare_run *r)
{
	char path[PATH_MAX], err[PATH_MAX + 100];
	struct csv_table t;
	const char *absent[COMPARE_MAX_KEYS];
	int col[COMPARE_MAX_KEYS + 3], rc = 2;
	size_t nkeys = compare_md_nkeys(), refused[REFUSE_KINDS] = { 0 }, usable = 0;

	snprintf(path, sizeof(path), "%s/samples.csv", r->dir);
	if (csv_load(&t, path, err, sizeof(err)) < 0) {
		cli_error("%s", err);
		goto out_free;
	}
	if (find_columns(&t, path, col, absent, nkeys))
		goto out_free;
	for (size_t i = 0; i < t.nrows; i++) {
		int took = take_row(r, &t, i, col, absent, nkeys, refused);
		if (took < 0) {
			cli_error("out of memory reading '%s'", path);
			goto out_free;
		}
		usable += (size_t)took;
	}
	say_refused(path, refused);
	if (!usable) {
		cli_error("'%s' has no usable row: no measured, verified repetition with a finite positive time",
			  path);
		goto out_free;
	}
	rc = 0;
out_free:
	csv_free(&t);
	return rc;
}

static void free_run(struct compare_run *r)
{
	for (size_t i = 0; i < r->n; i++) {
		for (size_t k = 0; k < COMPARE_MAX_KEYS; k++)
			free(r->configs[i].key[k]);
		free(r->configs[i].seconds);
	}
	free(r->configs);
}

/* The medians of row's two sides and the test of B against A: U, p and
 * the smallest p samples of these sizes can give (p NAN: nothing to test). */
static void test_row(struct compare_row *row)
{
	const struct compare_config *a = row->a, *b = row->b;
	struct stats st;

	row->med_a = row->med_b = row->u = row->p = row->p_holm = NAN;
	if (a->n) {
		stats_summarise(a->seconds, a->n, &st);
		row->med_a = st.median;
	}
	if (b->n) {
		stats_summarise(b->seconds, b->n, &st);
		row->med_b = st.median;
	}
	if (stats_mann_whitney(a->seconds, a->n, b->seconds, b->n, &row->u, &row->p) < 0)
		row->p = NAN;
	row->min_p = stats_mann_whitney_min_p(a->n, b->n);
}

/* The verdict on a tested row, its p_holm set, in a family of m: the
 * minimum effect first (whatever p), then Holm's decision, then whether the
 * samples could ever have passed Holm's first step (alpha / m). */
static enum compare_verdict decide(const struct compare_row *row, double alpha, double min_effect,
				   size_t m)
{
	if (row->a->n && !row->b->n)
		return COMPARE_LOST;
	if (isnan(row->p))
		return COMPARE_FEW;
	if (fabs(row->med_b / row->med_a - 1) < min_effect)
		return COMPARE_WITHIN;
	if (!(row->p_holm < alpha))
		return row->min_p >= alpha / (double)m ? COMPARE_FEW : COMPARE_SAME;
	/* U of A above half the pairs: A's times tend to be the longer ones. */
	double half = (double)row->a->n * (double)row->b->n / 2;
	if (row->u > half && row->med_b < row->med_a)
		return COMPARE_FASTER;
	if (row->u < half && row->med_b > row->med_a)
		return COMPARE_SLOWER;
	return COMPARE_UNCLEAR;
}

/* Holm over the n rows' p-values, then each row's verdict; sets r->family.
 * Returns 0, or -1 when memory ran out. */
static int judge_family(struct compare_row *rows, size_t n, struct compare_report *r)
{
	double *p = malloc((n ? n : 1) * sizeof(*p));
	if (!p)
		return -1;
	r->family = 0;
	for (size_t i = 0; i < n; i++) {
		p[i] = rows[i].p;
		r->family += !isnan(p[i]);
	}
	int bad = stats_holm(p, n, p);
	for (size_t i = 0; i < n && !bad; i++) {
		rows[i].p_holm = p[i];
		rows[i].verdict = decide(&rows[i], r->alpha, r->min_effect, r->family);
	}
	free(p);
	return bad;
}

/* Every configuration of A that B has too, tested, in A's order; marks
 * both matched. Returns the rows (free them) and their count in *n, or
 * NULL when memory ran out. */
static struct compare_row *test_all(struct compare_run *run, size_t *n)
{
	size_t nkeys = compare_md_nkeys();
	struct compare_row *rows = calloc(run[0].n ? run[0].n : 1, sizeof(*rows));
	*n = 0;
	if (!rows)
		return NULL;
	for (size_t i = 0; i < run[0].n; i++) {
		struct compare_config *a = &run[0].configs[i];
		struct compare_config *b = find(&run[1], (const char *const *)a->key, nkeys);
		if (!b)
			continue;
		a->matched = b->matched = 1;
		struct compare_row *row = &rows[(*n)++];
		row->a = a;
		row->b = b;
		test_row(row);
	}
	return rows;
}

/* The report of the runs, in memory (*text, *len; free it), with r's
 * settings; 0, or 2 after an error line. Sets r->nrows to the
 * configurations in both and *slower to those called slower. */
static int report(struct compare_run *run, struct compare_report *r, char **text, size_t *len,
		  size_t *slower)
{
	size_t n;
	struct compare_row *rows = test_all(run, &n);
	FILE *out = rows && judge_family(rows, n, r) == 0 ? open_memstream(text, len) : NULL;
	if (!out) {
		free(rows);
		return cli_error("out of memory for the report");
	}
	r->run[0] = &run[0];
	r->run[1] = &run[1];
	r->rows = rows;
	r->nrows = n;
	*slower = compare_md_failing(r);
	int bad = compare_md_write(out, r);
	r->rows = NULL;
	free(rows);
	if (fclose(out) != 0 || bad)
		return cli_error("out of memory for the report");
	return 0;
}

/* Reads both folders into run[]; 0, or 2 after error lines. */
static int read_runs(const struct compare_options *o, struct compare_run *run)
{
	int rc = 0;
	memset(run, 0, 2 * sizeof(*run));
	for (int i = 0; i < 2; i++) {
		run[i].dir = o->dir[i];
		if ((rc = check_folder(&run[i])) != 0)
			return rc;
	}
	for (int i = 0; i < 2; i++) {          /* both: each says what it refused */
		int bad = read_samples(&run[i]);
		rc = rc ? rc : bad;
	}
	return rc;
}

int cmd_compare(int argc, char **argv)
{
	struct compare_options o;
	struct compare_run run[2];
	char *text = NULL, err[PATH_MAX + 100];
	size_t len = 0, slower = 0;
	int rc = parse_compare(argc, argv, &o);

	if (rc)
		return rc < 0 ? 0 : rc;
	struct compare_report r = {
		.alpha = o.alpha, .min_effect = o.min_effect, .fail_on_slower = o.fail_on_slower,
	};
	rc = read_runs(&o, run);
	if (rc == 0)
		rc = report(run, &r, &text, &len, &slower);
	if (rc)
		goto out_free;
	if (!r.nrows) {
		rc = cli_error("no configuration is in both '%s' (%zu) and '%s' (%zu): nothing to compare",
			       o.dir[0], run[0].n, o.dir[1], run[1].n);
		goto out_free;
	}
	if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
		rc = cli_error("cannot write the report on stdout: %s", strerror(errno));
		goto out_free;
	}
	if (o.out && compare_md_save(o.out, o.dir[0], text, len, err, sizeof(err)) < 0)
		rc = cli_error("%s", err);
	else
		rc = o.fail_on_slower && slower ? 1 : 0;
out_free:
	free(text);
	free_run(&run[0]);
	free_run(&run[1]);
	return rc;
}
