/*
 * dispatch.h - the one interface behind which a run's results travel from
 * its workers to its parent: the patterns (map, imap, imap_unordered,
 * queue) and the collect methods (shared, messages) are each a struct
 * dispatch_ops, in its own file (dispatch_map.c: the Pool.map family;
 * dispatch_collect.c: shared and messages; dispatch_queue.c: Process +
 * Queue). A results table (pattern.h) holds the one its configuration
 * uses; runner.c calls through it (pattern_deliver, pattern_consume,
 * pattern_sum and runner_work), so a runner knows no dispatch by name and
 * a new one is a file and a line in pattern.c's table.
 *
 * Hooks, every one optional (NULL: nothing to do there):
 *   deliver  worker side: task's result is v (map writes it into the
 *            table, imap also wakes the parent, shared takes the lock,
 *            messages writes a record to the pipe);
 *   serve    worker side, for dispatches whose workers take their tasks
 *            from the table rather than from the schedule (queue): runs
 *            each task with run(arg, lo, hi) until the end of the stream;
 *   consume  parent side, between the start gate and the join (imap's
 *            in-order consumption, messages' reading, queue's producing);
 *   check    after the run, one task's extra check beyond the table's
 *            write count (queue: taken from the task queue exactly once).
 */
#ifndef PARBENCH_DISPATCH_H
#define PARBENCH_DISPATCH_H

#include <stddef.h>
#include <stdint.h>

struct pattern_table;
struct worker;

/* Runs items [lo, hi) of the run's kernel for a serving worker. */
typedef uint64_t (*dispatch_run_fn)(void *arg, size_t lo, size_t hi);

struct dispatch_ops {
	const char *name;
	/* Files task's result v (task < t->tasks; pattern_deliver checks). */
	void (*deliver)(struct pattern_table *t, size_t task, uint64_t v);
	/* Serves the run's `total` tasks for worker w (NULL: serial, the
	 * inline parent); 0, or -1 with the worker's error in err. */
	int (*serve)(struct pattern_table *t, size_t total, dispatch_run_fn run, void *arg,
		     struct worker *w, char *err, size_t errlen);
	/* Consumes `total` results; alive() as for pattern_consume. 0, or -1
	 * when results are missing and will not come. */
	int (*consume)(struct pattern_table *t, size_t total, int (*alive)(void *), void *arg);
	/* 0 when task passed, or -1 with a reason in err. */
	int (*check)(const struct pattern_table *t, size_t task, char *err, size_t errlen);
	int payload;              /* its messages carry --payload bytes (queue): the
				   * payload is a dimension of its configurations */
};

/* The dispatches, in dispatch_map.c, dispatch_collect.c and dispatch_queue.c. */
extern const struct dispatch_ops dispatch_map, dispatch_imap, dispatch_imap_unordered;
extern const struct dispatch_ops dispatch_shared, dispatch_messages;
extern const struct dispatch_ops dispatch_queue;

#endif
