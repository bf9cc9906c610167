/*
 * tests/unit/runners.c - every runner in the table against a counting kernel:
 * each item is run exactly once per pass, for every worker count and
 * schedule, including n = 0 and n < workers; the partials add up to the
 * expected checksum; under gil no two workers are ever inside the kernel at
 * once (outside blocking calls), two workers do wait in blocking calls at
 * the same time, and a CPU-bound holder gives the lock up when asked. Then
 * the fork runner's failure paths: a worker that dies of SIGSEGV (after or
 * before the start gate) or outlives the timeout fails the run with the
 * reason named, and no child is left behind. Under a dynamic schedule the
 * passes never overlap: no item is entered while another worker is in it,
 * nor for a pass before every item has finished the one before (triad's
 * race, when chunk numbers wrapped into the next pass). Each behaviour is a named
 * case (case_*, listed in cases[] at the end) that main runs in order. TAP
 * output. No timing is asserted: where threads must meet, they wait for
 * each other with a bound of seconds, hundreds of times what a working lock
 * needs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "../../kernels/kernel.h"
#include "../../runners/runner.h"
#include "../lib/tap.h"

#define MAX_ITEMS 1000

struct counting {
	atomic_uint count[MAX_ITEMS];
	atomic_int inside;        /* workers in run() outside a blocking call */
	atomic_int max_inside;
};

static void enter(struct counting *c)
{
	int now = atomic_fetch_add(&c->inside, 1) + 1;
	int max = atomic_load(&c->max_inside);
	while (now > max && !atomic_compare_exchange_weak(&c->max_inside, &max, now))
		;
}

static uint64_t counting_run(const struct kernel_job *job, size_t lo, size_t hi,
			     struct worker *w)
{
	struct counting *c = job->state;
	uint64_t sum = 0;
	enter(c);
	for (size_t i = lo; i < hi; i++) {
		atomic_fetch_add(&c->count[i], 1);
		sum += i + 1;
		/* Busy a little, so that workers overlap where they may. */
		for (volatile int spin = 0; spin < 200; spin++)
			;
		if (i % 97 == 0) {   /* a blocking call now and then */
			atomic_fetch_sub(&c->inside, 1);
			worker_blocking_begin(w);
			worker_blocking_end(w);
			enter(c);
		}
	}
	atomic_fetch_sub(&c->inside, 1);
	return sum;
}

/* The pass-ownership kernel: who is inside each item now, how many
 * passes each finished, and the violations seen. */
#define PASS_ITEMS 48
struct owning {
	atomic_uint own[PASS_ITEMS];    /* workers inside item i now */
	atomic_uint done[PASS_ITEMS];   /* passes finished over item i */
	atomic_uint overlaps;           /* an item entered while a worker was in it */
	atomic_uint early;              /* an item entered for pass p while another had
					 * not finished pass p - 1 */
};

static uint64_t owning_run(const struct kernel_job *job, size_t lo, size_t hi, struct worker *w)
{
	struct owning *o = job->state;
	(void)w;
	for (size_t i = lo; i < hi; i++) {
		if (atomic_fetch_add(&o->own[i], 1))
			atomic_fetch_add(&o->overlaps, 1);
		unsigned pass = atomic_load(&o->done[i]);
		for (size_t j = 0; j < job->n; j++)
			if (atomic_load(&o->done[j]) < pass)
				atomic_fetch_add(&o->early, 1);
	}
	/* Hold the range a while, as triad's stores do. */
	for (volatile int spin = 0; spin < 3000; spin++)
		;
	for (size_t i = lo; i < hi; i++) {
		atomic_fetch_add(&o->done[i], 1);
		atomic_fetch_sub(&o->own[i], 1);
	}
	return hi - lo;
}

static const struct kernel_ops owning = {
	.name = "owning", .kind = KERNEL_MEM, .summary = "test kernel", .run = owning_run,
};

static const struct kernel_ops counting = {
	.name = "counting", .kind = KERNEL_CPU, .summary = "test kernel",
	.run = counting_run,
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Two workers, one item each: both wait inside a blocking call until the
 * other is there too (5 s at most). A gil that kept the lock through
 * blocking calls would leave the second outside. */
struct meeting {
	atomic_int in_blocking, most_in_blocking;
	/* take-turns: worker w of 2 over [0, 2 * TURN_ITEMS) */
	atomic_int started[2], done[2], recorded, interleaved;
};

#define TURN_ITEMS 1000

static uint64_t meet_run(const struct kernel_job *job, size_t lo, size_t hi, struct worker *w)
{
	struct meeting *m = job->state;
	for (size_t i = lo; i < hi; i++) {
		worker_blocking_begin(w);
		int here = atomic_fetch_add(&m->in_blocking, 1) + 1;
		double end = now() + 5;
		while (here < 2 && now() < end)
			here = atomic_load(&m->in_blocking);
		if (here > atomic_load(&m->most_in_blocking))
			atomic_store(&m->most_in_blocking, here);
		atomic_fetch_sub(&m->in_blocking, 1);
		worker_blocking_end(w);
	}
	return hi - lo;
}

/* CPU-bound turns: each item of a worker busy-waits up to 2 ms while the
 * other worker has not started. The worker that starts second notes whether
 * the first had finished all its items: under a gil that honours drop
 * requests (0.5 ms interval here) it cannot have, as that takes 2 s. */
static uint64_t turns_run(const struct kernel_job *job, size_t lo, size_t hi, struct worker *w)
{
	struct meeting *m = job->state;
	(void)w;
	for (size_t i = lo; i < hi; i++) {
		int me = i >= TURN_ITEMS, other = !me;
		if (!atomic_exchange(&m->started[me], 1) && atomic_load(&m->started[other])) {
			atomic_store(&m->interleaved, atomic_load(&m->done[other]) < TURN_ITEMS);
			atomic_store(&m->recorded, 1);
		}
		double end = now() + 2e-3;
		while (!atomic_load(&m->started[other]) && now() < end)
			;
		atomic_fetch_add(&m->done[me], 1);
	}
	return hi - lo;
}

/* Fork worker 1 sleeps far past the timeout. */
static uint64_t hang_run(const struct kernel_job *job, size_t lo, size_t hi, struct worker *w)
{
	(void)job;
	if (w->id == 1) {
		struct timespec ts = { 30, 0 };
		nanosleep(&ts, NULL);
	}
	return hi - lo;
}

/* Each worker notes the one CPU its affinity allows (-1: not exactly one). */

static uint64_t where_run(const struct kernel_job *job, size_t lo, size_t hi, struct worker *w)
{
	cpu_set_t set;
	(void)job;
	int *slot = (int *)job->state + w->id;
	*slot = -1;
	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) == 1)
		for (int c = 0; c < CPU_SETSIZE; c++)
			if (CPU_ISSET(c, &set))
				*slot = c;
	return hi - lo;
}

static const struct kernel_ops where = { .name = "where", .run = where_run };
static const struct kernel_ops meet = { .name = "meet", .run = meet_run };
static const struct kernel_ops turns = { .name = "turns", .run = turns_run };
static const struct kernel_ops hang = { .name = "hang", .run = hang_run };

/* Runs rq with r; a pooled runner runs it twice on one pool (the counts
 * are cleared in between, so the second run is what is checked: workers
 * fed again) and is closed after. */
static int run_fresh(const struct runner_ops *r, struct run_request *rq, struct run_outcome *out,
		     void *clear, size_t clear_bytes)
{
	void *pool = NULL;
	rq->pool = &pool;
	memset(out, 0, sizeof(*out));
	int rc = r->run(rq, out);
	if (rc == 0 && r->close) {
		if (clear)
			memset(clear, 0, clear_bytes);
		memset(out, 0, sizeof(*out));
		rc = r->run(rq, out);
	}
	if (r->close && pool)
		r->close(pool);
	return rc;
}

static int run_once(const char *runner, const struct kernel_ops *k, struct kernel_job *job,
		    int workers, struct runner_options *opt, struct runner_shared *shared,
		    struct run_outcome *out)
{
	struct run_request rq = {
		.kernel = k, .job = job, .workers = workers,
		.sched = { SPLIT_STATIC, 0 }, .opt = opt, .shared = shared,
	};
	return run_fresh(runner_find(runner), &rq, out, NULL, 0);
}

static int no_children(void)
{
	errno = 0;
	return waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD;
}

static int check_counts(struct counting *c, size_t n, unsigned passes)
{
	for (size_t i = 0; i < n; i++)
		if (atomic_load(&c->count[i]) != passes)
			return 0;
	return 1;
}

/* Shared blocks the cases use (a fork child must see what it writes). */
static struct runner_shared *shared;
static struct counting *counts;
static struct meeting *meeting;
static struct owning *owners;

/* The options every case starts from; a case changes its own copy. */
static const struct runner_options base_opt = { .gil = { .switch_interval = 0.0005, .unit = 3 },
						.fork = { .timeout = 60, .crash_worker = -1 } };

/* One counting run of r: n items, `passes` passes, on `workers` workers
 * under schedule s (dynamic chunk 0: the default chunk); every item once
 * per pass and the checksum of 1..n per pass. Returns the most workers
 * seen inside the kernel at once. */
static int count_run(const struct runner_ops *r, int workers, struct schedule s, size_t n,
		     unsigned passes)
{
	struct runner_options opt = base_opt;
	struct run_outcome out;
	struct kernel_job job = { .n = n, .repeat = passes, .state = counts };
	if (s.kind == SPLIT_DYNAMIC && !s.chunk)
		s.chunk = split_default_chunk(job.n, workers);
	struct run_request rq = {
		.kernel = &counting, .job = &job, .workers = workers,
		.sched = s, .opt = &opt, .shared = shared,
	};
	memset(counts, 0, sizeof(*counts));
	int rc = run_fresh(r, &rq, &out, counts, sizeof(*counts));
	uint64_t want = (uint64_t)passes * job.n * (job.n + 1) / 2;
	ok(rc == 0 && check_counts(counts, job.n, passes) && out.checksum == want,
	   "%s workers=%d %s:%zu n=%zu passes=%u: every item once per pass, checksum %llu (want %llu)%s%s",
	   r->name, workers, split_name(s.kind), s.chunk, job.n, passes,
	   (unsigned long long)out.checksum, (unsigned long long)want,
	   rc ? ", error: " : "", rc ? out.error : "");
	return atomic_load(&counts->max_inside);
}

/* Every runner, 1 to 3 workers (serial: 1), static and dynamic schedules,
 * n = 0, 1, 2 and 1000, one pass and two: each item once per pass; under
 * gil, never two workers inside the kernel at once. */
static void case_every_item_once_per_pass(void)
{
	static const size_t ns[] = { 0, 1, 2, 1000 };
	static const int ws[] = { 1, 2, 3 };
	static const struct schedule scheds[] = {
		{ SPLIT_STATIC, 0 }, { SPLIT_DYNAMIC, 0 }, { SPLIT_DYNAMIC, 1 }, { SPLIT_DYNAMIC, 7 },
	};
	for (const struct runner_ops *const *r = runner_table; *r; r++) {
		int nw = (*r)->max_workers == 1 ? 1 : 3, max_inside = 0;
		if ((*r)->rebuilds)
			continue;   /* spawn: the test's kernels are not in the table */
		for (int wi = 0; wi < nw; wi++)
			for (size_t si = 0; si < 4; si++)
				for (size_t ni = 0; ni < 4; ni++)
					for (unsigned passes = 1; passes <= 2; passes++) {
						int most = count_run(*r, ws[wi], scheds[si], ns[ni], passes);
						if (most > max_inside)
							max_inside = most;
					}
		if (strcmp((*r)->name, "gil") == 0)
			ok(max_inside == 1, "gil: at most one worker inside the kernel at a time (saw %d)",
			   max_inside);
	}
}

/* Every runner, 3 workers (serial: 1), dynamic chunks of 1 and 5 items
 * over 48 items and 40 passes: no item is entered twice at once, nor for
 * a pass before all items finished the one before. */
static void case_dynamic_passes_never_overlap(void)
{
	static const size_t chunks[] = { 1, 5 };
	for (const struct runner_ops *const *r = runner_table; *r; r++)
		for (size_t ci = 0; ci < 2 && !(*r)->rebuilds; ci++) {
			struct runner_options opt = base_opt;
			struct run_outcome out;
			struct kernel_job job = { .n = PASS_ITEMS, .repeat = 40, .state = owners };
			int workers = (*r)->max_workers == 1 ? 1 : 3;
			struct run_request rq = {
				.kernel = &owning, .job = &job, .workers = workers,
				.sched = { SPLIT_DYNAMIC, chunks[ci] }, .opt = &opt, .shared = shared,
			};
			memset(owners, 0, sizeof(*owners));
			int rc = run_fresh(*r, &rq, &out, owners, sizeof(*owners));
			unsigned overlaps = atomic_load(&owners->overlaps), early = atomic_load(&owners->early);
			ok(rc == 0 && out.checksum == (uint64_t)job.n * job.repeat && !overlaps && !early,
			   "%s workers=%d dynamic:%zu, %u passes: no overlap (%u items entered twice at once, %u a pass early)%s%s",
			   (*r)->name, workers, chunks[ci], job.repeat, overlaps, early,
			   rc ? ", error: " : "", rc ? out.error : "");
		}
}

static void case_gil_blocking_calls_overlap(void)
{
	struct runner_options opt = base_opt;
	struct run_outcome out;
	struct kernel_job mjob = { .n = 2, .repeat = 1, .state = meeting };
	memset(meeting, 0, sizeof(*meeting));
	int rc = run_once("gil", &meet, &mjob, 2, &opt, shared, &out);
	ok(rc == 0 && atomic_load(&meeting->most_in_blocking) == 2,
	   "gil: two workers wait in blocking calls at the same time (saw %d)",
	   atomic_load(&meeting->most_in_blocking));
}

/* The figure of runner's counter called name in out (runner_ops.counters); -1 when absent. */
static double counter_of(const char *runner, const struct run_outcome *out, const char *name)
{
	const struct runner_ops *r = runner_find(runner);
	for (int i = 0; out->counted && i < runner_counters(r); i++)
		if (strcmp(r->counters[i].name, name) == 0)
			return out->counter[i];
	return -1;
}

static void case_gil_cpu_holder_drops_on_request(void)
{
	struct runner_options opt = base_opt;
	struct run_outcome out;
	struct kernel_job mjob = { .n = 2 * TURN_ITEMS, .repeat = 1, .state = meeting };
	memset(meeting, 0, sizeof(*meeting));
	int rc = run_once("gil", &turns, &mjob, 2, &opt, shared, &out);
	ok(rc == 0 && atomic_load(&meeting->recorded) && atomic_load(&meeting->interleaved) &&
	   counter_of("gil", &out, "gil_drop_requests") > 0 && counter_of("gil", &out, "gil_handoffs") > 0,
	   "gil: a CPU-bound holder drops the lock on request (interleaved %d, %.0f drop requests, %.0f hand-offs)",
	   atomic_load(&meeting->interleaved), counter_of("gil", &out, "gil_drop_requests"),
	   counter_of("gil", &out, "gil_handoffs"));
}

/* fork: a worker killed by a signal (worker 0 or 1 after the start gate,
 * worker 0 before it) fails the run, with the reason. */
static void case_fork_crash_names_signal(void)
{
	struct runner_options opt = base_opt;
	struct run_outcome out;
	struct kernel_job job = { .n = 1000, .repeat = 1, .state = counts };
	for (int victim = 0; victim <= 2; victim++) {
		opt.fork.crash_worker = victim % 2;
		opt.fork.crash_before_gate = victim == 2;
		int rc = run_once("fork", &counting, &job, 2, &opt, shared, &out);
		char want[64];
		snprintf(want, sizeof(want), "worker %d (fork) killed by signal %d", victim % 2, SIGSEGV);
		ok(rc == -1 && strstr(out.error, want) && strstr(out.error, "SIGSEGV"),
		   "fork: worker %d crashing %s the start gate fails the run naming the signal ('%s')",
		   victim % 2, victim == 2 ? "before" : "after", out.error);
		ok(no_children(), "fork: no child left behind after that crash");
	}
}

static void case_fork_timeout_kills_and_names(void)
{
	struct runner_options opt = base_opt;
	struct run_outcome out;
	struct kernel_job job = { .n = 1000, .repeat = 1, .state = counts };
	opt.fork.timeout = 0.3;
	int rc = run_once("fork", &hang, &job, 2, &opt, shared, &out);
	ok(rc == -1 && strstr(out.error, "worker 1 (fork) still running after the 0.3 s timeout"),
	   "fork: a worker past --timeout is killed and named ('%s')", out.error);
	ok(no_children(), "fork: no child left behind after the timeout");
}

/* fork-pool: a child that dies (before or after the gate) fails the run
 * with the reason; the pool closes without leaving a child behind. */
static void case_fork_pool_crash_names_signal(void)
{
	struct runner_options opt = base_opt;
	struct run_outcome out;
	struct kernel_job job = { .n = 1000, .repeat = 1, .state = counts };
	opt.fork.crash_worker = 1;
	opt.fork.crash_before_gate = 1;
	int rc = run_once("fork-pool", &counting, &job, 2, &opt, shared, &out);
	ok(rc == -1 && strstr(out.error, "worker 1 (fork) killed by signal") && strstr(out.error, "SIGSEGV"),
	   "fork-pool: a worker dying fails the run naming the signal ('%s')", out.error);
	ok(no_children(), "fork-pool: no child left behind after that crash");
	opt.fork.crash_before_gate = 0;
	rc = run_once("fork-pool", &counting, &job, 2, &opt, shared, &out);
	ok(rc == -1 && strstr(out.error, "worker 1 (fork) killed by signal") && no_children(),
	   "fork-pool: a worker dying after the gate fails the run naming it, no child left ('%s')",
	   out.error);
}

/* A fork-pool run past --timeout: its children are killed at once, so
 * that a run of another configuration on the same shared block, before
 * the pool is closed, counts every item once. */
static void case_fork_pool_timeout_frees_shared_block(void)
{
	struct runner_options opt = base_opt;
	struct run_outcome out;
	struct kernel_job job = { .n = 1000, .repeat = 1, .state = counts };
	void *pool = NULL;
	struct run_request prq = {
		.kernel = &hang, .job = &job, .workers = 2, .sched = { SPLIT_STATIC, 0 },
		.opt = &opt, .shared = shared, .pool = &pool,
	};
	opt.fork.timeout = 0.3;
	memset(&out, 0, sizeof(out));
	int rc = runner_find("fork-pool")->run(&prq, &out);
	ok(rc == -1 && strstr(out.error, "timeout") && no_children(),
	   "fork-pool: a run past --timeout fails and its children are gone at once ('%s')", out.error);
	opt.fork.timeout = 60;
	struct kernel_job djob = { .n = 1000, .repeat = 1, .state = counts };
	struct run_request drq = {
		.kernel = &counting, .job = &djob, .workers = 2, .sched = { SPLIT_DYNAMIC, 7 },
		.opt = &opt, .shared = shared,
	};
	memset(counts, 0, sizeof(*counts));
	memset(&out, 0, sizeof(out));
	rc = runner_find("pthreads")->run(&drq, &out);
	ok(rc == 0 && check_counts(counts, 1000, 1) && out.checksum == 500500,
	   "after it, a pthreads run on the same shared block counts every item once (checksum %llu)",
	   (unsigned long long)out.checksum);
	runner_find("fork-pool")->close(pool);
}

/* r on `n` workers with --bind cores: each worker's affinity is its
 * planned PU (cpus: where each one ran), and the caller is unbound after. */
static void bind_run(const struct runner_ops *r, int n, struct plan_layout *layout, int *cpus,
		     int usable_pus)
{
	struct runner_options opt = base_opt;
	struct run_outcome out;
	struct kernel_job wjob = { .n = (size_t)n, .repeat = 1, .state = cpus };
	struct run_request rq = {
		.kernel = &where, .job = &wjob, .workers = n, .sched = { SPLIT_STATIC, 0 },
		.opt = &opt, .shared = shared, .layout = layout,
	};
	int rc = run_fresh(r, &rq, &out, NULL, 0);
	int good = rc == 0;
	for (int i = 0; i < n; i++)
		good &= cpus[i] == plan_layout_pu(layout, i);
	ok(good, "%s --bind cores: each of %d workers may run only on its planned PU (worker 0 on P#%d, saw %d)",
	   r->name, n, plan_layout_pu(layout, 0), cpus[0]);
	/* And the caller is free again afterwards (serial, openmp's pool). */
	cpu_set_t set;
	sched_getaffinity(0, sizeof(set), &set);
	ok(CPU_COUNT(&set) == usable_pus, "%s: the calling thread is unbound again (%d CPUs)",
	   r->name, CPU_COUNT(&set));
}

/* --bind cores on this machine, every runner (skipped where this process
 * may not use every PU). */
static void case_bind_cores_pins_each_worker(void)
{
	char err[256];
	struct plan *plan = plan_open(err, sizeof(err));
	struct plan_machine pm;
	plan_machine(plan, &pm);
	int nw = pm.cores < 2 ? pm.cores : 2;
	struct plan_layout *layout = plan_layout_make(plan, PLAN_CORES, nw, err, sizeof(err));
	int *cpus = kernel_shared_alloc(sizeof(int) * RUNNER_MAX_WORKERS);
	for (const struct runner_ops *const *r = runner_table; *r; r++) {
		if ((*r)->rebuilds)
			continue;
		if (pm.usable_pus < pm.pus || !layout) {
			for (int k = 0; k < 2; k++)
				printf("ok %d # skip %s: this process may not use every PU\n", ++tap_count,
				       (*r)->name);
			continue;
		}
		bind_run(*r, (*r)->max_workers == 1 ? 1 : nw, layout, cpus, pm.usable_pus);
	}
	plan_layout_free(layout);
	plan_close(plan);
	kernel_shared_free(cpus, sizeof(int) * RUNNER_MAX_WORKERS);
}

static const struct tap_case cases[] = {
	{ "every_item_once_per_pass", case_every_item_once_per_pass },
	{ "dynamic_passes_never_overlap", case_dynamic_passes_never_overlap },
	{ "gil_blocking_calls_overlap", case_gil_blocking_calls_overlap },
	{ "gil_cpu_holder_drops_on_request", case_gil_cpu_holder_drops_on_request },
	{ "fork_crash_names_signal", case_fork_crash_names_signal },
	{ "fork_timeout_kills_and_names", case_fork_timeout_kills_and_names },
	{ "fork_pool_crash_names_signal", case_fork_pool_crash_names_signal },
	{ "fork_pool_timeout_frees_shared_block", case_fork_pool_timeout_frees_shared_block },
	{ "bind_cores_pins_each_worker", case_bind_cores_pins_each_worker },
	{ NULL, NULL },
};

/* The plan: per runner, its counting runs (3 worker counts, serial 1, x 4
 * schedules x 4 sizes x 2 pass counts; gil one more; two overlap runs), then the gil (2), fork
 * (6 + 2) and fork-pool (3 + 2) cases and two --bind lines per runner. */
static int planned(void)
{
	int n = 0, nrunners = 0;
	for (const struct runner_ops *const *r = runner_table; *r; r++) {
		if ((*r)->rebuilds)
			continue;   /* their workers run the table's kernels only, in parbench */
		n += ((*r)->max_workers == 1 ? 1 : 3) * 4 * 4 * 2 + (strcmp((*r)->name, "gil") == 0);
		n += 2;   /* dynamic_passes_never_overlap */
		nrunners++;
	}
	return n + 2 + 6 + 2 + 2 * nrunners + 5;
}

int main(void)
{
	shared = kernel_shared_alloc(sizeof(*shared));
	counts = kernel_shared_alloc(sizeof(*counts));
	meeting = kernel_shared_alloc(sizeof(*meeting));
	owners = kernel_shared_alloc(sizeof(*owners));
	printf("1..%d\n", planned());
	int rc = tap_run_cases(cases);
	kernel_shared_free(owners, sizeof(*owners));
	kernel_shared_free(meeting, sizeof(*meeting));
	kernel_shared_free(counts, sizeof(*counts));
	kernel_shared_free(shared, sizeof(*shared));
	return rc;
}
