/*
 * compare_md.c - compare's Markdown (compare_md.h): the header with both
 * runs, the test, Holm's correction and the minimum effect; the table of
 * configurations in both with raw and adjusted p; the verdicts counted; the
 * geometric mean of B/A per kernel; the configurations only one run has;
 * and a last line a CI log can show alone. The key columns come from the
 * column table, so a new key column is compared without a change here; the
 * table shows the ones it knows by name.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "columns.h"
#include "compare_md.h"
#include "../bench/dims.h"
#include "../core/stats.h"
#include "../core/newfile.h"

/* A verdict as the counts and the last line name it; the table's cell
 * adds the numbers behind "too few" and "within" (verdict_cell). */
static const char *const verdict_text[COMPARE_NVERDICTS] = {
	[COMPARE_FASTER] = "faster", [COMPARE_SLOWER] = "slower", [COMPARE_SAME] = "same within noise",
	[COMPARE_WITHIN] = "same (within the minimum effect)",
	[COMPARE_FEW] = "too few repetitions to decide",
	[COMPARE_UNCLEAR] = "different, medians do not say which way",
	[COMPARE_LOST] = "no verified repetition in B",
};

/* The i-th key column of the table, or NULL. */
static const struct column *key_column(size_t i)
{
	for (const struct column *c = column_table(); c->name; c++)
		if (c->key && i-- == 0)
			return c;
	return NULL;
}

size_t compare_md_nkeys(void)
{
	size_t n = 0;
	while (n < COMPARE_MAX_KEYS && key_column(n))
		n++;
	return n;
}

const char *compare_md_key(size_t i, const char **absent)
{
	const struct column *c = key_column(i);
	if (absent)
		*absent = c ? c->absent : NULL;
	return c ? c->name : NULL;
}

/* c's value of the key column called name ("" when there is none). */
static const char *key(const struct compare_config *c, const char *name)
{
	for (size_t i = 0, n = compare_md_nkeys(); i < n; i++)
		if (strcmp(compare_md_key(i, NULL), name) == 0)
			return c->key[i];
	return "";
}

/* Whether c's key column name differs from its value in older runs. */
static int not_default(const struct compare_config *c, const char *name)
{
	for (size_t i = 0, n = compare_md_nkeys(); i < n; i++) {
		const char *absent;
		if (strcmp(compare_md_key(i, &absent), name) == 0)
			return !absent || strcmp(c->key[i], absent) != 0;
	}
	return 0;
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

static void put_config(FILE *out, const struct compare_config *c)
{
	fprintf(out, "| %s | %s | %s | %s", key(c, "kernel"), key(c, "runner"), key(c, "workers"),
		key(c, "schedule"));
	if (strcmp(key(c, "chunk"), "0") != 0)
		fprintf(out, ":%s", key(c, "chunk"));
	if (not_default(c, "pattern"))
		fprintf(out, " %s", key(c, "pattern"));
	if (not_default(c, "collect"))
		fprintf(out, " collect %s", key(c, "collect"));
	if (not_default(c, "init_in_parent"))
		fprintf(out, " init:parent");
	if (key(c, "payload")[0])
		fprintf(out, " payload %s", key(c, "payload"));
	/* A dimension enum dim_id does not name: its column and value. */
	for (const struct column *k = column_table(); k->name; k++)
		if (k->source == COLUMN_DIM && k->dim >= DIM_BUILTIN && not_default(c, k->name))
			fprintf(out, " %s %s", k->name, key(c, k->name));
	fprintf(out, " | %s | %s |", key(c, "bind"), key(c, "items"));
}

/* Lists the configurations of r the other run does not have. */
static void put_unmatched(FILE *out, const struct compare_run *r, const char *which)
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

static void put_header(FILE *out, const struct compare_report *r)
{
	double first = r->family ? r->alpha / (double)r->family : r->alpha;
	fputs("# parbench compare\n\n", out);
	for (int i = 0; i < 2; i++) {
		const struct compare_run *run = r->run[i];
		fprintf(out, "- %s: `%s` (status %s, date %s, host %s, git %s)\n", i ? "B" : "A", run->dir,
			run->status, run->date, run->host, run->git);
		if (run->skipped)
			fprintf(out, "  - %zu row%s of its samples.csv skipped: not as many fields as the header\n",
				run->skipped, run->skipped == 1 ? "" : "s");
	}
	fprintf(out, "- test: two-sided Mann-Whitney U on `seconds` of the measured, verified repetitions "
		"(warmup 0, verified 1); exact distribution when no two values are equal and "
		"n A x n B <= %d, otherwise the normal approximation with tie and continuity correction\n",
		STATS_MW_EXACT_PAIRS);
	fprintf(out, "- correction: Holm-Bonferroni, α %g, over a family of %zu configuration%s (every one "
		"in both runs with repetitions on both sides): the smallest p must be below α/%zu = %.3g",
		r->alpha, r->family, r->family == 1 ? "" : "s", r->family ? r->family : 1, first);
	if (r->family > 1)
		fprintf(out, ", the next below α/%zu, and so on", r->family - 1);
	fputs("; \"p Holm\" is the adjusted p, significant below α\n", out);
	fprintf(out, "- minimum effect: %g %%: B/A within %g %% of 1 is \"same (within %g %%)\", whatever p\n",
		r->min_effect * 100, r->min_effect * 100, r->min_effect * 100);
	fprintf(out, "- verdict: B against A; \"faster\" or \"slower\" only when p Holm < α and B/A is at "
		"least %g %% from 1; \"too few repetitions to decide\" when even completely separate samples "
		"of these sizes could not give a p below α/%zu = %.3g\n\n",
		r->min_effect * 100, r->family ? r->family : 1, first);
}

/* The verdict cell: the text, with the numbers behind "within" and "too few". */
static void verdict_cell(FILE *out, const struct compare_report *r, const struct compare_row *row)
{
	size_t na = row->a->n, nb = row->b->n;
	if (row->verdict == COMPARE_WITHIN) {
		fprintf(out, "same (within %g %%)", r->min_effect * 100);
		return;
	}
	if (row->verdict != COMPARE_FEW) {
		fputs(verdict_text[row->verdict], out);
		return;
	}
	if (na == nb)
		fprintf(out, "too few repetitions to decide: n=%zu each", na);
	else
		fprintf(out, "too few repetitions to decide: n=%zu and %zu", na, nb);
	fprintf(out, ", the smallest p the test can give is %.3g", row->min_p);
}

/* A time, or "-" when that side has none. */
static void put_median(FILE *out, size_t n, double s)
{
	if (n)
		put_time(out, s);
	else
		fputs("-", out);
}

/* A p-value cell: " | %.3g", or " | -" when there is none. */
static void put_p(FILE *out, double p)
{
	if (isnan(p))
		fputs(" | -", out);
	else
		fprintf(out, " | %.3g", p);
}

static void put_row(FILE *out, const struct compare_report *r, const struct compare_row *row)
{
	const struct compare_config *a = row->a, *b = row->b;
	put_config(out, a);
	fprintf(out, " %zu | %zu | ", a->n, b->n);
	put_median(out, a->n, row->med_a);
	fputs(" | ", out);
	put_median(out, b->n, row->med_b);
	if (a->n && b->n && row->med_a > 0)
		fprintf(out, " | %.3f", row->med_b / row->med_a);
	else
		fputs(" | -", out);
	put_p(out, row->p);
	put_p(out, row->p_holm);
	fputs(" | ", out);
	verdict_cell(out, r, row);
	fputs(" |\n", out);
}

/* One line per kernel, in the order of the table: the geometric mean of
 * B/A over its configurations with a median on both sides. */
static void put_geomean(FILE *out, const struct compare_report *r)
{
	fputs("\nGeometric mean of B/A per kernel (over its configurations with a median on both sides):\n\n",
	      out);
	for (size_t i = 0; i < r->nrows; i++) {
		const char *kernel = key(r->rows[i].a, "kernel");
		size_t n = 0, seen = 0;
		double logs = 0;
		for (size_t j = 0; j < r->nrows && !seen; j++)
			seen = j < i && strcmp(key(r->rows[j].a, "kernel"), kernel) == 0;
		for (size_t j = i; j < r->nrows && !seen; j++) {
			const struct compare_row *row = &r->rows[j];
			if (strcmp(key(row->a, "kernel"), kernel) != 0 || !row->a->n || !row->b->n)
				continue;
			logs += log(row->med_b / row->med_a);
			n++;
		}
		if (seen)
			continue;
		if (n)
			fprintf(out, "- %s: %.3f over %zu configuration%s\n", kernel, exp(logs / (double)n), n,
				n == 1 ? "" : "s");
		else
			fprintf(out, "- %s: - (no configuration with a median on both sides)\n", kernel);
	}
}

size_t compare_md_count(const struct compare_report *r, enum compare_verdict v)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nrows; i++)
		n += r->rows[i].verdict == v;
	return n;
}

/* Configurations of A with repetitions that B does not have. */
static size_t missing_in_b(const struct compare_report *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->run[0]->n; i++)
		n += !r->run[0]->configs[i].matched && r->run[0]->configs[i].n > 0;
	return n;
}

size_t compare_md_failing(const struct compare_report *r)
{
	return compare_md_count(r, COMPARE_SLOWER) + compare_md_count(r, COMPARE_LOST) + missing_in_b(r);
}

/* The last line: slower, faster and same always, the others when any. */
static void put_verdict(FILE *out, const struct compare_report *r)
{
	size_t slower = compare_md_count(r, COMPARE_SLOWER), few = compare_md_count(r, COMPARE_FEW),
	       unclear = compare_md_count(r, COMPARE_UNCLEAR), lost = compare_md_count(r, COMPARE_LOST),
	       missing = missing_in_b(r);
	fprintf(out, "\ncompare: %zu slower, %zu faster, %zu same", slower,
		compare_md_count(r, COMPARE_FASTER),
		compare_md_count(r, COMPARE_SAME) + compare_md_count(r, COMPARE_WITHIN));
	if (few)
		fprintf(out, ", %zu too few repetitions to decide", few);
	if (unclear)
		fprintf(out, ", %zu different but unclear which way", unclear);
	if (lost)
		fprintf(out, ", %zu with no verified repetition in B", lost);
	if (missing)
		fprintf(out, ", %zu measured in A missing from B", missing);
	fprintf(out, " (Holm, α %g, min effect %g %%)", r->alpha, r->min_effect * 100);
	if (r->fail_on_slower)
		fprintf(out, "; --fail-on-slower: exit %d", compare_md_failing(r) ? 1 : 0);
	fputs("\n", out);
}

int compare_md_write(FILE *out, const struct compare_report *r)
{
	put_header(out, r);
	fputs("| kernel | runner | workers | schedule | bind | items | n A | n B | median A | median B | B/A | p | p Holm | verdict |\n"
	      "|---|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n", out);
	for (size_t i = 0; i < r->nrows; i++)
		put_row(out, r, &r->rows[i]);
	fputs("\n", out);
	for (int v = 0, first = 1; v < COMPARE_NVERDICTS; v++) {
		size_t n = compare_md_count(r, (enum compare_verdict)v);
		if (!n)
			continue;
		fprintf(out, "%s%zu ", first ? "" : ", ", n);
		if (v == COMPARE_WITHIN)
			fprintf(out, "same (within %g %%)", r->min_effect * 100);
		else
			fputs(verdict_text[v], out);
		first = 0;
	}
	fprintf(out, " (of %zu configuration%s in both).\n", r->nrows, r->nrows == 1 ? "" : "s");
	put_geomean(out, r);
	put_unmatched(out, r->run[0], "A");
	put_unmatched(out, r->run[1], "B");
	put_verdict(out, r);
	return ferror(out) ? -1 : 0;
}

/* The last component of path (trailing slashes dropped): its start in
 * path, its length in *len. */
static const char *last_component(const char *path, int *len)
{
	size_t end = strlen(path);
	while (end > 1 && path[end - 1] == '/')
		end--;
	size_t start = end;
	while (start > 0 && path[start - 1] != '/')
		start--;
	*len = (int)(end - start);
	return path + start;
}

/* Where compare_md_save writes (path) and its temporary beside it (tmp). */
static void save_paths(const char *out, const char *a, char *path, char *tmp, size_t size)
{
	char real[PATH_MAX];
	struct stat st;
	int n;
	if (stat(out, &st) == 0 && S_ISDIR(st.st_mode)) {
		const char *name = last_component(realpath(a, real) ? real : a, &n);
		snprintf(path, size, "%s/compare-%.*s.md", out, n, name);
		snprintf(tmp, size, "%s/.compare-%.*s.md.tmp", out, n, name);
		return;
	}
	const char *name = last_component(out, &n);
	snprintf(path, size, "%s", out);
	snprintf(tmp, size, "%.*s.%.*s.tmp", (int)(name - out), out, n, name);
}

int compare_md_save(const char *out, const char *a, const char *text, size_t len, char *err,
		    size_t errlen)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	save_paths(out, a, path, tmp, sizeof(path));
	FILE *f = newfile_create(tmp);
	if (!f) {
		snprintf(err, errlen, "cannot write '%s': %s%s", tmp, strerror(errno), newfile_full(errno));
		return -1;
	}
	size_t put = fwrite(text, 1, len, f);
	if (fclose(f) != 0 || put != len || rename(tmp, path) < 0) {
		int saved = errno;
		unlink(tmp);
		snprintf(err, errlen, "cannot write '%s': %s%s", path, strerror(saved), newfile_full(saved));
		return -1;
	}
	return 0;
}
