/*
 * split.h - how [0, n) is divided among workers: the schedule.
 *
 * static: worker i gets one contiguous block; the first n % workers blocks
 * are one item longer. dynamic: [0, n) is cut into chunks of `chunk` items
 * (the last may be shorter) and workers take chunk numbers from a shared
 * counter until none are left, as Pool.map and OpenMP's dynamic do.
 *
 * A kernel that makes several passes (triad's repeat) is split per pass:
 * under static each worker makes every pass over its own block (its data
 * stays in its caches, as in likwid-bench); under dynamic the chunks of all
 * passes are numbered one after another, pass by pass.
 */
#ifndef PARBENCH_SPLIT_H
#define PARBENCH_SPLIT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

enum split_kind { SPLIT_STATIC, SPLIT_DYNAMIC };

struct schedule {
	enum split_kind kind;
	size_t chunk;       /* dynamic only; 0 = Python's Pool.map default */
};

/* Worker id's block of [0, n) under static scheduling; empty when
 * n < workers leaves it nothing (lo == hi). */
void split_static(size_t n, int workers, int id, size_t *lo, size_t *hi);

/* Pool.map's chunksize rule: ceil(n / (4 * workers)), at least 1. */
size_t split_default_chunk(size_t n, int workers);

/* How many chunks of `chunk` items cover [0, n). */
size_t split_chunks(size_t n, size_t chunk);

/* The items [lo, hi) of chunk number c, counting the chunks of every pass
 * one after another (c < split_chunks(n, chunk) * passes). */
void split_chunk(size_t c, size_t n, size_t chunk, size_t *lo, size_t *hi);

/* Takes the next chunk number from *next into *c; returns false once all
 * `total` chunks are taken. */
bool split_next(atomic_size_t *next, size_t total, size_t *c);

#define SPLIT_GATE_ABORTED 0xffffffffu

/* The pass gate of one dynamic run, in the memory its workers share
 * (threads or forked children); zeroed by split_gate_reset before the run. */
struct split_gate {
	atomic_size_t done;       /* chunks finished, all passes together */
	atomic_uint passes;       /* passes whose every chunk is finished, or
				   * SPLIT_GATE_ABORTED: the futex word */
	atomic_uint sleepers;     /* workers asleep on passes: a finisher wakes only then */
};

void split_gate_reset(struct split_gate *g);

/* Whether chunk c (per_pass chunks to a pass) may start: every chunk of
 * the passes before its own is finished, and the gate was not aborted. */
bool split_gate_open(struct split_gate *g, size_t c, size_t per_pass);

/* Waits until chunk c may start; returns true then, or false once the
 * gate is aborted (split_gate_abort). A chunk that is never finished (a
 * worker that died) keeps the others here until the run aborts the gate
 * or kills them. */
bool split_gate_wait(struct split_gate *g, size_t c, size_t per_pass);

/* The run failed: every waiter returns false at once, and so does every
 * later split_gate_wait (until split_gate_reset). */
void split_gate_abort(struct split_gate *g);

/* A chunk is finished (its writes are visible to whoever waits next);
 * the last one of a pass opens the next pass and wakes its sleepers. */
void split_gate_done(struct split_gate *g, size_t per_pass);

/* Parses "static", "dynamic" or "dynamic:CHUNK" (CHUNK >= 1). Returns 0, or
 * -1 with a one-line reason in err. */
int split_parse(const char *text, struct schedule *out, char *err, size_t errlen);

/* "static" or "dynamic". */
const char *split_name(enum split_kind kind);

#endif
