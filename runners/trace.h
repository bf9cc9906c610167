/*
 * trace.h - timelines of one run (--trace): per worker, each chunk of work
 * it ran, how long it stood at the start gate, and under gil each interval
 * it held the lock, each blocking call and each drop request it made.
 *
 * Every worker appends to its own lane of a fixed size in MAP_SHARED memory
 * (forked children write where the parent reads), so the hot path takes no
 * lock and allocates nothing; a full lane counts what it lost. A run is
 * traced only when its run_request points at a trace: the harness traces
 * one extra run per configuration after the measured ones, so no measured
 * repetition pays for it, and untraced code only tests a NULL pointer.
 */
#ifndef PARBENCH_TRACE_H
#define PARBENCH_TRACE_H

#include <stddef.h>
#include <stdint.h>

enum trace_kind {
	TRACE_GATE,      /* arrived at the start gate .. passed it */
	TRACE_CHUNK,     /* ran items [lo, hi) */
	TRACE_HELD,      /* gil: held the lock */
	TRACE_BLOCKED,   /* gil: in a blocking call, lock released */
	TRACE_REQUEST,   /* gil: asked the holder to drop the lock (start = end) */
	TRACE_KINDS
};

struct trace_event {
	double start, end;   /* runner_clock() */
	uint64_t lo, hi;     /* TRACE_CHUNK: the items */
	int kind;
};

#define TRACE_LANE_EVENTS 16384

struct trace_lane {
	unsigned count, lost;
	double open;         /* start of an interval still open (held, blocked) */
	struct trace_event ev[TRACE_LANE_EVENTS];
};

struct trace {
	int lanes;
	double t0;           /* runner_begin of the traced run (spawn starts) */
	struct trace_lane lane[];
};

/* Maps a trace with room for lanes workers; NULL if that failed. */
struct trace *trace_new(int lanes);
void trace_free(struct trace *t);
/* Empties every lane before a run. */
void trace_clear(struct trace *t);
const char *trace_kind_name(int kind);

static inline void trace_add(struct trace *t, int id, int kind, double start, double end,
			     uint64_t lo, uint64_t hi)
{
	struct trace_lane *l = &t->lane[id];
	if (l->count < TRACE_LANE_EVENTS)
		l->ev[l->count++] = (struct trace_event){ start, end, lo, hi, kind };
	else
		l->lost++;
}

#endif
