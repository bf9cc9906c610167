/*
 * pattern.c - the results table of map, imap and imap_unordered (see
 * pattern.h): delivery by the workers, consumption by the parent.
 *
 * Ordering: a worker writes value[task], then sets ready[task] with
 * release; the parent reads ready[task] with acquire before value[task].
 * Under imap_unordered the worker then reserves a log position with one
 * atomic add and stores task + 1 there (release); the parent reads the log
 * in position order and waits on a slot still 0 (reserved, not yet
 * written). Every delivery bumps `delivered`; a parent that found nothing
 * to consume sets `sleeping`, checks again and sleeps on `delivered` with
 * FUTEX_WAIT (not private: the word is shared with forked children), so a
 * delivery between its check and its sleep makes the sleep return at once.
 *
 * --collect shared takes the table's one mutex (process-shared and
 * robust, in the same MAP_SHARED block) around every write, as every
 * access to a Manager().dict() goes through the manager; a worker that
 * died holding it leaves EOWNERDEAD to the next taker, which makes the
 * lock consistent and marks the run failed; --collect messages writes one
 * 16-byte record per task to a pipe made before any worker exists (writes
 * under PIPE_BUF are atomic, so workers need no lock) and the parent reads
 * them during the run, checking every 5 ms that its workers are alive and
 * the run within its deadline, however steadily the records arrive.
 * When alive() says no more results will come (a child died, every
 * thread returned, the run is late), the parent takes what is already
 * there, without waiting, and fails if results are still missing: a
 * worker that gave up never leaves the parent waiting.
 *
 * queue (Process + Queue) uses two msgqueues (msgqueue.h) mapped with the
 * table, before any worker exists, and emptied by pattern_reset for each
 * run. The parent, between the gate and the join, loops: it sends tasks
 * until the task queue is full (or all are sent, then closes it), drains
 * every result already there without waiting, and only when neither moved
 * sleeps on the result queue for up to 5 ms, asking alive() (are the
 * children all there, is the run within its timeout) when that sleep ends
 * empty. A result arrives after each task a worker takes, so a full task
 * queue never leaves the parent asleep while there is room. The parent
 * never blocks on the task queue, so a worker blocked sending a result
 * and the parent cannot wait for each other. On any failure it aborts both
 * queues: every worker blocked in them returns at once. Each task's
 * `taken` counter (bumped by the worker) and `writes` counter (bumped by
 * the parent as it files the result) must both end at 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>

#include "../harness/core/clock.h"
#include "../harness/core/futex.h"
#include "../harness/core/split.h"
#include "../kernels/kernel.h"
#include "msgqueue.h"
#include "pattern.h"

/* Layout: the header, then value[], log[], order[], ready[], writes[]. */
static size_t table_bytes(size_t tasks)
{
	return sizeof(struct pattern_table) +
	       tasks * (sizeof(uint64_t) + sizeof(atomic_int) + sizeof(atomic_size_t) + sizeof(size_t) +
			sizeof(atomic_uint) + sizeof(atomic_uint));
}

struct pattern_table *pattern_new(enum pattern_kind kind, enum pattern_collect collect,
				  size_t tasks)
{
	struct pattern_table *t = kernel_shared_alloc(table_bytes(tasks));
	if (!t)
		return NULL;
	char *p = (char *)(t + 1);
	t->tasks = tasks;
	t->kind = kind;
	t->collect = collect;
	t->pipe[0] = t->pipe[1] = -1;
	t->owner = getpid();
	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST);
	int err = pthread_mutex_init(&t->lock, &ma);
	pthread_mutexattr_destroy(&ma);
	if (err || (collect == COLLECT_MESSAGES && pipe2(t->pipe, O_CLOEXEC) < 0)) {
		if (err)
			errno = err;
		kernel_shared_free(t, table_bytes(tasks));
		return NULL;
	}
	t->value = (uint64_t *)p;
	p += tasks * sizeof(uint64_t);
	t->log = (atomic_size_t *)p;
	p += tasks * sizeof(atomic_size_t);
	t->order = (size_t *)p;
	p += tasks * sizeof(size_t);
	t->ready = (atomic_int *)p;
	p += tasks * sizeof(atomic_int);
	t->writes = (atomic_uint *)p;
	p += tasks * sizeof(atomic_uint);
	t->taken = (atomic_uint *)p;
	return t;
}

void pattern_free(struct pattern_table *t)
{
	if (!t)
		return;
	if (t->pipe[0] >= 0) {
		close(t->pipe[0]);
		close(t->pipe[1]);
	}
	pthread_mutex_destroy(&t->lock);
	msgq_free(t->taskq);
	msgq_free(t->resultq);
	free(t->buf);
	kernel_shared_free(t, table_bytes(t->tasks));
}

void pattern_reset(struct pattern_table *t)
{
	memset(t->value, 0, t->tasks * sizeof(uint64_t));
	memset((void *)t->ready, 0, t->tasks * sizeof(atomic_int));
	memset((void *)t->log, 0, t->tasks * sizeof(atomic_size_t));
	memset((void *)t->writes, 0, t->tasks * sizeof(atomic_uint));
	t->received = 0;
	atomic_store(&t->logged, 0);
	atomic_store(&t->sleeping, 0);
	t->consumed = 0;
	t->consumed_sum = 0;
	t->first = 0;
	t->wait = 0;
	t->inline_parent = 0;
	memset((void *)t->taken, 0, t->tasks * sizeof(atomic_uint));
	t->error[0] = '\0';
	if (t->taskq) {
		msgq_reset(t->taskq);
		msgq_reset(t->resultq);
	}
}

static void consume_one(struct pattern_table *t, size_t task)
{
	if (t->consumed == 0)
		t->first = clock_now();
	t->consumed_sum += t->value[task];
	t->order[t->consumed++] = task;
}

/* The task the parent consumes next, if its result is there. */
static int next_ready(struct pattern_table *t, size_t *task)
{
	if (t->kind == PATTERN_IMAP) {
		*task = t->consumed;
		return atomic_load_explicit(&t->ready[*task], memory_order_acquire);
	}
	size_t v = atomic_load_explicit(&t->log[t->consumed], memory_order_acquire);
	*task = v - 1;
	return v != 0;
}

/* Parent: files one message; 0, or -1 at end of file or a bad record. */
static int receive(struct pattern_table *t)
{
	struct pattern_message m;
	ssize_t got;
	while ((got = read(t->pipe[0], &m, sizeof(m))) < 0 && errno == EINTR)
		;
	if (got != (ssize_t)sizeof(m) || m.task >= t->tasks)
		return -1;
	t->value[m.task] = m.value;
	t->writes[m.task]++;
	atomic_store_explicit(&t->ready[m.task], 1, memory_order_release);
	t->received++;
	return 0;
}

/* --collect shared: takes the table's lock. Its last holder may have died
 * holding it (the lock is robust): the table is then made usable again so
 * that nobody stalls, and the run is marked failed; the dead worker is
 * named by whoever reaps it. */
static void table_lock(struct pattern_table *t)
{
	if (pthread_mutex_lock(&t->lock) != EOWNERDEAD)
		return;
	pthread_mutex_consistent(&t->lock);
	if (!t->error[0])
		snprintf(t->error, sizeof(t->error),
			 "--collect shared: a worker died holding the results table's lock");
}

/* Test hook: dies here, holding the lock, if told to (forked workers only). */
static void crash_in_lock(const struct pattern_table *t, size_t task)
{
	if (t->crash_in_lock != task + 1 || getpid() == t->owner)
		return;
	struct rlimit none = { 0, 0 };
	setrlimit(RLIMIT_CORE, &none);
	raise(SIGSEGV);
}

void pattern_deliver(struct pattern_table *t, size_t task, uint64_t v)
{
	if (task >= t->tasks)
		return;   /* no such slot: pattern_sum fails the run on the count */
	if (t->collect == COLLECT_SHARED) {
		table_lock(t);
		crash_in_lock(t, task);
		t->value[task] = v;
		t->writes[task]++;
		atomic_store_explicit(&t->ready[task], 1, memory_order_release);
		pthread_mutex_unlock(&t->lock);
		return;
	}
	if (t->collect == COLLECT_MESSAGES) {
		struct pattern_message m = { task, v };
		while (write(t->pipe[1], &m, sizeof(m)) < 0 && errno == EINTR)
			;
		if (t->inline_parent)
			receive(t);   /* serial: its own parent, reads it back at once */
		return;
	}
	t->value[task] = v;
	atomic_fetch_add_explicit(&t->writes[task], 1, memory_order_relaxed);
	atomic_store_explicit(&t->ready[task], 1, memory_order_release);
	if (t->kind == PATTERN_IMAP_UNORDERED) {
		/* A chunk delivered twice takes a position too many; past the
		 * end there is none (writes[] then fails the run). */
		size_t pos = atomic_fetch_add(&t->logged, 1);
		if (pos < t->tasks)
			atomic_store_explicit(&t->log[pos], task + 1, memory_order_release);
	}
	if (t->inline_parent) {
		/* serial: the worker is the parent; it takes what is there now. */
		size_t next;
		while (t->consumed < t->tasks && next_ready(t, &next))
			consume_one(t, next);
		return;
	}
	if (t->kind == PATTERN_IMAP || t->kind == PATTERN_IMAP_UNORDERED) {
		atomic_fetch_add(&t->delivered, 1);
		if (atomic_load(&t->sleeping))
			futex_wake(&t->delivered, 1);
	}
}

/* ---- queue ----------------------------------------------------------------- */

int pattern_queue_open(struct pattern_table *t, size_t items, size_t chunk, unsigned slots,
		       size_t payload)
{
	t->items = items;
	t->chunk = chunk;
	t->payload = payload;
	/* Two buffers: the task being sent, the result being filed. */
	t->buf = malloc(2 * (payload ? payload : 1));
	t->taskq = msgq_new(slots, payload);
	t->resultq = msgq_new(slots, payload);
	if (t->buf && t->taskq && t->resultq)
		return 0;
	return -1;   /* pattern_free frees what was made */
}

/* Word j of task `task`'s payload of message kind `kind`: no two tasks,
 * kinds or positions alike, so a message filed under the wrong task, a
 * task payload sent back as a result, or bytes out of place all show. */
static uint64_t payload_word(size_t task, unsigned kind, size_t j)
{
	uint64_t x = ((uint64_t)task + 1) * 0x9E3779B97F4A7C15ull ^ (uint64_t)kind << 56;
	return x + (uint64_t)j * 0xBF58476D1CE4E5B9ull;
}

void pattern_payload_fill(unsigned char *buf, size_t len, size_t task, unsigned kind)
{
	size_t j;
	for (j = 0; j + 8 <= len; j += 8) {
		uint64_t x = payload_word(task, kind, j / 8);
		memcpy(buf + j, &x, 8);
	}
	if (j < len) {
		uint64_t x = payload_word(task, kind, j / 8);
		memcpy(buf + j, &x, len - j);
	}
}

int pattern_payload_check(const unsigned char *buf, size_t len, size_t task, unsigned kind,
			  size_t *at)
{
	for (size_t j = 0; j < len; j += 8) {
		uint64_t x = payload_word(task, kind, j / 8), y;
		size_t n = len - j < 8 ? len - j : 8;
		/* Whole words compare as words (a memcmp call per 8 bytes cost
		 * 80 % of a 64 KiB queue run); the tail byte by byte. */
		if (n == 8) {
			memcpy(&y, buf + j, 8);
			if (y == x)
				continue;
		}
		if (n < 8 ? memcmp(buf + j, &x, n) != 0 : 1) {
			for (size_t b = 0; b < n; b++)
				if (buf[j + b] != ((unsigned char *)&x)[b]) {
					*at = j + b;
					break;
				}
			return -1;
		}
	}
	return 0;
}

enum { MSG_TASK = 1, MSG_RESULT = 2 };

/* The first failure's reason into t->error; both queues aborted; -1. */
static int queue_fail(struct pattern_table *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int queue_fail(struct pattern_table *t, const char *fmt, ...)
{
	if (!t->error[0]) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(t->error, sizeof(t->error), fmt, ap);
		va_end(ap);
	}
	msgq_abort(t->taskq);
	msgq_abort(t->resultq);
	return -1;
}

/* A receive that first tries without waiting, then waits inside w's
 * blocking bracket (the gil runner drops its lock there). */
static int queue_recv(struct msgq *q, struct msg_header *h, unsigned char *buf, size_t cap,
		      struct worker *w)
{
	int st = msgq_recv(q, h, buf, cap, MSGQ_NOWAIT);
	if (st != MSGQ_TIMEOUT)
		return st;
	worker_blocking_begin(w);
	st = msgq_recv(q, h, buf, cap, INFINITY);
	worker_blocking_end(w);
	return st;
}

int pattern_queue_take(struct pattern_table *t, struct pattern_task *task, unsigned char *buf,
		       struct worker *w)
{
	struct msg_header h;
	size_t at = 0;
	int st = queue_recv(t->taskq, &h, buf, t->payload, w);
	if (st == MSGQ_CLOSED || st == MSGQ_ABORTED)
		return 0;
	if (st != MSGQ_OK)
		return queue_fail(t, "queue: a worker could not take a task: %s", msgq_status_name(st));
	if (h.kind != MSG_TASK || h.seq >= t->tasks || h.len != t->payload)
		return queue_fail(t, "queue: a task message is malformed (kind %u, task %llu, %llu bytes)",
				  h.kind, (unsigned long long)h.seq, (unsigned long long)h.len);
	atomic_fetch_add(&t->taken[h.seq], 1);
	if (pattern_payload_check(buf, t->payload, h.seq, MSG_TASK, &at) < 0)
		return queue_fail(t, "queue: task %llu's payload differs at byte %zu of %zu",
				  (unsigned long long)h.seq, at, t->payload);
	task->task = h.seq;
	task->lo = h.value;
	task->hi = h.value + h.count;
	return 1;
}

int pattern_queue_reply(struct pattern_table *t, const struct pattern_task *task, uint64_t v,
			unsigned char *buf, struct worker *w)
{
	struct msg_header h = { .kind = MSG_RESULT, .sender = w ? (uint32_t)w->id : 0,
				.seq = task->task, .count = task->hi - task->lo, .value = v };
	pattern_payload_fill(buf, t->payload, task->task, MSG_RESULT);
	int st = msgq_send(t->resultq, &h, buf, t->payload, MSGQ_NOWAIT);
	if (st == MSGQ_TIMEOUT) {
		worker_blocking_begin(w);
		st = msgq_send(t->resultq, &h, buf, t->payload, INFINITY);
		worker_blocking_end(w);
	}
	if (st == MSGQ_ABORTED)
		return -1;
	if (st != MSGQ_OK)
		return queue_fail(t, "queue: a worker could not send task %zu's result: %s", task->task,
				  msgq_status_name(st));
	return 0;
}

/* Parent: sends task c (its payload already in buf) without waiting;
 * MSGQ_OK, MSGQ_TIMEOUT (full) or a failure. */
static int queue_post(struct pattern_table *t, size_t c, const unsigned char *buf)
{
	size_t chunks = split_chunks(t->items ? t->items : 1, t->chunk), lo, hi;
	split_chunk(c % chunks, t->items, t->chunk, &lo, &hi);
	struct msg_header h = { .kind = MSG_TASK, .seq = c, .count = hi - lo, .value = lo };
	return msgq_send(t->taskq, &h, buf, t->payload, MSGQ_NOWAIT);
}

/* Parent: takes one result by the deadline and files it: 1 filed, 0 none
 * yet, -1 failed (t->error). */
static int queue_file(struct pattern_table *t, size_t total, double deadline)
{
	struct msg_header h;
	unsigned char *buf = t->buf + (t->payload ? t->payload : 1);
	size_t at = 0;
	int st = msgq_recv(t->resultq, &h, buf, t->payload, deadline);
	if (st == MSGQ_TIMEOUT)
		return 0;
	if (st != MSGQ_OK)
		return queue_fail(t, "queue: the parent could not take a result: %s", msgq_status_name(st));
	if (h.kind != MSG_RESULT || h.seq >= total || h.len != t->payload)
		return queue_fail(t, "queue: a result message is malformed (kind %u, task %llu, %llu bytes)",
				  h.kind, (unsigned long long)h.seq, (unsigned long long)h.len);
	if (pattern_payload_check(buf, t->payload, h.seq, MSG_RESULT, &at) < 0)
		return queue_fail(t, "queue: task %llu's result payload differs at byte %zu of %zu",
				  (unsigned long long)h.seq, at, t->payload);
	t->value[h.seq] = h.value;
	t->writes[h.seq]++;
	atomic_store_explicit(&t->ready[h.seq], 1, memory_order_release);
	t->received++;
	consume_one(t, h.seq);
	return 1;
}

static int queue_produce(struct pattern_table *t, size_t total, int (*alive)(void *), void *arg)
{
	size_t sent = 0, filled = (size_t)-1;
	if (total == 0)
		msgq_close(t->taskq);
	while (t->received < total) {
		int moved = 0, st, got;
		while (sent < total) {
			if (filled != sent) {
				pattern_payload_fill(t->buf, t->payload, sent, MSG_TASK);
				filled = sent;
			}
			st = queue_post(t, sent, t->buf);
			if (st == MSGQ_TIMEOUT)
				break;
			if (st != MSGQ_OK)
				return queue_fail(t, "queue: the parent could not send task %zu: %s", sent,
						  msgq_status_name(st));
			moved = 1;
			if (++sent == total)
				msgq_close(t->taskq);
		}
		while ((got = queue_file(t, total, MSGQ_NOWAIT)) > 0)
			moved = 1;
		if (got < 0)
			return -1;
		if (moved || t->received == total)
			continue;
		double t0 = clock_now();
		got = queue_file(t, total, t0 + (alive ? 0.005 : 0.05));
		t->wait += clock_now() - t0;
		if (got < 0)
			return -1;
		if (got == 0 && alive && !alive(arg)) {
			/* What is in the result queue now is all that will come. */
			while ((got = queue_file(t, total, MSGQ_NOWAIT)) > 0)
				;
			if (got < 0)
				return -1;
			if (t->received == total)
				break;
			return queue_fail(t, "queue: a worker ended or the run passed its timeout with %zu of %zu results in",
					  t->received, total);
		}
	}
	return 0;
}

int pattern_queue_inline(struct pattern_table *t, size_t total,
			 uint64_t (*run)(void *, size_t, size_t), void *arg)
{
	unsigned char *buf = t->buf + (t->payload ? t->payload : 1);
	for (size_t c = 0; c < total; c++) {
		struct pattern_task task;
		pattern_payload_fill(t->buf, t->payload, c, MSG_TASK);
		int st = queue_post(t, c, t->buf);
		if (st != MSGQ_OK)
			return queue_fail(t, "queue: serial could not send task %zu: %s", c, msgq_status_name(st));
		if (pattern_queue_take(t, &task, buf, NULL) != 1)
			return queue_fail(t, "queue: serial could not take back task %zu", c);
		if (pattern_queue_reply(t, &task, run(arg, task.lo, task.hi), buf, NULL) < 0 ||
		    queue_file(t, total, MSGQ_NOWAIT) != 1)
			return queue_fail(t, "queue: serial could not file task %zu's result", c);
	}
	msgq_close(t->taskq);
	return 0;
}

/* --collect messages: reads records until `total` are in. Once alive()
 * says no more will come, reads what is already in the pipe and gives up. */
static int messages_consume(struct pattern_table *t, size_t total, int (*alive)(void *), void *arg)
{
	int dead = 0;
	double asked = clock_now();
	while (t->received < total) {
		struct pollfd pfd = { .fd = t->pipe[0], .events = POLLIN };
		int n = poll(&pfd, 1, dead ? 0 : alive ? 5 : -1);
		if (n > 0 && receive(t) < 0)
			return -1;
		if (dead) {
			if (n > 0)
				continue;
			return -1;   /* drained: the rest will never come */
		}
		/* Every iteration, not only when the pipe is quiet: a steady
		 * stream from the others must not hide a dead worker or a run
		 * past its deadline. alive() is asked every 5 ms at most. */
		if (!alive)
			continue;
		double now = clock_now();
		if ((n == 0 || now - asked >= 0.005) && t->received < total) {
			asked = now;
			if (!alive(arg))
				dead = 1;
		}
	}
	return 0;
}

int pattern_consume(struct pattern_table *t, size_t total, int (*alive)(void *), void *arg)
{
	if (t->kind == PATTERN_QUEUE)
		return t->inline_parent ? 0 : queue_produce(t, total, alive, arg);
	if (t->collect == COLLECT_MESSAGES)
		return messages_consume(t, total, alive, arg);
	if (!pattern_streams(t->kind))
		return 0;
	int dead = 0;   /* alive() said no: take what is there, then give up */
	while (t->consumed < total) {
		size_t task;
		if (next_ready(t, &task)) {
			consume_one(t, task);
			continue;
		}
		if (dead)
			return -1;
		double t0 = clock_now();
		for (;;) {
			unsigned d = atomic_load(&t->delivered);
			atomic_store(&t->sleeping, 1);
			if (next_ready(t, &task))
				break;
			futex_wait(&t->delivered, d, alive ? clock_now() + 0.005 : INFINITY);
			if (alive && !next_ready(t, &task) && !alive(arg)) {
				dead = 1;
				break;
			}
		}
		atomic_store(&t->sleeping, 0);
		t->wait += clock_now() - t0;
	}
	return 0;
}

int pattern_sum(const struct pattern_table *t, size_t total, uint64_t *sum, char *err,
		size_t errlen)
{
	*sum = 0;
	if (t->error[0]) {
		snprintf(err, errlen, "%s", t->error);
		return -1;
	}
	if (total > t->tasks) {
		snprintf(err, errlen, "%zu tasks, the results table holds %zu", total, t->tasks);
		return -1;
	}
	for (size_t i = 0; i < total; i++) {
		if (!atomic_load_explicit(&t->ready[i], memory_order_acquire)) {
			snprintf(err, errlen, "%s: task %zu of %zu never delivered its result",
				 pattern_name(t->kind), i, total);
			return -1;
		}
		if (t->kind == PATTERN_QUEUE && (t->writes[i] != 1 || atomic_load(&t->taken[i]) != 1)) {
			snprintf(err, errlen, "queue: task %zu was taken %u times and its result filed %u times, not once each",
				 i, atomic_load(&t->taken[i]), atomic_load(&t->writes[i]));
			return -1;
		}
		unsigned w = atomic_load_explicit(&t->writes[i], memory_order_relaxed);
		if (w != 1 && t->collect != COLLECT_PARTIAL) {
			snprintf(err, errlen, "--collect %s: task %zu was written %u times, not once",
				 pattern_collect_name(t->collect), i, w);
			return -1;
		}
		if (w != 1) {
			snprintf(err, errlen, "%s: task %zu's result was delivered %u times, not once",
				 pattern_name(t->kind), i, w);
			return -1;
		}
		*sum += t->value[i];
	}
	if (!pattern_streams(t->kind))
		return 0;
	if (t->consumed != total) {
		snprintf(err, errlen, "%s: the parent consumed %zu results of %zu", pattern_name(t->kind),
			 t->consumed, total);
		return -1;
	}
	if (t->consumed_sum != *sum) {
		snprintf(err, errlen, "%s: the parent's sum %llu differs from the table's %llu",
			 pattern_name(t->kind), (unsigned long long)t->consumed_sum,
			 (unsigned long long)*sum);
		return -1;
	}
	return 0;
}

size_t pattern_default_chunk(enum pattern_kind kind, size_t n, unsigned passes, int workers)
{
	if (kind == PATTERN_IMAP || kind == PATTERN_IMAP_UNORDERED) {
		size_t all = n * (passes ? passes : 1);
		size_t chunk = all / PATTERN_IMAP_MAX_CHUNKS + (all % PATTERN_IMAP_MAX_CHUNKS != 0);
		if (chunk > n)
			chunk = n;
		return chunk ? chunk : 1;
	}
	size_t div = 4 * (size_t)workers;
	size_t chunk = n / div + (n % div != 0);
	return chunk ? chunk : 1;
}

static const char *const names[] = {
	[PATTERN_NONE] = "none", [PATTERN_MAP] = "map", [PATTERN_IMAP] = "imap",
	[PATTERN_IMAP_UNORDERED] = "imap_unordered", [PATTERN_QUEUE] = "queue",
};

int pattern_parse(const char *text, enum pattern_kind *out)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(text, names[i]) == 0) {
			*out = (enum pattern_kind)i;
			return 0;
		}
	return -1;
}

const char *pattern_name(enum pattern_kind kind)
{
	return names[kind];
}

static const char *const collect_names[] = {
	[COLLECT_PARTIAL] = "partial", [COLLECT_SHARED] = "shared", [COLLECT_MESSAGES] = "messages",
};

int pattern_collect_parse(const char *text, enum pattern_collect *out)
{
	for (size_t i = 0; i < sizeof(collect_names) / sizeof(collect_names[0]); i++)
		if (strcmp(text, collect_names[i]) == 0) {
			*out = (enum pattern_collect)i;
			return 0;
		}
	return -1;
}

const char *pattern_collect_name(enum pattern_collect c)
{
	return collect_names[c];
}

int pattern_needs_parent(enum pattern_kind kind, enum pattern_collect collect)
{
	return pattern_streams(kind) || collect == COLLECT_MESSAGES;
}

int pattern_streams(enum pattern_kind kind)
{
	return kind == PATTERN_IMAP || kind == PATTERN_IMAP_UNORDERED || kind == PATTERN_QUEUE;
}
