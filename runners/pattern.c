/*
 * pattern.c - the results table of --pattern and --collect (pattern.h):
 * its memory, its reset between runs, the sum and checks after a run, the
 * names, and the choice of the dispatch (dispatch.h) a configuration's
 * table goes through. How results travel is in the dispatch files:
 * dispatch_map.c (map, imap, imap_unordered), dispatch_collect.c (shared,
 * messages) and dispatch_queue.c (queue).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../harness/core/clock.h"
#include "../kernels/kernel.h"
#include "dispatch.h"
#include "msgqueue.h"
#include "pattern.h"

/* Layout: the header, then value[], log[], order[], ready[], writes[]. */
static size_t table_bytes(size_t tasks)
{
	return sizeof(struct pattern_table) +
	       tasks * (sizeof(uint64_t) + sizeof(atomic_int) + sizeof(atomic_size_t) + sizeof(size_t) +
			sizeof(atomic_uint) + sizeof(atomic_uint));
}

/* The dispatch of each pattern; a collect method other than partial
 * replaces it (they never meet a streaming pattern: the harness refuses). */
static const struct dispatch_ops *const by_kind[] = {
	[PATTERN_NONE] = &dispatch_map, [PATTERN_MAP] = &dispatch_map, [PATTERN_IMAP] = &dispatch_imap,
	[PATTERN_IMAP_UNORDERED] = &dispatch_imap_unordered, [PATTERN_QUEUE] = &dispatch_queue,
};
static const struct dispatch_ops *const by_collect[] = {
	[COLLECT_PARTIAL] = NULL, [COLLECT_SHARED] = &dispatch_shared,
	[COLLECT_MESSAGES] = &dispatch_messages,
};

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
	t->ops = by_collect[collect] ? by_collect[collect] : by_kind[kind];
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
	t->lock_wait = 0;
	t->inline_parent = 0;
	memset((void *)t->taken, 0, t->tasks * sizeof(atomic_uint));
	t->error[0] = '\0';
	split_gate_reset(&t->gate);
	if (t->taskq) {
		msgq_reset(t->taskq);
		msgq_reset(t->resultq);
	}
}

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

void pattern_file(struct pattern_table *t, size_t task, uint64_t v)
{
	t->value[task] = v;
	atomic_fetch_add_explicit(&t->writes[task], 1, memory_order_relaxed);
	atomic_store_explicit(&t->ready[task], 1, memory_order_release);
}

void pattern_take(struct pattern_table *t, size_t task)
{
	if (t->consumed == 0)
		t->first = clock_now();
	t->consumed_sum += t->value[task];
	t->order[t->consumed++] = task;
}

void pattern_deliver(struct pattern_table *t, size_t task, uint64_t v)
{
	if (task >= t->tasks || !t->ops->deliver)
		return;   /* no such slot: pattern_sum fails the run on the count */
	t->ops->deliver(t, task, v);
}

int pattern_consume(struct pattern_table *t, size_t total, int (*alive)(void *), void *arg)
{
	return t->ops->consume ? t->ops->consume(t, total, alive, arg) : 0;
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
		if (t->ops->check && t->ops->check(t, i, err, errlen) < 0)
			return -1;
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

/* Both follow from the dispatches: a parent side (consume) needs a parent. */
int pattern_needs_parent(enum pattern_kind kind, enum pattern_collect collect)
{
	return pattern_streams(kind) || (by_collect[collect] && by_collect[collect]->consume);
}

int pattern_streams(enum pattern_kind kind)
{
	return by_kind[kind]->consume != NULL;
}

int pattern_has_payload(enum pattern_kind kind)
{
	return by_kind[kind]->payload;
}
