/*
 * tracecsv.c - trace.csv, the timelines of --trace: one record per event
 * a worker's lane holds, times in seconds from the start of spawning, a
 * "run" record (worker -1) from the gate's opening to the last finish, and
 * for a lane that filled up a "lost" record (lo = the events it had no
 * room for, start = the end of its last one). Opened at the first traced
 * run, so a run without --trace has no trace.csv.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../runners/trace.h"
#include "../bench/dims.h"
#include "../core/csv.h"
#include "outputs.h"

#define TRACE_HEADER "kernel,runner,workers,schedule,chunk,bind,items,worker,event,start_s,end_s,lo,hi"

struct tracecsv {
	const struct sink_context *ctx;
	FILE *f;
	off_t whole;   /* trace.csv's size after its last whole timeline */
};

static int tracecsv_begin(void **state, const struct sink_context *ctx, char *err, size_t errlen)
{
	struct tracecsv *t = calloc(1, sizeof(*t));
	if (!t) {
		snprintf(err, errlen, "out of memory");
		return -2;
	}
	t->ctx = ctx;
	*state = t;
	return 0;
}

static void tracecsv_row(FILE *f, const struct sink_config *c, int worker, const char *event,
			 double start, double end, unsigned long long lo, unsigned long long hi)
{
	csv_field(f, c->key[DIM_KERNEL].text);
	fputc(',', f);
	csv_field(f, c->key[DIM_RUNNER].text);
	fprintf(f, ",%lld,", c->key[DIM_WORKERS].number);
	csv_field(f, c->key[DIM_SCHEDULE].text);
	fprintf(f, ",%zu,", c->chunk);
	csv_field(f, c->key[DIM_BIND].text);
	fprintf(f, ",%lld,%d,%s,%.9f,%.9f,%llu,%llu\n", c->key[DIM_ITEMS].number, worker, event,
		start, end, lo, hi);
}

static int tracecsv_trace(void *state, const struct sink_config *cfg, const struct trace *t,
			  int workers, double spawn_seconds, double seconds)
{
	struct tracecsv *tc = state;
	if (!tc->f) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/trace.csv", tc->ctx->dir);
		if (!(tc->f = fopen(path, "w")))
			return -1;
		fprintf(tc->f, "%s\n", TRACE_HEADER);
	}
	tracecsv_row(tc->f, cfg, -1, "run", spawn_seconds, spawn_seconds + seconds, 0, 0);
	for (int w = 0; w < workers && w < t->lanes; w++) {
		const struct trace_lane *l = &t->lane[w];
		for (unsigned i = 0; i < l->count; i++) {
			const struct trace_event *e = &l->ev[i];
			tracecsv_row(tc->f, cfg, w, trace_kind_name(e->kind), e->start - t->t0,
				     e->end - t->t0, (unsigned long long)e->lo, (unsigned long long)e->hi);
		}
		if (l->lost) {
			double after = l->count ? l->ev[l->count - 1].end - t->t0 : 0;
			tracecsv_row(tc->f, cfg, w, "lost", after, after, l->lost, 0);
		}
	}
	return csv_commit(tc->f, &tc->whole);   /* a run's timeline whole or not at all */
}

static int tracecsv_end(void *state, const char *status)
{
	struct tracecsv *t = state;
	int rc = t->f && fclose(t->f) != 0 ? -1 : 0;
	(void)status;
	free(t);
	return rc;
}

const struct sink_ops tracecsv_sink = {
	.name = "trace.csv",
	.begin = tracecsv_begin,
	.trace = tracecsv_trace,
	.end = tracecsv_end,
};
