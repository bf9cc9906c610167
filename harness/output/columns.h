/*
 * columns.h - every column of samples.csv and summary.csv, once: its name,
 * its table(s), whether it names a configuration, and how it is read from
 * the in-memory row. The CSV writers, results.json and compare's
 * configuration key all walk this one table, so a new column is one line.
 * The key columns are the dimensions' (bench/dims.h): each takes its name,
 * its value in older runs and its value from its dimension, and a
 * dimension the table does not place gets its column at the end. So do
 * the runners' counters (runners/runner.h: runner_counter_column): each
 * takes its kind and its value from the runner that declares it, its
 * place from the table if the table names it (the gil's, where they have
 * always been), else at the end. The
 * existing columns keep their names and order; new ones go at the end.
 */
#ifndef PARBENCH_COLUMNS_H
#define PARBENCH_COLUMNS_H

#include <stddef.h>
#include <stdio.h>

#include "../bench/sink.h"

/* The tables a column is in (a bit set). */
enum { COLUMN_SAMPLES = 1, COLUMN_SUMMARY = 2 };

/* Where a column's value is: a dimension's (its show), the configuration,
 * the repetition (a runner's counters included), the summary row, or the
 * run. */
enum column_source { COLUMN_DIM, COLUMN_CONFIG, COLUMN_SAMPLE, COLUMN_ROW, COLUMN_RUN };

/* How the field at the offset is typed. */
enum column_type { COLUMN_TEXT, COLUMN_CHARS, COLUMN_INT, COLUMN_LONG, COLUMN_SIZE, COLUMN_U64,
		   COLUMN_DOUBLE,
		   COLUMN_COUNT };        /* a double holding a whole number (a counter), NAN: empty */

/* When a column has a value; otherwise its field is empty (JSON null). */
enum column_when {
	COLUMN_ALWAYS,
	COLUMN_MEASURED,          /* the row has repetitions (summary) */
	COLUMN_NO_ERROR,          /* the repetition did not fail */
	COLUMN_COUNTED,           /* the repetition's runner filled its counters */
	COLUMN_STREAMED,          /* the repetition did not fail, and its pattern streams results */
};

struct column {
	const char *name;
	unsigned tables;          /* COLUMN_SAMPLES | COLUMN_SUMMARY */
	int key;                  /* names a configuration (compare's key) */
	const char *absent;       /* key: its value in runs older than the column; NULL: required */
	enum column_source source;
	int dim;                  /* COLUMN_DIM: the dimension's position in dim_table */
	enum column_type type;    /* COLUMN_DIM: its value says */
	size_t offset;            /* in the source's struct */
	const char *format;       /* printf format of a number */
	enum column_when when;
	const char *fallback;     /* text: what a NULL stands for */
};

/* The table, ending with a NULL name (made on the first call). */
const struct column *column_table(void);

/* A row as the columns read it: a repetition (cfg and sample) or a
 * summary row (row; cfg is &row->cfg), in the run run_id on host. */
struct column_row {
	const struct sink_config *cfg;
	const struct sink_sample *sample;
	const struct sink_row *row;
	const char *run_id, *host;
};

/* A column's value in a row: kind says which member holds it. */
struct column_value {
	enum { COLUMN_NONE, COLUMN_IS_TEXT, COLUMN_IS_INT, COLUMN_IS_U64, COLUMN_IS_REAL } kind;
	const char *text;
	long long i;
	unsigned long long u;
	double x;
};

/* Column c's value in r (COLUMN_NONE when empty, a NAN included). */
void column_get(const struct column *c, const struct column_row *r, struct column_value *v);

/* Writes c's value in r as text into buf (as the CSV has it, "" when empty). */
void column_format(const struct column *c, const struct column_row *r, char *buf, size_t len);

/* Writes the header line of table (COLUMN_SAMPLES or COLUMN_SUMMARY);
 * 0, or -1 when f failed. */
int column_header(FILE *f, unsigned table);

/* Writes r as one record of table, RFC 4180 quoting; 0, or -1 when f failed. */
int column_record(FILE *f, unsigned table, const struct column_row *r);

#endif
