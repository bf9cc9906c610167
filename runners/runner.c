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
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>
#include <time.h>

#include "../harness/core/clock.h"
#include "../harness/core/futex.h"
#include "runner.h"

double runner_clock(void)
{
	return clock_now();
}

double runner_begin(const struct run_request *rq)
{
	struct runner_shared *sh = rq->shared;
	atomic_store(&sh->next, 0);
	split_gate_reset(&sh->gate);
	atomic_store(&sh->arrived, 0);
	atomic_store(&sh->go, 0);
	atomic_store(&sh->ended, 0);
	sh->start = 0;
	sh->parent = getpid();
	memset(sh->slot, 0, sizeof(sh->slot[0]) * (size_t)rq->workers);
	for (int i = 0; i < rq->workers; i++) {
		sh->slot[i].delay_open = NAN;   /* until runner_release reads it */
		sh->slot[i].stat_fd = -1;       /* until runner_mark opens it */
	}
	if (rq->results)
		pattern_reset(rq->results);
	runner_peak_reset();
	double t0 = runner_clock();
	sh->trace = rq->trace;
	if (rq->trace)
		rq->trace->t0 = t0;
	return t0;
}

void runner_leave(const struct run_request *rq, int id)
{
	struct runner_slot *s = &rq->shared->slot[id];
	if (s->stat_fd >= 0)
		close(s->stat_fd);
	s->stat_fd = -1;
}

/* --touch-inherited: a forked worker writes every page of the data it
 * inherited copy-on-write (kernel_ops.data), each byte with its own value,
 * so that it gets its own copy of each page before the clock starts: what
 * CPython's reference counts do to every inherited object they touch. */
static void touch_inherited(const struct run_request *rq)
{
	size_t bytes = 0;
	long page = sysconf(_SC_PAGESIZE);
	if (!rq->opt || !rq->opt->touch_inherited || !rq->kernel->data ||
	    getpid() == rq->shared->parent)
		return;
	volatile unsigned char *p = rq->kernel->data(rq->job, &bytes);
	for (size_t at = 0; p && page > 0 && at < bytes; at += (size_t)page)
		p[at] = p[at];
}

/* The worker's id from where the gate records it: the caller passes it. */
void runner_arrive(const struct run_request *rq, int id)
{
	struct runner_shared *sh = rq->shared;
	struct trace *tr = runner_trace(rq);
	double t = tr ? runner_clock() : 0;
	touch_inherited(rq);
	sh->slot[id].tid = gettid();
	sh->slot[id].pid = getpid();
	/* Opened here, before the clock starts; runner_mark only reads it. */
	sh->slot[id].stat_fd = open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
	atomic_fetch_add(&sh->arrived, 1);
	while (!atomic_load_explicit(&sh->go, memory_order_acquire))
		sched_yield();
	if (tr)
		trace_add(tr, id, TRACE_GATE, t, runner_clock(), 0, 0);
}

/* A thread's run delay so far, from its schedstat open at fd: seconds it
 * was runnable but waiting for a CPU (the second field, in ns); NAN when fd
 * is not open (a kernel without schedstat). */
static double run_delay_now(int fd)
{
	char buf[96];
	if (fd < 0)
		return NAN;
	ssize_t got = pread(fd, buf, sizeof(buf) - 1, 0);
	if (got <= 0)
		return NAN;
	buf[got] = '\0';
	unsigned long long on_cpu, waited;
	if (sscanf(buf, "%llu %llu", &on_cpu, &waited) != 2)
		return NAN;
	return (double)waited * 1e-9;
}

/* Every worker's run delay just before the gate opens, read from outside
 * (/proc/TID/schedstat, a thread's or a child's alike), so that the time a
 * worker then waits for a CPU before its first item counts as off-CPU,
 * not as time to the first item (runner_losses). A few microseconds per
 * worker, before the clock starts. */
static void gate_delays(const struct run_request *rq)
{
	struct runner_shared *sh = rq->shared;
	char path[64];
	for (int i = 0; i < rq->workers; i++) {
		struct runner_slot *s = &sh->slot[i];
		snprintf(path, sizeof(path), "/proc/%d/schedstat", s->tid);
		int fd = s->tid > 0 ? open(path, O_RDONLY | O_CLOEXEC) : -1;
		s->delay_open = run_delay_now(fd);
		if (fd >= 0)
			close(fd);
	}
}

int runner_release(const struct run_request *rq, int (*alive)(void *), void *arg)
{
	struct runner_shared *sh = rq->shared;
	unsigned spins = 0;
	double t = 0;
	while (atomic_load(&sh->arrived) < rq->workers) {
		if (alive && (++spins & 255) == 0 && !alive(arg))
			return -1;
		/* Yield for the first millisecond; past it (an initializer is
		 * building its table) nap 50 us, so that the parent does not take
		 * a CPU from the workers it waits for. */
		if ((spins & 63) == 0 && !t)
			t = runner_clock();
		if (t && runner_clock() - t > 1e-3) {
			struct timespec nap = { 0, 50000 };
			nanosleep(&nap, NULL);
		} else {
			sched_yield();
		}
	}
	gate_delays(rq);
	sh->start = runner_clock();
	atomic_store_explicit(&sh->go, 1, memory_order_release);
	return 0;
}

int runner_consume(const struct run_request *rq, int (*alive)(void *), void *arg)
{
	if (!rq->results)
		return 0;
	return pattern_consume(rq->results, runner_tasks(rq), alive, arg);
}

size_t runner_tasks(const struct run_request *rq)
{
	if (rq->sched.kind == SPLIT_STATIC)
		return (size_t)rq->workers * rq->job->repeat;
	return runner_chunks(rq);
}

size_t runner_chunks(const struct run_request *rq)
{
	return split_chunks(rq->job->n, rq->sched.chunk) * rq->job->repeat;
}

/* runner_threads: what one thread runs; it counts itself out at the end. */
struct thread_start {
	void *(*fn)(void *);
	void *arg;
	struct runner_shared *shared;
};

static void *thread_main(void *arg)
{
	struct thread_start *ts = arg;
	ts->fn(ts->arg);
	atomic_fetch_add(&ts->shared->ended, 1);
	return NULL;
}

/* runner_threads' alive(): some of the `started` threads have not returned. */
struct threads_alive {
	struct runner_shared *shared;
	int started;
};

static int threads_alive(void *arg)
{
	struct threads_alive *ta = arg;
	return atomic_load(&ta->shared->ended) < ta->started;
}

int runner_fail_missing(const struct run_request *rq, struct run_outcome *out, const char *who)
{
	for (int i = 0; i < rq->workers; i++)
		if (rq->shared->slot[i].error[0])
			return runner_fail(out, "%s", rq->shared->slot[i].error);
	if (rq->results && rq->results->error[0])
		return runner_fail(out, "%s", rq->results->error);
	return runner_fail(out, "%s: every worker ended with results still missing", who);
}

int runner_threads(const struct run_request *rq, struct run_outcome *out,
		   void *(*fn)(void *), void *args, size_t stride)
{
	pthread_t tid[RUNNER_MAX_WORKERS];
	struct thread_start ts[RUNNER_MAX_WORKERS];
	int started = 0, rc = 0;

	for (; started < rq->workers; started++) {
		ts[started] = (struct thread_start){ fn, (char *)args + (size_t)started * stride,
						     rq->shared };
		int err = pthread_create(&tid[started], NULL, thread_main, &ts[started]);
		if (err) {
			rc = runner_fail(out, "cannot create thread %d: %s", started, strerror(err));
			break;
		}
	}
	/* Threads cannot die alone, but one can give up (its bind failed):
	 * the parent waits for results only while some thread is still out.
	 * After a failed create it still drains them, or the started threads
	 * could block writing --collect messages and never be joined. */
	struct threads_alive ta = { rq->shared, started };
	if (rc == 0)
		runner_release(rq, NULL, NULL);
	else
		atomic_store(&rq->shared->go, 1);   /* let the started ones run out */
	if (runner_consume(rq, threads_alive, &ta) < 0 && rc == 0)
		rc = runner_fail_missing(rq, out, "threads");
	for (int i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	return rc;
}

void runner_peak_reset(void)
{
	/* Writing 5 to clear_refs resets the process's peak RSS (VmHWM). */
	int fd = open("/proc/self/clear_refs", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "5", 1) < 0) {
			/* not allowed here: the peak then counts from the process's start */
		}
		close(fd);
	}
}

/* VmHWM from /proc/self/status, in KiB; 0 if unreadable. */
static long peak_rss_kib(void)
{
	char buf[4096];
	int fd = open("/proc/self/status", O_RDONLY);
	if (fd < 0)
		return 0;
	ssize_t got = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (got <= 0)
		return 0;
	buf[got] = '\0';
	const char *hwm = strstr(buf, "VmHWM:");
	return hwm ? strtol(hwm + 6, NULL, 10) : 0;
}

/* This process's Pss and Private_Clean + Private_Dirty from
 * /proc/self/smaps_rollup, in KiB; -1 each when it cannot be read. */
static void set_sizes(long *pss, long *uss)
{
	char buf[4096];
	*pss = *uss = -1;
	int fd = open("/proc/self/smaps_rollup", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	ssize_t got = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (got <= 0)
		return;
	buf[got] = '\0';
	const char *p = strstr(buf, "\nPss:");
	const char *clean = strstr(buf, "\nPrivate_Clean:");
	const char *dirty = strstr(buf, "\nPrivate_Dirty:");
	if (p)
		*pss = strtol(p + 5, NULL, 10);
	if (clean && dirty)
		*uss = strtol(clean + 15, NULL, 10) + strtol(dirty + 15, NULL, 10);
}

/* Worker id reads its process's set sizes unless a worker before it is
 * in the same process (threads: one reading per run). */
static void finish_sizes(const struct run_request *rq, int id)
{
	struct runner_slot *s = &rq->shared->slot[id];
	s->pss_kib = s->uss_kib = -1;
	if (!s->pid)
		s->pid = getpid();   /* a runner with a gate of its own (openmp, serial) */
	for (int i = 0; i < id; i++)
		if (rq->shared->slot[i].pid == s->pid)
			return;
	set_sizes(&s->pss_kib, &s->uss_kib);
}

void runner_wait_mark(const struct run_request *rq, int id, int done)
{
	struct runner_slot *s = &rq->shared->slot[id];
	if (s->stat_fd < 0)
		return;   /* not in the work (an initializer's take) */
	double now = run_delay_now(s->stat_fd);
	if (!done) {
		s->wait_delay_start = now;
		s->wait_wall_start = runner_clock();
		return;
	}
	s->wait_wall += runner_clock() - s->wait_wall_start;
	if (isfinite(now - s->wait_delay_start))
		s->wait_delay += now - s->wait_delay_start;
}

void runner_mark(const struct run_request *rq, int id)
{
	struct runner_slot *s = &rq->shared->slot[id];
	struct rusage ru;
	if (s->begin != 0)
		return;
	s->begin = runner_clock();
	if (s->stat_fd < 0)   /* a runner with a gate of its own (openmp, serial) */
		s->stat_fd = open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
	s->delay_start = run_delay_now(s->stat_fd);
	getrusage(RUSAGE_THREAD, &ru);
	s->vcsw_start = ru.ru_nvcsw;
	s->ivcsw_start = ru.ru_nivcsw;
	s->minflt_start = ru.ru_minflt;
	s->cpu_start = clock_thread_cpu();
}

uint64_t runner_range(const struct run_request *rq, size_t lo, size_t hi, struct worker *w)
{
	struct trace *tr = runner_trace(rq);
	if (!tr)
		return rq->kernel->run(rq->job, lo, hi, w);
	double t = runner_clock();
	uint64_t sum = rq->kernel->run(rq->job, lo, hi, w);
	trace_add(tr, w->id, TRACE_CHUNK, t, runner_clock(), lo, hi);
	return sum;
}

/* One chunk of the schedule through exec, or the kernel; traced as one. */
static uint64_t run_range(const struct run_request *rq, runner_exec_fn exec, size_t lo,
			  size_t hi, struct worker *w)
{
	if (!exec)
		return runner_range(rq, lo, hi, w);
	struct trace *tr = runner_trace(rq);
	double t = tr ? runner_clock() : 0;
	uint64_t sum = exec(rq, lo, hi, w);
	if (tr)
		trace_add(tr, w->id, TRACE_CHUNK, t, runner_clock(), lo, hi);
	return sum;
}

/* A serving dispatch's callback (queue): one task's range through exec or
 * the kernel. */
struct serve_arg {
	const struct run_request *rq;
	runner_exec_fn exec;
	struct worker *w;
};

static uint64_t serve_run(void *arg, size_t lo, size_t hi)
{
	struct serve_arg *sa = arg;
	return run_range(sa->rq, sa->exec, lo, hi, sa->w);
}

/* The worker takes its tasks from the results table's dispatch, not from
 * the schedule; the results reach the table through the parent, so the
 * partial is 0. A failure goes to the worker's slot. */
static uint64_t serve_work(const struct run_request *rq, struct worker *w, runner_exec_fn exec)
{
	struct runner_slot *s = &rq->shared->slot[w->id];
	struct serve_arg sa = { rq, exec, w };
	rq->results->ops->serve(rq->results, runner_tasks(rq), serve_run, &sa, w, s->error,
				sizeof(s->error));
	return 0;
}

void runner_deliver(const struct run_request *rq, size_t task, uint64_t v)
{
	pattern_deliver(rq->results, task, v);
}

uint64_t runner_work(const struct run_request *rq, struct worker *w,
		     runner_exec_fn exec)
{
	const struct kernel_job *job = rq->job;
	uint64_t sum = 0;
	size_t lo, hi, c;

	runner_mark(rq, w->id);
	if (rq->results && rq->results->ops->serve)
		return serve_work(rq, w, exec);
	if (rq->sched.kind == SPLIT_STATIC) {
		split_static(job->n, rq->workers, w->id, &lo, &hi);
		if (rq->results) {
			/* --collect: task pass * workers + id, delivered even when empty. */
			for (unsigned pass = 0; pass < job->repeat; pass++)
				runner_deliver(rq, (size_t)pass * (size_t)rq->workers + (size_t)w->id,
					       lo < hi ? run_range(rq, exec, lo, hi, w) : 0);
			return 0;
		}
		for (unsigned pass = 0; lo < hi && pass < job->repeat; pass++)
			sum += run_range(rq, exec, lo, hi, w);
		return sum;
	}
	size_t total = runner_chunks(rq), per_pass = split_chunks(job->n, rq->sched.chunk);
	struct split_gate *gate = &rq->shared->gate;
	while (split_next(&rq->shared->next, total, &c)) {
		split_chunk(c, job->n, rq->sched.chunk, &lo, &hi);
		/* A chunk of the next pass waits for this pass to end (split.h);
		 * waiting is a blocking call, so the gil's holder lets go. */
		if (!split_gate_open(gate, c, per_pass)) {
			worker_blocking_begin(w);
			split_gate_wait(gate, c, per_pass);
			worker_blocking_end(w);
		}
		uint64_t v = run_range(rq, exec, lo, hi, w);
		split_gate_done(gate, per_pass);
		if (rq->results)
			runner_deliver(rq, c, v);   /* chunk c's place in the table */
		else
			sum += v;
	}
	return sum;
}

int runner_bind(const struct run_request *rq, int id)
{
	struct runner_slot *s = &rq->shared->slot[id];
	if (rq->opt && rq->opt->fail_bind == id + 1) {
		snprintf(s->error, sizeof(s->error), "cannot bind worker %d: refused by the test hook", id);
		return -1;
	}
	return plan_bind(rq->layout, id, s->error, sizeof(s->error));
}

void runner_unbind(const struct run_request *rq)
{
	plan_unbind(rq->layout);
}

void runner_finish(const struct run_request *rq, int id, uint64_t partial)
{
	struct runner_slot *s = &rq->shared->slot[id];
	struct rusage ru;
	s->finish = runner_clock();
	s->cpu_seconds = clock_thread_cpu() - s->cpu_start;
	s->run_delay = run_delay_now(s->stat_fd) - s->delay_start;
	if (s->stat_fd >= 0)
		close(s->stat_fd);
	s->stat_fd = -1;
	getrusage(RUSAGE_THREAD, &ru);
	s->vcsw = ru.ru_nvcsw - s->vcsw_start;
	s->ivcsw = ru.ru_nivcsw - s->ivcsw_start;
	s->minflt = ru.ru_minflt - s->minflt_start;
	s->maxrss_kib = peak_rss_kib();
	finish_sizes(rq, id);
	s->partial = partial;
	s->cpu = plan_where(rq->layout);
	if (s->cpu < 0)
		s->cpu = sched_getcpu();
	atomic_thread_fence(memory_order_release);
	s->done = 1;
}

/* Where the workers' time between the gate and the last finish went, as
 * sums over the workers (run_outcome). A worker that never marked (no
 * item) counts its whole time as gate. The runner's own serialising wait
 * (the gil's, set by its run) is kept; --collect shared's lock adds. */
static void runner_losses(const struct run_request *rq, double last, struct run_outcome *out)
{
	const struct runner_shared *sh = rq->shared;
	double gate = 0, idle = 0, delay = 0, in_waits = 0, room = 0;
	long faults = 0;
	for (int i = 0; i < rq->workers; i++) {
		const struct runner_slot *s = &sh->slot[i];
		double begin = s->begin != 0 ? s->begin : s->finish;
		double to_first = begin > sh->start ? begin - sh->start : 0;
		/* Waiting for a CPU between the gate and the first item is off-CPU. */
		double waited = s->begin != 0 ? s->delay_start - s->delay_open : NAN;
		if (isfinite(waited) && waited > 0) {
			waited = waited < to_first ? waited : to_first;
			to_first -= waited;
			delay += waited;
		}
		gate += to_first;
		idle += last - s->finish;
		/* schedstat's delay is added as a thread gets a CPU back, from
		 * per-CPU clocks: here it was seen to exceed the wall time the
		 * thread did not run (by 8 % of a gil run on a loaded machine).
		 * No more than that is counted, less the time the thread slept
		 * in the model's lock, which the monotonic clock measured. */
		double off = s->finish - begin - s->cpu_seconds;
		off = off > 0 ? off : 0;
		double slept = s->wait_wall - s->wait_delay;
		slept = slept < 0 ? 0 : slept < off ? slept : off;
		double rd = s->run_delay < off - slept ? s->run_delay : off - slept;
		delay += isnan(s->run_delay) ? NAN : rd;   /* NAN: the kernel keeps none */
		room += off - (isnan(s->run_delay) ? 0 : rd);
		in_waits += s->wait_delay;
		faults += s->minflt;
	}
	out->gate_s = gate;
	out->idle_s = idle;
	out->run_delay_s = delay;
	out->minflt = faults;
	if (rq->results && rq->results->collect == COLLECT_SHARED)
		out->serial_wait_s += rq->results->lock_wait;
	/* Runnable but off a CPU inside a lock wait is counted once: off-CPU. */
	out->serial_wait_s = out->serial_wait_s > in_waits ? out->serial_wait_s - in_waits : 0;
	/* ... and what is left of the workers' time off a CPU bounds it. */
	if (out->serial_wait_s > room)
		out->serial_wait_s = room;
}

/* The set sizes summed over the processes, each once: the first slot of
 * a process takes the largest reading among its workers (openmp's threads
 * may each have read, racing to be first). -1 when no worker could read
 * them. */
static void collect_sizes(const struct run_request *rq, struct run_outcome *out)
{
	const struct runner_shared *sh = rq->shared;
	out->pss_kib = out->uss_kib = -1;
	for (int i = 0; i < rq->workers; i++) {
		long pss = -1, uss = -1;
		int first = 1;
		for (int j = 0; j < rq->workers && first; j++) {
			const struct runner_slot *o = &sh->slot[j];
			if (o->pid != sh->slot[i].pid)
				continue;
			first = j >= i;   /* an earlier slot counts this process */
			pss = o->pss_kib > pss ? o->pss_kib : pss;
			uss = o->uss_kib > uss ? o->uss_kib : uss;
		}
		if (!first || pss < 0)
			continue;
		out->pss_kib = (out->pss_kib < 0 ? 0 : out->pss_kib) + pss;
		if (uss >= 0)
			out->uss_kib = (out->uss_kib < 0 ? 0 : out->uss_kib) + uss;
	}
}

int runner_collect(const struct run_request *rq, double t0, struct run_outcome *out)
{
	const struct runner_shared *sh = rq->shared;
	double last = sh->start;
	size_t used = 0;

	atomic_thread_fence(memory_order_acquire);
	out->checksum = 0;
	out->cpus[0] = '\0';
	out->cpu_seconds = 0;
	out->vol_switches = out->invol_switches = out->maxrss_kib = 0;
	collect_sizes(rq, out);
	for (int i = 0; i < rq->workers; i++)
		if (sh->slot[i].finish > last)
			last = sh->slot[i].finish;
	runner_losses(rq, last, out);
	for (int i = 0; i < rq->workers; i++) {
		const struct runner_slot *s = &sh->slot[i];
		if (s->error[0])
			return runner_fail(out, "%s", s->error);
		if (!s->done)
			return runner_fail(out, "worker %d did not finish", i);
		out->checksum += s->partial;
		out->cpu_seconds += s->cpu_seconds;
		out->vol_switches += s->vcsw;
		out->invol_switches += s->ivcsw;
		if (s->maxrss_kib > out->maxrss_kib)
			out->maxrss_kib = s->maxrss_kib;
		if (used < sizeof(out->cpus))
			used += (size_t)snprintf(out->cpus + used, sizeof(out->cpus) - used,
						 "%s%d", i ? ";" : "", s->cpu);
	}
	if (rq->results) {
		uint64_t sum;
		char err[200];
		if (pattern_sum(rq->results, runner_tasks(rq), &sum, err, sizeof(err)) < 0)
			return runner_fail(out, "%s", err);
		out->checksum += sum;
		if (pattern_streams(rq->results->kind)) {
			out->streamed = 1;
			out->first_result_s = rq->results->first - sh->start;
			out->parent_wait_s = rq->results->wait;
		}
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

/* ---- pools ---------------------------------------------------------------- */

struct runner_pool *runner_pool_new(int workers)
{
	struct runner_pool *p = kernel_shared_alloc(sizeof(*p));
	if (p)
		p->workers = workers;
	return p;
}

void runner_pool_free(struct runner_pool *p)
{
	if (p)
		kernel_shared_free(p, sizeof(*p));
}

void runner_pool_serve(struct runner_pool *p, const struct run_request *rq, int id)
{
	struct runner_pool_hooks h = { .after_gate = p->after_gate };
	runner_pool_serve_hooked(p, &h, rq, id);
}

void runner_pool_serve_hooked(struct runner_pool *p, const struct runner_pool_hooks *h,
			      const struct run_request *rq, int id)
{
	unsigned seen = 0;
	struct worker w = { .id = id };
	struct runner_init_table *tab = NULL;
	int initialised = 0;
	for (;;) {
		unsigned g;
		while ((g = atomic_load(&p->generation)) == seen)
			futex_wait(&p->generation, seen, INFINITY);
		seen = g;
		if (atomic_load(&p->quit)) {
			runner_init_free(tab);
			return;
		}
		int unbound = runner_bind(rq, id);
		/* Pool(initializer=...): once per worker, in its first run, on its PU. */
		if (!unbound && !initialised++)
			unbound = runner_init_worker(rq, id, &tab);
		runner_peak_reset();
		runner_arrive(rq, id);
		if (h->after_gate)
			h->after_gate(rq, id);
		if (!unbound)
			runner_finish(rq, id, runner_work(rq, &w, h->exec));
		else
			runner_leave(rq, id);
		if (h->after_run)
			h->after_run(rq, id);
		atomic_fetch_add(&p->done, 1);
		futex_wake(&p->done, FUTEX_ALL);
	}
}

/* runner_pool_run's alive() while the parent takes results: the caller's
 * alive() (a process pool: no child died, the run is not late), and some
 * worker has not reported the run done (one that could not bind reports
 * at once, with nothing delivered). */
struct pool_watch {
	struct runner_pool *p;
	int (*alive)(void *);
	void *arg;
	int died;                 /* the caller's alive() said no */
};

static int pool_working(void *arg)
{
	struct pool_watch *w = arg;
	if (w->alive && !w->alive(w->arg)) {
		w->died = 1;
		return 0;
	}
	return atomic_load(&w->p->done) < (unsigned)w->p->workers;
}

int runner_pool_run(struct runner_pool *p, const struct run_request *rq, struct run_outcome *out,
		    int (*alive)(void *), void *arg)
{
	if (p->broken)
		return runner_fail(out, "a worker of this pool died in an earlier run");
	atomic_store(&p->done, 0);
	atomic_fetch_add(&p->generation, 1);
	futex_wake(&p->generation, FUTEX_ALL);
	if (runner_release(rq, alive, arg) < 0) {
		p->broken = 1;
		atomic_store(&rq->shared->go, 1);
		return runner_fail(out, "a pool worker ended before the start");
	}
	struct pool_watch watch = { p, alive, arg, 0 };
	int failed = runner_consume(rq, pool_working, &watch) < 0;
	if (failed)
		p->broken = 1;
	if (failed && watch.died) {
		if (rq->results && rq->results->error[0])
			return runner_fail(out, "%s", rq->results->error);
		return runner_fail(out, "a pool worker died during the run");
	}
	/* Sleep until a worker reports; processes are also checked for death
	 * every few ms (a thread pool cannot lose a worker, so no timeout:
	 * waking the parent needlessly would take a CPU from the workers). */
	long nap = alive ? 2000000 : 0;
	unsigned d;
	while ((d = atomic_load(&p->done)) < (unsigned)p->workers) {
		futex_wait(&p->done, d, nap ? clock_now() + (double)nap * 1e-9 : INFINITY);
		if (nap && nap < 5000000)
			nap *= 2;
		/* alive() also says when the run is past its deadline; threads
		 * cannot be killed, so a thread pool waits as join does. */
		if (alive && !alive(arg)) {
			p->broken = 1;
			return runner_fail(out, "a pool worker died during the run");
		}
	}
	return failed ? runner_fail_missing(rq, out, "pool workers") : 0;
}

void runner_pool_quit(struct runner_pool *p)
{
	atomic_store(&p->quit, 1);
	atomic_fetch_add(&p->generation, 1);
	futex_wake(&p->generation, FUTEX_ALL);
}
