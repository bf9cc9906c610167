/*
 * kernel.h - the kernel interface: work over items [0, n).
 *
 * A kernel is a table entry (struct kernel_ops) plus one file. The harness
 * calls setup() once per (kernel, size), then, for every runner, worker count
 * and schedule, reset() before a repetition, run() on disjoint ranges from
 * any number of threads or forked processes, and digest() after it. All state
 * that run() touches lives in memory a forked child shares with its parent
 * (kernel_shared_alloc), so no runner needs special treatment.
 *
 * Checksums: run() returns a partial result; partials of disjoint ranges are
 * combined by wrapping 64-bit addition, which does not depend on order or on
 * how [0, n) was split. digest(), where present, folds the kernel's output
 * (e.g. triad's array) into the checksum after the run, outside the timing.
 * Every run's checksum is compared with the reference computed by one plain
 * run over [0, n); a mismatch fails the configuration.
 *
 * Work is described as data (.rate): how many units of work one item is, and
 * how to scale them for printing. The harness computes every rate from it.
 */
#ifndef PARBENCH_KERNEL_H
#define PARBENCH_KERNEL_H

#include <stddef.h>
#include <stdint.h>

enum kernel_kind { KERNEL_CPU, KERNEL_MEM, KERNEL_IO };

/* What a kernel's headline figure is. RATE: work per second (.rate);
 * LATENCY: time per item, dependent loads one after another (chase),
 * shown as nanoseconds per load = 1e9 / items per second. */
enum kernel_metric { KERNEL_METRIC_RATE, KERNEL_METRIC_LATENCY };

/*
 * What a runner hands to the kernel for one worker. A kernel calls
 * blocking_begin/blocking_end around any call that may block (sleep, read):
 * the gil runner releases and re-takes its lock there, as CPython does with
 * Py_BEGIN_ALLOW_THREADS; the other runners leave both hooks NULL and the
 * inline helpers below do nothing.
 */
struct worker {
	int id;                             /* 0 .. workers-1 */
	void (*blocking_begin)(struct worker *w);
	void (*blocking_end)(struct worker *w);
	void *runner_data;                  /* the runner's own per-worker state */
	uintptr_t carry;                    /* a kernel's value from this worker's previous
					     * range (chase chains its ranges with it); 0 first */
};

static inline void worker_blocking_begin(struct worker *w)
{
	if (w && w->blocking_begin)
		w->blocking_begin(w);
}

static inline void worker_blocking_end(struct worker *w)
{
	if (w && w->blocking_end)
		w->blocking_end(w);
}

/* The problem a setup() was asked for and what it made of it. */
struct kernel_job {
	size_t n;           /* items; setup may lower it: a run then does n of the
			     * data set's items (chase: a window of its cycle) */
	unsigned repeat;    /* passes over [0, n) per run (triad: enough to be timed);
			     * run() does one pass, the runners repeat it */
	size_t bytes;       /* working set in bytes (0 for kernels without data) */
	double work;        /* set before setup: the factor on the passes (or loads)
			     * per run that setup would choose alone; 0 means 1 */
	size_t asked;       /* set before setup: n as the harness asked for it (setup
			     * may lower n), so that a spawned worker sets up the same
			     * data set; 0: n */
	void *state;
};

/* Work per item, for rates: rate = n * repeat * per_item / seconds / scale. */
struct kernel_rate {
	double per_item;
	double scale;
	const char *unit;
};

struct kernel_ops {
	const char *name;
	enum kernel_kind kind;
	const char *summary;
	/* Why a fresh process cannot set this kernel up again to the same
	 * state (write: its files have no name, only inherited descriptors),
	 * or NULL; runners that rebuild in a new process (spawn) leave it out. */
	const char *process_local;
	/* Bytes of data set per item; 0 when the kernel has none (then --size
	 * does not apply and only --items sets n). */
	size_t item_bytes;
	size_t default_items;   /* items for the default profile */
	size_t quick_items;     /* items for --quick and the tests */
	struct kernel_rate rate;
	enum kernel_metric metric;   /* RATE unless set (the report plots latency for LATENCY) */

	/* Optional (NULL: no state, one pass, no data set): allocate and
	 * initialise state for job->n items in shared memory; set job->state,
	 * job->bytes, and job->repeat if more than 1 pass. Returns 0, or -1
	 * with a one-line reason in err. */
	int (*setup)(struct kernel_job *job, char *err, size_t errlen);
	/* Items [lo, hi); safe concurrently on disjoint ranges; returns the
	 * partial result. */
	uint64_t (*run)(const struct kernel_job *job, size_t lo, size_t hi,
			struct worker *w);
	/* Optional: called before each run, outside the timing. */
	void (*reset)(const struct kernel_job *job);
	/* Optional: a digest of the output after a run, outside the timing. */
	uint64_t (*digest)(const struct kernel_job *job);
	/* Optional: where run() leaves item i's output, output_bytes of it at
	 * (char *)output(job) + i * output_bytes (triad's a[]). A runner whose
	 * workers set up state of their own (spawn) sends each worker's items
	 * back there after its run, so that digest() sees them. NULL: run()
	 * has no output but its partial result. */
	void *(*output)(const struct kernel_job *job);
	size_t output_bytes;
	/* Optional: frees what setup made. */
	void (*teardown)(struct kernel_job *job);
	/* Optional: the data set a forked worker inherits copy-on-write from
	 * the parent (kernel_private_alloc), in *bytes; NULL (the hook or its
	 * result) where there is none. --touch-inherited writes each of its
	 * pages in a forked child before the gate, so that the child pays for
	 * its own copy (runners/runner.c). */
	void *(*data)(const struct kernel_job *job, size_t *bytes);
};

/* write's --fsync-every (io_write.c): it fsyncs after item i when
 * (i + 1) % this == 0; 1 (every item) unless parbench run's option table
 * sets it (1 to KERNEL_WRITE_FSYNC_MAX). A forked worker inherits it. */
extern unsigned kernel_write_fsync_every;
#define KERNEL_WRITE_FSYNC_MAX (1u << 20)

/* The kernel table, NULL-terminated, in kernels/kernels.c. */
extern const struct kernel_ops *const kernel_table[];

/* Returns the kernel called name, or NULL. */
const struct kernel_ops *kernel_find(const char *name);

/* "cpu", "mem" or "io". */
const char *kernel_kind_name(enum kernel_kind kind);

/* Anonymous MAP_SHARED memory, zeroed, visible to forked children; NULL on
 * failure (errno set). Free with kernel_shared_free(p, same bytes). */
void *kernel_shared_alloc(size_t bytes);
void kernel_shared_free(void *p, size_t bytes);

/* Anonymous MAP_PRIVATE memory, zeroed: threads share it, a forked child
 * inherits it copy-on-write (it sees setup's contents, and its own writes
 * copy the pages they touch). For data no worker writes during a run.
 * NULL on failure (errno set). Free with kernel_shared_free(p, same bytes). */
void *kernel_private_alloc(size_t bytes);

/* splitmix64: the counter-based generator kernels use, so that item i's
 * value depends on i alone and not on the split. */
static inline uint64_t kernel_mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

#endif
