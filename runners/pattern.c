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
 * --collect shared takes the table's one mutex (process-shared, in the
 * same MAP_SHARED block) around every write, as every access to a
 * Manager().dict() goes through the manager; --collect messages writes one
 * 16-byte record per task to a pipe made before any worker exists (writes
 * under PIPE_BUF are atomic, so workers need no lock) and the parent reads
 * them during the run, polling every 5 ms to check its workers are alive.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../kernels/kernel.h"
#include "pattern.h"

/* Layout: the header, then value[], log[], order[], ready[], writes[]. */
static size_t table_bytes(size_t tasks)
{
	return sizeof(struct pattern_table) +
	       tasks * (sizeof(uint64_t) + sizeof(atomic_int) + sizeof(atomic_size_t) + sizeof(size_t) +
			sizeof(unsigned));
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
	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
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
	t->writes = (unsigned *)p;
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
	kernel_shared_free(t, table_bytes(t->tasks));
}

void pattern_reset(struct pattern_table *t)
{
	memset(t->value, 0, t->tasks * sizeof(uint64_t));
	memset((void *)t->ready, 0, t->tasks * sizeof(atomic_int));
	memset((void *)t->log, 0, t->tasks * sizeof(atomic_size_t));
	memset(t->writes, 0, t->tasks * sizeof(unsigned));
	t->received = 0;
	atomic_store(&t->logged, 0);
	atomic_store(&t->sleeping, 0);
	t->consumed = 0;
	t->consumed_sum = 0;
	t->first = 0;
	t->wait = 0;
	t->inline_parent = 0;
}

static double clock_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
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

void pattern_deliver(struct pattern_table *t, size_t task, uint64_t v)
{
	if (t->collect == COLLECT_SHARED) {
		pthread_mutex_lock(&t->lock);
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
	atomic_store_explicit(&t->ready[task], 1, memory_order_release);
	if (t->kind == PATTERN_IMAP_UNORDERED) {
		size_t pos = atomic_fetch_add(&t->logged, 1);
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
			syscall(SYS_futex, (unsigned *)&t->delivered, FUTEX_WAKE, 1, NULL, NULL, 0);
	}
}

int pattern_consume(struct pattern_table *t, size_t total, int (*alive)(void *), void *arg)
{
	if (t->collect == COLLECT_MESSAGES) {
		while (t->received < total) {
			struct pollfd pfd = { .fd = t->pipe[0], .events = POLLIN };
			int n = poll(&pfd, 1, alive ? 5 : -1);
			if (n > 0 && receive(t) < 0)
				return -1;
			if (n == 0 && alive && !alive(arg))
				return -1;
		}
		return 0;
	}
	if (!pattern_streams(t->kind))
		return 0;
	while (t->consumed < total) {
		size_t task;
		if (next_ready(t, &task)) {
			consume_one(t, task);
			continue;
		}
		double t0 = clock_now();
		for (;;) {
			unsigned d = atomic_load(&t->delivered);
			atomic_store(&t->sleeping, 1);
			if (next_ready(t, &task))
				break;
			/* Threads cannot die alone: no timeout needed, as join. */
			struct timespec ts = { 0, 5000000 };
			syscall(SYS_futex, (unsigned *)&t->delivered, FUTEX_WAIT, d,
				alive ? &ts : NULL, NULL, 0);
			if (alive && !next_ready(t, &task) && !alive(arg)) {
				atomic_store(&t->sleeping, 0);
				t->wait += clock_now() - t0;
				return -1;
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
		if (t->collect != COLLECT_PARTIAL && t->writes[i] != 1) {
			snprintf(err, errlen, "--collect %s: task %zu was written %u times, not once",
				 pattern_collect_name(t->collect), i, t->writes[i]);
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
	[PATTERN_IMAP_UNORDERED] = "imap_unordered",
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
	return kind == PATTERN_IMAP || kind == PATTERN_IMAP_UNORDERED;
}
