/*
 * results_json.c - results.json, the run in one file for programs: a
 * schema_version, a context block (as Google Benchmark's and pyperf's:
 * date, host, executable, command line, git revision, the machine, the
 * build, the load, the settings), and every configuration with its key,
 * its statistics and every repetition, warm-ups included (flagged). The
 * fields are the column table's (columns.c), named as in the CSVs.
 *
 * Repetitions arrive one by one, interleaved between configurations; they
 * are kept compactly per configuration and written with the summary at the
 * end of a complete run (an interrupted run has samples.csv, not this).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/plan.h"
#include "../core/sysinfo.h"
#include "jsonw.h"
#include "outputs.h"

#define RESULTS_JSON_SCHEMA 1

/* One repetition as it came (its strings copied). */
struct rep {
	struct sink_sample s;
};

/* One configuration's repetitions, found by its key. */
struct bucket {
	char *key;
	struct rep *reps;
	size_t n, cap;
};

struct rjson {
	const struct sink_context *ctx;
	struct bucket *b;
	size_t n, cap;
	json_t *benchmarks;       /* set by the summary */
};

/* The key columns' values of cfg, joined by sep (skipping those at their
 * default when skip_default). */
static void rjson_key(const struct sink_config *cfg, char sep, int skip_default, char *buf,
		      size_t len)
{
	const struct column_row r = { .cfg = cfg };
	size_t used = 0;
	buf[0] = '\0';
	for (const struct column *c = column_table(); c->name && used < len; c++) {
		char v[256];
		if (!c->key)
			continue;
		column_format(c, &r, v, sizeof(v));
		if (skip_default && c->absent && strcmp(v, c->absent) == 0)
			continue;
		if (used && used + 1 < len)
			buf[used++] = sep;
		used += (size_t)snprintf(buf + used, len - used, "%s", v);
	}
}

/* The bucket of key, added when new; NULL when memory ran out. */
static struct bucket *rjson_bucket(struct rjson *j, const char *key)
{
	for (size_t i = j->n; i-- > 0;)        /* the configurations running now are the last */
		if (strcmp(j->b[i].key, key) == 0)
			return &j->b[i];
	if (j->n == j->cap) {
		size_t cap = j->cap ? 2 * j->cap : 64;
		struct bucket *more = realloc(j->b, cap * sizeof(*more));
		if (!more)
			return NULL;
		j->b = more;
		j->cap = cap;
	}
	struct bucket *b = &j->b[j->n];
	memset(b, 0, sizeof(*b));
	if (!(b->key = strdup(key)))
		return NULL;
	j->n++;
	return b;
}

static int rjson_begin(void **state, const struct sink_context *ctx, char *err, size_t errlen)
{
	struct rjson *j = calloc(1, sizeof(*j));
	if (!j) {
		snprintf(err, errlen, "out of memory");
		return -2;
	}
	j->ctx = ctx;
	*state = j;
	return 0;
}

static int rjson_sample(void *state, const struct sink_config *cfg, const struct sink_sample *s)
{
	struct rjson *j = state;
	char key[2048];
	rjson_key(cfg, '\x1f', 0, key, sizeof(key));
	struct bucket *b = rjson_bucket(j, key);
	if (!b)
		goto out_nomem;
	if (b->n == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 16;
		struct rep *more = realloc(b->reps, cap * sizeof(*more));
		if (!more)
			goto out_nomem;
		b->reps = more;
		b->cap = cap;
	}
	struct rep *r = &b->reps[b->n];
	r->s = *s;
	r->s.cpus = s->cpus ? strdup(s->cpus) : NULL;
	r->s.error = s->error && *s->error ? strdup(s->error) : NULL;
	b->n++;
	return 0;
out_nomem:
	errno = ENOMEM;
	return -1;
}

/* The repetitions of row's configuration, each from the samples columns. */
static json_t *rjson_reps(struct rjson *j, const struct sink_row *row, int *failed)
{
	char key[2048];
	json_t *reps = json_array();
	rjson_key(&row->cfg, '\x1f', 0, key, sizeof(key));
	const struct bucket *b = NULL;
	for (size_t i = 0; i < j->n && !b; i++)
		if (strcmp(j->b[i].key, key) == 0)
			b = &j->b[i];
	for (size_t i = 0; reps && b && i < b->n; i++) {
		const struct column_row r = { .cfg = &row->cfg, .sample = &b->reps[i].s };
		json_t *o = json_object();
		for (const struct column *c = column_table(); o && c->name; c++)
			if ((c->tables & COLUMN_SAMPLES) && c->source == COLUMN_SAMPLE)
				jsonw_set(o, c->name, jsonw_column(c, &r), failed);
		if (!o || json_array_append_new(reps, o) < 0)
			*failed = 1;
	}
	if (!reps)
		*failed = 1;
	return reps;
}

static int rjson_summary(void *state, const struct sink_row *rows, size_t n)
{
	struct rjson *j = state;
	int failed = 0;
	json_decref(j->benchmarks);
	j->benchmarks = json_array();
	for (size_t i = 0; j->benchmarks && i < n; i++) {
		char name[2048];
		const struct column_row r = { .cfg = &rows[i].cfg, .row = &rows[i] };
		json_t *o = json_object();
		if (!o || json_array_append_new(j->benchmarks, o) < 0) {
			failed = 1;
			break;
		}
		rjson_key(&rows[i].cfg, '/', 1, name, sizeof(name));
		jsonw_set(o, "name", jsonw_text(name), &failed);
		for (const struct column *c = column_table(); c->name; c++)
			if ((c->tables & COLUMN_SUMMARY) && c->source != COLUMN_RUN)
				jsonw_set(o, c->name, jsonw_column(c, &r), &failed);
		jsonw_set(o, "repetitions", rjson_reps(j, &rows[i], &failed), &failed);
	}
	if (!j->benchmarks || failed) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/* The machine and the build, as Google Benchmark's context names them. */
static void rjson_machine(json_t *o, const struct sink_context *ctx, int *failed)
{
	const struct plan_machine *m = ctx->machine;
	const struct sysinfo_host *sys = ctx->sys;
	int hwloc_model = strcmp(m->cpu_model, "unknown") != 0 || !sys->cpuinfo_model[0];
	json_t *caches = json_array();
	for (int level = 1; caches && level <= 3; level++)
		if (m->cache[level] &&
		    json_array_append_new(caches, json_pack("{s:i, s:s, s:I, s:i}", "level", level,
							    "type", level == 1 ? "Data" : "Unified",
							    "size", (json_int_t)m->cache[level],
							    "count", m->cache_count[level])) < 0)
			*failed = 1;
	jsonw_set(o, "cpu_model", jsonw_text(hwloc_model ? m->cpu_model : sys->cpuinfo_model), failed);
	jsonw_set(o, "num_cpus", json_integer(m->pus), failed);
	jsonw_set(o, "num_cores", json_integer(m->cores), failed);
	jsonw_set(o, "num_packages", json_integer(m->packages), failed);
	jsonw_set(o, "usable_cpus", json_integer(m->usable_pus), failed);
	jsonw_set(o, "caches", caches, failed);
	jsonw_set(o, "memory_bytes", json_integer((json_int_t)m->memory), failed);
	jsonw_set(o, "topology_from_hwloc_env", json_boolean(m->synthetic), failed);
	jsonw_set(o, "kernel_release", jsonw_text(sys->kernel_release), failed);
	jsonw_set(o, "arch", jsonw_text(sys->arch), failed);
	jsonw_set(o, "governor", jsonw_text(sys->governor), failed);
	jsonw_set(o, "clock", jsonw_text("CLOCK_MONOTONIC"), failed);
	jsonw_set(o, "clock_resolution_ns", sys->clock_measured_ns < 0 ? json_null()
		  : json_integer(sys->clock_measured_ns), failed);
	jsonw_set(o, "load_avg", jsonw_load(&sys->load_start), failed);
	jsonw_set(o, "load_avg_end", jsonw_load(&sys->load_end), failed);
	jsonw_set(o, "compiler", jsonw_text("gcc " __VERSION__), failed);
	jsonw_set(o, "cflags", jsonw_text(PARBENCH_CFLAGS), failed);
	jsonw_set(o, "library_versions", json_pack("{s:s, s:s, s:s}", "hwloc", m->hwloc_version,
						   "jansson", JANSSON_VERSION, "libgomp", sys->libgomp),
		  failed);
}

/* parbench's settings for the run (meta.json has the same). */
static json_t *rjson_settings(const struct sink_context *ctx, int *failed)
{
	json_t *o = json_object();
	if (!o) {
		*failed = 1;
		return NULL;
	}
	jsonw_set(o, "size", jsonw_text(ctx->size), failed);
	jsonw_set(o, "reps", json_integer(ctx->reps), failed);
	jsonw_set(o, "warmup", json_integer(ctx->warmup), failed);
	jsonw_set(o, "min_time_s", json_real(ctx->min_time), failed);
	jsonw_set(o, "timeout_s", json_real(ctx->timeout), failed);
	jsonw_set(o, "gil_switch_interval_s", json_real(ctx->switch_interval), failed);
	jsonw_set(o, "gil_unit_items", json_integer((json_int_t)ctx->gil_unit), failed);
	jsonw_set(o, "gil_mode", jsonw_text(ctx->gil_mode ? ctx->gil_mode : "new"), failed);
	jsonw_set(o, "gil_check_units", json_integer(ctx->gil_check), failed);
	jsonw_set(o, "pattern", jsonw_text(ctx->pattern ? ctx->pattern : "none"), failed);
	jsonw_set(o, "chunksize", json_integer((json_int_t)ctx->chunksize), failed);
	jsonw_set(o, "collect", jsonw_text(ctx->collect ? ctx->collect : "partial"), failed);
	jsonw_set(o, "init_cost_ms", json_integer(ctx->init_cost_ms), failed);
	jsonw_set(o, "init_in_parent", json_integer(ctx->init_in_parent), failed);
	jsonw_set(o, "payload", jsonw_text(ctx->payload ? ctx->payload : "64"), failed);
	jsonw_dims_given(o, ctx, failed);
	return o;
}

/* The context block: the run, the machine, the build, the settings. */
static json_t *rjson_context(const struct sink_context *ctx, int *failed)
{
	char exe[4096];
	ssize_t got = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[got > 0 ? got : 0] = '\0';
	json_t *o = json_object();
	if (!o) {
		*failed = 1;
		return NULL;
	}
	jsonw_set(o, "run_id", jsonw_text(ctx->run_id), failed);
	jsonw_set(o, "date", jsonw_text(ctx->date), failed);
	jsonw_set(o, "host_name", jsonw_text(ctx->host), failed);
	jsonw_set(o, "executable", jsonw_text(exe), failed);
	jsonw_set(o, "command", jsonw_text(ctx->command), failed);
	jsonw_set(o, "git", jsonw_text(ctx->git), failed);
	jsonw_set(o, "profile", jsonw_text(ctx->profile), failed);
	rjson_machine(o, ctx, failed);
	jsonw_set(o, "settings", rjson_settings(ctx, failed), failed);
	jsonw_set(o, "environment", jsonw_environment(), failed);
	return o;
}

/* A complete run writes the file; every end frees what was kept. */
static int rjson_end(void *state, const char *status)
{
	struct rjson *j = state;
	int rc = 0, failed = 0;
	if (status && strcmp(status, "complete") == 0 && j->benchmarks) {
		json_t *root = json_object();
		if (root) {
			jsonw_set(root, "schema_version", json_integer(RESULTS_JSON_SCHEMA), &failed);
			jsonw_set(root, "generator", json_string("parbench"), &failed);
			jsonw_set(root, "context", rjson_context(j->ctx, &failed), &failed);
			jsonw_set(root, "benchmarks", json_incref(j->benchmarks), &failed);
		}
		if (!root || failed) {
			errno = ENOMEM;
			rc = -1;
		} else {
			rc = jsonw_write(root, j->ctx->dir, "results.json");
		}
		json_decref(root);
	}
	for (size_t i = 0; i < j->n; i++) {
		for (size_t k = 0; k < j->b[i].n; k++) {
			free((char *)j->b[i].reps[k].s.cpus);
			free((char *)j->b[i].reps[k].s.error);
		}
		free(j->b[i].reps);
		free(j->b[i].key);
	}
	free(j->b);
	json_decref(j->benchmarks);
	free(j);
	return rc;
}

const struct sink_ops results_json_sink = {
	.name = "results.json",
	.begin = rjson_begin,
	.sample = rjson_sample,
	.summary = rjson_summary,
	.end = rjson_end,
};
