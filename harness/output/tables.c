/*
 * tables.c - samples.csv and summary.csv, the two tidy tables of a run,
 * RFC 4180 (csv_field), their columns from the column table (columns.c).
 * samples.csv is flushed record by record, so an interrupted run keeps
 * what it measured, and a record that does not fit on the disk is cut off
 * whole; summary.csv appears whole (a temporary file renamed)
 * and only when the walk ended, so its presence means the run finished.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/csv.h"
#include "../core/newfile.h"
#include "columns.h"
#include "outputs.h"

/* One table's output: the run, and samples.csv while it is open. */
struct table {
	const struct sink_context *ctx;
	FILE *f;
	off_t whole;     /* samples.csv's size after its last whole record */
};

static int table_new(void **state, const struct sink_context *ctx, char *err, size_t errlen)
{
	struct table *t = calloc(1, sizeof(*t));
	if (!t) {
		snprintf(err, errlen, "out of memory");
		return -2;
	}
	t->ctx = ctx;
	*state = t;
	return 0;
}

static int samples_begin(void **state, const struct sink_context *ctx, char *err, size_t errlen)
{
	char path[4096];
	if (table_new(state, ctx, err, errlen) < 0)
		return -2;
	struct table *t = *state;
	snprintf(path, sizeof(path), "%s/samples.csv", ctx->dir);
	t->f = fopen(path, "w");
	if (!t->f || column_header(t->f, COLUMN_SAMPLES) < 0 || csv_commit(t->f, &t->whole) < 0) {
		snprintf(err, errlen, "cannot write %s: %s%s", path, strerror(errno),
			 newfile_full(errno));
		if (t->f)
			fclose(t->f);
		free(t);
		return -2;
	}
	return 0;
}

static int samples_sample(void *state, const struct sink_config *cfg, const struct sink_sample *s)
{
	struct table *t = state;
	const struct column_row r = {
		.cfg = cfg, .sample = s, .run_id = t->ctx->run_id, .host = t->ctx->host,
	};
	/* All of the record or none: a full disk leaves no ragged last row. */
	int bad = column_record(t->f, COLUMN_SAMPLES, &r) < 0;
	if (csv_commit(t->f, &t->whole) < 0 || bad)
		return -1;
	return 0;
}

static int table_end(void *state, const char *status)
{
	struct table *t = state;
	int rc = 0;
	(void)status;
	if (t->f && fclose(t->f) != 0)
		rc = -1;
	free(t);
	return rc;
}

static int summary_summary(void *state, const struct sink_row *rows, size_t n)
{
	const struct table *t = state;
	char path[4096], tmp[4096 + 16];
	snprintf(path, sizeof(path), "%s/summary.csv", t->ctx->dir);
	snprintf(tmp, sizeof(tmp), "%s/.summary.csv.tmp", t->ctx->dir);
	FILE *f = newfile_create(tmp);   /* never through a link planted at its name */
	if (!f)
		return -1;
	int rc = column_header(f, COLUMN_SUMMARY);
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct column_row r = {
			.cfg = &rows[i].cfg, .row = &rows[i], .run_id = t->ctx->run_id,
			.host = t->ctx->host,
		};
		rc = column_record(f, COLUMN_SUMMARY, &r);
	}
	if (fclose(f) != 0 || rc < 0 || rename(tmp, path) < 0) {
		int saved = errno;
		unlink(tmp);
		errno = saved;
		return -1;
	}
	return 0;
}

/* A run that failed after summary.csv was written (another output's end)
 * does not keep it: its presence says the run finished. */
static int summary_end(void *state, const char *status)
{
	struct table *t = state;
	if (sink_failed(status)) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/summary.csv", t->ctx->dir);
		unlink(path);
	}
	return table_end(state, status);
}

const struct sink_ops tables_samples_sink = {
	.name = "samples.csv",
	.begin = samples_begin,
	.sample = samples_sample,
	.end = table_end,
};

const struct sink_ops tables_summary_sink = {
	.name = "summary.csv",
	.begin = table_new,
	.summary = summary_summary,
	.end = summary_end,
};
