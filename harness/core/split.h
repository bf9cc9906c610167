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

/* Parses "static", "dynamic" or "dynamic:CHUNK" (CHUNK >= 1). Returns 0, or
 * -1 with a one-line reason in err. */
int split_parse(const char *text, struct schedule *out, char *err, size_t errlen);

/* "static" or "dynamic". */
const char *split_name(enum split_kind kind);

#endif
