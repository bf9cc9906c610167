/*
 * dispatch_queue.c - the queue pattern (Process + Queue) behind the
 * dispatch interface (dispatch.h).
 *
 * The parent produces one task message per chunk into a bounded task
 * queue while the workers take them, run the range and send a result
 * message back on a result queue, which the parent drains during the run
 * into value[]. Both messages carry --payload bytes, filled by the sender
 * and checked by the receiver, so moving the data is part of the cost.
 * The two queues (msgqueue.h) are mapped with the table, before any worker
 * exists (pattern_queue_open), and emptied by pattern_reset for each run.
 *
 * The parent, between the gate and the join, loops: it sends tasks until
 * the task queue is full (or all are sent, then closes it), drains every
 * result already there without waiting, and only when neither moved
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
#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness/core/clock.h"
#include "../harness/core/split.h"
#include "../kernels/kernel.h"
#include "dispatch.h"
#include "msgqueue.h"
#include "pattern.h"

/* One task as a worker took it from the task queue. */
struct queue_task {
	size_t task, lo, hi;
};

/* Word j of task `task`'s payload of message kind `kind`: no two tasks,
 * kinds or positions alike, so a message filed under the wrong task, a
 * task payload sent back as a result, or bytes out of place all show. */
static uint64_t payload_word(size_t task, unsigned kind, size_t j)
{
	uint64_t x = ((uint64_t)task + 1) * 0x9E3779B97F4A7C15ull ^ (uint64_t)kind << 56;
	return x + (uint64_t)j * 0xBF58476D1CE4E5B9ull;
}

/* Fills (or payload_check: 0 when equal, -1 with *at the first byte that
 * differs) the payload of task `task`'s message of kind 1 (task) or 2
 * (result). */
static void payload_fill(unsigned char *buf, size_t len, size_t task, unsigned kind)
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

static int payload_check(const unsigned char *buf, size_t len, size_t task, unsigned kind,
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
	split_gate_abort(&t->gate);
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

/* Worker: waits for the next task (buf has room for t->payload bytes, at
 * least 1) and checks its payload: 1 with *task filled, 0 at the end of
 * the stream (the parent closed the task queue) or when the run was
 * aborted, -1 when the payload differs (t->error says how, both queues are
 * aborted). The wait is bracketed by w's blocking_begin/end (the gil
 * runner drops its lock there, as Queue.get does); w may be NULL. */
static int queue_take(struct pattern_table *t, struct queue_task *task, unsigned char *buf,
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
	if (payload_check(buf, t->payload, h.seq, MSG_TASK, &at) < 0)
		return queue_fail(t, "queue: task %llu's payload differs at byte %zu of %zu",
				  (unsigned long long)h.seq, at, t->payload);
	task->task = h.seq;
	task->lo = h.value;
	task->hi = h.value + h.count;
	return 1;
}

/* Worker: sends the task's result with a result payload of the same size;
 * 0, or -1 when the run was aborted. */
static int queue_reply(struct pattern_table *t, const struct queue_task *task, uint64_t v,
		       unsigned char *buf, struct worker *w)
{
	struct msg_header h = { .kind = MSG_RESULT, .sender = w ? (uint32_t)w->id : 0,
				.seq = task->task, .count = task->hi - task->lo, .value = v };
	payload_fill(buf, t->payload, task->task, MSG_RESULT);
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
	if (payload_check(buf, t->payload, h.seq, MSG_RESULT, &at) < 0)
		return queue_fail(t, "queue: task %llu's result payload differs at byte %zu of %zu",
				  (unsigned long long)h.seq, at, t->payload);
	t->value[h.seq] = h.value;
	t->writes[h.seq]++;
	atomic_store_explicit(&t->ready[h.seq], 1, memory_order_release);
	t->received++;
	pattern_take(t, h.seq);
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
				payload_fill(t->buf, t->payload, sent, MSG_TASK);
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

/* serial: the calling thread is producer, worker and consumer: for each
 * task, sends it, takes it back, runs it and files its result. 0, or -1
 * with t->error. */
static int queue_inline(struct pattern_table *t, size_t total, dispatch_run_fn run, void *arg)
{
	unsigned char *buf = t->buf + (t->payload ? t->payload : 1);
	for (size_t c = 0; c < total; c++) {
		struct queue_task task;
		payload_fill(t->buf, t->payload, c, MSG_TASK);
		int st = queue_post(t, c, t->buf);
		if (st != MSGQ_OK)
			return queue_fail(t, "queue: serial could not send task %zu: %s", c, msgq_status_name(st));
		if (queue_take(t, &task, buf, NULL) != 1)
			return queue_fail(t, "queue: serial could not take back task %zu", c);
		if (queue_reply(t, &task, run(arg, task.lo, task.hi), buf, NULL) < 0 ||
		    queue_file(t, total, MSGQ_NOWAIT) != 1)
			return queue_fail(t, "queue: serial could not file task %zu's result", c);
	}
	msgq_close(t->taskq);
	return 0;
}

/* Parent: produces the tasks and files every result (serial, its own
 * parent, did both inline). */
static int queue_consume(struct pattern_table *t, size_t total, int (*alive)(void *), void *arg)
{
	return t->inline_parent ? 0 : queue_produce(t, total, alive, arg);
}

/* Worker: takes tasks from the task queue until it is closed (or the run
 * aborted), runs each and sends its result back; the results reach the
 * table through the parent. A payload that differs fails the run (the
 * reason goes to the worker's error as well). */
static int queue_serve(struct pattern_table *t, size_t total, dispatch_run_fn run, void *arg,
		       struct worker *w, char *err, size_t errlen)
{
	int id = w ? w->id : 0;
	if (t->inline_parent) {
		if (queue_inline(t, total, run, arg) == 0)
			return 0;
		snprintf(err, errlen, "%s", t->error);
		return -1;
	}
	unsigned char *buf = malloc(t->payload ? t->payload : 1);
	if (!buf) {
		snprintf(err, errlen, "worker %d: no memory for a %zu-byte payload", id, t->payload);
		msgq_abort(t->taskq);
		msgq_abort(t->resultq);
		split_gate_abort(&t->gate);
		return -1;
	}
	struct queue_task task;
	int got;
	size_t per_pass = split_chunks(t->items ? t->items : 1, t->chunk);
	while ((got = queue_take(t, &task, buf, w)) == 1) {
		/* Tasks are taken in order: one of the next pass waits for this
		 * pass to end (split.h), inside w's blocking bracket. */
		if (!split_gate_open(&t->gate, task.task, per_pass)) {
			worker_blocking_begin(w);
			int open = split_gate_wait(&t->gate, task.task, per_pass);
			worker_blocking_end(w);
			if (!open)
				break;   /* the run was aborted */
		}
		uint64_t v = run(arg, task.lo, task.hi);
		split_gate_done(&t->gate, per_pass);
		if (queue_reply(t, &task, v, buf, w) < 0)
			break;
	}
	if (got < 0)
		snprintf(err, errlen, "worker %d: %.140s", id, t->error);
	free(buf);
	return got < 0 ? -1 : 0;
}

/* After the run: every task taken from the task queue exactly once and
 * its result filed once. */
static int queue_check(const struct pattern_table *t, size_t i, char *err, size_t errlen)
{
	if (t->writes[i] == 1 && atomic_load(&t->taken[i]) == 1)
		return 0;
	snprintf(err, errlen, "queue: task %zu was taken %u times and its result filed %u times, not once each",
		 i, atomic_load(&t->taken[i]), atomic_load(&t->writes[i]));
	return -1;
}

const struct dispatch_ops dispatch_queue = {
	.name = "queue",
	.serve = queue_serve,
	.consume = queue_consume,
	.check = queue_check,
	.payload = 1,
};
