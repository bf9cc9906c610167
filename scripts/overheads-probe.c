/*
 * overheads-probe.c - an independent second opinion on `parbench overheads`,
 * built and run by scripts/compare-overheads.sh; shares no code with
 * parbench. The plainest method there is: a fixed number of back-to-back
 * repetitions of the primitive between two clock reads, divided by that
 * number; seven such runs, their median printed. No calibration, no
 * reference loop subtracted, one warm-up run first. Everything runs twice:
 * unbound (the OS places every thread: "none"), then pinned with plain
 * sched_setaffinity to the first two CPUs the process may use ("cores"): a
 * pair on one CPU (workers 1) or one each (workers 2); a new thread or
 * child stays on its creator's CPU.
 *
 * Output: one line per measurement, "name workers none|cores microseconds".
 * Usage: overheads-probe PROGRAM   (PROGRAM: what fork-exec execs)
 */
#define _GNU_SOURCE
#include <omp.h>
#include <sched.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUNS 7

static const char *program;
static const char *placement = "none";
static int cpu[2] = { -1, -1 };   /* the first two CPUs we may use */
static int partner_cpu = -1;      /* where a pair's partner pins itself; -1: nowhere */

/* Pins the calling thread to c (nothing for c < 0). */
static void pin(int c)
{
	cpu_set_t set;
	if (c < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(c, &set);
	if (sched_setaffinity(0, sizeof(set), &set) != 0) {
		perror("sched_setaffinity");
		exit(1);
	}
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Runs fn(n) once to warm up, then RUNS times; prints the median of the
 * microseconds per repetition (fn returns its own elapsed seconds). */
static void report(const char *name, int workers, long n, double per, double (*fn)(long))
{
	double t[RUNS];
	fn(n / 10 + 1);
	for (int i = 0; i < RUNS; i++)
		t[i] = fn(n) / ((double)n * per) * 1e6;
	qsort(t, RUNS, sizeof(t[0]), by_value);
	printf("%s %d %s %.4f\n", name, workers, placement, t[RUNS / 2]);
	fflush(stdout);
}

static void *nothing(void *arg)
{
	return arg;
}

static double thread_create(long n)
{
	double t0 = seconds();
	for (long i = 0; i < n; i++) {
		pthread_t t;
		if (pthread_create(&t, NULL, nothing, NULL) != 0) {
			perror("pthread_create");
			exit(1);
		}
		pthread_join(t, NULL);
	}
	return seconds() - t0;
}

static double fork_exit(long n)
{
	double t0 = seconds();
	for (long i = 0; i < n; i++) {
		pid_t p = fork();
		if (p == 0)
			_exit(0);
		if (p < 0) {
			perror("fork");
			exit(1);
		}
		waitpid(p, NULL, 0);
	}
	return seconds() - t0;
}

static double fork_exec(long n)
{
	double t0 = seconds();
	for (long i = 0; i < n; i++) {
		pid_t p = fork();
		if (p == 0) {
			execl(program, program, (char *)NULL);
			_exit(127);
		}
		int st;
		waitpid(p, &st, 0);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fprintf(stderr, "probe: %s failed\n", program);
			exit(1);
		}
	}
	return seconds() - t0;
}

/* Pipes: a partner echoes every byte until its input is closed. */
static int to_partner[2], from_partner[2];

static void echo_loop(void)
{
	char c;
	pin(partner_cpu);
	while (read(to_partner[0], &c, 1) == 1 && write(from_partner[1], &c, 1) == 1)
		;
}

static void *echo_thread(void *arg)
{
	echo_loop();
	return arg;
}

static double round_trips(long n)
{
	char c = 'p';
	double t0 = seconds();
	for (long i = 0; i < n; i++)
		if (write(to_partner[1], &c, 1) != 1 || read(from_partner[0], &c, 1) != 1)
			exit(1);
	return seconds() - t0;
}

static void pipes(int processes, int workers)
{
	pthread_t t;
	pid_t p = 0;
	if (pipe(to_partner) || pipe(from_partner))
		exit(1);
	if (processes) {
		p = fork();
		if (p == 0) {
			close(to_partner[1]);
			echo_loop();
			_exit(0);
		}
	} else {
		pthread_create(&t, NULL, echo_thread, NULL);
	}
	report(processes ? "pipe-procs" : "pipe-threads", workers, 1000, 1, round_trips);
	close(to_partner[1]);
	if (processes)
		waitpid(p, NULL, 0);
	else
		pthread_join(t, NULL);
	close(to_partner[0]);
	close(from_partner[0]);
	close(from_partner[1]);
}

/* Ping-pong under a mutex: whose turn it is, and a condition variable. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int turn, done;

static void *pong(void *arg)
{
	pin(partner_cpu);
	pthread_mutex_lock(&lock);
	while (!done) {
		if (turn == 1) {
			turn = 0;
			pthread_cond_broadcast(&changed);
		} else {
			pthread_cond_wait(&changed, &lock);
		}
	}
	pthread_mutex_unlock(&lock);
	return arg;
}

static double ping(long n)
{
	double t0 = seconds();
	pthread_mutex_lock(&lock);
	for (long i = 0; i < n; i++) {
		turn = 1;
		pthread_cond_broadcast(&changed);
		while (turn != 0)
			pthread_cond_wait(&changed, &lock);
	}
	pthread_mutex_unlock(&lock);
	return seconds() - t0;
}

static _Alignas(64) atomic_long shared_counter;
static atomic_int go, finished;
static long hammer_n;

/* arg: non-NULL in the helper thread, which pins itself. */
static void *hammer(void *arg)
{
	if (arg)
		pin(partner_cpu);
	while (!atomic_load(&go))
		;
	for (long i = 0; i < hammer_n; i++)
		atomic_fetch_add(&shared_counter, 1);
	atomic_fetch_add(&finished, 1);
	return arg;
}

static double atomic_one(long n)
{
	double t0 = seconds();
	for (long i = 0; i < n; i++)
		atomic_fetch_add(&shared_counter, 1);
	return seconds() - t0;
}

static double atomic_two(long n)
{
	pthread_t t;
	hammer_n = n;
	atomic_store(&go, 0);
	atomic_store(&finished, 0);
	pthread_create(&t, NULL, hammer, &partner_cpu);
	double t0 = seconds();
	atomic_store(&go, 1);
	hammer(NULL);
	while (atomic_load(&finished) < 2)
		sched_yield();
	double t1 = seconds();
	pthread_join(t, NULL);
	return t1 - t0;
}

static volatile int sink;

/* Pins OpenMP thread i of a team of two to cpu[i] (libgomp keeps them). */
static void pin_team(void)
{
#pragma omp parallel num_threads(2)
	pin(cpu[omp_get_thread_num()]);
}

static double omp_region(long n)
{
	double t0 = seconds();
	for (long i = 0; i < n; i++) {
#pragma omp parallel num_threads(2)
		sink = 1;
	}
	return seconds() - t0;
}

static double omp_bar(long n)
{
	double t0 = seconds();
#pragma omp parallel num_threads(2)
	for (long i = 0; i < n; i++) {
#pragma omp barrier
	}
	return seconds() - t0;
}

static double omp_static(long n)
{
	double t0 = seconds();
#pragma omp parallel num_threads(2)
	for (long i = 0; i < n; i++) {
#pragma omp for schedule(static)
		for (int k = 0; k < 16; k++)
			sink = k;
	}
	return seconds() - t0;
}

static double omp_dynamic(long n)
{
	double t0 = seconds();
#pragma omp parallel num_threads(2)
	for (long i = 0; i < n; i++) {
#pragma omp for schedule(dynamic, 1)
		for (int k = 0; k < 16; k++)
			sink = k;
	}
	return seconds() - t0;
}

static void mutex_pair(int workers)
{
	pthread_t t;
	done = 0;
	turn = 0;
	pthread_create(&t, NULL, pong, NULL);
	report("mutex-handoff", workers, 1000, 2, ping);
	pthread_mutex_lock(&lock);
	done = 1;
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
	pthread_join(t, NULL);
}

/* Everything once, under the current placement: pinned says whether the
 * caller is on cpu[0] and partners go to cpu[0] (1 worker) or cpu[1]. */
static void suite(int pinned)
{
	report("thread-create", 1, 1000, 1, thread_create);
	report("fork-exit", 1, 200, 1, fork_exit);
	report("fork-exec", 1, 50, 1, fork_exec);
	for (int w = pinned ? 1 : 2; w <= 2; w++) {
		partner_cpu = pinned ? cpu[w - 1] : -1;
		mutex_pair(w);
		pipes(0, w);
		pipes(1, w);
	}
	report("atomic-add", 1, 3000000, 1, atomic_one);
	partner_cpu = pinned ? cpu[1] : -1;
	report("atomic-add", 2, 1000000, 1, atomic_two);
	if (pinned)
		pin_team();
	report("omp-parallel", 2, 50000, 1, omp_region);
	report("omp-barrier", 2, 300000, 1, omp_bar);
	report("omp-for-static", 2, 200000, 1, omp_static);
	report("omp-for-dynamic", 2, 50000, 1, omp_dynamic);
}

int main(int argc, char **argv)
{
	cpu_set_t mine;
	if (argc != 2) {
		fprintf(stderr, "usage: overheads-probe PROGRAM\n");
		return 2;
	}
	program = argv[1];
	omp_set_dynamic(0);
	sched_getaffinity(0, sizeof(mine), &mine);
	for (int c = 0, n = 0; c < CPU_SETSIZE && n < 2; c++)
		if (CPU_ISSET(c, &mine))
			cpu[n++] = c;
	suite(0);
	if (cpu[1] < 0) {
		fprintf(stderr, "probe: one CPU only: no pinned runs\n");
		return 0;
	}
	placement = "cores";
	pin(cpu[0]);
	suite(1);
	return 0;
}
