/*
 * primitives.h - the primitives `parbench overheads` times: one operation
 * per execution model that a parallel program pays for besides its work
 * (starting a team, waking a partner, a barrier, a hand-off of a lock), each
 * as an ops struct in prim_table.
 *
 * Two shapes:
 *   team  `workers` threads or processes do it together: started and
 *         joined (thread-create, fork-exit, fork-exec), an OpenMP team
 *         (omp-*), or hammering one counter (atomic-add);
 *   pair  two parties hand something back and forth; `workers` is the
 *         number of PUs they are spread over: 1 (both on one PU, which
 *         needs a binding) or 2 (one each).
 * The calling thread is worker (party) 0 and is bound to its PU by the
 * caller before setup; whatever a primitive starts binds itself to its own
 * PU with plan_bind.
 */
#ifndef PARBENCH_PRIMITIVES_H
#define PARBENCH_PRIMITIVES_H

#include <stddef.h>

#include "../core/plan.h"

enum prim_shape { PRIM_TEAM, PRIM_PAIR };

/* What one row of the table measures with: set by the caller, except
 * state, which belongs to the primitive between setup and teardown. */
struct prim_ctx {
	const struct plan_layout *layout;   /* placement of `workers` (pair: of 1 or 2 PUs) */
	int workers;
	int bound;                /* the layout binds (--bind cores on this machine) */
	int omp_placed;           /* OMP_PROC_BIND or OMP_PLACES is set: OpenMP places its team */
	long delay_iters;         /* prim_delay's length: the work inside an OpenMP test */
	const char *exec_path;    /* fork-exec's program */
	void *state;
};

/* Setup's outcomes besides 0 (ready) and -1 (failed, reason in err). */
#define PRIM_SKIP 1               /* cannot be measured here; reason in err */

struct prim_ops {
	const char *name;         /* for --primitives and the table */
	const char *model;        /* pthreads, fork, openmp, gil */
	const char *op;           /* what one measured operation is */
	const char *what;         /* a line for --help and overheads.md */
	enum prim_shape shape;
	int ops_per_inner;        /* operations in one inner repetition (a ping-pong round: 2 hand-offs) */
	double interval;          /* gil: the switch interval, seconds */
	/* What the harness must know, as properties rather than names: */
	int forks;                /* its partner or workers are forked processes */
	int execs;                /* its workers exec a program (prim_ctx.exec_path): the
				   * table's note names it */
	int delay_subtracted;     /* a delay (prim_delay) runs inside each operation and
				   * its reference: the note gives the delay's length */
	/* Gets ready for ctx; 0, PRIM_SKIP or -1, with a reason in err. NULL: nothing to do. */
	int (*setup)(const struct prim_ops *p, struct prim_ctx *c, char *err, size_t errlen);
	/* Does inner repetitions and puts their wall time in *seconds; 0, or -1 with err. */
	int (*run)(struct prim_ctx *c, long inner, double *seconds, char *err, size_t errlen);
	/* The same loop without the primitive (EPCC's reference); NULL when the
	 * loop alone costs nothing next to the primitive. */
	int (*reference)(struct prim_ctx *c, long inner, double *seconds, char *err, size_t errlen);
	/* Undoes setup (stops partners, unbinds OpenMP's team). NULL: nothing to do. */
	void (*teardown)(struct prim_ctx *c);
	const char *note;         /* method notes for the table; "" when none */
};

/* The primitives, NULL-terminated, in the order they are measured: OpenMP
 * last, because its team stays alive (and spinning for a while) after it. */
extern const struct prim_ops *const prim_table[];

/* Returns the primitive called name, or NULL. */
const struct prim_ops *prim_find(const char *name);

/* Busy work of iters dependent steps that the compiler cannot remove. */
void prim_delay(long iters);

#endif
