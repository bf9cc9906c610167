/*
 * columns.c - the column table (columns.h) and the one way a value is read
 * and formatted from it, for every writer of the two tables.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "columns.h"
#include "../../runners/runner.h"
#include "../bench/dims.h"
#include "../core/csv.h"

_Static_assert(SINK_MAX_COUNTERS == RUNNER_MAX_COUNTERS, "a column for every runner counter");

#define BOTH (COLUMN_SAMPLES | COLUMN_SUMMARY)

/* A dimension's key column, in both tables; its name from dim_table. */
#define DIM(id) { .tables = BOTH, .key = 1, .source = COLUMN_DIM, .dim = (id) }
/* Markers the table expands (columns_make), by .dim: every dimension's
 * column not placed before it; the column in table t of the runners'
 * counter called n (runners/runner.h: runner_counter_column), if a runner
 * still has it; every counter's columns not placed before it. */
enum { SPEC_DIMS_REST = -1, SPEC_COUNTER = -2, SPEC_COUNTERS_REST = -3 };
#define DIMS_REST { .source = COLUMN_DIM, .dim = SPEC_DIMS_REST }
#define COUNTER(n, t) { .name = n, .source = COLUMN_DIM, .dim = SPEC_COUNTER, .tables = (t) }
#define COUNTERS_REST { .source = COLUMN_DIM, .dim = SPEC_COUNTERS_REST }
/* A key column of both tables, read from struct sink_config. */
#define KEY(n, t, f, fmt, ...) { .name = n, .tables = BOTH, .key = 1, .source = COLUMN_CONFIG, \
	.type = t, .offset = offsetof(struct sink_config, f), .format = fmt, __VA_ARGS__ }
#define CONF(n, t, f, fmt) { .name = n, .tables = BOTH, .source = COLUMN_CONFIG, .type = t, \
	.offset = offsetof(struct sink_config, f), .format = fmt }
#define SAMPLE(n, t, f, fmt, w) { .name = n, .tables = COLUMN_SAMPLES, .source = COLUMN_SAMPLE, \
	.type = t, .offset = offsetof(struct sink_sample, f), .format = fmt, .when = w }
#define ROW(n, t, f, fmt, w) { .name = n, .tables = COLUMN_SUMMARY, .source = COLUMN_ROW, \
	.type = t, .offset = offsetof(struct sink_row, f), .format = fmt, .when = w }
#define MEASURED(n, f, fmt) ROW(n, COLUMN_DOUBLE, f, fmt, COLUMN_MEASURED)
#define RUN(n, f) { .name = n, .tables = BOTH, .source = COLUMN_RUN, .type = COLUMN_TEXT, \
	.offset = offsetof(struct column_row, f) }

/* The columns in order; column_table() fills the dimensions' and the
 * counters' in. The existing columns keep their places (the gil's
 * counters included); a new runner's counters are appended. */
static const struct column column_spec[] = {
	DIM(DIM_KERNEL),
	CONF("kind", COLUMN_TEXT, kind, NULL),
	DIM(DIM_RUNNER),
	DIM(DIM_WORKERS),
	DIM(DIM_SCHEDULE),
	KEY("chunk", COLUMN_SIZE, chunk, "%zu"),
	DIM(DIM_BIND),
	DIM(DIM_ITEMS),
	CONF("size_bytes", COLUMN_SIZE, size_bytes, "%zu"),
	CONF("size_rule", COLUMN_CHARS, size_rule, NULL),
	DIM(DIM_PATTERN),
	DIM(DIM_COLLECT),
	DIM(DIM_INIT),
	DIM(DIM_PAYLOAD),

	SAMPLE("rep", COLUMN_INT, rep, "%d", COLUMN_ALWAYS),
	SAMPLE("warmup", COLUMN_INT, warmup, "%d", COLUMN_ALWAYS),
	SAMPLE("seconds", COLUMN_DOUBLE, seconds, "%.9f", COLUMN_NO_ERROR),
	SAMPLE("spawn_seconds", COLUMN_DOUBLE, spawn_seconds, "%.9f", COLUMN_NO_ERROR),
	SAMPLE("checksum", COLUMN_U64, checksum, "%llu", COLUMN_ALWAYS),
	SAMPLE("verified", COLUMN_INT, verified, "%d", COLUMN_ALWAYS),
	SAMPLE("cpus", COLUMN_TEXT, cpus, NULL, COLUMN_ALWAYS),
	COUNTER("gil_handoffs", COLUMN_SAMPLES),
	COUNTER("gil_drop_requests", COLUMN_SAMPLES),
	COUNTER("gil_forced_waits", COLUMN_SAMPLES),
	COUNTER("gil_releases", COLUMN_SAMPLES),
	COUNTER("gil_wait_s", COLUMN_SAMPLES),
	SAMPLE("cpu_seconds", COLUMN_DOUBLE, cpu_seconds, "%.6f", COLUMN_NO_ERROR),
	SAMPLE("vol_switches", COLUMN_LONG, vol_switches, "%ld", COLUMN_NO_ERROR),
	SAMPLE("invol_switches", COLUMN_LONG, invol_switches, "%ld", COLUMN_NO_ERROR),
	SAMPLE("maxrss_kib", COLUMN_LONG, maxrss_kib, "%ld", COLUMN_NO_ERROR),
	SAMPLE("first_result_s", COLUMN_DOUBLE, first_result_s, "%.9f", COLUMN_STREAMED),
	SAMPLE("parent_wait_s", COLUMN_DOUBLE, parent_wait_s, "%.9f", COLUMN_STREAMED),
	SAMPLE("error", COLUMN_TEXT, error, NULL, COLUMN_ALWAYS),

	ROW("reps", COLUMN_SIZE, st.n, "%zu", COLUMN_ALWAYS),
	MEASURED("median_s", st.median, "%.9f"),
	MEASURED("min_s", st.min, "%.9f"),
	MEASURED("max_s", st.max, "%.9f"),
	MEASURED("mean_s", st.mean, "%.9f"),
	MEASURED("stddev_s", st.stddev, "%.9f"),
	MEASURED("cv", st.cv, "%.5f"),
	MEASURED("q1_s", st.q1, "%.9f"),
	MEASURED("q3_s", st.q3, "%.9f"),
	MEASURED("mad_s", st.mad, "%.9f"),
	ROW("outliers", COLUMN_SIZE, st.outliers, "%zu", COLUMN_MEASURED),
	MEASURED("spawn_median_s", spawn_median, "%.9f"),
	MEASURED("cold_median_s", cold_median, "%.9f"),
	ROW("speedup", COLUMN_DOUBLE, speedup, "%.4f", COLUMN_ALWAYS),
	ROW("efficiency", COLUMN_DOUBLE, efficiency, "%.4f", COLUMN_ALWAYS),
	ROW("cold_speedup", COLUMN_DOUBLE, cold_speedup, "%.4f", COLUMN_ALWAYS),
	MEASURED("rate", rate, "%.6g"),
	ROW("rate_unit", COLUMN_TEXT, rate_unit, NULL, COLUMN_ALWAYS),
	MEASURED("cpu_seconds", cpu_median, "%.6f"),
	MEASURED("cpu_util", cpu_util, "%.3f"),
	MEASURED("vol_switches", vcsw_median, "%.0f"),
	MEASURED("invol_switches", ivcsw_median, "%.0f"),
	MEASURED("maxrss_kib", maxrss_kib, "%.0f"),
	COUNTER("gil_handoffs", COLUMN_SUMMARY),
	COUNTER("gil_drop_requests", COLUMN_SUMMARY),
	COUNTER("gil_forced_waits", COLUMN_SUMMARY),
	COUNTER("gil_wait_s", COLUMN_SUMMARY),
	MEASURED("first_result_s", first_result_s, "%.9f"),
	MEASURED("parent_wait_s", parent_wait_s, "%.9f"),
	MEASURED("tasks_per_s", tasks_per_s, "%.6g"),
	ROW("verified", COLUMN_INT, verified, "%d", COLUMN_ALWAYS),
	ROW("status", COLUMN_CHARS, status, NULL, COLUMN_ALWAYS),
	ROW("warning", COLUMN_CHARS, warning, NULL, COLUMN_ALWAYS),

	RUN("run_id", run_id),
	RUN("host", host),
	DIMS_REST,
	COUNTERS_REST,

	/* Where the workers' time went (appended: older readers keep their
	 * columns where they were). */
	SAMPLE("gate_s", COLUMN_DOUBLE, gate_s, "%.9f", COLUMN_NO_ERROR),
	SAMPLE("idle_s", COLUMN_DOUBLE, idle_s, "%.9f", COLUMN_NO_ERROR),
	SAMPLE("run_delay_s", COLUMN_DOUBLE, run_delay_s, "%.9f", COLUMN_NO_ERROR),
	SAMPLE("serial_wait_s", COLUMN_DOUBLE, serial_wait_s, "%.9f", COLUMN_NO_ERROR),
	SAMPLE("minflt", COLUMN_LONG, minflt, "%ld", COLUMN_NO_ERROR),
	MEASURED("gate_s", gate_s, "%.9f"),
	MEASURED("idle_s", idle_s, "%.9f"),
	MEASURED("run_delay_s", run_delay_s, "%.9f"),
	MEASURED("serial_wait_s", serial_wait_s, "%.9f"),
	MEASURED("minflt", minflt, "%.0f"),
	MEASURED("steal", steal, "%.4f"),
	ROW("loss_gate", COLUMN_DOUBLE, loss[LOSS_GATE], "%.4f", COLUMN_MEASURED),
	ROW("loss_imbalance", COLUMN_DOUBLE, loss[LOSS_IMBALANCE], "%.4f", COLUMN_MEASURED),
	ROW("loss_offcpu", COLUMN_DOUBLE, loss[LOSS_OFFCPU], "%.4f", COLUMN_MEASURED),
	ROW("loss_slowdown", COLUMN_DOUBLE, loss[LOSS_SLOWDOWN], "%.4f", COLUMN_MEASURED),
	ROW("loss_serialized", COLUMN_DOUBLE, loss[LOSS_SERIALIZED], "%.4f", COLUMN_MEASURED),
	ROW("loss_other", COLUMN_DOUBLE, loss[LOSS_OTHER], "%.4f", COLUMN_MEASURED),
	/* Memory per model: PSS and USS summed over the workers' processes. */
	SAMPLE("pss_kib", COLUMN_DOUBLE, pss_kib, "%.0f", COLUMN_NO_ERROR),
	SAMPLE("uss_kib", COLUMN_DOUBLE, uss_kib, "%.0f", COLUMN_NO_ERROR),
	MEASURED("pss_kib", pss_kib, "%.0f"),
	MEASURED("uss_kib", uss_kib, "%.0f"),
};

#define NSPEC (sizeof(column_spec) / sizeof(column_spec[0]))

static struct column columns[NSPEC + DIM_MAX + 2 * RUNNER_MAX_COUNTERS + 1];
static pthread_once_t columns_once = PTHREAD_ONCE_INIT;

/* A dimension's column from its entry in dim_table. */
static void column_of_dim(struct column *c, int id)
{
	const struct dim *d = &dim_table[id];
	*c = (struct column){ .name = d->column, .tables = BOTH, .key = 1, .source = COLUMN_DIM,
			      .dim = id, .absent = d->absent, .fallback = d->absent };
}

/* Counter column j's column in table (samples: the run's figure; summary:
 * the median, if it has one) at columns[n]; returns 1, or 0 when none. */
static size_t column_of_counter(size_t n, int j, unsigned table)
{
	const struct runner_counter *k = runner_counter_column(j);
	int count = k->kind == RUNNER_COUNT;
	size_t at = (size_t)j * sizeof(double);
	if (table == COLUMN_SAMPLES)
		columns[n] = (struct column){
			.name = k->name, .tables = table, .source = COLUMN_SAMPLE,
			.type = count ? COLUMN_COUNT : COLUMN_DOUBLE, .when = COLUMN_COUNTED,
			.offset = offsetof(struct sink_sample, counter) + at, .format = count ? "%llu" : "%.6f" };
	else if (k->summary == RUNNER_SUMMARY_MEDIAN)
		columns[n] = (struct column){
			.name = k->name, .tables = table, .source = COLUMN_ROW, .type = COLUMN_DOUBLE,
			.when = COLUMN_MEASURED, .offset = offsetof(struct sink_row, counter) + at,
			.format = count ? "%.0f" : "%.6f" };
	else
		return 0;
	return 1;
}

/* The counter column called name (runner_counter_column), or -1. */
static int counter_named(const char *name)
{
	const struct runner_counter *k;
	for (int j = 0; (k = runner_counter_column(j)); j++)
		if (strcmp(k->name, name) == 0)
			return j;
	return -1;
}

/* The unplaced dimensions' columns (DIMS_REST) or counters' (COUNTERS_REST:
 * each one's samples column, then its summary column) at columns[n...];
 * returns how many. */
static size_t columns_rest(size_t n, const struct column *s, const int *dim_placed,
			   const int *counter_placed)
{
	size_t added = 0;
	if (s->dim == SPEC_DIMS_REST) {
		for (const struct dim *d = dim_table; d->option; d++)
			if (d->column && !dim_placed[DIM_ID(d)])
				column_of_dim(&columns[n + added++], DIM_ID(d));
		return added;
	}
	for (int j = 0; runner_counter_column(j); j++)
		if (!counter_placed[j]) {
			added += column_of_counter(n + added, j, COLUMN_SAMPLES);
			added += column_of_counter(n + added, j, COLUMN_SUMMARY);
		}
	return added;
}

/* The spec with each dimension's and counter's column filled, the
 * unplaced ones at DIMS_REST and COUNTERS_REST; a NULL name ends it. */
static void columns_make(void)
{
	int dim_placed[DIM_MAX] = { 0 }, counter_placed[RUNNER_MAX_COUNTERS] = { 0 };
	size_t n = 0;
	for (size_t i = 0; i < NSPEC; i++) {
		const struct column *s = &column_spec[i];
		int j = s->dim == SPEC_COUNTER ? counter_named(s->name) : -1;
		if (s->source == COLUMN_DIM && s->dim >= 0)
			dim_placed[s->dim] = 1;
		if (j >= 0)
			counter_placed[j] = 1;
	}
	for (size_t i = 0; i < NSPEC; i++) {
		const struct column *s = &column_spec[i];
		int j = s->dim == SPEC_COUNTER ? counter_named(s->name) : -1;
		if (s->source != COLUMN_DIM)
			columns[n++] = *s;
		else if (s->dim >= 0)
			column_of_dim(&columns[n++], s->dim);
		else if (s->dim == SPEC_COUNTER)
			n += j >= 0 ? column_of_counter(n, j, s->tables) : 0;
		else
			n += columns_rest(n, s, dim_placed, counter_placed);
	}
	columns[n].name = NULL;
}

const struct column *column_table(void)
{
	pthread_once(&columns_once, columns_make);
	return columns;
}

/* Whether c has a value in r at all (its when). */
static int column_present(const struct column *c, const struct column_row *r)
{
	const struct sink_sample *s = r->sample;
	const struct sink_value *p = r->cfg ? &r->cfg->key[DIM_PATTERN] : NULL;
	enum pattern_kind pattern;
	int streams = p && p->kind == SINK_TEXT && pattern_parse(p->text, &pattern) == 0 &&
		      pattern_streams(pattern);
	int failed = s && s->error && *s->error;
	switch (c->when) {
	case COLUMN_MEASURED:
		return r->row && r->row->st.n > 0;
	case COLUMN_NO_ERROR:
		return s && !failed;
	case COLUMN_COUNTED:
		return s && s->counted;
	case COLUMN_STREAMED:
		return s && !failed && streams;
	case COLUMN_ALWAYS:
		break;
	}
	return 1;
}

/* The struct c reads from in r, or NULL. */
static const char *column_base(const struct column *c, const struct column_row *r)
{
	switch (c->source) {
	case COLUMN_DIM:
	case COLUMN_CONFIG:
		return (const char *)r->cfg;
	case COLUMN_SAMPLE:
		return (const char *)r->sample;
	case COLUMN_ROW:
		return (const char *)r->row;
	case COLUMN_RUN:
		return (const char *)r;
	}
	return NULL;
}

/* A dimension's value: what its show gave, or its value in older runs
 * (pattern's none) when that is empty. */
static void column_dim(const struct column *c, const struct sink_config *cfg,
		       struct column_value *v)
{
	const struct sink_value *k = &cfg->key[c->dim];
	if (k->kind == SINK_NUMBER) {
		v->i = k->number;
		v->kind = COLUMN_IS_INT;
	} else {
		v->text = k->kind == SINK_TEXT ? k->text : c->fallback && *c->fallback ? c->fallback : NULL;
		v->kind = v->text ? COLUMN_IS_TEXT : COLUMN_NONE;
	}
}

void column_get(const struct column *c, const struct column_row *r, struct column_value *v)
{
	const char *base = column_base(c, r);
	memset(v, 0, sizeof(*v));
	if (!base || !column_present(c, r))
		return;
	const void *p = base + c->offset;
	if (c->source == COLUMN_DIM) {
		column_dim(c, r->cfg, v);
		return;
	}
	switch (c->type) {
	case COLUMN_TEXT:
		v->text = *(const char *const *)p ? *(const char *const *)p : c->fallback;
		v->kind = v->text ? COLUMN_IS_TEXT : COLUMN_NONE;
		break;
	case COLUMN_CHARS:
		v->text = p;
		v->kind = COLUMN_IS_TEXT;
		break;
	case COLUMN_INT:
		v->i = *(const int *)p;
		v->kind = COLUMN_IS_INT;
		break;
	case COLUMN_LONG:
		v->i = *(const long *)p;
		v->kind = COLUMN_IS_INT;
		break;
	case COLUMN_SIZE:
		v->u = *(const size_t *)p;
		v->kind = COLUMN_IS_U64;
		break;
	case COLUMN_U64:
		v->u = *(const uint64_t *)p;
		v->kind = COLUMN_IS_U64;
		break;
	case COLUMN_DOUBLE:
		v->x = *(const double *)p;
		v->kind = isnan(v->x) ? COLUMN_NONE : COLUMN_IS_REAL;
		break;
	case COLUMN_COUNT:
		v->x = *(const double *)p;
		v->u = isnan(v->x) ? 0 : (unsigned long long)v->x;
		v->kind = isnan(v->x) ? COLUMN_NONE : COLUMN_IS_U64;
		break;
	}
}

/* The formats are printf's for the column's own type; the value is passed
 * as that type. */
void column_format(const struct column *c, const struct column_row *r, char *buf, size_t len)
{
	struct column_value v;
	column_get(c, r, &v);
	buf[0] = '\0';
	if (c->source == COLUMN_DIM) {
		if (v.kind == COLUMN_IS_TEXT)
			snprintf(buf, len, "%s", v.text);
		else if (v.kind == COLUMN_IS_INT)
			snprintf(buf, len, "%lld", v.i);
		return;
	}
	switch (c->type) {
	case COLUMN_TEXT:
	case COLUMN_CHARS:
		if (v.kind == COLUMN_IS_TEXT)
			snprintf(buf, len, "%s", v.text);
		break;
	case COLUMN_INT:
		if (v.kind)
			snprintf(buf, len, c->format, (int)v.i);
		break;
	case COLUMN_LONG:
		if (v.kind)
			snprintf(buf, len, c->format, (long)v.i);
		break;
	case COLUMN_SIZE:
		if (v.kind)
			snprintf(buf, len, c->format, (size_t)v.u);
		break;
	case COLUMN_U64:
	case COLUMN_COUNT:
		if (v.kind)
			snprintf(buf, len, c->format, v.u);
		break;
	case COLUMN_DOUBLE:
		if (v.kind)
			snprintf(buf, len, c->format, v.x);
		break;
	}
}

int column_header(FILE *f, unsigned table)
{
	int first = 1;
	for (const struct column *c = column_table(); c->name; c++) {
		if (!(c->tables & table))
			continue;
		if (!first)
			fputc(',', f);
		csv_field(f, c->name);
		first = 0;
	}
	fputc('\n', f);
	return ferror(f) ? -1 : 0;
}

int column_record(FILE *f, unsigned table, const struct column_row *r)
{
	char buf[400];
	int first = 1;
	for (const struct column *c = column_table(); c->name; c++) {
		if (!(c->tables & table))
			continue;
		if (!first)
			fputc(',', f);
		first = 0;
		if (c->source != COLUMN_DIM && (c->type == COLUMN_TEXT || c->type == COLUMN_CHARS)) {
			struct column_value v;
			column_get(c, r, &v);
			csv_field(f, v.text);
			continue;
		}
		column_format(c, r, buf, sizeof(buf));
		csv_field(f, buf);
	}
	fputc('\n', f);
	return ferror(f) ? -1 : 0;
}
