/*
 * test_runners.c - every runner in the table against a counting kernel:
 * each item is run exactly once per pass, for every worker count and
 * schedule, including n = 0 and n < workers; the partials add up to the
 * expected checksum; under gil no two workers are ever inside the kernel at
 * once (outside blocking calls). Then the fork runner's failure path: a
 * worker that dies of SIGSEGV fails the run with the signal named, and no
 * child is left behind. TAP output; no timing is asserted.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "../kernels/kernel.h"
#include "../runners/runner.h"

#define MAX_ITEMS 1000

struct counting {
	atomic_uint count[MAX_ITEMS];
	atomic_int inside;        /* workers in run() outside a blocking call */
	atomic_int max_inside;
};

static int test_no, failures;

static void ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void ok(int cond, const char *fmt, ...)
{
	va_list ap;
	test_no++;
	printf("%s %d - ", cond ? "ok" : "not ok", test_no);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	failures += !cond;
}

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

static const struct kernel_ops counting = {
	.name = "counting", .kind = KERNEL_CPU, .summary = "test kernel",
	.run = counting_run,
};

static int check_counts(struct counting *c, size_t n, unsigned passes)
{
	for (size_t i = 0; i < n; i++)
		if (atomic_load(&c->count[i]) != passes)
			return 0;
	return 1;
}

int main(void)
{
	static const size_t ns[] = { 0, 1, 2, 1000 };
	static const int ws[] = { 1, 2, 3 };
	static const struct schedule scheds[] = {
		{ SPLIT_STATIC, 0 }, { SPLIT_DYNAMIC, 0 }, { SPLIT_DYNAMIC, 1 }, { SPLIT_DYNAMIC, 7 },
	};
	struct runner_shared *shared = kernel_shared_alloc(sizeof(*shared));
	struct counting *c = kernel_shared_alloc(sizeof(*c));
	struct runner_options opt = { .switch_interval = 0.0005, .gil_unit = 3, .crash_worker = -1 };
	int planned = 0;

	for (const struct runner_ops *const *r = runner_table; *r; r++)
		planned += ((*r)->max_workers == 1 ? 1 : 3) * 4 * 4 * 2 +
			   (strcmp((*r)->name, "gil") == 0);
	printf("1..%d\n", planned + 4);

	for (const struct runner_ops *const *r = runner_table; *r; r++) {
		int nw = (*r)->max_workers == 1 ? 1 : 3, max_inside = 0;
		for (int wi = 0; wi < nw; wi++)
			for (size_t si = 0; si < 4; si++)
				for (size_t ni = 0; ni < 4; ni++)
					for (unsigned passes = 1; passes <= 2; passes++) {
						struct kernel_job job = { .n = ns[ni], .repeat = passes, .state = c };
						struct schedule s = scheds[si];
						if (s.kind == SPLIT_DYNAMIC && !s.chunk)
							s.chunk = split_default_chunk(job.n, ws[wi]);
						struct run_request rq = {
							.kernel = &counting, .job = &job, .workers = ws[wi],
							.sched = s, .opt = &opt, .shared = shared,
						};
						struct run_outcome out;
						memset(&out, 0, sizeof(out));
						memset(c, 0, sizeof(*c));
						int rc = (*r)->run(&rq, &out);
						uint64_t want = (uint64_t)passes * job.n * (job.n + 1) / 2;
						ok(rc == 0 && check_counts(c, job.n, passes) && out.checksum == want,
						   "%s workers=%d %s:%zu n=%zu passes=%u: every item once per pass, checksum %llu (want %llu)%s%s",
						   (*r)->name, ws[wi], split_name(s.kind), s.chunk, job.n, passes,
						   (unsigned long long)out.checksum, (unsigned long long)want,
						   rc ? ", error: " : "", rc ? out.error : "");
						if (atomic_load(&c->max_inside) > max_inside)
							max_inside = atomic_load(&c->max_inside);
					}
		if (strcmp((*r)->name, "gil") == 0)
			ok(max_inside == 1, "gil: at most one worker inside the kernel at a time (saw %d)",
			   max_inside);
	}

	/* fork: a worker killed by a signal fails the run, with the reason. */
	const struct runner_ops *fork_runner = runner_find("fork");
	struct kernel_job job = { .n = 1000, .repeat = 1, .state = c };
	for (int victim = 0; victim <= 1; victim++) {
		struct run_outcome out;
		opt.crash_worker = victim;
		struct run_request rq = {
			.kernel = &counting, .job = &job, .workers = 2,
			.sched = { SPLIT_STATIC, 0 }, .opt = &opt, .shared = shared,
		};
		memset(&out, 0, sizeof(out));
		int rc = fork_runner->run(&rq, &out);
		char want[64];
		snprintf(want, sizeof(want), "worker %d (fork) killed by signal %d", victim, SIGSEGV);
		ok(rc == -1 && strstr(out.error, want) && strstr(out.error, "SIGSEGV"),
		   "fork: crashing worker %d fails the run naming the signal ('%s')", victim, out.error);
		errno = 0;
		ok(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD,
		   "fork: no child left behind after the crash of worker %d", victim);
	}
	kernel_shared_free(c, sizeof(*c));
	kernel_shared_free(shared, sizeof(*shared));
	return failures != 0;
}
