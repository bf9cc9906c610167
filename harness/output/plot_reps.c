/*
 * plot_reps.c - every measured repetition of a run folder (samples.csv),
 * found by the summary row it belongs to: what the plots draw beside a
 * median (a point per repetition) and resample for a speedup's interval.
 *
 * Why its own reader: summary.csv holds only each configuration's
 * statistics, and an honest interval for a ratio needs both sides' values.
 * A repetition belongs to a summary row when every key column of the
 * column table (compare's key) and size_bytes are equal; warm-ups, failed
 * and unverified repetitions are left out, as the statistics leave them.
 * The rows are sorted by that key once, so each row's are found by a
 * binary search.
 */
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "report_int.h"

/* One kept repetition: its configuration's key and its seconds. */
struct rep_entry {
	char *key;
	double s;
};

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct rep_entry *)a)->key, ((const struct rep_entry *)b)->key);
}

/* Row i's key in t: the key columns' values (a missing column: its value
 * in older runs) and size_bytes, joined by 0x1f. */
static void row_key(const struct csv_table *t, size_t i, char *buf, size_t len)
{
	size_t n = 0;
	buf[0] = '\0';
	for (const struct column *c = column_table(); c->name; c++) {
		if (!c->key)
			continue;
		int col = csv_col(t, c->name);
		const char *v = col >= 0 ? csv_get(t, i, col) : c->absent ? c->absent : "";
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s\x1f", v);
		if (n >= len)
			return;
	}
	snprintf(buf + n, len - n, "%s", load_cell(t, i, "size_bytes"));
}

int report_reps_load(const struct load_run *r, struct report_reps *reps)
{
	char path[4200], err[512], key[2048];
	struct csv_table t = { 0 };
	memset(reps, 0, sizeof(*reps));
	snprintf(path, sizeof(path), "%s/samples.csv", r->dir);
	if (csv_load(&t, path, err, sizeof(err)) < 0) {
		csv_free(&t);
		return -1;
	}
	struct rep_entry *e = calloc(t.nrows ? t.nrows : 1, sizeof(*e));
	int cw = csv_col(&t, "warmup"), cv = csv_col(&t, "verified"), cs = csv_col(&t, "seconds");
	int ce = csv_col(&t, "error");
	size_t n = 0;
	for (size_t i = 0; e && cs >= 0 && i < t.nrows; i++) {
		const char *sec = csv_get(&t, i, cs);
		char *end;
		double s = strtod(sec, &end);
		if (!*sec || *end || !(s > 0) || strcmp(csv_get(&t, i, cw), "1") == 0 ||
		    (cv >= 0 && strcmp(csv_get(&t, i, cv), "1") != 0) || *csv_get(&t, i, ce))
			continue;
		row_key(&t, i, key, sizeof(key));
		if (!(e[n].key = strdup(key)))
			break;
		e[n++].s = s;
	}
	csv_free(&t);
	if (!e)
		return -1;
	qsort(e, n, sizeof(*e), cmp_entry);
	reps->key = malloc((n ? n : 1) * sizeof(*reps->key));
	reps->s = malloc((n ? n : 1) * sizeof(*reps->s));
	for (size_t i = 0; i < n; i++) {
		if (reps->key)
			reps->key[i] = e[i].key;
		else
			free(e[i].key);
		if (reps->s)
			reps->s[i] = e[i].s;
	}
	free(e);
	reps->n = n;
	if (!reps->key || !reps->s) {
		report_reps_free(reps);
		return -1;
	}
	return 0;
}

const double *report_reps_of(const struct report_reps *reps, const struct load_run *r, size_t i, size_t *n)
{
	char key[2048];
	*n = 0;
	if (!reps->n)
		return NULL;
	row_key(&r->summary, i, key, sizeof(key));
	size_t lo = 0, hi = reps->n;
	while (lo < hi) {            /* the first entry not below key */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(reps->key[mid], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < reps->n && strcmp(reps->key[end], key) == 0)
		end++;
	*n = end - lo;
	return *n ? reps->s + lo : NULL;
}

void report_reps_free(struct report_reps *reps)
{
	for (size_t i = 0; reps->key && i < reps->n; i++)
		free(reps->key[i]);
	free(reps->key);
	free(reps->s);
	memset(reps, 0, sizeof(*reps));
}
