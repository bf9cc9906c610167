/*
 * load.c - see load.h. Reads a run folder once; every report writer asks
 * the rows and meta.json through these accessors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "load.h"

/* The whole of path as a string, or NULL when missing or empty. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (n + 1 == cap) {
			char *more = realloc(buf, cap *= 2);
			if (!more)
				free(buf);
			buf = more;
		}
	}
	fclose(f);
	if (buf && n == 0) {
		free(buf);
		return NULL;
	}
	if (buf)
		buf[n] = '\0';
	return buf;
}

/* The optional files: cpython.csv/json/skipped, topology.txt, trace.csv. */
static void load_optional(struct load_run *r)
{
	char path[4200], err[256];
	struct stat st;
	snprintf(path, sizeof(path), "%s/cpython.csv", r->dir);
	if (stat(path, &st) == 0)
		r->has_cpython = csv_load(&r->cpython, path, err, sizeof(err)) == 0;
	snprintf(path, sizeof(path), "%s/cpython.json", r->dir);
	r->cpython_json = json_load_file(path, 0, NULL);
	snprintf(path, sizeof(path), "%s/cpython.skipped", r->dir);
	if (stat(path, &st) == 0) {
		char *s = slurp(path);
		if (!s)
			s = strdup("");
		if (s)
			s[strcspn(s, "\n")] = '\0';
		r->cpython_skipped = s;
	}
	snprintf(path, sizeof(path), "%s/topology.txt", r->dir);
	r->topology = slurp(path);
	snprintf(path, sizeof(path), "%s/trace.csv", r->dir);
	r->has_trace = stat(path, &st) == 0 && st.st_size > 0;
}

/* A run folder's meta.json names parbench as its generator and says it
 * is complete (or was stopped while its report was drawn: what it
 * measured is whole), and its summary.csv has the columns every report reads:
 * anything else is not redrawn (0, or -1 with err). */
static int check_run(const struct load_run *r, char *err, size_t errlen)
{
	static const char *const need[] = { "kernel", "kind", "runner", "workers", "median_s", "status", NULL };
	const char *gen = json_string_value(json_object_get(r->meta, "generator"));
	const char *status = json_string_value(json_object_get(r->meta, "status"));
	if (!gen || strcmp(gen, "parbench") != 0) {
		snprintf(err, errlen, "'%s' holds no complete run: its meta.json is not parbench's (no \"generator\": \"parbench\")",
			 r->dir);
		return -1;
	}
	const char *during = json_string_value(json_object_get(r->meta, "interrupted_during"));
	int measured = status && (strcmp(status, "complete") == 0 ||
				  (strcmp(status, "interrupted") == 0 && during && strcmp(during, "report") == 0));
	if (!measured) {
		snprintf(err, errlen, "'%s' holds no complete run: meta.json says \"status\": \"%s\"", r->dir,
			 status ? status : "?");
		return -1;
	}
	for (int i = 0; need[i]; i++)
		if (csv_col(&r->summary, need[i]) < 0) {
			snprintf(err, errlen, "'%s' holds no complete run: summary.csv has no column '%s'", r->dir,
				 need[i]);
			return -1;
		}
	return 0;
}

int load_run(struct load_run *r, const char *dir, char *err, size_t errlen)
{
	char path[4200], why[512];
	struct stat st;
	memset(r, 0, sizeof(*r));
	snprintf(r->dir, sizeof(r->dir), "%s", dir);
	size_t n = strlen(r->dir);
	while (n > 1 && r->dir[n - 1] == '/')
		r->dir[--n] = '\0';
	snprintf(path, sizeof(path), "%s/summary.csv", r->dir);
	int have = stat(path, &st) == 0;
	snprintf(path, sizeof(path), "%s/meta.json", r->dir);
	if (!have || stat(path, &st) != 0) {
		snprintf(err, errlen, "'%s' holds no complete run (no summary.csv or meta.json)", r->dir);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/summary.csv", r->dir);
	if (csv_load(&r->summary, path, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "'%s' holds no complete run: %s", r->dir, why);
		return -1;
	}
	json_error_t jerr;
	snprintf(path, sizeof(path), "%s/meta.json", r->dir);
	r->meta = json_load_file(path, 0, &jerr);
	if (!json_is_object(r->meta)) {
		snprintf(err, errlen, "'%s' holds no complete run: %s/meta.json line %d: %s", r->dir,
			 r->dir, jerr.line, r->meta ? "not an object" : jerr.text);
		return -1;
	}
	if (check_run(r, err, errlen) < 0)
		return -1;
	load_optional(r);
	return 0;
}

void load_free(struct load_run *r)
{
	csv_free(&r->summary);
	csv_free(&r->cpython);
	json_decref(r->meta);
	json_decref(r->cpython_json);
	free(r->cpython_skipped);
	free(r->topology);
	memset(r, 0, sizeof(*r));
}

const char *load_cell(const struct csv_table *t, size_t i, const char *name)
{
	return csv_get(t, i, csv_col(t, name));
}

double load_num(const struct csv_table *t, size_t i, const char *name)
{
	return strtod(load_cell(t, i, name), NULL);
}

const char *load_bind(const struct load_run *r, size_t i)
{
	const char *b = load_cell(&r->summary, i, "bind");
	return *b ? b : "none";
}

int load_plain(const struct load_run *r, size_t i)
{
	const char *p = load_cell(&r->summary, i, "pattern");
	const char *c = load_cell(&r->summary, i, "collect");
	if (strcmp(load_cell(&r->summary, i, "scaling"), "weak") == 0)
		return 0;   /* report_weak.c has those */
	if (*p && strcmp(p, "none") != 0)
		return 0;
	if (*c && strcmp(c, "partial") != 0)
		return 0;
	return load_num(&r->summary, i, "init_in_parent") != 1;
}

/* A real as its shortest text that reads back the same. */
static void real_text(double x, char *buf, size_t len)
{
	for (int p = 15; p <= 17; p++) {
		snprintf(buf, len, "%.*g", p, x);
		if (strtod(buf, NULL) == x)
			return;
	}
}

const char *load_meta(const struct load_run *r, const char *key, char *buf, size_t len)
{
	json_t *v = json_object_get(r->meta, key);
	buf[0] = '\0';
	if (json_is_string(v))
		snprintf(buf, len, "%s", json_string_value(v));
	else if (json_is_integer(v))
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		real_text(json_real_value(v), buf, len);
	else if (json_is_true(v) || json_is_false(v))
		snprintf(buf, len, "%s", json_is_true(v) ? "true" : "false");
	else if (json_is_null(v))
		snprintf(buf, len, "null");
	return buf;
}

double load_meta_num(const struct load_run *r, const char *key)
{
	json_t *v = json_object_get(r->meta, key);
	if (json_is_number(v))
		return json_number_value(v);
	if (json_is_string(v))
		return strtod(json_string_value(v), NULL);
	return 0;
}

const char *load_json_str(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return json_is_string(v) ? json_string_value(v) : "";
}
