/*
 * primitives.c - how each primitive of `parbench overheads` is done, once
 * per inner repetition, and timed over all of them.
 *
 * Teams are started anew for every repetition (thread-create, fork-*): the
 * calling thread, already on worker 0's PU, creates them, so each inherits
 * that PU; a worker whose PU differs binds itself first (one
 * sched_setaffinity, counted: a placed team pays it). Pairs and the
 * atomic-add team start their partners once, in setup, bound to their PUs,
 * and stop them in teardown; the repetitions time only the hand-offs.
 * Setup waits until every partner is bound and ready, so a partner that
 * could not bind fails the row instead of hanging it. OpenMP's team is
 * libgomp's own: setup binds each of its threads, teardown unbinds them,
 * as the openmp runner does.
 *
 * The gil pair uses the gil runner's own lock (runners/gil_lock.c): both
 * threads are CPU-bound (the delay below between two checks of the drop
 * request), so the lock changes hands only when a waiter has waited out the
 * switch interval and asked; the time per hand-off includes that interval.
 *
 * The OpenMP tests follow EPCC's syncbench: the construct wraps a short
 * delay, and the same delays without the construct are the reference that
 * the harness subtracts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <omp.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../runners/gil_lock.h"
#include "../../runners/runner.h"
#include "primitives.h"

/* Delays per thread in the OpenMP loop tests. */
#define OMP_FOR_ITERS 8

void prim_delay(long iters)
{
	uint64_t x = 1;
	for (long i = 0; i < iters; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		__asm__ volatile("" : "+r"(x));
	}
	__asm__ volatile("" : : "r"(x));
}

/* Whether worker id must move off the creator's PU (worker 0's). */
static int moves(const struct prim_ctx *c, int id)
{
	return c->bound && plan_layout_pu(c->layout, id) != plan_layout_pu(c->layout, 0);
}

/* The worker index of a pair's second party: its own PU, or party 0's. */
static int peer(const struct prim_ctx *c)
{
	return c->workers > 1 ? 1 : 0;
}

/* ---- teams started for every repetition ------------------------------- */

struct spawn_arg {
	const struct prim_ctx *c;
	int id;
	int failed;
	char err[160];
};

struct team {
	pthread_t *tid;
	pid_t *pid;
	struct spawn_arg *arg;
};

static int team_setup(const struct prim_ops *p, struct prim_ctx *c, char *err, size_t errlen)
{
	struct team *t = calloc(1, sizeof(*t));
	if (t) {
		t->tid = calloc((size_t)c->workers, sizeof(*t->tid));
		t->pid = calloc((size_t)c->workers, sizeof(*t->pid));
		t->arg = calloc((size_t)c->workers, sizeof(*t->arg));
	}
	c->state = t;
	if (!t || !t->tid || !t->pid || !t->arg) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	(void)p;
	for (int i = 0; i < c->workers; i++)
		t->arg[i] = (struct spawn_arg){ .c = c, .id = i };
	return 0;
}

static int fork_exec_setup(const struct prim_ops *p, struct prim_ctx *c, char *err, size_t errlen)
{
	if (!c->exec_path || access(c->exec_path, X_OK) != 0) {
		snprintf(err, errlen, "cannot run '%s': %s (make builds it)",
			 c->exec_path ? c->exec_path : "", c->exec_path ? strerror(errno) : "no program");
		return PRIM_SKIP;
	}
	return team_setup(p, c, err, errlen);
}

static void team_teardown(struct prim_ctx *c)
{
	struct team *t = c->state;
	if (!t)
		return;
	free(t->tid);
	free(t->pid);
	free(t->arg);
	free(t);
	c->state = NULL;
}

static void *spawn_main(void *arg)
{
	struct spawn_arg *a = arg;
	if (moves(a->c, a->id) && plan_bind(a->c->layout, a->id, a->err, sizeof(a->err)) < 0)
		a->failed = 1;
	return NULL;
}

static int thread_create_run(struct prim_ctx *c, long inner, double *seconds, char *err, size_t errlen)
{
	struct team *t = c->state;
	double t0 = runner_clock();
	for (long j = 0; j < inner; j++) {
		int started = 0, rc = 0;
		for (; started < c->workers; started++)
			if ((rc = pthread_create(&t->tid[started], NULL, spawn_main, &t->arg[started])) != 0)
				break;
		for (int i = 0; i < started; i++)
			pthread_join(t->tid[i], NULL);
		if (rc) {
			snprintf(err, errlen, "cannot create thread %d: %s", started, strerror(rc));
			return -1;
		}
	}
	*seconds = runner_clock() - t0;
	for (int i = 0; i < c->workers; i++)
		if (t->arg[i].failed) {
			snprintf(err, errlen, "%s", t->arg[i].err);
			return -1;
		}
	return 0;
}

/* Children exit with these when they cannot do their part. */
#define CHILD_NO_BIND 3
#define CHILD_NO_EXEC 127

static int fork_team(struct prim_ctx *c, long inner, const char *path, double *seconds,
		     char *err, size_t errlen)
{
	struct team *t = c->state;
	double t0 = runner_clock();
	for (long j = 0; j < inner; j++) {
		int started = 0, fork_errno = 0, bad = -1, bad_status = 0;
		for (; started < c->workers; started++) {
			pid_t pid = fork();
			if (pid == 0) {
				char e[8];
				if (moves(c, started) && plan_bind(c->layout, started, e, sizeof(e)) < 0)
					_exit(CHILD_NO_BIND);
				if (path)
					execl(path, path, (char *)NULL);
				_exit(path ? CHILD_NO_EXEC : 0);
			}
			if (pid < 0) {
				fork_errno = errno;
				break;
			}
			t->pid[started] = pid;
		}
		for (int i = 0; i < started; i++) {
			int status = 0;
			while (waitpid(t->pid[i], &status, 0) < 0 && errno == EINTR)
				;
			if ((!WIFEXITED(status) || WEXITSTATUS(status) != 0) && bad < 0) {
				bad = i;
				bad_status = status;
			}
		}
		if (started < c->workers) {
			snprintf(err, errlen, "cannot fork worker %d: %s", started, strerror(fork_errno));
			return -1;
		}
		if (bad >= 0) {
			if (WIFSIGNALED(bad_status))
				snprintf(err, errlen, "worker %d died of signal %d", bad, WTERMSIG(bad_status));
			else if (WEXITSTATUS(bad_status) == CHILD_NO_BIND)
				snprintf(err, errlen, "worker %d could not bind to PU P#%d", bad,
					 plan_layout_pu(c->layout, bad));
			else
				snprintf(err, errlen, "worker %d: '%s' exited with status %d", bad,
					 path ? path : "_exit", WEXITSTATUS(bad_status));
			return -1;
		}
	}
	*seconds = runner_clock() - t0;
	return 0;
}

static int fork_exit_run(struct prim_ctx *c, long inner, double *seconds, char *err, size_t errlen)
{
	return fork_team(c, inner, NULL, seconds, err, errlen);
}

static int fork_exec_run(struct prim_ctx *c, long inner, double *seconds, char *err, size_t errlen)
{
	return fork_team(c, inner, c->exec_path, seconds, err, errlen);
}

/* ---- pipes: one byte there and back ----------------------------------- */

struct pipes {
	int up[2], down[2];       /* caller -> partner, partner -> caller */
	pthread_t thread;
	pid_t child;
	int started;
	const struct prim_ctx *c;
	char err[160];
};

/* The partner's side: bind, say ready ('r') or failed ('f'), then echo
 * every byte until the caller closes its end. */
static void pipe_partner(struct pipes *s, int in, int out)
{
	char b = 'r';
	if (s->c->bound && plan_bind(s->c->layout, peer(s->c), s->err, sizeof(s->err)) < 0)
		b = 'f';
	if (write(out, &b, 1) != 1 || b == 'f')
		return;
	while (read(in, &b, 1) == 1 && write(out, &b, 1) == 1)
		;
}

static void *pipe_thread(void *arg)
{
	struct pipes *s = arg;
	pipe_partner(s, s->up[0], s->down[1]);
	return NULL;
}

static void pipes_teardown(struct prim_ctx *c)
{
	struct pipes *s = c->state;
	if (!s)
		return;
	if (s->up[1] >= 0)
		close(s->up[1]);     /* the partner reads end-of-file and stops */
	s->up[1] = -1;
	if (s->started && s->child > 0)
		while (waitpid(s->child, NULL, 0) < 0 && errno == EINTR)
			;
	if (s->started && s->child == 0)
		pthread_join(s->thread, NULL);
	for (int i = 0; i < 2; i++) {
		if (s->up[i] >= 0)
			close(s->up[i]);
		if (s->down[i] >= 0)
			close(s->down[i]);
	}
	free(s);
	c->state = NULL;
}

static int pipes_setup(const struct prim_ops *p, struct prim_ctx *c, char *err, size_t errlen)
{
	struct pipes *s = calloc(1, sizeof(*s));
	char b = 0;
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->up[0] = s->up[1] = s->down[0] = s->down[1] = -1;
	s->c = c;
	c->state = s;
	if (pipe(s->up) < 0 || pipe(s->down) < 0) {
		snprintf(err, errlen, "cannot make a pipe: %s", strerror(errno));
		return -1;
	}
	if (p->forks) {
		s->child = fork();
		if (s->child < 0) {
			s->child = 0;
			snprintf(err, errlen, "cannot fork the partner: %s", strerror(errno));
			return -1;
		}
		if (s->child == 0) {
			close(s->up[1]);
			close(s->down[0]);
			pipe_partner(s, s->up[0], s->down[1]);
			_exit(0);
		}
		close(s->up[0]);
		close(s->down[1]);
		s->up[0] = s->down[1] = -1;
		s->started = 1;
	} else {
		int rc = pthread_create(&s->thread, NULL, pipe_thread, s);
		if (rc) {
			snprintf(err, errlen, "cannot create the partner thread: %s", strerror(rc));
			return -1;
		}
		s->started = 1;
	}
	if (read(s->down[0], &b, 1) != 1 || b != 'r') {
		if (s->child)
			snprintf(err, errlen, "the partner process could not bind to PU P#%d",
				 plan_layout_pu(c->layout, peer(c)));
		else
			snprintf(err, errlen, "%s", s->err[0] ? s->err : "the partner thread did not start");
		return -1;
	}
	return 0;
}

static int pipes_run(struct prim_ctx *c, long inner, double *seconds, char *err, size_t errlen)
{
	struct pipes *s = c->state;
	char b = 'x';
	errno = 0;
	double t0 = runner_clock();
	for (long j = 0; j < inner; j++) {
		if (write(s->up[1], &b, 1) != 1 || read(s->down[0], &b, 1) != 1) {
			snprintf(err, errlen, "the pipe to the partner broke: %s",
				 errno ? strerror(errno) : "end of file");
			return -1;
		}
	}
	*seconds = runner_clock() - t0;
	return 0;
}

/* ---- mutex hand-off ---------------------------------------------------- */

struct pingpong {
	pthread_mutex_t mutex;
	pthread_cond_t turn_of[2];  /* signalled when it becomes that party's turn */
	int turn;                   /* 0: the caller's, 1: the partner's */
	int ready;                  /* partner: 1 bound and waiting, -1 could not bind */
	int stop;
	pthread_t thread;
	int started;
	const struct prim_ctx *c;
	char err[160];
};

static void *pingpong_partner(void *arg)
{
	struct pingpong *s = arg;
	int failed = s->c->bound && plan_bind(s->c->layout, peer(s->c), s->err, sizeof(s->err)) < 0;
	pthread_mutex_lock(&s->mutex);
	s->ready = failed ? -1 : 1;
	pthread_cond_signal(&s->turn_of[0]);
	while (!failed) {
		while (s->turn != 1 && !s->stop)
			pthread_cond_wait(&s->turn_of[1], &s->mutex);
		if (s->stop)
			break;
		s->turn = 0;
		pthread_cond_signal(&s->turn_of[0]);
	}
	pthread_mutex_unlock(&s->mutex);
	return NULL;
}

static void pingpong_teardown(struct prim_ctx *c)
{
	struct pingpong *s = c->state;
	if (!s)
		return;
	if (s->started) {
		pthread_mutex_lock(&s->mutex);
		s->stop = 1;
		pthread_cond_signal(&s->turn_of[1]);
		pthread_mutex_unlock(&s->mutex);
		pthread_join(s->thread, NULL);
	}
	pthread_cond_destroy(&s->turn_of[0]);
	pthread_cond_destroy(&s->turn_of[1]);
	pthread_mutex_destroy(&s->mutex);
	free(s);
	c->state = NULL;
}

static int pingpong_setup(const struct prim_ops *p, struct prim_ctx *c, char *err, size_t errlen)
{
	struct pingpong *s = calloc(1, sizeof(*s));
	(void)p;
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	pthread_mutex_init(&s->mutex, NULL);
	pthread_cond_init(&s->turn_of[0], NULL);
	pthread_cond_init(&s->turn_of[1], NULL);
	s->c = c;
	c->state = s;
	int rc = pthread_create(&s->thread, NULL, pingpong_partner, s);
	if (rc) {
		snprintf(err, errlen, "cannot create the partner thread: %s", strerror(rc));
		return -1;
	}
	s->started = 1;
	pthread_mutex_lock(&s->mutex);
	while (!s->ready)
		pthread_cond_wait(&s->turn_of[0], &s->mutex);
	pthread_mutex_unlock(&s->mutex);
	if (s->ready < 0) {
		snprintf(err, errlen, "%s", s->err);
		return -1;
	}
	return 0;
}

static int pingpong_run(struct prim_ctx *c, long inner, double *seconds, char *err, size_t errlen)
{
	struct pingpong *s = c->state;
	(void)err;
	(void)errlen;
	double t0 = runner_clock();
	pthread_mutex_lock(&s->mutex);
	for (long j = 0; j < inner; j++) {
		s->turn = 1;
		pthread_cond_signal(&s->turn_of[1]);
		while (s->turn != 0)
			pthread_cond_wait(&s->turn_of[0], &s->mutex);
	}
	pthread_mutex_unlock(&s->mutex);
	*seconds = runner_clock() - t0;
	return 0;
}

/* ---- atomic increments on one counter ---------------------------------- */

struct hammer {
	_Alignas(64) atomic_ulong counter;
	_Alignas(64) atomic_long generation;   /* a new value starts a round; -1 stops */
	atomic_int started, done, ready, failed;
	long inner;
	int plain;                /* the reference: a private counter, no atomics */
	int helpers;
	pthread_t *thread;
	struct spawn_arg *arg;
	char err[160];
};

/* One worker's round: inner increments, atomic on the shared counter or
 * plain on a private one. */
static void hammer_round(struct hammer *s)
{
	if (s->plain) {
		volatile unsigned long mine = 0;
		for (long i = 0; i < s->inner; i++)
			mine = mine + 1;
		return;
	}
	for (long i = 0; i < s->inner; i++)
		atomic_fetch_add_explicit(&s->counter, 1, memory_order_relaxed);
}

static void *hammer_helper(void *arg)
{
	struct spawn_arg *a = arg;
	struct hammer *s = a->c->state;
	long seen = 0;
	if (a->c->bound && plan_bind(a->c->layout, a->id, s->err, sizeof(s->err)) < 0)
		atomic_store(&s->failed, 1);
	atomic_fetch_add(&s->ready, 1);
	if (atomic_load(&s->failed))
		return NULL;
	for (;;) {
		long g;
		while ((g = atomic_load_explicit(&s->generation, memory_order_acquire)) == seen)
			sched_yield();
		if (g < 0)
			return NULL;
		seen = g;
		atomic_fetch_add(&s->started, 1);
		hammer_round(s);
		atomic_fetch_add_explicit(&s->done, 1, memory_order_release);
	}
}

static void hammer_teardown(struct prim_ctx *c)
{
	struct hammer *s = c->state;
	if (!s)
		return;
	atomic_store(&s->generation, -1);
	for (int i = 0; i < s->helpers; i++)
		pthread_join(s->thread[i], NULL);
	free(s->thread);
	free(s->arg);
	free(s);
	c->state = NULL;
}

static int hammer_setup(const struct prim_ops *p, struct prim_ctx *c, char *err, size_t errlen)
{
	struct hammer *s = aligned_alloc(64, sizeof(struct hammer));
	(void)p;
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memset(s, 0, sizeof(*s));
	c->state = s;
	s->thread = calloc((size_t)c->workers, sizeof(*s->thread));
	s->arg = calloc((size_t)c->workers, sizeof(*s->arg));
	if (!s->thread || !s->arg) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (int i = 1; i < c->workers; i++) {
		s->arg[i] = (struct spawn_arg){ .c = c, .id = i };
		int rc = pthread_create(&s->thread[s->helpers], NULL, hammer_helper, &s->arg[i]);
		if (rc) {
			snprintf(err, errlen, "cannot create worker %d: %s", i, strerror(rc));
			return -1;
		}
		s->helpers++;
	}
	while (atomic_load(&s->ready) < s->helpers)
		sched_yield();
	if (atomic_load(&s->failed)) {
		snprintf(err, errlen, "%s", s->err);
		return -1;
	}
	return 0;
}

static int hammer_time(struct prim_ctx *c, int plain, long inner, double *seconds, char *err,
		       size_t errlen)
{
	struct hammer *s = c->state;
	s->inner = inner;
	s->plain = plain;
	atomic_store(&s->started, 0);
	atomic_store(&s->done, 0);
	atomic_store(&s->counter, 0);
	double t0 = runner_clock();
	atomic_fetch_add_explicit(&s->generation, 1, memory_order_release);
	/* Start together, so that the increments overlap. */
	while (atomic_load(&s->started) < s->helpers)
		sched_yield();
	hammer_round(s);
	while (atomic_load_explicit(&s->done, memory_order_acquire) < s->helpers)
		sched_yield();
	*seconds = runner_clock() - t0;
	/* Every increment must have landed: the check that the work was done. */
	unsigned long want = plain ? 0 : (unsigned long)inner * (unsigned long)c->workers;
	if (atomic_load(&s->counter) != want) {
		snprintf(err, errlen, "the counter reads %lu, not %lu", atomic_load(&s->counter), want);
		return -1;
	}
	return 0;
}

static int hammer_run(struct prim_ctx *c, long inner, double *seconds, char *err, size_t errlen)
{
	return hammer_time(c, 0, inner, seconds, err, errlen);
}

static int hammer_reference(struct prim_ctx *c, long inner, double *seconds, char *err, size_t errlen)
{
	return hammer_time(c, 1, inner, seconds, err, errlen);
}

/* ---- gil hand-off ------------------------------------------------------ */

struct gil_pair {
	struct gil_lock lock;
	atomic_int stop, ready;   /* ready: 1 bound, -1 could not bind */
	pthread_t thread;
	int started;
	const struct prim_ctx *c;
	char err[160];
};

/* The partner: CPU-bound under the lock, yielding it only when asked. */
static void *gil_partner(void *arg)
{
	struct gil_pair *s = arg;
	if (s->c->bound && plan_bind(s->c->layout, peer(s->c), s->err, sizeof(s->err)) < 0) {
		atomic_store(&s->ready, -1);
		return NULL;
	}
	atomic_store(&s->ready, 1);
	unsigned units = 0;
	gil_lock_take(&s->lock, 1, 0);
	while (!atomic_load_explicit(&s->stop, memory_order_relaxed)) {
		prim_delay(s->c->delay_iters);
		gil_lock_yield(&s->lock, 1, &units);
	}
	gil_lock_drop(&s->lock, 1);
	return NULL;
}

static void gil_teardown(struct prim_ctx *c)
{
	struct gil_pair *s = c->state;
	if (!s)
		return;
	atomic_store(&s->stop, 1);
	if (s->started)
		pthread_join(s->thread, NULL);
	gil_lock_destroy(&s->lock);
	free(s);
	c->state = NULL;
}

static int gil_setup(const struct prim_ops *p, struct prim_ctx *c, char *err, size_t errlen)
{
	struct gil_pair *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	gil_lock_init(&s->lock, GIL_NEW, p->interval, 1);
	s->c = c;
	c->state = s;
	int rc = pthread_create(&s->thread, NULL, gil_partner, s);
	if (rc) {
		snprintf(err, errlen, "cannot create the partner thread: %s", strerror(rc));
		return -1;
	}
	s->started = 1;
	while (!atomic_load(&s->ready))
		sched_yield();
	if (atomic_load(&s->ready) < 0) {
		snprintf(err, errlen, "%s", s->err);
		return -1;
	}
	return 0;
}

/* inner round trips (two hand-offs each), timed from one moment the caller
 * has just taken the lock to another. */
static int gil_run(struct prim_ctx *c, long inner, double *seconds, char *err, size_t errlen)
{
	struct gil_pair *s = c->state;
	struct gil_lock *g = &s->lock;
	(void)err;
	(void)errlen;
	unsigned units = 0;
	gil_lock_take(g, 0, 0);
	/* Holding the lock: only a take by the partner changes the hand-offs. */
	uint64_t first = g->n.handoffs, want = 2 * (uint64_t)inner;
	double t0 = runner_clock();
	for (;;) {
		prim_delay(c->delay_iters);
		if (gil_lock_yield(g, 0, &units) && g->n.handoffs - first >= want)
			break;
	}
	*seconds = runner_clock() - t0;
	gil_lock_drop(g, 0);
	return 0;
}

/* ---- OpenMP (EPCC syncbench's method) ---------------------------------- */

static int omp_setup(const struct prim_ops *p, struct prim_ctx *c, char *err, size_t errlen)
{
	char first[160] = "";
	int team = 0, failed = 0, bind = c->bound;
	(void)p;
	if (bind && c->omp_placed) {
		snprintf(err, errlen, "OMP_PROC_BIND or OMP_PLACES is set: the OpenMP runtime places the team, parbench does not bind on top");
		return PRIM_SKIP;
	}
	omp_set_dynamic(0);
#pragma omp parallel num_threads(c->workers) reduction(+ : failed)
	{
		char e[160];
#pragma omp single
		team = omp_get_num_threads();
		if (bind && plan_bind(c->layout, omp_get_thread_num(), e, sizeof(e)) < 0) {
			failed++;
#pragma omp critical
			if (!first[0])
				snprintf(first, sizeof(first), "%s", e);
		}
	}
	if (team != c->workers) {
		snprintf(err, errlen, "openmp gave %d threads, not the %d asked for (OMP_THREAD_LIMIT?)",
			 team, c->workers);
		return -1;
	}
	if (failed) {
		snprintf(err, errlen, "%s", first);
		return -1;
	}
	return 0;
}

/* libgomp keeps its threads for later regions: leave them free. */
static void omp_teardown(struct prim_ctx *c)
{
	if (!c->bound || c->omp_placed)
		return;
#pragma omp parallel num_threads(c->workers)
	plan_unbind(c->layout);
}

static int omp_parallel_run(struct prim_ctx *c, long inner, double *seconds, char *err, size_t errlen)
{
	long d = c->delay_iters;
	(void)err;
	(void)errlen;
	double t0 = runner_clock();
	for (long j = 0; j < inner; j++) {
#pragma omp parallel num_threads(c->workers)
		prim_delay(d);
	}
	*seconds = runner_clock() - t0;
	return 0;
}

static int omp_barrier_run(struct prim_ctx *c, long inner, double *seconds, char *err, size_t errlen)
{
	long d = c->delay_iters;
	(void)err;
	(void)errlen;
	double t0 = runner_clock();
#pragma omp parallel num_threads(c->workers)
	for (long j = 0; j < inner; j++) {
		prim_delay(d);
#pragma omp barrier
	}
	*seconds = runner_clock() - t0;
	return 0;
}

/* The reference of parallel and barrier: the delays alone, in one thread. */
static int omp_delay_reference(struct prim_ctx *c, long inner, double *seconds, char *err,
			       size_t errlen)
{
	(void)err;
	(void)errlen;
	double t0 = runner_clock();
	for (long j = 0; j < inner; j++)
		prim_delay(c->delay_iters);
	*seconds = runner_clock() - t0;
	return 0;
}

static int omp_for_static_run(struct prim_ctx *c, long inner, double *seconds, char *err, size_t errlen)
{
	long d = c->delay_iters;
	int n = c->workers * OMP_FOR_ITERS;
	(void)err;
	(void)errlen;
	double t0 = runner_clock();
#pragma omp parallel num_threads(c->workers)
	for (long j = 0; j < inner; j++) {
#pragma omp for schedule(static)
		for (int i = 0; i < n; i++)
			prim_delay(d);
	}
	*seconds = runner_clock() - t0;
	return 0;
}

static int omp_for_dynamic_run(struct prim_ctx *c, long inner, double *seconds, char *err, size_t errlen)
{
	long d = c->delay_iters;
	int n = c->workers * OMP_FOR_ITERS;
	(void)err;
	(void)errlen;
	double t0 = runner_clock();
#pragma omp parallel num_threads(c->workers)
	for (long j = 0; j < inner; j++) {
#pragma omp for schedule(dynamic, 1)
		for (int i = 0; i < n; i++)
			prim_delay(d);
	}
	*seconds = runner_clock() - t0;
	return 0;
}

/* The reference of the loops: one thread's share of the delays. */
static int omp_for_reference(struct prim_ctx *c, long inner, double *seconds, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	double t0 = runner_clock();
	for (long j = 0; j < inner; j++)
		for (int i = 0; i < OMP_FOR_ITERS; i++)
			prim_delay(c->delay_iters);
	*seconds = runner_clock() - t0;
	return 0;
}

/* ---- the table --------------------------------------------------------- */

static const struct prim_ops prim_thread_create = {
	.name = "thread-create", .model = "pthreads", .op = "team created and joined",
	.what = "pthread_create + pthread_join of each worker", .shape = PRIM_TEAM, .ops_per_inner = 1,
	.setup = team_setup, .run = thread_create_run, .teardown = team_teardown,
	.note = "--bind cores: a worker off the creator's PU binds itself (counted)",
};

static const struct prim_ops prim_fork_exit = {
	.name = "fork-exit", .model = "fork", .op = "team forked and reaped", .forks = 1,
	.what = "fork + _exit(0) + waitpid of each worker", .shape = PRIM_TEAM, .ops_per_inner = 1,
	.setup = team_setup, .run = fork_exit_run, .teardown = team_teardown,
	.note = "--bind cores: a worker off the creator's PU binds itself (counted)",
};

static const struct prim_ops prim_fork_exec = {
	.name = "fork-exec", .model = "fork", .op = "team forked; exec'd and reaped", .forks = 1,
	.execs = 1,
	.what = "fork + exec of a tiny static program + waitpid of each worker", .shape = PRIM_TEAM,
	.ops_per_inner = 1, .setup = fork_exec_setup, .run = fork_exec_run, .teardown = team_teardown,
	.note = "",   /* the program's path, added by the harness */
};

static const struct prim_ops prim_mutex_handoff = {
	.name = "mutex-handoff", .model = "pthreads", .op = "hand-off",
	.what = "a turn passed between two threads under a pthread mutex and condition variables",
	.shape = PRIM_PAIR, .ops_per_inner = 2,
	.setup = pingpong_setup, .run = pingpong_run, .teardown = pingpong_teardown,
	.note = "half a ping-pong round trip",
};

static const struct prim_ops prim_pipe_threads = {
	.name = "pipe-threads", .model = "pthreads", .op = "round trip",
	.what = "one byte there and back over two pipes between two threads", .shape = PRIM_PAIR,
	.ops_per_inner = 1, .setup = pipes_setup, .run = pipes_run, .teardown = pipes_teardown,
	.note = "",
};

static const struct prim_ops prim_pipe_procs = {
	.name = "pipe-procs", .model = "fork", .op = "round trip", .forks = 1,
	.what = "one byte there and back over two pipes between two processes", .shape = PRIM_PAIR,
	.ops_per_inner = 1, .setup = pipes_setup, .run = pipes_run, .teardown = pipes_teardown,
	.note = "",
};

static const struct prim_ops prim_atomic_add = {
	.name = "atomic-add", .model = "pthreads", .op = "increment (per thread)",
	.what = "atomic fetch-add on one shared counter by every worker (1 worker: uncontended)",
	.shape = PRIM_TEAM, .ops_per_inner = 1,
	.setup = hammer_setup, .run = hammer_run, .reference = hammer_reference,
	.teardown = hammer_teardown,
	.note = "reference: the same loop incrementing a private counter",
};

static const struct prim_ops prim_gil_5ms = {
	.name = "gil-5ms", .model = "gil", .op = "hand-off",
	.what = "two CPU-bound threads under parbench's gil, 5 ms switch interval", .shape = PRIM_PAIR,
	.ops_per_inner = 2, .interval = 0.005,
	.setup = gil_setup, .run = gil_run, .teardown = gil_teardown,
	.note = "",   /* the latency above the interval, added by the harness */
};

static const struct prim_ops prim_gil_1ms = {
	.name = "gil-1ms", .model = "gil", .op = "hand-off",
	.what = "two CPU-bound threads under parbench's gil, 1 ms switch interval", .shape = PRIM_PAIR,
	.ops_per_inner = 2, .interval = 0.001,
	.setup = gil_setup, .run = gil_run, .teardown = gil_teardown,
	.note = "",
};

static const struct prim_ops prim_omp_parallel = {
	.name = "omp-parallel", .model = "openmp", .delay_subtracted = 1, .op = "region",
	.what = "an empty-ish #pragma omp parallel (a short delay inside, subtracted)", .shape = PRIM_TEAM,
	.ops_per_inner = 1, .setup = omp_setup, .run = omp_parallel_run,
	.reference = omp_delay_reference, .teardown = omp_teardown,
	.note = "reference: the delays in one thread",
};

static const struct prim_ops prim_omp_barrier = {
	.name = "omp-barrier", .model = "openmp", .delay_subtracted = 1, .op = "barrier",
	.what = "#pragma omp barrier after a short delay (subtracted)", .shape = PRIM_TEAM,
	.ops_per_inner = 1, .setup = omp_setup, .run = omp_barrier_run,
	.reference = omp_delay_reference, .teardown = omp_teardown,
	.note = "reference: the delays in one thread",
};

static const struct prim_ops prim_omp_for_static = {
	.name = "omp-for-static", .model = "openmp", .delay_subtracted = 1, .op = "loop",
	.what = "#pragma omp for schedule(static) over 8 short delays per thread (subtracted)",
	.shape = PRIM_TEAM, .ops_per_inner = 1, .setup = omp_setup, .run = omp_for_static_run,
	.reference = omp_for_reference, .teardown = omp_teardown,
	.note = "8 iterations per thread; reference: one thread's 8 delays",
};

static const struct prim_ops prim_omp_for_dynamic = {
	.name = "omp-for-dynamic", .model = "openmp", .delay_subtracted = 1, .op = "loop",
	.what = "#pragma omp for schedule(dynamic) in chunks of 1 over 8 short delays per thread (subtracted)",
	.shape = PRIM_TEAM, .ops_per_inner = 1, .setup = omp_setup, .run = omp_for_dynamic_run,
	.reference = omp_for_reference, .teardown = omp_teardown,
	.note = "8 iterations per thread, chunk 1; reference: one thread's 8 delays",
};

const struct prim_ops *const prim_table[] = {
	&prim_thread_create,
	&prim_fork_exit,
	&prim_fork_exec,
	&prim_mutex_handoff,
	&prim_pipe_threads,
	&prim_pipe_procs,
	&prim_atomic_add,
	&prim_gil_5ms,
	&prim_gil_1ms,
	&prim_omp_parallel,
	&prim_omp_barrier,
	&prim_omp_for_static,
	&prim_omp_for_dynamic,
	NULL,
};

const struct prim_ops *prim_find(const char *name)
{
	for (const struct prim_ops *const *p = prim_table; *p; p++)
		if (strcmp((*p)->name, name) == 0)
			return *p;
	return NULL;
}
