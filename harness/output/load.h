/*
 * load.h - a finished run folder in memory, for everything that redraws
 * it (report.md, report.html, the plots).
 *
 * Why: the report used to re-parse the CSVs with awk and read meta.json
 * with sed, once per sentence. Here the folder is read once, through the
 * one CSV reader (core/csv) and one JSON library (jansson), and the rows
 * are asked for by column name, so new columns never break a reader.
 */
#ifndef PARBENCH_LOAD_H
#define PARBENCH_LOAD_H

#include <stddef.h>
#include <jansson.h>

#include "../core/csv.h"

/* One run folder: summary.csv and meta.json always; the others when there. */
struct load_run {
	char dir[4096];           /* as given, without a trailing slash */
	struct csv_table summary; /* summary.csv */
	json_t *meta;             /* meta.json */
	int has_cpython;          /* cpython.csv was read */
	struct csv_table cpython; /* cpython.csv (scripts/cpython.sh) */
	json_t *cpython_json;     /* cpython.json, or NULL */
	char *cpython_skipped;    /* first line of cpython.skipped, or NULL */
	char *topology;           /* topology.txt whole, or NULL when missing or empty */
	int has_trace;            /* trace.csv exists and is not empty */
};

/* Reads dir. Returns 0; -1 with one line naming dir in err when it holds
 * no complete run (summary.csv or meta.json missing or unreadable). Free
 * with load_free, also after a failure. */
int load_run(struct load_run *r, const char *dir, char *err, size_t errlen);

/* Frees what load_run made and zeroes r. */
void load_free(struct load_run *r);

/* Row i's field in the column called name: "" when there is no such column. */
const char *load_cell(const struct csv_table *t, size_t i, const char *name);

/* The same as a number, as awk reads it: "" and text are 0. */
double load_num(const struct csv_table *t, size_t i, const char *name);

/* summary.csv's bind column, "none" when empty. */
const char *load_bind(const struct load_run *r, size_t i);

/* Whether summary row i is a plain configuration: no --pattern, --collect
 * other than partial, nor --init-in-parent (those have their own sections). */
int load_plain(const struct load_run *r, size_t i);   /* not weak (report_weak.c) either */

/* A top-level value of meta.json as text into buf (strings as they are,
 * numbers shortest, true/false/null by name; "" when absent). Returns buf. */
const char *load_meta(const struct load_run *r, const char *key, char *buf, size_t len);

/* A top-level number of meta.json (0 when absent or not a number). */
double load_meta_num(const struct load_run *r, const char *key);

/* A top-level string of any JSON object ("" when absent or not a string). */
const char *load_json_str(const json_t *obj, const char *key);

#endif
