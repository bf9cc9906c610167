/*
 * compare_md.c - compare's Markdown (compare_md.h): the header with both
 * runs and the test, the table of configurations in both, the verdicts
 * counted, and the configurations only one run has. The key columns come
 * from the column table, so a new key column is compared without a change
 * here; the table shows the ones it knows by name.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "columns.h"
#include "compare_md.h"
#include "../bench/dims.h"
#include "../core/stats.h"
#include "../core/newfile.h"

static const char *const verdict_text[COMPARE_NVERDICTS] = {
	[COMPARE_FASTER] = "faster", [COMPARE_SLOWER] = "slower", [COMPARE_SAME] = "same within noise",
	[COMPARE_FEW] = "too few repetitions",
	[COMPARE_UNCLEAR] = "different, medians do not say which way",
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
	fputs("# parbench compare\n\n", out);
	for (int i = 0; i < 2; i++) {
		const struct compare_run *run = r->run[i];
		fprintf(out, "- %s: `%s` (status %s, date %s, host %s, git %s)\n", i ? "B" : "A", run->dir,
			run->status, run->date, run->host, run->git);
		if (run->skipped)
			fprintf(out, "  - %zu row%s of its samples.csv skipped: not as many fields as the header\n",
				run->skipped, run->skipped == 1 ? "" : "s");
	}
	fprintf(out, "- alpha: %g\n", r->alpha);
	fprintf(out, "- test: two-sided Mann-Whitney U on `seconds` of the measured, verified repetitions "
		"(warmup 0, verified 1); exact distribution when no two values are equal and "
		"n A x n B <= %d, otherwise the normal approximation with tie and continuity correction\n",
		STATS_MW_EXACT_PAIRS);
	fputs("- verdict: B against A; \"faster\" or \"slower\" only when p < alpha; \"too few repetitions\" "
	      "when even completely separate samples of these sizes could not reach p < alpha\n\n", out);
}

static void put_row(FILE *out, const struct compare_row *row)
{
	const struct compare_config *a = row->a, *b = row->b;
	put_config(out, a);
	fprintf(out, " %zu | %zu | ", a->n, b->n);
	if (a->n)
		put_time(out, row->med_a);
	else
		fputs("-", out);
	fputs(" | ", out);
	if (b->n)
		put_time(out, row->med_b);
	else
		fputs("-", out);
	if (a->n && b->n && row->med_a > 0)
		fprintf(out, " | %.3f", row->med_b / row->med_a);
	else
		fputs(" | -", out);
	if (isnan(row->p))
		fputs(" | -", out);
	else
		fprintf(out, " | %.3g", row->p);
	fprintf(out, " | %s |\n", verdict_text[row->verdict]);
}

int compare_md_write(FILE *out, const struct compare_report *r)
{
	size_t count[COMPARE_NVERDICTS] = { 0 };
	put_header(out, r);
	fputs("| kernel | runner | workers | schedule | bind | items | n A | n B | median A | median B | B/A | p | verdict |\n"
	      "|---|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n", out);
	for (size_t i = 0; i < r->nrows; i++) {
		put_row(out, &r->rows[i]);
		count[r->rows[i].verdict]++;
	}
	fputs("\n", out);
	for (int v = 0, first = 1; v < COMPARE_NVERDICTS; v++)
		if (count[v]) {
			fprintf(out, "%s%zu %s", first ? "" : ", ", count[v], verdict_text[v]);
			first = 0;
		}
	fprintf(out, " (of %zu configuration%s in both).\n", r->nrows, r->nrows == 1 ? "" : "s");
	put_unmatched(out, r->run[0], "A");
	put_unmatched(out, r->run[1], "B");
	return ferror(out) ? -1 : 0;
}

int compare_md_save(const char *dir, const char *a, const char *text, size_t len, char *err,
		    size_t errlen)
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
	FILE *f = newfile_create(tmp);
	if (!f) {
		snprintf(err, errlen, "cannot write '%s': %s", tmp, strerror(errno));
		return -1;
	}
	size_t put = fwrite(text, 1, len, f);
	if (fclose(f) != 0 || put != len || rename(tmp, path) < 0) {
		int saved = errno;
		unlink(tmp);
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(saved));
		return -1;
	}
	return 0;
}
