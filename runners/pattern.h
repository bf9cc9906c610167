/*
 * pattern.h - Python's Pool patterns (map, imap, imap_unordered) and the
 * ways a result gets back to the parent (--collect), over any runner.
 *
 * A pattern cuts [0, n) into chunks (tasks) that workers take as they free
 * up (the dynamic schedule) and gives each task's result a place in a
 * results table in MAP_SHARED memory, so forked children's results reach
 * the parent:
 *
 *   map             value[task] holds the chunk's result, in input order;
 *                   the checksum is summed from the table after the run.
 *   imap            the parent consumes value[0], value[1], ... in input
 *                   order while the workers run ahead, waiting on each
 *                   task's ready flag (head-of-line blocking).
 *   imap_unordered  workers append their task number to a completion log
 *                   (an atomic position); the parent consumes in that order.
 *   queue           Process + Queue: the parent produces one task message
 *                   per chunk into a bounded task queue (msgqueue.h) while
 *                   the workers take them, run the range and send a result
 *                   message back on a result queue, which the parent drains
 *                   during the run into value[]. Both messages carry
 *                   --payload bytes, filled by the sender and checked by
 *                   the receiver, so moving the data is part of the cost.
 *
 * Each is a struct dispatch_ops (dispatch.h), as are the collect methods;
 * the table holds the one its configuration uses and the functions below
 * call through it.
 *
 * The parent sleeps on a futex (the "delivered" counter) when the result it
 * needs is not there, so on a small machine it takes no CPU from the
 * workers; a worker wakes it only when it sleeps. It times the first
 * result consumed (from the start gate) and the time it spent blocked.
 */
#ifndef PARBENCH_PATTERN_H
#define PARBENCH_PATTERN_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../harness/core/split.h"
#include "dispatch.h"

enum pattern_kind { PATTERN_NONE, PATTERN_MAP, PATTERN_IMAP, PATTERN_IMAP_UNORDERED, PATTERN_QUEUE };

/* --collect: how a task's result reaches the table (pattern none or map).
 * partial: private partials summed at the end (pattern none) or written
 * straight into value[] (map); shared: every worker writes each result
 * into the one table under one process-shared, robust mutex
 * (Manager().dict()): a worker that dies holding it fails the run instead
 * of stalling the others;
 * messages: each result goes to the parent as a 16-byte record over a
 * pipe, and the parent writes it into the table during the run (Queue). */
enum pattern_collect { COLLECT_PARTIAL, COLLECT_SHARED, COLLECT_MESSAGES };

/* One --collect messages record (write() of it to a pipe is atomic). */
struct pattern_message {
	uint64_t task, value;
};

/* Most tasks one run may have (the table's size is fixed per configuration). */
#define PATTERN_MAX_TASKS ((size_t)1 << 24)
/* imap's default: Python's chunksize 1, coarsened so that there are at most
 * this many chunks: one result per item of pi's 2 million costs a futex
 * wake-up each and is all overhead; 4096 still streams finely. */
#define PATTERN_IMAP_MAX_CHUNKS 4096
/* queue: the largest --payload, and the default. */
#define PATTERN_MAX_PAYLOAD ((size_t)1 << 20)
#define PATTERN_DEFAULT_PAYLOAD 64

struct msgq;

/* One configuration's results table, mapped MAP_SHARED before any worker
 * of the configuration exists. */
struct pattern_table {
	size_t tasks;             /* slots in value[] etc. */
	enum pattern_kind kind;
	enum pattern_collect collect;
	const struct dispatch_ops *ops;   /* how results travel: the collect's, else the pattern's */
	pthread_mutex_t lock;     /* --collect shared: the one lock (PTHREAD_PROCESS_SHARED) */
	int pipe[2];              /* --collect messages: workers write [1], the parent reads [0] */
	size_t received;          /* messages: records the parent has read */
	int inline_parent;        /* serial: the worker is the parent, consumes as it goes */
	atomic_uint delivered;    /* futex word: bumped at every delivery */
	atomic_int sleeping;      /* the parent sleeps on delivered */
	atomic_size_t logged;     /* imap_unordered: next position in log[] */
	size_t consumed;          /* parent: results consumed so far */
	uint64_t consumed_sum;    /* parent: sum of what it consumed */
	double first;             /* parent: runner clock at the first result consumed; 0 none */
	double wait;              /* parent: seconds blocked waiting for the next result */
	double lock_wait;         /* --collect shared: the workers' seconds waiting for the lock
				   * (added by each taker while it holds it) */
	uint64_t *value;          /* [tasks] each task's result */
	atomic_int *ready;        /* [tasks] 1 once value[task] is written */
	atomic_size_t *log;       /* [tasks] completion order: task + 1, 0 = not yet written */
	size_t *order;            /* [tasks] the tasks in the order the parent consumed them */
	atomic_uint *writes;      /* [tasks] times the task's result was written (every pattern
				   * and --collect: a chunk run twice fails the run) */
	/* queue (pattern_queue_open): */
	atomic_uint *taken;       /* [tasks] times a worker took the task from the task queue */
	struct msgq *taskq;       /* parent -> workers: one message per chunk */
	struct msgq *resultq;     /* workers -> parent: one message per chunk */
	size_t payload;           /* --payload: bytes in every task and result message */
	size_t items, chunk;      /* the job's n and the chunk: task c is items
				   * [c % chunks * chunk, ...) of pass c / chunks */
	struct split_gate gate;   /* queue: keeps the passes apart (split.h) */
	unsigned char *buf;       /* the parent's payload buffer (payload bytes, at least 1) */
	char error[160];          /* queue: why the run failed (a payload that differs);
				   * --collect shared: a worker died holding the lock */
	pid_t owner;              /* the process that made the table */
	size_t crash_in_lock;     /* test hook: a forked worker filing task crash_in_lock - 1
				   * under --collect shared raises SIGSEGV holding the lock;
				   * 0 = none (pattern_reset keeps it) */
};

/* Maps a table for `tasks` results (with its lock or pipe); NULL (errno
 * set) if that failed. */
struct pattern_table *pattern_new(enum pattern_kind kind, enum pattern_collect collect,
				  size_t tasks);
void pattern_free(struct pattern_table *t);

/* queue: maps the two queues (`slots` messages of `payload` bytes each)
 * and notes the job's geometry; 0, or -1 with errno. pattern_free frees them. */
int pattern_queue_open(struct pattern_table *t, size_t items, size_t chunk, unsigned slots,
		       size_t payload);

/* Clears the flags and counters for a new run (outside the timing). */
void pattern_reset(struct pattern_table *t);

/* Worker side: task's result is v, filed by the table's dispatch (under
 * imap_unordered also logged). A task past the table is dropped (the
 * count then fails the run in pattern_sum). */
void pattern_deliver(struct pattern_table *t, size_t task, uint64_t v);

/* For the dispatches (dispatch_*.c). pattern_file writes task's result
 * into the table: value, then its write count, then ready (release).
 * pattern_take is the parent consuming task's result: the first one's
 * time, the running sum, the order. */
void pattern_file(struct pattern_table *t, size_t task, uint64_t v);
void pattern_take(struct pattern_table *t, size_t task);

/* Parent side of imap and imap_unordered: consumes `total` results in the
 * pattern's order, noting the first and the time blocked. alive(), if
 * given, is polled every few ms while it waits and returns 0 when no more
 * results will come (a worker died or gave up, the run is late); then what
 * is already there is taken without waiting and, if results are still
 * missing, -1 returns (the caller says why). Without alive() it waits as
 * long as it takes. Returns 0 at once for the other patterns. */
int pattern_consume(struct pattern_table *t, size_t total, int (*alive)(void *), void *arg);
/* (--collect messages: reads the `total` records and files them. queue:
 * produces the `total` tasks and files every result message while the
 * workers run, then closes the task queue; on a failure, aborts both
 * queues so that every worker returns, with a reason in t->error.) */

/* After the run: the checksum from the table (map: value[] in input order;
 * imap: what the parent consumed). Returns 0, or -1 with a reason in err
 * (a task without a result, or consumed a wrong number of times). */
int pattern_sum(const struct pattern_table *t, size_t total, uint64_t *sum, char *err,
		size_t errlen);

/* Default chunk for the pattern over n items (passes of them) and w
 * workers: map as Pool.map (ceil(n / (4 w))); imap and imap_unordered
 * Python's 1, coarsened so that all passes make at most
 * PATTERN_IMAP_MAX_CHUNKS chunks (never more than n). */
size_t pattern_default_chunk(enum pattern_kind kind, size_t n, unsigned passes, int workers);

/* Parses partial, shared or messages; 0 or -1. */
int pattern_collect_parse(const char *text, enum pattern_collect *out);
const char *pattern_collect_name(enum pattern_collect c);

/* The parent must work during the run (its dispatch has a parent side):
 * imap, imap_unordered, queue, --collect messages. */
int pattern_needs_parent(enum pattern_kind kind, enum pattern_collect collect);

/* Parses one name (none, map, imap, imap_unordered, queue); 0 or -1. */
int pattern_parse(const char *text, enum pattern_kind *out);
const char *pattern_name(enum pattern_kind kind);

/* Needs a parent that is not a worker: the pattern's dispatch has a
 * parent side (imap, imap_unordered, queue). */
int pattern_streams(enum pattern_kind kind);

/* Its messages carry --payload bytes (queue): the pattern's dispatch says. */
int pattern_has_payload(enum pattern_kind kind);

#endif
