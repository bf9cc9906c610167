/*
 * runner.c - what every runner shares: the clock, the start gate, the
 * schedule loop and the collection of results from the shared block.
 *
 * The start gate is a counter and a flag in shared memory, not a pthread
 * barrier: the parent can give up on it when a forked child dies before
 * arriving (a barrier would wait forever), and it works unchanged between
 * processes. Waiting workers yield the CPU so that the parent, and the
 * workers still being created, get to run on a small machine.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "runner.h"

double runner_clock(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double runner_begin(const struct run_request *rq)
{
	struct runner_shared *sh = rq->shared;
	atomic_store(&sh->next, 0);
	atomic_store(&sh->arrived, 0);
	atomic_store(&sh->go, 0);
	sh->start = 0;
	memset(sh->slot, 0, sizeof(sh->slot[0]) * (size_t)rq->workers);
	return runner_clock();
}

void runner_arrive(const struct run_request *rq)
{
	struct runner_shared *sh = rq->shared;
	atomic_fetch_add(&sh->arrived, 1);
	while (!atomic_load_explicit(&sh->go, memory_order_acquire))
		sched_yield();
}

int runner_release(const struct run_request *rq, int (*alive)(void *), void *arg)
{
	struct runner_shared *sh = rq->shared;
	unsigned spins = 0;
	while (atomic_load(&sh->arrived) < rq->workers) {
		if (alive && (++spins & 255) == 0 && !alive(arg))
			return -1;
		sched_yield();
	}
	sh->start = runner_clock();
	atomic_store_explicit(&sh->go, 1, memory_order_release);
	return 0;
}

size_t runner_chunks(const struct run_request *rq)
{
	return split_chunks(rq->job->n, rq->sched.chunk) * rq->job->repeat;
}

int runner_threads(const struct run_request *rq, struct run_outcome *out,
		   void *(*fn)(void *), void *args, size_t stride)
{
	pthread_t tid[RUNNER_MAX_WORKERS];
	int started = 0, rc = 0;

	for (; started < rq->workers; started++) {
		int err = pthread_create(&tid[started], NULL, fn, (char *)args + (size_t)started * stride);
		if (err) {
			rc = runner_fail(out, "cannot create thread %d: %s", started, strerror(err));
			break;
		}
	}
	if (rc == 0)
		runner_release(rq, NULL, NULL);
	else
		atomic_store(&rq->shared->go, 1);   /* let the started ones run out */
	for (int i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	return rc;
}

uint64_t runner_work(const struct run_request *rq, struct worker *w,
		     runner_exec_fn exec)
{
	const struct kernel_job *job = rq->job;
	uint64_t sum = 0;
	size_t lo, hi, c;

	if (rq->sched.kind == SPLIT_STATIC) {
		split_static(job->n, rq->workers, w->id, &lo, &hi);
		for (unsigned pass = 0; lo < hi && pass < job->repeat; pass++)
			sum += exec ? exec(rq, lo, hi, w) : rq->kernel->run(job, lo, hi, w);
		return sum;
	}
	size_t total = runner_chunks(rq);
	while (split_next(&rq->shared->next, total, &c)) {
		split_chunk(c, job->n, rq->sched.chunk, &lo, &hi);
		sum += exec ? exec(rq, lo, hi, w) : rq->kernel->run(job, lo, hi, w);
	}
	return sum;
}

int runner_bind(const struct run_request *rq, int id)
{
	struct runner_slot *s = &rq->shared->slot[id];
	return plan_bind(rq->layout, id, s->error, sizeof(s->error));
}

void runner_unbind(const struct run_request *rq)
{
	plan_unbind(rq->layout);
}

void runner_finish(const struct run_request *rq, int id, uint64_t partial)
{
	struct runner_slot *s = &rq->shared->slot[id];
	s->finish = runner_clock();
	s->partial = partial;
	s->cpu = plan_where(rq->layout);
	if (s->cpu < 0)
		s->cpu = sched_getcpu();
	atomic_thread_fence(memory_order_release);
	s->done = 1;
}

int runner_collect(const struct run_request *rq, double t0, struct run_outcome *out)
{
	const struct runner_shared *sh = rq->shared;
	double last = sh->start;
	size_t used = 0;

	atomic_thread_fence(memory_order_acquire);
	out->checksum = 0;
	out->cpus[0] = '\0';
	for (int i = 0; i < rq->workers; i++) {
		const struct runner_slot *s = &sh->slot[i];
		if (s->error[0])
			return runner_fail(out, "%s", s->error);
		if (!s->done)
			return runner_fail(out, "worker %d did not finish", i);
		out->checksum += s->partial;
		if (s->finish > last)
			last = s->finish;
		if (used < sizeof(out->cpus))
			used += (size_t)snprintf(out->cpus + used, sizeof(out->cpus) - used,
						 "%s%d", i ? ";" : "", s->cpu);
	}
	out->seconds = last - sh->start;
	out->spawn_seconds = sh->start - t0;
	return 0;
}

int runner_fail(struct run_outcome *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out->error, sizeof(out->error), fmt, ap);
	va_end(ap);
	return -1;
}
