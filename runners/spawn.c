/*
 * spawn.c - N fresh parbench processes per run: Python's multiprocessing
 * with the spawn start method (the default on Windows and macOS), where
 * each worker is a new interpreter that re-imports the main module.
 *
 * Creating: the parent puts what a worker needs to know into a shared
 * memory object (memfd_create, struct spawn_block: the kernel's name and
 * the parameters its setup was asked for, the schedule, the options, each
 * worker's PU) that also holds the start gate and the result slots
 * (struct runner_shared), and starts each worker with posix_spawn of
 * /proc/self/exe SPAWN_WORKER_ARG FD ID: the worker inherits the object's
 * descriptor (by number in argv; the parent closes its own once all are
 * started, so no other child inherits it) and maps it MAP_SHARED. Like a
 * re-import, the worker then redoes what the parent did before the run:
 * it finds its kernel in the table by name and calls the kernel's own
 * setup with the same n and work factor, so its data is its own, built
 * again, not inherited (it must come out the same job, else it fails).
 * Binding: a worker binds itself to its PU (sched_setaffinity from the
 * plan's OS index, and runner_bind for the test hook), runs the
 * initializer (--init-cost) in its own process, and stands at the gate.
 * Timing: spawn time is posix_spawn of the first worker until all stand
 * at the gate (setups included: what the Python articles' spawn pays);
 * the work is timed at the gate like every runner's. Output: a kernel
 * with an output (triad's a[]) is sent back: after its finish each worker
 * copies the items of the ranges it ran into the object, and the parent
 * copies them into its own state, so digest() verifies them (outside the
 * timed work, like the digest itself).
 * Joining: the parent reaps every worker (children.c): one that dies
 * before the gate or during the work fails the run with its reason (its
 * own line from its slot when it could not set up), the others are
 * killed, all are reaped on every path, and fork's --timeout applies.
 * Results tables (--collect shared/messages, imap, queue) do not travel
 * through the object yet: such runs are refused or skipped (.no_table).
 *
 * spawn-pool (below): the same workers, spawned once per configuration
 * and fed every repetition through the pool's futexes in the object,
 * told to quit and reaped when the configuration ends.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../harness/core/options.h"
#include "runner.h"
#include "spawn.h"

extern char **environ;

/* What the parent and its spawned workers share: the run's gate and
 * slots, the pool, and the request a worker rebuilds; the kernel's
 * output area follows at out_at. */
struct spawn_block {
	struct runner_shared shared;
	struct runner_pool pool;      /* spawn-pool */
	char kernel[64];              /* the kernel's name in the table */
	size_t asked, n;              /* n asked of setup, and what setup made of it */
	unsigned repeat;
	double work;
	int workers;
	struct schedule sched;
	struct runner_options opt;
	int crash;                    /* test hook: this worker dies before the gate; -1 none */
	int pu[RUNNER_MAX_WORKERS];   /* the OS index of worker i's PU; -1: unbound */
	size_t out_bytes;             /* the kernel's output bytes per item (0: none) */
	size_t out_at;                /* where the output area starts */
	size_t mapped;                /* the object's size */
};

/* --test-spawn-crash: spawned worker I dies of SIGSEGV before the gate. */
static int spawn_crash = -1;

/* ---- the worker's side ---------------------------------------------------- */

/* The ranges this process ran in the current run (spawn_exec), each
 * sent back once (spawn_send). One worker per process: no lock. */
static struct {
	size_t (*r)[2];
	size_t count, cap;
	int lost;                     /* no memory to log a range: the run fails */
} ran;

static uint64_t spawn_exec(const struct run_request *rq, size_t lo, size_t hi, struct worker *w)
{
	if (rq->kernel->output && !ran.lost) {
		if (ran.count == ran.cap) {
			size_t cap = ran.cap ? 2 * ran.cap : 64;
			void *r = realloc(ran.r, cap * sizeof(*ran.r));
			if (!r)
				ran.lost = 1;
			else
				ran.r = r, ran.cap = cap;
		}
		if (!ran.lost) {
			ran.r[ran.count][0] = lo;
			ran.r[ran.count++][1] = hi;
		}
	}
	return runner_range(rq, lo, hi, w);
}

static int range_cmp(const void *a, const void *b)
{
	const size_t *x = a, *y = b;
	return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1];
}

/* The block a run request of this worker points into (rq->shared is its first member). */
static struct spawn_block *block_of(const struct run_request *rq)
{
	return (struct spawn_block *)rq->shared;
}

/* After a run: the output of every range this worker ran (once each, a
 * range of a later pass being the same items again) into the block. */
static void spawn_send(const struct run_request *rq, int id)
{
	struct spawn_block *b = block_of(rq);
	size_t ob = b->out_bytes;
	if (!ob)
		return;
	if (ran.lost)
		snprintf(b->shared.slot[id].error, sizeof(b->shared.slot[id].error),
			 "worker %d (spawn) had no memory to log its ranges", id);
	qsort(ran.r, ran.count, sizeof(*ran.r), range_cmp);
	const char *from = rq->kernel->output(rq->job);
	char *to = (char *)b + b->out_at;
	for (size_t i = 0; i < ran.count; i++)
		if (i == 0 || range_cmp(ran.r[i], ran.r[i - 1]) != 0)
			memcpy(to + ran.r[i][0] * ob, from + ran.r[i][0] * ob, (ran.r[i][1] - ran.r[i][0]) * ob);
	ran.count = 0;
	ran.lost = 0;
}

static int worker_error(struct spawn_block *b, int id, const char *what)
{
	snprintf(b->shared.slot[id].error, sizeof(b->shared.slot[id].error), "worker %d (spawn): %.130s", id, what);
	return -1;
}

/* What a re-import redoes: the kernel from the table by name, its own
 * setup with the parent's parameters (the same job, checked), the run
 * request rebuilt on the block, the binding. 0, or -1 with the reason
 * in the worker's slot. */
static int worker_setup(struct spawn_block *b, int id, struct kernel_job *job, struct run_request *rq)
{
	char err[200];
	const struct kernel_ops *k = kernel_find(b->kernel);
	if (!k)
		return worker_error(b, id, "no kernel of that name in the table");
	*job = (struct kernel_job){ .n = b->asked, .asked = b->asked, .repeat = 1, .work = b->work };
	if (k->setup && k->setup(job, err, sizeof(err)) < 0)
		return worker_error(b, id, err);
	if (job->n != b->n || job->repeat != b->repeat || (k->output ? k->output_bytes : 0) != b->out_bytes)
		return worker_error(b, id, "its setup made a different job from the parent's");
	if (k->reset)
		k->reset(job);
	*rq = (struct run_request){ .kernel = k, .job = job, .workers = b->workers, .sched = b->sched,
				    .opt = &b->opt, .shared = &b->shared };
	if (b->pu[id] >= 0) {
		cpu_set_t set;
		CPU_ZERO(&set);
		CPU_SET(b->pu[id], &set);
		if (sched_setaffinity(0, sizeof(set), &set) < 0) {
			snprintf(err, sizeof(err), "cannot bind to PU P#%d: %s", b->pu[id], strerror(errno));
			return worker_error(b, id, err);
		}
	}
	return 0;
}

static void crash_hook(const struct spawn_block *b, int id)
{
	if (b->crash != id)
		return;
	struct rlimit none = { 0, 0 };
	setrlimit(RLIMIT_CORE, &none);   /* the test hook needs no core file */
	raise(SIGSEGV);
}

/* After each run of a pool: the output back, then the kernel's reset, as
 * the parent's before its next run (chase's window moves on). */
static void pool_after_run(const struct run_request *rq, int id)
{
	spawn_send(rq, id);
	if (rq->kernel->reset)
		rq->kernel->reset(rq->job);
}

/* --spawned-worker FD ID: see spawn_worker_enter. */
static int worker_main(int argc, char **argv)
{
	struct stat st;
	char *end;
	if (argc != 4) {
		fprintf(stderr, "parbench: %s is the spawn runner's, not a command\n", SPAWN_WORKER_ARG);
		return 2;
	}
	long fd = strtol(argv[2], &end, 10), id = strtol(argv[3], &end, 10);
	if (fd < 0 || fd > 1 << 20 || fstat((int)fd, &st) < 0 || (size_t)st.st_size < sizeof(struct spawn_block))
		return 2;
	struct spawn_block *b = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, (int)fd, 0);
	close((int)fd);
	if (b == MAP_FAILED || id < 0 || id >= b->workers)
		return 2;
	runner_child_signals();
	/* Started as /proc/self/exe, it would be called "exe" in ps and pgrep. */
	prctl(PR_SET_NAME, "parbench");
	struct kernel_job job;
	struct run_request rq;
	struct runner_init_table *tab = NULL;   /* left to _exit */
	if (worker_setup(b, (int)id, &job, &rq) < 0)
		return 3;
	crash_hook(b, (int)id);
	if (b->pool.workers) {
		struct runner_pool_hooks h = { .exec = spawn_exec, .after_run = pool_after_run };
		runner_pool_serve_hooked(&b->pool, &h, &rq, (int)id);
		_exit(0);
	}
	struct worker w = { .id = (int)id };
	int unbound = runner_bind(&rq, (int)id) || runner_init_worker(&rq, (int)id, &tab);
	runner_arrive(&rq, (int)id);
	if (!unbound) {
		runner_finish(&rq, (int)id, runner_work(&rq, &w, spawn_exec));
		spawn_send(&rq, (int)id);
	} else {
		runner_leave(&rq, (int)id);
	}
	_exit(0);
}

/* This program's main calls spawn_worker_enter: it can be spawned. */
static int spawn_enterable;

int spawn_worker_enter(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], SPAWN_WORKER_ARG) == 0)
		return worker_main(argc, argv);
	spawn_enterable = 1;
	return -1;
}

/* ---- the parent's side ---------------------------------------------------- */

/* What spawn cannot run: 0, or -1 with out->error set. */
static int spawn_refuses(const struct run_request *rq, struct run_outcome *out, const char *name)
{
	if (!spawn_enterable)
		return runner_fail(out, "%s: this program cannot be spawned as a worker (only parbench can)", name);
	if (kernel_find(rq->kernel->name) != rq->kernel)
		return runner_fail(out, "%s: kernel '%s' is not in the kernel table, so a spawned worker cannot set it up",
				   name, rq->kernel->name);
	if (rq->results)
		return runner_fail(out, "%s: a results table (--collect, --pattern) does not reach spawned workers yet", name);
	return 0;
}

/* Maps a new block for rq in a memfd (*fd: its descriptor, inheritable);
 * NULL with out->error set. */
static struct spawn_block *block_new(const struct run_request *rq, int pooled, int *fd,
				     struct run_outcome *out)
{
	const struct kernel_ops *k = rq->kernel;
	size_t ob = k->output ? k->output_bytes : 0, page = (size_t)sysconf(_SC_PAGESIZE);
	size_t at = (sizeof(struct spawn_block) + page - 1) / page * page;
	size_t size = at + ob * rq->job->n;
	if (strlen(k->name) >= sizeof(((struct spawn_block *)0)->kernel)) {
		runner_fail(out, "spawn: the kernel's name '%s' is too long", k->name);
		return NULL;
	}
	*fd = memfd_create("parbench-spawn", 0);
	if (*fd < 0 || ftruncate(*fd, (off_t)size) < 0) {
		runner_fail(out, "spawn: cannot make a %zu-byte shared memory object: %s", size, strerror(errno));
		if (*fd >= 0)
			close(*fd);
		return NULL;
	}
	struct spawn_block *b = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, *fd, 0);
	if (b == MAP_FAILED) {
		runner_fail(out, "spawn: cannot map its %zu-byte shared memory object: %s", size, strerror(errno));
		close(*fd);
		return NULL;
	}
	snprintf(b->kernel, sizeof(b->kernel), "%s", k->name);
	b->asked = rq->job->asked ? rq->job->asked : rq->job->n;
	b->n = rq->job->n;
	b->repeat = rq->job->repeat;
	b->work = rq->job->work;
	b->workers = rq->workers;
	b->sched = rq->sched;
	b->opt = *rq->opt;
	b->crash = spawn_crash;
	for (int i = 0; i < rq->workers; i++)
		b->pu[i] = plan_layout_binds(rq->layout) ? plan_layout_pu(rq->layout, i) : -1;
	b->out_bytes = ob;
	b->out_at = at;
	b->mapped = size;
	b->pool.workers = pooled ? rq->workers : 0;
	return b;
}

/* Starts the block's workers, recorded in c; the descriptor is closed
 * once all are started (or one could not be). 0, or -1 with out->error. */
static int spawn_workers(struct spawn_block *b, int fd, struct runner_children *c, struct run_outcome *out)
{
	char fds[16], ids[16];
	char arg0[] = "parbench", arg1[] = SPAWN_WORKER_ARG;
	char *argv[] = { arg0, arg1, fds, ids, NULL };
	int rc = 0;
	snprintf(fds, sizeof(fds), "%d", fd);
	for (c->count = 0; c->count < b->workers; c->count++) {
		snprintf(ids, sizeof(ids), "%d", c->count);
		int err = posix_spawn(&c->pid[c->count], "/proc/self/exe", NULL, NULL, argv, environ);
		if (err) {
			rc = runner_fail(out, "cannot spawn worker %d: %s", c->count, strerror(err));
			break;
		}
		c->reaped[c->count] = 0;
	}
	close(fd);
	return rc;
}

/* Why the run failed when worker id ended with status: its own line when
 * it could not set up, else how it ended. */
static int describe(struct spawn_block *b, struct run_outcome *out, int id, int status)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == 3 && b->shared.slot[id].error[0])
		return runner_fail(out, "%s", b->shared.slot[id].error);
	return runner_child_describe(out, "spawn", id, status);
}

/* After a good run: the workers' output into the parent's own state. */
static void take_output(const struct run_request *rq, const struct spawn_block *b)
{
	if (b->out_bytes)
		memcpy(rq->kernel->output(rq->job), (const char *)b + b->out_at, b->out_bytes * rq->job->n);
}

/* The parent's side of a run of spawned workers on r (its shared block is
 * b's): release, reap, and the reason if one died. */
static int spawn_join(struct spawn_block *b, const struct run_request *r, struct runner_children *c,
		      int rc, struct run_outcome *out, double t0)
{
	if (rc == 0 && runner_release(r, runner_children_alive, c) < 0)
		rc = c->late ? runner_fail(out, "spawn workers did not all reach the start within the %g s timeout",
					   r->opt->fork.timeout)
			     : runner_fail(out, "a spawn worker ended before the start");
	if (rc)
		atomic_store(&b->shared.go, 1);   /* let the others run out */
	int late = runner_children_reap(c, c->deadline);
	if (c->dead)   /* the worker that died first, not the ones killed after it */
		return describe(b, out, c->dead - 1, c->status[c->dead - 1]);
	if (late >= 0 && !c->late)
		return runner_fail(out, "worker %d (spawn) still running after the %g s timeout: killed",
				   late, r->opt->fork.timeout);
	for (int i = 0; i < c->count; i++)
		if (describe(b, out, i, c->status[i]) < 0)
			return -1;
	return rc ? rc : runner_collect(r, t0, out);
}

static int spawn_run(const struct run_request *rq, struct run_outcome *out)
{
	int fd;
	if (spawn_refuses(rq, out, "spawn") < 0)
		return -1;
	struct spawn_block *b = block_new(rq, 0, &fd, out);
	if (!b)
		return -1;
	struct run_request r = *rq;
	struct runner_children c = { .count = 0 };
	r.shared = &b->shared;
	r.trace = NULL;
	r.layout = NULL;
	double t0 = runner_begin(&r);
	c.deadline = t0 + rq->opt->fork.timeout;
	int rc = spawn_workers(b, fd, &c, out);
	rc = spawn_join(b, &r, &c, rc, out, t0);
	if (rc == 0)
		take_output(rq, b);
	munmap(b, b->mapped);
	return rc;
}

/* spawn's own test hook; its --timeout is fork's (fork_settings.h). */
static const struct opt spawn_options[] = {
	OPT_WHOLE("test-spawn-crash", spawn_crash, 0, RUNNER_MAX_WORKERS - 1, "I", "a worker id",
		  "test hook: spawned worker I dies of SIGSEGV after its\n"
		  "setup, before the start gate"),
	OPT_END,
};

extern const struct runner_ops runner_spawn_pool;

const struct runner_ops runner_spawn = {
	.name = "spawn",
	.summary = "N fresh parbench processes (posix_spawn) per run, each setting up its kernel again",
	.run = spawn_run,
	.pool = &runner_spawn_pool,
	.no_table = "spawn: its workers cannot reach the run's results table yet (it is not in their shared memory object)",
	.workers_are = RUNNER_PROCESSES,
	.rebuilds = 1,
	.options = spawn_options,
};

/*
 * spawn-pool: the spawned workers kept for the configuration's runs
 * (multiprocessing.get_context("spawn").Pool kept open across map
 * calls). The first run's spawn time includes the spawns and setups;
 * later runs' is waking the workers until all stand at the gate. A worker
 * that dies breaks the pool; the survivors are killed and all reaped.
 */
struct spawn_pool {
	struct spawn_block *b;
	struct runner_children c;
	struct run_request rq;
};

static void spawn_pool_close(void *data)
{
	struct spawn_pool *sp = data;
	if (!sp)
		return;
	runner_pool_quit(&sp->b->pool);
	/* Idle workers leave at once; give them a second, then kill. */
	runner_children_reap(&sp->c, runner_clock() + 1.0);
	munmap(sp->b, sp->b->mapped);
	free(sp);
}

/* The pool of rq's configuration, spawned at its first run; NULL with
 * out->error set (a pool that could not spawn all is kept, broken, for close). */
static struct spawn_pool *pool_open(const struct run_request *rq, struct run_outcome *out, double *t0)
{
	struct spawn_pool *sp = *rq->pool;
	int fd;
	if (sp)
		return sp;
	if (!(sp = calloc(1, sizeof(*sp))) || !(sp->b = block_new(rq, 1, &fd, out))) {
		free(sp);
		if (!out->error[0])
			runner_fail(out, "cannot allocate a spawn pool");
		return NULL;
	}
	sp->rq = *rq;
	sp->rq.shared = &sp->b->shared;
	sp->rq.trace = NULL;
	sp->rq.layout = NULL;
	*rq->pool = sp;
	*t0 = runner_begin(&sp->rq);
	sp->c.deadline = *t0 + rq->opt->fork.timeout;
	if (spawn_workers(sp->b, fd, &sp->c, out) < 0) {
		sp->b->pool.broken = 1;
		return NULL;
	}
	return sp;
}

static int spawn_pool_run(const struct run_request *rq, struct run_outcome *out)
{
	double t0 = 0;
	if (spawn_refuses(rq, out, "spawn-pool") < 0)
		return -1;
	int first = !*rq->pool;
	struct spawn_pool *sp = pool_open(rq, out, &t0);
	if (!sp)
		return -1;
	if (!first)
		t0 = runner_begin(&sp->rq);
	sp->c.deadline = runner_clock() + rq->opt->fork.timeout;
	sp->c.late = 0;
	if (runner_pool_run(&sp->b->pool, &sp->rq, out, runner_children_alive, &sp->c) < 0) {
		int died[RUNNER_MAX_WORKERS];
		for (int i = 0; i < sp->c.count; i++) {
			died[i] = sp->c.reaped[i];
			if (!died[i])
				kill(sp->c.pid[i], SIGKILL);
		}
		runner_children_reap(&sp->c, runner_clock() + 10);
		if (sp->c.late)
			return runner_fail(out, "spawn-pool workers did not finish within the %g s timeout: killed",
					   rq->opt->fork.timeout);
		for (int i = 0; i < sp->c.count; i++)
			if (died[i] && describe(sp->b, out, i, sp->c.status[i]) < 0)
				break;
		return -1;
	}
	int rc = runner_collect(&sp->rq, t0, out);
	if (rc == 0)
		take_output(rq, sp->b);
	return rc;
}

const struct runner_ops runner_spawn_pool = {
	.name = "spawn-pool",
	.summary = "N fresh parbench processes spawned once per configuration and fed every run (--pool)",
	.run = spawn_pool_run,
	.close = spawn_pool_close,
	.pooled = 1,
	.rebuilds = 1,
	.no_table = "spawn-pool: its workers cannot reach the run's results table yet (it is not in their shared memory object)",
	.workers_are = RUNNER_PROCESSES,
};
