/*
 * topology_pairs.c - the two measurements `parbench topology` makes on a
 * pair of PUs: how long a cache line takes to travel between them, and
 * how much a compute loop on one slows down while the other runs it too.
 *
 * DESIGN. Both create two threads per pair, each bound (core/plan's
 * plan_bind, one PU each) to its PU before anything is timed; they meet
 * at a gate (a spin on an atomic, so no wake-up is timed), and are joined
 * when done. Nothing here compares names or trusts hwloc's tree: the PUs
 * are only places to run.
 *
 * Core-to-core latency (ping-pong). One 64-bit atomic alone on a 128-byte
 * aligned block (a line, and its adjacent-line prefetch partner, to
 * itself). Thread A stores an odd number v (release) and spins (acquire
 * loads) until it reads v + 1; thread B spins until it reads an odd value
 * it has not answered and stores value + 1. Each round trip moves the line
 * to B and back: two transfers. A times pp_trips round trips on
 * CLOCK_MONOTONIC per repetition, after pp_trips / 4 untimed ones; a
 * repetition's one-way latency is its time / round trips / 2 (half the
 * round trip, which is what core-to-core tables usually print). Plain
 * stores and loads, not compare-and-swap: a locked instruction adds its
 * own cost (a full barrier on x86) to every hop. The median over pp_reps
 * repetitions is the result; min and max are kept. Pairs are unordered:
 * the line makes the same two trips whichever thread starts them. A spin
 * looks at the clock every 4096 tries and the pair gives up after
 * pp_limit_s (a PU that never gets a CPU), keeping the repetitions done.
 *
 * Interference. The loop (topo_loop_words): eight independent 64-bit
 * multiply-add chains (x = x * M + C, Knuth's MMIX constants) kept in
 * general registers by an empty asm per step, so the compiler neither
 * vectorises nor merges them. Eight chains against a multiply latency of
 * about 3 cycles ask for more multiplies than a core's one multiplier per
 * cycle gives: the loop is bound by the multiplier's throughput, not by a
 * chain's latency. That is why it reveals a shared core: two SMT siblings
 * share the core's execution units, so each gets about half the
 * multiplier (relative throughput near 0.5); two separate cores each keep
 * theirs (near 1). A single dependent chain would hide exactly this: it
 * leaves the multiplier idle 2 cycles in 3, and a sibling fills them at
 * no cost. A vCPU pair that time-shares one host CPU also shows near 0.5
 * (the host runs one at a time); a shared cache does not show (the loop
 * touches no memory), nor does a shared power budget beyond a few %.
 * Each run: the threads pass the gate, read the clock and their CPU time,
 * run slices of 2^14 steps until window_s has passed, and rate = steps
 * x 8 / the thread's CPU time (million multiplies per CPU second). Per
 * CPU second, not per second of the clock: on a shared machine another
 * process may take the PU for a while, which is not the pair's doing and
 * would read as a slowdown (the CPU share, CPU time over wall time, is
 * kept to say so); a sibling's slowing, by contrast, happens while the
 * thread runs and lowers the rate per CPU second too. (A host that
 * deschedules a whole vCPU shows as steal time; guests with steal
 * accounting leave it out of CPU time, and then that is not seen.)
 * A round is a alone, b
 * alone, then a and b together (both rates from the same window); the
 * medians of the rounds are the result, so a drift of the machine falls
 * on all three alike.
 */
#define _GNU_SOURCE
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/clock.h"
#include "../core/signals.h"
#include "../core/stats.h"
#include "topology_int.h"

#define PP_STOP UINT64_MAX
#define PP_MAX_REPS 256
#define LOOP_SLICE (1u << 14)
#define TOPO_MAX_ROUNDS 32

const char topo_loop_words[] =
	"eight independent 64-bit integer multiply-add chains (x = x * M + C) in general registers: "
	"bound by the core's multiplier throughput, which SMT siblings share";

const char *topo_verdict(double slowdown)
{
	return slowdown >= TOPO_SIBLING ? "sibling" : slowdown >= TOPO_SHARED ? "shared" : "independent";
}

/* ---- two threads on two PUs ------------------------------------------------ */

/* What a pair's two threads share. */
struct duo {
	const struct plan_layout *l;
	int pu[2];                        /* layout worker ids */
	int n;                            /* threads: 2, or 1 for a PU alone */
	atomic_int arrived, failed;
	char err[256];
	pthread_mutex_t mutex;
	/* ping-pong */
	alignas(128) _Atomic uint64_t line;
	alignas(128) const struct topo_pair_cfg *cfg;
	double oneway[PP_MAX_REPS];
	int reps;
	/* interference */
	double rate[2], share[2];
	uint64_t sink;
};

struct duo_arg {
	struct duo *d;
	int id;
	void *(*body)(struct duo *d, int id);
};

static void duo_fail(struct duo *d, const char *why)
{
	pthread_mutex_lock(&d->mutex);
	if (!atomic_load(&d->failed))
		snprintf(d->err, sizeof(d->err), "%s", why);
	atomic_store(&d->failed, 1);
	pthread_mutex_unlock(&d->mutex);
}

/* Binds itself, waits for the other at the gate, runs body. */
static void *duo_main(void *arg)
{
	struct duo_arg *a = arg;
	struct duo *d = a->d;
	char err[256];
	if (plan_bind(d->l, d->pu[a->id], err, sizeof(err)) < 0)
		duo_fail(d, err);
	atomic_fetch_add(&d->arrived, 1);
	while (atomic_load(&d->arrived) < d->n)
		sched_yield();
	if (!atomic_load(&d->failed))
		a->body(d, a->id);
	return NULL;
}

/* Runs body on d->n threads (ids 0, 1) bound to d->pu[]; 0, or -1 with
 * the reason in err. */
static int duo_run(struct duo *d, void *(*body)(struct duo *d, int id), char *err, size_t errlen)
{
	pthread_t tid[2];
	struct duo_arg args[2];
	int started = 0, rc;
	pthread_mutex_init(&d->mutex, NULL);
	for (; started < d->n; started++) {
		args[started] = (struct duo_arg){ .d = d, .id = started, .body = body };
		if ((rc = pthread_create(&tid[started], NULL, duo_main, &args[started])) != 0) {
			snprintf(err, errlen, "cannot create a thread: %s", strerror(rc));
			atomic_store(&d->failed, 1);
			atomic_fetch_add(&d->arrived, d->n);   /* let the other one leave */
			break;
		}
	}
	for (int i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	pthread_mutex_destroy(&d->mutex);
	if (atomic_load(&d->failed) && started == d->n)
		snprintf(err, errlen, "%s", d->err);
	return atomic_load(&d->failed) ? -1 : 0;
}

/* ---- ping-pong --------------------------------------------------------------- */

/* A: n round trips from value *v on; 0, or -1 past the deadline. */
static int pp_trips(struct duo *d, uint64_t *v, int n, double deadline)
{
	for (int k = 0; k < n; k++) {
		atomic_store_explicit(&d->line, *v, memory_order_release);
		unsigned spins = 0;
		while (atomic_load_explicit(&d->line, memory_order_acquire) != *v + 1)
			if ((++spins & 4095) == 0 && clock_now() > deadline)
				return -1;
		*v += 2;
	}
	return 0;
}

/* Thread 0 serves (A: times), thread 1 answers (B) until PP_STOP. */
static void *pp_body(struct duo *d, int id)
{
	if (id == 1) {
		uint64_t seen = 0;
		for (;;) {
			uint64_t x = atomic_load_explicit(&d->line, memory_order_acquire);
			if (x == PP_STOP)
				return NULL;
			if ((x & 1) && x != seen) {
				seen = x;
				atomic_store_explicit(&d->line, x + 1, memory_order_release);
			}
		}
	}
	const struct topo_pair_cfg *c = d->cfg;
	double deadline = clock_now() + c->pp_limit_s;
	uint64_t v = 1;
	if (pp_trips(d, &v, c->pp_trips / 4 + 1, deadline) == 0)
		for (d->reps = 0; d->reps < c->pp_reps && !signals_stopped(); d->reps++) {
			double t0 = clock_now();
			if (pp_trips(d, &v, c->pp_trips, deadline) < 0)
				break;
			d->oneway[d->reps] = (clock_now() - t0) / c->pp_trips / 2 * 1e9;
		}
	atomic_store_explicit(&d->line, PP_STOP, memory_order_release);
	return NULL;
}

int topo_c2c_pair(const struct plan_layout *l, int a, int b, const struct topo_pair_cfg *cfg,
		  struct topo_c2c *out, char *err, size_t errlen)
{
	static struct duo d;
	memset(&d, 0, sizeof(d));
	d = (struct duo){ .l = l, .pu = { a, b }, .n = 2, .cfg = cfg };
	atomic_init(&d.line, 0);
	if (cfg->pp_reps > PP_MAX_REPS) {
		snprintf(err, errlen, "at most %d repetitions per pair", PP_MAX_REPS);
		return -1;
	}
	if (duo_run(&d, pp_body, err, errlen) < 0)
		return -1;
	*out = (struct topo_c2c){ .median_ns = NAN, .lo_ns = NAN, .hi_ns = NAN, .reps = d.reps };
	if (d.reps > 0) {
		struct stats st;
		stats_summarise(d.oneway, (size_t)d.reps, &st);
		out->median_ns = st.median;
		out->lo_ns = st.min;
		out->hi_ns = st.max;
	}
	return 0;
}

/* ---- interference ---------------------------------------------------------- */

/* steps x 8 multiply-adds in eight independent chains. */
static uint64_t chains(uint64_t x, unsigned steps)
{
	const uint64_t m = 6364136223846793005ULL, c = 1442695040888963407ULL;
	uint64_t x0 = x, x1 = x + 1, x2 = x + 2, x3 = x + 3;
	uint64_t x4 = x + 4, x5 = x + 5, x6 = x + 6, x7 = x + 7;
	for (unsigned i = 0; i < steps; i++) {
		x0 = x0 * m + c; x1 = x1 * m + c; x2 = x2 * m + c; x3 = x3 * m + c;
		x4 = x4 * m + c; x5 = x5 * m + c; x6 = x6 * m + c; x7 = x7 * m + c;
		__asm__("" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3));
		__asm__("" : "+r"(x4), "+r"(x5), "+r"(x6), "+r"(x7));
	}
	return x0 ^ x1 ^ x2 ^ x3 ^ x4 ^ x5 ^ x6 ^ x7;
}

/* Runs the loop for the window; its rate and CPU share into d. */
static void *loop_body(struct duo *d, int id)
{
	double t0 = clock_now(), cpu0 = clock_thread_cpu(), t;
	uint64_t steps = 0, acc = 0;
	do {
		acc ^= chains(steps + (uint64_t)id, LOOP_SLICE);
		steps += LOOP_SLICE;
	} while ((t = clock_now()) - t0 < d->cfg->window_s);
	double cpu = clock_thread_cpu() - cpu0;
	d->rate[id] = (double)steps * 8 / (cpu > 0 ? cpu : t - t0) / 1e6;
	d->share[id] = cpu / (t - t0);
	__atomic_fetch_xor(&d->sink, acc, __ATOMIC_RELAXED);
	return NULL;
}

/* One run of the loop on PUs pus[0..n); rates and shares out. */
static int loop_run(const struct plan_layout *l, const int *pus, int n, const struct topo_pair_cfg *cfg,
		    double *rate, double *share, char *err, size_t errlen)
{
	static struct duo d;
	memset(&d, 0, sizeof(d));
	d = (struct duo){ .l = l, .pu = { pus[0], n > 1 ? pus[1] : pus[0] }, .n = n, .cfg = cfg };
	if (duo_run(&d, loop_body, err, errlen) < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		rate[i] = d.rate[i];
		share[i] = d.share[i];
	}
	return 0;
}

static double median_of(double *x, int n)
{
	struct stats st;
	stats_summarise(x, (size_t)n, &st);
	return st.median;
}

int topo_intf_pair(const struct plan_layout *l, int a, int b, const struct topo_pair_cfg *cfg,
		   struct topo_intf *out, char *err, size_t errlen)
{
	double alone[2][TOPO_MAX_ROUNDS], both[2][TOPO_MAX_ROUNDS], share[3][TOPO_MAX_ROUNDS];
	const int pus[2] = { a, b };
	int rounds = cfg->rounds < TOPO_MAX_ROUNDS ? cfg->rounds : TOPO_MAX_ROUNDS, done = 0;
	for (; done < rounds && (done == 0 || !signals_stopped()); done++) {
		double r2[2], s2[2];
		for (int i = 0; i < 2; i++) {
			if (loop_run(l, &pus[i], 1, cfg, &alone[i][done], &s2[i], err, errlen) < 0)
				return -1;
		}
		share[0][done] = fmin(s2[0], s2[1]);
		if (loop_run(l, pus, 2, cfg, r2, s2, err, errlen) < 0)
			return -1;
		both[0][done] = r2[0];
		both[1][done] = r2[1];
		share[1][done] = fmin(s2[0], s2[1]);
	}
	for (int i = 0; i < 2; i++) {
		out->alone[i] = median_of(alone[i], done);
		out->together[i] = median_of(both[i], done);
	}
	out->share = fmin(median_of(share[0], done), median_of(share[1], done));
	return 0;
}
