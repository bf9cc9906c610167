/*
 * tests/unit/patterns.c - map, imap and imap_unordered under every runner that
 * takes them, against a kernel whose partial encodes its own range: after
 * a run, the results table must hold, at each chunk's index, exactly that
 * chunk's range (map: input order), the parent must have consumed chunk
 * 0, 1, 2, ... in that order (imap) or every chunk exactly once (imap_
 * unordered), and the checksum must be the sum of the encodings (what one
 * worker doing all the chunks gives). Items take irregular time (every
 * fifth chunk is ten times slower), so workers finish out of order and
 * the parent has to wait. Then a forked worker that dies while the parent
 * waits for its result fails the run, naming the signal, without a hang;
 * so does one that dies holding the --collect shared lock; and a worker
 * whose bind fails (a test hook) fails the run with its bind error under
 * every runner, where the parent would otherwise wait for its results.
 * Each behaviour is a named case (case_*, listed in cases[] at the end);
 * main runs them in order and prints the plan after the last. TAP output;
 * no timing is asserted: a failing run must only end before half its 30 s
 * timeout (a stalled one reaches it), and an alarm turns a hang into a
 * failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "../../kernels/kernel.h"
#include "../../runners/runner.h"
#include "../lib/tap.h"

#define ITEMS 500
#define CHUNK 7

/* A range's own encoding: its length in the high bits, the sum of its
 * items in the low ones; both determine lo and hi of a contiguous range,
 * and the encoding of two adjacent ranges adds up to their union's (the
 * gil runner runs a chunk in units). */
static uint64_t encode(size_t lo, size_t hi)
{
	return ((uint64_t)(hi - lo) << 40) + (uint64_t)(lo + hi - 1) * (hi - lo) / 2;
}

static uint64_t span_run(const struct kernel_job *job, size_t lo, size_t hi, struct worker *w)
{
	(void)job;
	(void)w;
	int slow = (lo / CHUNK) % 5 == 0;
	for (size_t i = lo; i < hi; i++)
		for (volatile int spin = 0; spin < (slow ? 20000 : 2000); spin++)
			;
	return encode(lo, hi);
}

static const struct kernel_ops span = { .name = "span", .kind = KERNEL_CPU, .run = span_run };

/* As span, but a forked worker that takes chunk 3 dies there (SIGSEGV):
 * the parent of an imap run is then waiting for exactly that chunk. */
static pid_t test_pid;

static uint64_t crashing_run(const struct kernel_job *job, size_t lo, size_t hi, struct worker *w)
{
	if (lo / CHUNK == 3 && getpid() != test_pid)
		raise(SIGSEGV);
	return span_run(job, lo, hi, w);
}

static const struct kernel_ops crashing = { .name = "crashing", .kind = KERNEL_CPU, .run = crashing_run };

/* --collect messages: one item per chunk, 1 ms each, so the survivors
 * keep the pipe busy for longer than the timeout; a forked worker dies
 * in chunk 3. The parent must see the death while records keep coming. */
static uint64_t trickle_run(const struct kernel_job *job, size_t lo, size_t hi, struct worker *w)
{
	(void)job;
	(void)w;
	if (lo == 3 && getpid() != test_pid)
		raise(SIGSEGV);
	struct timespec ms = { 0, 1000000 };
	nanosleep(&ms, NULL);
	return encode(lo, hi);
}

static const struct kernel_ops trickle = { .name = "trickle", .kind = KERNEL_CPU, .run = trickle_run };

/* Runs r once (a pool twice, the second checked); 0 or -1. */
static int run_pattern(const struct runner_ops *r, struct run_request *rq, struct run_outcome *out)
{
	void *pool = NULL;
	rq->pool = &pool;
	memset(out, 0, sizeof(*out));
	int rc = r->run(rq, out);
	if (rc == 0 && r->close) {
		memset(out, 0, sizeof(*out));
		rc = r->run(rq, out);
	}
	if (r->close && pool)
		r->close(pool);
	return rc;
}

static struct run_outcome out_bind;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int no_children(void)
{
	errno = 0;
	return waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD;
}

/* One case of bind_failures: kind/collect/sched with `workers`, worker
 * `victim` unable to bind. */
static void bind_case(const struct runner_ops *r, struct runner_shared *shared,
		      struct runner_options *opt, enum pattern_kind kind, enum pattern_collect col,
		      int dyn, int workers, int victim)
{
	struct kernel_job job = { .n = ITEMS, .repeat = 1 };
	struct schedule sched = dyn ? (struct schedule){ SPLIT_DYNAMIC, CHUNK }
				    : (struct schedule){ SPLIT_STATIC, 0 };
	size_t tasks = dyn ? split_chunks(ITEMS, CHUNK) : (size_t)workers;
	struct pattern_table *t = pattern_new(kind, col, tasks);
	if (kind == PATTERN_QUEUE)
		pattern_queue_open(t, ITEMS, CHUNK, 4, 64);
	struct run_request rq = {
		.kernel = &span, .job = &job, .workers = workers, .sched = sched,
		.opt = opt, .shared = shared, .results = t,
	};
	char want[64];
	snprintf(want, sizeof(want), "cannot bind worker %d", victim);
	opt->fail_bind = victim + 1;
	double t0 = now();
	int rc = run_pattern(r, &rq, &out_bind);
	double took = now() - t0;
	opt->fail_bind = 0;
	ok(rc < 0 && strstr(out_bind.error, want) && !strstr(out_bind.error, "timeout") &&
	   took < opt->fork.timeout / 2,
	   "%s %s --collect %s, %dw: worker %d's bind failure fails the run with its reason, before the %g s timeout ('%s')",
	   r->name, pattern_name(kind), pattern_collect_name(col), workers, victim, opt->fork.timeout,
	   out_bind.error);
	ok(no_children(), "%s %s --collect %s: no child left behind", r->name, pattern_name(kind),
	   pattern_collect_name(col));
	pattern_free(t);
}

static void bind_failures(struct runner_shared *shared, struct runner_options *opt)
{
	static const char *const runners[] = { "gil", "pthreads", "pthreads-pool", "fork", "fork-pool" };
	double timeout = opt->fork.timeout;
	opt->fork.timeout = 30;
	for (size_t i = 0; i < sizeof(runners) / sizeof(runners[0]); i++) {
		const struct runner_ops *r = runner_find(runners[i]);
		/* One worker, the one that cannot bind: nobody else takes the chunks. */
		bind_case(r, shared, opt, PATTERN_IMAP, COLLECT_PARTIAL, 1, 1, 0);
		bind_case(r, shared, opt, PATTERN_IMAP_UNORDERED, COLLECT_PARTIAL, 1, 1, 0);
		bind_case(r, shared, opt, PATTERN_QUEUE, COLLECT_PARTIAL, 1, 1, 0);
		/* Static: worker 1's tasks are its own. */
		bind_case(r, shared, opt, PATTERN_NONE, COLLECT_MESSAGES, 0, 2, 1);
	}
	opt->fork.timeout = timeout;
}

static struct runner_shared *shared;

/* The options every case starts from; a case changes its own copy. */
static const struct runner_options base_opt = { .gil = { .switch_interval = 0.0005, .unit = 3 },
						.fork = { .timeout = 60, .crash_worker = -1 } };

/* The runners the pattern and collect cases walk, in this order. */
static const char *const all_runners[] = { "serial", "gil", "pthreads", "openmp", "fork",
					   "pthreads-pool", "fork-pool" };
#define NRUNNERS (sizeof(all_runners) / sizeof(all_runners[0]))

/* "static", "dynamic" or "map": how a --collect case splits its tasks. */
static const char *split_label(int map, int dyn)
{
	return map ? "map" : dyn ? "dynamic" : "static";
}

/* Whether the parent consumed what the pattern promises: imap chunks
 * 0..tasks-1 in order, imap_unordered each chunk exactly once. */
static void check_consumed(const struct runner_ops *r, enum pattern_kind kind,
			   const struct pattern_table *t, size_t tasks)
{
	if (kind == PATTERN_IMAP) {
		int in_order = t->consumed == tasks;
		for (size_t c = 0; in_order && c < tasks; c++)
			in_order = t->order[c] == c;
		ok(in_order, "%s imap: the parent consumed chunks 0..%zu in input order",
		   r->name, tasks - 1);
	} else if (kind == PATTERN_IMAP_UNORDERED) {
		unsigned seen[2 * (ITEMS / CHUNK + 1)] = { 0 };
		int once = t->consumed == tasks;
		for (size_t c = 0; once && c < tasks; c++)
			once = t->order[c] < tasks && seen[t->order[c]]++ == 0;
		ok(once, "%s imap_unordered: the parent consumed each of the %zu chunks exactly once",
		   r->name, tasks);
	}
}

/* One run of pattern `kind` under r over `passes` passes of the items:
 * serial's checksum, every chunk's result at its input index, the order
 * the pattern promises, and (streaming patterns) the parent's timings; a
 * runner without a parent side refuses a streaming pattern by name. */
static void pattern_run(const struct runner_ops *r, enum pattern_kind kind, unsigned passes)
{
	struct runner_options opt = base_opt;
	struct kernel_job job = { .n = ITEMS, .repeat = passes };
	size_t tasks = split_chunks(ITEMS, CHUNK) * passes;
	const char *pat = pattern_name(kind);
	struct run_outcome out;
	uint64_t want = 0;
	for (size_t c = 0; c < tasks; c++) {
		size_t lo, hi;
		split_chunk(c, ITEMS, CHUNK, &lo, &hi);
		want += encode(lo, hi);
	}
	if (pattern_streams(kind) && r->no_parent) {
		ok(strstr(r->no_parent, r->name) == r->no_parent,
		   "%s %s: refused, with a reason naming the runner", r->name, pat);
		return;
	}
	int workers = r->max_workers == 1 ? 1 : 3;
	struct pattern_table *t = pattern_new(kind, COLLECT_PARTIAL, tasks);
	struct run_request rq = {
		.kernel = &span, .job = &job, .workers = workers,
		.sched = { SPLIT_DYNAMIC, CHUNK }, .opt = &opt, .shared = shared,
		.results = t,
	};
	int rc = run_pattern(r, &rq, &out);
	ok(rc == 0 && out.checksum == want,
	   "%s %s %dw, %u pass%s: checksum is the sum of every chunk's result%s%s",
	   r->name, pat, workers, passes, passes > 1 ? "es" : "",
	   rc ? ": " : "", rc ? out.error : "");
	int in_place = 1;
	for (size_t c = 0; c < tasks; c++) {
		size_t lo, hi;
		split_chunk(c, ITEMS, CHUNK, &lo, &hi);
		in_place &= t->value[c] == encode(lo, hi) && atomic_load(&t->ready[c]);
	}
	ok(in_place, "%s %s %dw, %u pass%s: every chunk's result is at its input index",
	   r->name, pat, workers, passes, passes > 1 ? "es" : "");
	check_consumed(r, kind, t, tasks);
	if (pattern_streams(kind))
		ok(out.streamed && out.first_result_s >= 0 && out.parent_wait_s >= 0 &&
		   out.first_result_s <= out.seconds + 0.5,
		   "%s %s: time to first result and the parent's waiting are recorded",
		   r->name, pat);
	pattern_free(t);
}

/* Pattern `kind` under every runner, one pass and two. */
static void pattern_all_runners(enum pattern_kind kind)
{
	for (unsigned passes = 1; passes <= 2; passes++)
		for (size_t i = 0; i < NRUNNERS; i++)
			pattern_run(runner_find(all_runners[i]), kind, passes);
}

static void case_map_results_at_input_index(void)
{
	pattern_all_runners(PATTERN_MAP);
}

static void case_imap_consumes_in_input_order(void)
{
	pattern_all_runners(PATTERN_IMAP);
}

static void case_imap_unordered_consumes_each_chunk_once(void)
{
	pattern_all_runners(PATTERN_IMAP_UNORDERED);
}

/* One --collect run: two passes, pattern none or map, static or dynamic;
 * serial's checksum and every task's result in the table exactly once. A
 * runner without a parent side refuses a collect that needs one (said
 * once per runner, for the static split). */
static void collect_run(const struct runner_ops *r, enum pattern_collect collect, int map, int dyn)
{
	struct runner_options opt = base_opt;
	struct kernel_job job = { .n = ITEMS, .repeat = 2 };
	const char *col = pattern_collect_name(collect);
	struct run_outcome out;
	if (pattern_needs_parent(PATTERN_NONE, collect) && r->no_parent) {
		if (!map && !dyn)
			ok(strstr(r->no_parent, r->name) == r->no_parent,
			   "%s --collect %s: refused, with a reason naming the runner", r->name, col);
		return;
	}
	int workers = r->max_workers == 1 ? 1 : 3;
	struct schedule sched = dyn ? (struct schedule){ SPLIT_DYNAMIC, CHUNK }
				    : (struct schedule){ SPLIT_STATIC, 0 };
	size_t tasks = dyn ? split_chunks(ITEMS, CHUNK) * 2 : (size_t)workers * 2;
	uint64_t want = 0;
	for (size_t c = 0; c < split_chunks(ITEMS, CHUNK); c++) {
		size_t lo, hi;
		split_chunk(c, ITEMS, CHUNK, &lo, &hi);
		want += 2 * encode(lo, hi);
	}
	struct pattern_table *t = pattern_new(map ? PATTERN_MAP : PATTERN_NONE, collect, tasks);
	struct run_request rq = {
		.kernel = &span, .job = &job, .workers = workers, .sched = sched,
		.opt = &opt, .shared = shared, .results = t,
	};
	int rc = run_pattern(r, &rq, &out);
	int once = rc == 0;
	for (size_t c = 0; once && c < tasks; c++)
		once = t->writes[c] == 1;
	ok(rc == 0 && out.checksum == want && once,
	   "%s --collect %s, %s, %dw: serial's checksum, each of the %zu tasks in the table once%s%s",
	   r->name, col, split_label(map, dyn), workers, tasks,
	   rc ? ": " : "", rc ? out.error : "");
	pattern_free(t);
}

/* --collect `collect`, static and dynamic, pattern none and map (a
 * pattern takes chunks, so no static map), under every runner. */
static void collect_all_runners(enum pattern_collect collect)
{
	for (int map = 0; map < 2; map++)
		for (int dyn = 0; dyn < 2; dyn++) {
			if (map && !dyn)
				continue;
			for (size_t i = 0; i < NRUNNERS; i++)
				collect_run(runner_find(all_runners[i]), collect, map, dyn);
		}
}

static void case_collect_shared_each_task_once(void)
{
	collect_all_runners(COLLECT_SHARED);
}

static void case_collect_messages_each_task_once(void)
{
	collect_all_runners(COLLECT_MESSAGES);
}

/* A forked worker dies inside the chunk the imap parent waits for. */
static void case_imap_worker_death_names_signal(void)
{
	struct runner_options opt = base_opt;
	struct kernel_job job = { .n = ITEMS, .repeat = 1 };
	struct run_outcome out;
	for (int pooled = 0; pooled < 2; pooled++) {
		const struct runner_ops *r = runner_find(pooled ? "fork-pool" : "fork");
		struct pattern_table *t = pattern_new(PATTERN_IMAP, COLLECT_PARTIAL, split_chunks(ITEMS, CHUNK));
		struct run_request rq = {
			.kernel = &crashing, .job = &job, .workers = 2, .sched = { SPLIT_DYNAMIC, CHUNK },
			.opt = &opt, .shared = shared, .results = t,
		};
		int rc = run_pattern(r, &rq, &out);
		ok(rc < 0 && strstr(out.error, "SIGSEGV"),
		   "%s imap: a worker dying while the parent waits fails the run naming the signal ('%s')",
		   r->name, out.error);
		ok(no_children(), "%s imap: no child left behind", r->name);
		pattern_free(t);
	}
}

/* A chunk delivered twice fails the run under every pattern; under
 * imap_unordered the extra delivery finds no log position past the end
 * (order[], right after log[], keeps its value). */
static void case_chunk_delivered_twice_fails(void)
{
	static const enum pattern_kind dup_kinds[] = { PATTERN_MAP, PATTERN_IMAP, PATTERN_IMAP_UNORDERED };
	for (size_t k = 0; k < 3; k++) {
		struct pattern_table *t = pattern_new(dup_kinds[k], COLLECT_PARTIAL, 4);
		pattern_reset(t);
		t->order[0] = 12345;
		for (size_t c = 0; c < 4; c++)
			pattern_deliver(t, c, 1);
		pattern_deliver(t, 2, 1);
		uint64_t sum;
		char err[200] = "";
		int rc = pattern_sum(t, 4, &sum, err, sizeof(err));
		ok(rc < 0 && strstr(err, "task 2") && strstr(err, "2 times"),
		   "%s: a chunk delivered twice fails the run ('%s')", pattern_name(dup_kinds[k]), err);
		if (dup_kinds[k] == PATTERN_IMAP_UNORDERED)
			ok(t->order[0] == 12345 && atomic_load(&t->logged) == 5,
			   "imap_unordered: a fifth delivery into a 4-slot log writes nothing past it");
		pattern_free(t);
	}
}

/* --collect shared, fork or fork-pool: worker 1 (static) or the worker
 * taking chunk 3 (dynamic, map) dies holding the table's lock. */
static void lock_death_run(int pooled, int map, int dyn)
{
	struct runner_options opt = base_opt;
	struct kernel_job job = { .n = ITEMS, .repeat = 1 };
	struct run_outcome out;
	opt.fork.timeout = 30;
	const struct runner_ops *r = runner_find(pooled ? "fork-pool" : "fork");
	struct schedule sched = dyn ? (struct schedule){ SPLIT_DYNAMIC, CHUNK }
				    : (struct schedule){ SPLIT_STATIC, 0 };
	size_t tasks = dyn ? split_chunks(ITEMS, CHUNK) : 3;
	struct pattern_table *t = pattern_new(map ? PATTERN_MAP : PATTERN_NONE, COLLECT_SHARED, tasks);
	t->crash_in_lock = 1 + (dyn ? 3 : 1);   /* chunk 3, or worker 1's task */
	struct run_request rq = {
		.kernel = &span, .job = &job, .workers = 3, .sched = sched,
		.opt = &opt, .shared = shared, .results = t,
	};
	double t0 = now();
	int rc = run_pattern(r, &rq, &out);
	double took = now() - t0;
	/* Not a timing: the bound is half the timeout, which a stalled
	 * run reaches and a failing one is thousands of times under. */
	ok(rc < 0 && strstr(out.error, "SIGSEGV") && !strstr(out.error, "timeout") &&
	   took < opt.fork.timeout / 2,
	   "%s --collect shared, %s: a worker dying holding the lock fails the run naming the signal, before the %g s timeout ('%s')",
	   r->name, split_label(map, dyn), opt.fork.timeout, out.error);
	ok(no_children(), "%s --collect shared, %s: no child left behind", r->name,
	   split_label(map, dyn));
	pattern_free(t);
}

/* An alarm turns a hang into a failure. */
static void case_death_holding_shared_lock_names_signal(void)
{
	alarm(120);
	for (int pooled = 0; pooled < 2; pooled++)
		for (int map = 0; map < 2; map++)
			for (int dyn = 0; dyn < 2; dyn++)
				if (!map || dyn)
					lock_death_run(pooled, map, dyn);
	alarm(0);
}

/* --collect messages: a worker dies while the others keep sending. An
 * alarm turns a hang into a failure. */
static void case_death_while_messages_flow_names_signal(void)
{
	struct runner_options opt = base_opt;
	struct kernel_job long_job = { .n = 60000, .repeat = 1 };
	struct run_outcome out;
	opt.fork.timeout = 30;
	alarm(120);
	for (int pooled = 0; pooled < 2; pooled++) {
		const struct runner_ops *r = runner_find(pooled ? "fork-pool" : "fork");
		struct pattern_table *t = pattern_new(PATTERN_NONE, COLLECT_MESSAGES, 60000);
		struct run_request rq = {
			.kernel = &trickle, .job = &long_job, .workers = 3, .sched = { SPLIT_DYNAMIC, 1 },
			.opt = &opt, .shared = shared, .results = t,
		};
		double t0 = now();
		int rc = run_pattern(r, &rq, &out);
		double took = now() - t0;
		ok(rc < 0 && strstr(out.error, "SIGSEGV") && !strstr(out.error, "timeout") &&
		   took < opt.fork.timeout / 2,
		   "%s --collect messages: a worker dying while the others keep sending fails the run naming the signal, before the %g s timeout ('%s')",
		   r->name, opt.fork.timeout, out.error);
		ok(no_children(), "%s --collect messages: no child left behind", r->name);
		pattern_free(t);
	}
	alarm(0);
}

/* A worker whose bind fails skips its work: the parent waiting for its
 * results must fail the run with the bind error, not wait (the alarm
 * turns a hang into a failure). */
static void case_bind_failure_fails_run_with_reason(void)
{
	struct runner_options opt = base_opt;
	alarm(120);
	bind_failures(shared, &opt);
	alarm(0);
}

static const struct tap_case cases[] = {
	{ "map_results_at_input_index", case_map_results_at_input_index },
	{ "imap_consumes_in_input_order", case_imap_consumes_in_input_order },
	{ "imap_unordered_consumes_each_chunk_once", case_imap_unordered_consumes_each_chunk_once },
	{ "collect_shared_each_task_once", case_collect_shared_each_task_once },
	{ "collect_messages_each_task_once", case_collect_messages_each_task_once },
	{ "imap_worker_death_names_signal", case_imap_worker_death_names_signal },
	{ "chunk_delivered_twice_fails", case_chunk_delivered_twice_fails },
	{ "death_holding_shared_lock_names_signal", case_death_holding_shared_lock_names_signal },
	{ "death_while_messages_flow_names_signal", case_death_while_messages_flow_names_signal },
	{ "bind_failure_fails_run_with_reason", case_bind_failure_fails_run_with_reason },
	{ NULL, NULL },
};

int main(void)
{
	shared = kernel_shared_alloc(sizeof(*shared));
	if (!shared)
		return 1;
	test_pid = getpid();   /* crashing and trickle spare this process */
	int rc = tap_run_cases(cases);
	printf("1..%d\n", tap_count);
	return rc;
}
