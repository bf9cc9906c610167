/*
 * demo.c - `parbench demo fork-after-threads`: what goes wrong when a
 * process that has threads forks, and three ways to avoid it.
 *
 * DESIGN. fork() copies the whole address space but only the calling
 * thread. A mutex is just memory, so the child gets every lock in the state
 * it had at the instant of the fork; a lock that some other thread held
 * then is held in the child too, by a thread the child does not have, and
 * nothing will ever release it. Libraries keep such locks inside them (an
 * allocator's arena lock, a logger's lock, a thread pool's queue lock):
 * this is the C face of the seeds' warning that a library set up in the
 * parent can break in a forked child.
 *
 * The demo plays it with a stand-in library (struct fakelib: one mutex and
 * a call counter) and a helper thread that uses it. To make the pitfall
 * deterministic rather than a race, the helper takes the lock, says so,
 * and keeps it until the parent tells it the fork is done; only then does
 * it release it and go on calling the library now and then. The child
 * tries to call the library with pthread_mutex_clocklock (the monotonic
 * clock's pthread_mutex_timedlock) bounded by --timeout and reports, on a
 * pipe, what happened and how long it waited. Each fix runs the same
 * helper and lock: (a) fork before the helper exists; (b) pthread_atfork
 * handlers that take the lock before fork and release it in both processes
 * after, so fork waits for the helper to finish its call; (c) the child
 * leaves the inherited library alone and builds its own (what
 * Pool(initializer=...) does). Then OpenMP: libgomp keeps a pool of
 * threads after a parallel region, the child inherits none of them but
 * does inherit the pool's bookkeeping; the demo measures what a region in
 * the child does here, and what omp_pause_resource_all before fork changes.
 *
 * Never a hang. Every wait has a bound: the child's lock attempt
 * (--timeout), the parent's wait for a child's report (poll with the
 * timeout plus a grace), the reaping (waitpid WNOHANG until a bound, then
 * SIGKILL and a blocking waitpid, which SIGKILL makes short), the helper's
 * hold and its join (pthread_clockjoin_np), and all of it by a global
 * deadline (4 x timeout + 6 s; 10 s by default), past which the remaining
 * steps are skipped and said. As a last resort an alarm at the deadline
 * plus 2 s kills the current child and exits 1. Children ask the kernel to
 * kill them if the parent dies (PR_SET_PDEATHSIG) and carry an alarm of
 * their own, and they leave with _exit, so they never flush the parent's
 * stdio buffers twice or return into the harness.
 *
 * What a child runs between fork and _exit is kept to system calls, the
 * pthread lock calls and plain string functions (no stdio, no malloc): in
 * the child of a threaded process only async-signal-safe calls are sure to
 * work (the OpenMP child is the exception, on purpose: that is what it
 * measures).
 *
 * Output: the steps on stdout; with --out DIR the same text in DIR/demo.md
 * (written at the end, through a temporary file and rename).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <omp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../core/cli.h"
#include "../core/newfile.h"
#include "../core/clock.h"
#include "../core/options.h"
#include "demo.h"
#include "demos.h"

/* ---- time --------------------------------------------------------------- */

static void pause_for(double seconds)
{
	struct timespec ts = { .tv_sec = (time_t)seconds,
			       .tv_nsec = (long)((seconds - floor(seconds)) * 1e9) };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Threads in this process: the kernel's count in /proc/self/status, read
 * with plain system calls (safe in a forked child); -1 if unreadable. */
static int count_threads(void)
{
	char buf[4096];
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	char *line = strstr(buf, "\nThreads:");
	if (!line)
		return -1;
	return (int)strtol(line + 9, NULL, 10);
}

/* ---- what the demo says ------------------------------------------------- */

struct demo {
	double timeout;           /* --timeout: the bounded wait, seconds */
	const char *out;          /* --out DIR, or NULL */
	double start, deadline;   /* the whole demo stops at deadline */
	FILE *md;                 /* a copy of stdout for demo.md, or NULL */
	char *mdbuf;
	size_t mdlen;
	int unexpected;           /* something did not go as the text says */
};

/* stdout, and demo.md's copy. */
static void say(struct demo *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct demo *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (d->md) {
		va_start(ap, fmt);
		vfprintf(d->md, fmt, ap);
		va_end(ap);
	}
}

/* A line for something that did not go as designed: exit status 1. */
static void unexpected(struct demo *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void unexpected(struct demo *d, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	say(d, "  UNEXPECTED: %s\n", line);
	d->unexpected = 1;
}

static double left(const struct demo *d)
{
	return d->deadline - clock_now();
}

/* ---- the stand-in library ------------------------------------------------ */

/* A library with an internal lock, as a logger or an allocator has. */
struct fakelib {
	pthread_mutex_t lock;
	long calls;
};

static void lib_init(struct fakelib *lib)
{
	pthread_mutex_init(&lib->lock, NULL);
	lib->calls = 0;
}

/* One call into the library: takes its lock, waiting at most until the
 * monotonic time `until`. Returns 0 or the error (ETIMEDOUT); *waited is
 * how long it waited for the lock. */
static int lib_call(struct fakelib *lib, double until, double *waited)
{
	double t0 = clock_now();
	struct timespec ts = clock_timespec(until);
	int err = pthread_mutex_clocklock(&lib->lock, CLOCK_MONOTONIC, &ts);
	if (waited)
		*waited = clock_now() - t0;
	if (err)
		return err;
	lib->calls++;
	pthread_mutex_unlock(&lib->lock);
	return 0;
}

/* ---- the helper thread ---------------------------------------------------- */

/* A thread of the parent's that uses the library: it takes the lock, says
 * so (holding = 1), keeps it until told (release) or for hold_for seconds,
 * then calls the library every 100 us until told to stop. */
struct helper {
	pthread_t tid;
	struct fakelib *lib;
	pthread_mutex_t m;        /* guards the flags; cv uses CLOCK_MONOTONIC */
	pthread_cond_t cv;
	int holding;              /* 1 holding, -1 could not take the lock */
	int release, stop;
	double hold_for, deadline;
	double held;              /* seconds it held the lock in its first call */
};

static void *helper_main(void *arg)
{
	struct helper *h = arg;
	struct timespec until = clock_timespec(h->deadline);
	int err = pthread_mutex_clocklock(&h->lib->lock, CLOCK_MONOTONIC, &until);
	double t0 = clock_now(), end = fmin(t0 + h->hold_for, h->deadline);

	pthread_mutex_lock(&h->m);
	h->holding = err ? -1 : 1;
	pthread_cond_broadcast(&h->cv);
	if (err) {
		pthread_mutex_unlock(&h->m);
		return NULL;
	}
	struct timespec hold_end = clock_timespec(end);
	while (!h->release && !h->stop && clock_now() < end)
		pthread_cond_timedwait(&h->cv, &h->m, &hold_end);
	pthread_mutex_unlock(&h->m);
	h->lib->calls++;
	h->held = clock_now() - t0;
	pthread_mutex_unlock(&h->lib->lock);

	for (;;) {
		pthread_mutex_lock(&h->m);
		int stop = h->stop;
		pthread_mutex_unlock(&h->m);
		if (stop || clock_now() >= h->deadline)
			break;
		lib_call(h->lib, h->deadline, NULL);
		pause_for(100e-6);
	}
	return NULL;
}

/* Starts the helper and waits (until deadline) until it holds the lock.
 * Returns 0, or -1 with the reason in err; on -1 nothing is left running. */
static int helper_start(struct helper *h, struct fakelib *lib, double hold_for, double deadline,
			char *err, size_t errlen)
{
	pthread_condattr_t ca;
	memset(h, 0, sizeof(*h));
	h->lib = lib;
	h->hold_for = hold_for;
	h->deadline = deadline;
	pthread_mutex_init(&h->m, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&h->cv, &ca);
	pthread_condattr_destroy(&ca);
	int rc = pthread_create(&h->tid, NULL, helper_main, h);
	if (rc) {
		snprintf(err, errlen, "cannot start the helper thread: %s", strerror(rc));
		return -1;
	}
	struct timespec until = clock_timespec(deadline);
	pthread_mutex_lock(&h->m);
	while (!h->holding && clock_now() < deadline)
		pthread_cond_timedwait(&h->cv, &h->m, &until);
	int holding = h->holding;
	h->stop = holding != 1;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->m);
	if (holding == 1)
		return 0;
	snprintf(err, errlen, "the helper thread did not get the lock before the deadline");
	pthread_join(h->tid, NULL);    /* its every wait ends at the deadline */
	return -1;
}

static void helper_tell(struct helper *h, int *flag)
{
	pthread_mutex_lock(&h->m);
	*flag = 1;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->m);
}

/* Stops and joins the helper; -1 if it did not end by deadline + 1 s. */
static int helper_stop(struct helper *h, double deadline)
{
	helper_tell(h, &h->stop);
	struct timespec until = clock_timespec(deadline + 1);
	if (pthread_clockjoin_np(h->tid, NULL, CLOCK_MONOTONIC, &until) != 0)
		return -1;
	pthread_cond_destroy(&h->cv);
	pthread_mutex_destroy(&h->m);
	return 0;
}

/* ---- children ------------------------------------------------------------ */

/* What a child sends back on its pipe: one fixed-size message per
 * measurement (smaller than PIPE_BUF, so each write is whole). */
struct report {
	int threads;              /* threads in the child when it measured */
	int err;                  /* the lock attempt: 0 or an errno */
	int busy;                 /* trylock on the inherited lock said EBUSY */
	int team;                 /* OpenMP: threads that ran the region */
	double seconds;           /* how long the measured step took */
};

struct child {
	pid_t pid;
	int from;                 /* reports from the child */
	int to;                   /* "go" bytes to the child */
	double forked;            /* clock_now() after fork returned */
	double fork_seconds;      /* how long fork() took in the parent */
};

typedef void child_body(struct demo *d, int from_parent, int to_parent, void *arg);

/* The child running now, for the last-resort alarm. */
static volatile pid_t current_child = -1;

static void on_alarm(int sig)
{
	static const char msg[] = "parbench demo: the demo's deadline passed; "
				  "the current child is killed and the demo stops\n";
	(void)sig;
	if (current_child > 0)
		kill(current_child, SIGKILL);
	ssize_t w = write(STDOUT_FILENO, msg, sizeof(msg) - 1);
	(void)w;
	_exit(1);
}

static void send_report(int fd, const struct report *r)
{
	ssize_t w = write(fd, r, sizeof(*r));
	(void)w;
}

/* Forks a child that runs body and _exits. Returns 0, or -1 with the
 * reason in err (nothing left open or running). */
static int child_spawn(struct demo *d, struct child *c, child_body *body, void *arg,
		       char *err, size_t errlen)
{
	int up[2], down[2];
	if (pipe2(up, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	if (pipe2(down, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		goto out_close_up;
	}
	fflush(NULL);
	pid_t parent = getpid();
	double t0 = clock_now();
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		goto out_close_down;
	}
	if (pid == 0) {
		signal(SIGALRM, SIG_DFL);
		alarm((unsigned)ceil(fmax(left(d), 0)) + 1);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(3);
		close(up[0]);
		close(down[1]);
		body(d, down[0], up[1], arg);
		_exit(0);
	}
	c->forked = clock_now();
	c->fork_seconds = c->forked - t0;
	c->pid = pid;
	current_child = pid;
	close(up[1]);
	close(down[0]);
	c->from = up[0];
	c->to = down[1];
	return 0;

out_close_down:
	close(down[0]);
	close(down[1]);
out_close_up:
	close(up[0]);
	close(up[1]);
	return -1;
}

/* Waits at most `bound` seconds (and never past the deadline) for the
 * child's next report. Returns 0, or -1 with why not in why. */
static int child_read(struct demo *d, struct child *c, struct report *r, double bound,
		      char *why, size_t whylen)
{
	double t0 = clock_now(), until = fmin(t0 + bound, d->deadline);
	size_t got = 0;
	while (got < sizeof(*r)) {
		struct pollfd p = { .fd = c->from, .events = POLLIN };
		double rest = until - clock_now();
		if (rest <= 0) {
			snprintf(why, whylen, "no report after %.2f s", clock_now() - t0);
			return -1;
		}
		int n = poll(&p, 1, (int)ceil(rest * 1000));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			continue;
		ssize_t k = read(c->from, (char *)r + got, sizeof(*r) - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			snprintf(why, whylen, "the child closed its pipe without a report");
			return -1;
		}
		got += (size_t)k;
	}
	return 0;
}

/* Reaps the child, killing it with SIGKILL if it has not ended within
 * `grace` seconds. Says how it ended in how. Returns 0 when it exited with
 * status 0 by itself, 1 otherwise. */
static int child_reap(struct child *c, double grace, char *how, size_t howlen)
{
	int status = 0, killed = 0;
	double until = clock_now() + grace;
	close(c->from);
	close(c->to);
	for (;;) {
		pid_t w = waitpid(c->pid, &status, WNOHANG);
		if (w == c->pid)
			break;
		if (w < 0 && errno != EINTR) {
			snprintf(how, howlen, "waitpid: %s", strerror(errno));
			current_child = -1;
			return 1;
		}
		if (w == 0 && clock_now() >= until && !killed) {
			kill(c->pid, SIGKILL);
			killed = 1;
		}
		if (w == 0)
			pause_for(killed ? 1e-3 : 2e-3);
	}
	current_child = -1;
	if (WIFEXITED(status)) {
		snprintf(how, howlen, "exited with status %d", WEXITSTATUS(status));
		return WEXITSTATUS(status) != 0;
	}
	int sig = WTERMSIG(status);
	snprintf(how, howlen, "%s by signal %d (%s)%s", killed ? "killed by the demo" : "killed",
		 sig, sigabbrev_np(sig) ? sigabbrev_np(sig) : "?",
		 killed ? " after it did not finish in time" : "");
	return 1;
}

/* Tells a waiting child to go on. */
static void child_go(struct child *c)
{
	char go = 'g';
	ssize_t w = write(c->to, &go, 1);
	(void)w;
}

/* In the child: waits at most `bound` seconds for the parent's go. */
static int wait_go(int fd, double bound)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char go;
	if (poll(&p, 1, (int)ceil(bound * 1000)) != 1)
		return -1;
	return read(fd, &go, 1) == 1 ? 0 : -1;
}

/* ---- the child bodies ------------------------------------------------------ */

/* The pitfall and fixes (a) and (b): count threads, call the inherited
 * library within the timeout. arg: the library. */
static void body_call(struct demo *d, int from_parent, int to_parent, void *arg)
{
	struct report r = { .threads = count_threads() };
	(void)from_parent;
	r.err = lib_call(arg, clock_now() + d->timeout, &r.seconds);
	send_report(to_parent, &r);
}

/* Fix (a): forked before the helper existed; calls the library only once
 * the parent says its helper holds the parent's copy of the lock. */
static void body_wait_then_call(struct demo *d, int from_parent, int to_parent, void *arg)
{
	struct report r = { .threads = count_threads() };
	if (wait_go(from_parent, d->timeout + 1) < 0)
		_exit(4);
	r.err = lib_call(arg, clock_now() + d->timeout, &r.seconds);
	send_report(to_parent, &r);
}

/* Fix (c): leaves the inherited library alone (a trylock, which never
 * waits, only shows its lock is still held) and builds its own. */
static void body_init_in_child(struct demo *d, int from_parent, int to_parent, void *arg)
{
	struct fakelib *inherited = arg, own;
	struct report r = { .threads = count_threads() };
	(void)from_parent;
	int busy = pthread_mutex_trylock(&inherited->lock);
	r.busy = busy == EBUSY;
	if (busy == 0)
		pthread_mutex_unlock(&inherited->lock);
	double t0 = clock_now();
	lib_init(&own);           /* the initializer: this process's own state */
	r.err = lib_call(&own, clock_now() + d->timeout, NULL);
	r.seconds = clock_now() - t0;
	send_report(to_parent, &r);
}

/* One OpenMP parallel region of `threads` threads; returns how many ran it. */
static int omp_region(int threads)
{
	int ran = 0;
#pragma omp parallel num_threads(threads)
	{
#pragma omp atomic
		ran++;
	}
	return ran;
}

/* OpenMP in the child: the thread count first, then a region, timed. */
static void body_omp(struct demo *d, int from_parent, int to_parent, void *arg)
{
	struct report r = { .threads = count_threads() };
	(void)d;
	(void)from_parent;
	send_report(to_parent, &r);
	double t0 = clock_now();
	r.team = omp_region(*(int *)arg);
	r.seconds = clock_now() - t0;
	r.threads = count_threads();
	send_report(to_parent, &r);
}

/* ---- the steps ------------------------------------------------------------ */

static const char *us(double s, char *buf, size_t len)
{
	if (s < 1e-5)
		snprintf(buf, len, "%.1f us", s * 1e6);
	else if (s < 1e-3)
		snprintf(buf, len, "%.0f us", s * 1e6);
	else if (s < 1)
		snprintf(buf, len, "%.2f ms", s * 1e3);
	else
		snprintf(buf, len, "%.2f s", s);
	return buf;
}

/* The end of a child: how it ended, and that it is gone. */
static void finish_child(struct demo *d, struct child *c, double grace, int must_exit_0)
{
	char how[160];
	int bad = child_reap(c, grace, how, sizeof(how));
	say(d, "  child %d %s; reaped\n", (int)c->pid, how);
	if (bad && must_exit_0)
		unexpected(d, "the child should have exited with status 0");
}

static int past_deadline(struct demo *d, const char *step)
{
	if (left(d) > 0)
		return 0;
	unexpected(d, "the demo's deadline passed: %s skipped", step);
	return 1;
}

static void step_pitfall(struct demo *d)
{
	struct fakelib lib;
	struct helper h;
	struct child c;
	struct report r;
	char err[256], t1[32], t2[32];
	double waited;

	say(d, "\n## 1. The pitfall: fork while another thread holds a lock\n\n"
	       "  The parent starts a helper thread that calls the library; the helper\n"
	       "  takes the library's lock and keeps it until the parent has forked.\n"
	       "  The child then calls the library, waiting at most %.2f s for the lock.\n\n",
	       d->timeout);
	if (past_deadline(d, "the pitfall"))
		return;
	lib_init(&lib);
	if (helper_start(&h, &lib, INFINITY, d->deadline, err, sizeof(err)) < 0) {
		unexpected(d, "%s", err);
		return;
	}
	say(d, "  parent: %d threads (main + helper); the helper holds the library's lock\n",
	    count_threads());
	if (child_spawn(d, &c, body_call, &lib, err, sizeof(err)) < 0) {
		unexpected(d, "%s", err);
		helper_stop(&h, d->deadline);
		return;
	}
	helper_tell(&h, &h.release);
	int perr = lib_call(&lib, clock_now() + d->timeout, &waited);
	say(d, "  parent: forked child %d (fork took %s); told the helper to let go\n",
	    (int)c.pid, us(c.fork_seconds, t1, sizeof(t1)));
	if (perr)
		unexpected(d, "the parent could not take its own lock: %s", strerror(perr));
	else
		say(d, "  parent: called the library after waiting %s for the lock: the\n"
		       "          helper exists here and released it\n",
		    us(waited, t1, sizeof(t1)));
	if (child_read(d, &c, &r, d->timeout + 1, err, sizeof(err)) < 0) {
		unexpected(d, "child: %s", err);
	} else {
		say(d, "  child:  %d thread right after fork (the one that called fork)\n", r.threads);
		if (r.err == ETIMEDOUT) {
			say(d, "  child:  timed out after %.2f s waiting for a lock held by a thread that\n"
			       "          does not exist in this process\n", r.seconds);
			say(d, "  parent: DEADLOCK detected: the child's report came %s after the fork.\n"
			       "          With pthread_mutex_lock (no time limit) the child would wait\n"
			       "          forever, as a Pool worker does when a library's lock was held\n"
			       "          at the fork.\n",
			    us(clock_now() - c.forked, t2, sizeof(t2)));
		} else if (r.err == 0) {
			unexpected(d, "the pitfall did NOT reproduce: the child took the lock after %s",
				   us(r.seconds, t1, sizeof(t1)));
		} else {
			unexpected(d, "the child's lock attempt failed with %s, not a time-out",
				   strerror(r.err));
		}
		if (r.threads != 1)
			unexpected(d, "the child has %d threads, not 1", r.threads);
	}
	finish_child(d, &c, 1, 1);
	if (helper_stop(&h, d->deadline) < 0)
		unexpected(d, "the helper thread did not stop");
}

/* Fix (b)'s handlers act on this library only while it is set: a real
 * library registers them once and they always act. */
static struct fakelib *atfork_lib;
static double atfork_deadline;
static int atfork_locked;
static double atfork_waited;

static void atfork_prepare(void)
{
	if (!atfork_lib)
		return;
	double t0 = clock_now();
	struct timespec until = clock_timespec(atfork_deadline);
	atfork_locked = pthread_mutex_clocklock(&atfork_lib->lock, CLOCK_MONOTONIC, &until) == 0;
	atfork_waited = clock_now() - t0;
}

/* Both sides release: the child's copy is locked by the thread that forked,
 * which is the child's one thread. (With an error-checking mutex the child
 * would have to re-initialise it instead: its thread id changed.) */
static void atfork_after(void)
{
	if (atfork_lib && atfork_locked)
		pthread_mutex_unlock(&atfork_lib->lock);
}

static void atfork_child(void)
{
	atfork_after();
	atfork_locked = 0;
}

static void atfork_parent(void)
{
	atfork_after();
	atfork_locked = 0;
}

/* Runs one fix with the helper; prints the child's result. */
static void fix_result(struct demo *d, struct child *c, const char *what)
{
	struct report r;
	char err[256], t1[32];
	if (child_read(d, c, &r, d->timeout + 1, err, sizeof(err)) < 0) {
		unexpected(d, "child: %s", err);
		return;
	}
	say(d, "  child:  %d thread\n", r.threads);
	if (r.busy)
		say(d, "  child:  the inherited lock is still held (trylock: EBUSY, no wait)\n");
	if (r.err)
		unexpected(d, "%s: the child did not get the lock: %s", what, strerror(r.err));
	else
		say(d, "  child:  got the lock: OK (%s%s)\n", us(r.seconds, t1, sizeof(t1)),
		    r.busy ? " to initialise its own library and call it" : " waiting for it");
}

static void step_fork_first(struct demo *d)
{
	struct fakelib lib;
	struct helper h;
	struct child c;
	char err[256];

	say(d, "\n### 2a. Fork before starting threads\n\n"
	       "  The child is forked while the parent has one thread; only then does the\n"
	       "  parent start the helper. Once the helper holds the parent's lock, the\n"
	       "  child calls the library: its copy was taken when nobody held it.\n\n");
	if (past_deadline(d, "fix 2a"))
		return;
	lib_init(&lib);
	say(d, "  parent: %d thread at the fork\n", count_threads());
	if (child_spawn(d, &c, body_wait_then_call, &lib, err, sizeof(err)) < 0) {
		unexpected(d, "%s", err);
		return;
	}
	if (helper_start(&h, &lib, INFINITY, d->deadline, err, sizeof(err)) < 0) {
		unexpected(d, "%s", err);
		finish_child(d, &c, 0, 0);
		return;
	}
	say(d, "  parent: helper started and holding the lock; child told to go\n");
	child_go(&c);
	fix_result(d, &c, "fork first");
	helper_tell(&h, &h.release);
	finish_child(d, &c, 1, 1);
	if (helper_stop(&h, d->deadline) < 0)
		unexpected(d, "the helper thread did not stop");
}

static void step_atfork(struct demo *d)
{
	static int registered;
	struct fakelib lib;
	struct helper h;
	struct child c;
	char err[256], t1[32], t2[32];
	double hold = fmin(0.1, d->timeout / 4);

	say(d, "\n### 2b. pthread_atfork handlers\n\n"
	       "  The library registers handlers: prepare (before fork) takes its lock,\n"
	       "  parent and child (after fork) release it. The helper holds the lock for\n"
	       "  %s (a call in progress) when the parent forks: fork waits in prepare\n"
	       "  until the call ends, so the lock is free in the child.\n\n",
	       us(hold, t1, sizeof(t1)));
	if (past_deadline(d, "fix 2b"))
		return;
	if (!registered) {
		int rc = pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
		if (rc) {
			unexpected(d, "pthread_atfork: %s", strerror(rc));
			return;
		}
		registered = 1;
	}
	lib_init(&lib);
	if (helper_start(&h, &lib, hold, d->deadline, err, sizeof(err)) < 0) {
		unexpected(d, "%s", err);
		return;
	}
	say(d, "  parent: %d threads; the helper holds the lock\n", count_threads());
	atfork_lib = &lib;
	atfork_deadline = fmin(clock_now() + d->timeout, d->deadline);
	int rc = child_spawn(d, &c, body_call, &lib, err, sizeof(err));
	atfork_lib = NULL;
	if (rc < 0) {
		unexpected(d, "%s", err);
		helper_stop(&h, d->deadline);
		return;
	}
	say(d, "  parent: fork took %s, of which %s in prepare waiting for the helper's call\n",
	    us(c.fork_seconds, t1, sizeof(t1)), us(atfork_waited, t2, sizeof(t2)));
	fix_result(d, &c, "pthread_atfork");
	finish_child(d, &c, 1, 1);
	if (helper_stop(&h, d->deadline) < 0)
		unexpected(d, "the helper thread did not stop");
}

static void step_init_in_child(struct demo *d)
{
	struct fakelib lib;
	struct helper h;
	struct child c;
	char err[256];

	say(d, "\n### 2c. Initialise in the child\n\n"
	       "  As in the pitfall, the parent forks while the helper holds the lock. The\n"
	       "  child does not use the library it inherited: it sets up its own (a new\n"
	       "  lock and state) and calls that, as Pool(initializer=...) does when the\n"
	       "  library is imported in the worker rather than in the parent.\n\n");
	if (past_deadline(d, "fix 2c"))
		return;
	lib_init(&lib);
	if (helper_start(&h, &lib, INFINITY, d->deadline, err, sizeof(err)) < 0) {
		unexpected(d, "%s", err);
		return;
	}
	say(d, "  parent: %d threads; the helper holds the lock\n", count_threads());
	if (child_spawn(d, &c, body_init_in_child, &lib, err, sizeof(err)) < 0) {
		unexpected(d, "%s", err);
		helper_stop(&h, d->deadline);
		return;
	}
	helper_tell(&h, &h.release);
	fix_result(d, &c, "initialise in the child");
	finish_child(d, &c, 1, 1);
	if (helper_stop(&h, d->deadline) < 0)
		unexpected(d, "the helper thread did not stop");
}

/* Forks a child that runs an OpenMP region of `team` threads; says what
 * happened. Returns 1 if the region finished, 0 if it did not, -1 if the
 * child could not be run or measured. */
static int omp_child(struct demo *d, int team, double parent_cold, const char *note)
{
	struct child c;
	struct report r;
	char err[256], t1[32], t2[32];
	int done = -1;
	if (child_spawn(d, &c, body_omp, &team, err, sizeof(err)) < 0) {
		unexpected(d, "%s", err);
		return -1;
	}
	if (child_read(d, &c, &r, d->timeout + 1, err, sizeof(err)) < 0) {
		unexpected(d, "child: %s", err);
		finish_child(d, &c, 0, 0);
		return -1;
	}
	say(d, "  child:  %d thread right after fork%s\n", r.threads, note);
	if (r.threads != 1)
		unexpected(d, "the child has %d threads after fork, not 1", r.threads);
	if (child_read(d, &c, &r, d->timeout, err, sizeof(err)) < 0) {
		say(d, "  child:  its parallel region of %d threads has not finished after %.2f s:\n"
		       "          it HANGS (%s)\n", team, d->timeout, err);
		done = 0;
	} else {
		say(d, "  child:  a region of %d threads finished in %s (%d threads ran it; parent's\n"
		       "          first region: %s); %d threads in the child after it\n",
		    team, us(r.seconds, t1, sizeof(t1)), r.team, us(parent_cold, t2, sizeof(t2)),
		    r.threads);
		done = 1;
	}
	finish_child(d, &c, done ? 1 : 0, done == 1);
	return done;
}

static void step_openmp(struct demo *d)
{
	char t1[32], t2[32], t3[32];
	int team = omp_get_max_threads();
	team = team < 2 ? 2 : team > 8 ? 8 : team;

	say(d, "\n## 3. OpenMP, then fork\n\n"
	       "  The parent runs OpenMP parallel regions of %d threads. libgomp creates\n"
	       "  its worker threads at the first region and keeps them, idle, for the\n"
	       "  next. A forked child gets none of those threads, but it does get\n"
	       "  libgomp's record of them. The child then runs a region of its own.\n\n",
	       team);
	if (past_deadline(d, "OpenMP then fork"))
		return;
	int before = count_threads();
	double t0 = clock_now();
	int ran = omp_region(team);
	double cold = clock_now() - t0;
	int after = count_threads();
	double warm[21];
	for (int i = 0; i < 21; i++) {
		t0 = clock_now();
		omp_region(team);
		warm[i] = clock_now() - t0;
	}
	for (int i = 1; i < 21; i++)          /* insertion sort for the median */
		for (int j = i; j > 0 && warm[j] < warm[j - 1]; j--) {
			double x = warm[j];
			warm[j] = warm[j - 1];
			warm[j - 1] = x;
		}
	say(d, "  parent: %d thread before; first region (%d threads ran it) %s, creating\n"
	       "          the pool; %d threads after it; later regions %s (median of 21)\n",
	    before, ran, us(cold, t1, sizeof(t1)), after, us(warm[10], t2, sizeof(t2)));
	int plain = omp_child(d, team, cold, ": libgomp's pool threads are not inherited");
	if (plain == 0)
		say(d, "  -> This libgomp does not notice the fork: the child's thread counts on\n"
		       "     pool threads that exist only in the parent and waits at a barrier\n"
		       "     they will never reach (see GCC bug 60035). The bounded wait detected\n"
		       "     it and the child was killed. A library that uses OpenMP inside (a\n"
		       "     BLAS) makes a forked Pool worker hang this way.\n");
	else if (plain == 1)
		say(d, "  -> This OpenMP runtime noticed the fork and created a new team in the\n"
		       "     child: the first region there costs about what the parent's first did.\n");
	if (past_deadline(d, "OpenMP with omp_pause_resource_all"))
		return;

	say(d, "\n### 3b. omp_pause_resource_all before fork\n\n"
	       "  OpenMP 5.0's omp_pause_resource_all(omp_pause_hard) asks the runtime to\n"
	       "  release its threads; the next region, in either process, starts afresh.\n\n");
	t0 = clock_now();
	int rc = omp_pause_resource_all(omp_pause_hard);
	double paused = clock_now() - t0;
	int left_threads = count_threads();
	if (rc != 0) {
		say(d, "  parent: omp_pause_resource_all returned %d: not supported by this runtime\n"
		       "          (skipped; fork before the first region, or use processes only)\n", rc);
		return;
	}
	say(d, "  parent: omp_pause_resource_all took %s; %d thread left\n",
	    us(paused, t1, sizeof(t1)), left_threads);
	int fixed = omp_child(d, team, cold, "");
	if (fixed == 0)
		unexpected(d, "the child's region hung even after omp_pause_resource_all");
	t0 = clock_now();
	omp_region(team);
	say(d, "  parent: its next region took %s (the pool is created again; first: %s)\n",
	    us(clock_now() - t0, t3, sizeof(t3)), us(cold, t1, sizeof(t1)));
}

/* ---- the command -------------------------------------------------------------- */

static const char help_usage[] =
	"usage: parbench demo fork-after-threads [--timeout S] [--out DIR]\n"
	"       parbench demo false-sharing-study [options]  (its own: demo false-sharing-study --help)\n"
	"(the teaching demos with a verdict, gil, convoy, schedule, ...: parbench demo --help)\n"
	"Shows, step by step with measured times, why forking a process that has\n"
	"threads is dangerous: the child inherits a lock held by a thread that does\n"
	"not exist in it, and waits for it for ever. Then the fixes, each with the\n"
	"same helper thread and lock: fork before starting threads, pthread_atfork\n"
	"handlers, initialising the library in the child (Pool(initializer=...)).\n"
	"Then OpenMP: a region in the parent, fork, a region in the child.\n"
	"\n";

static const char help_epilogue[] =
	"\n"
	"Exit status: 0 the demo ran as designed (the deadlock it provokes is the\n"
	"expected outcome), 1 something did not (said in a line with UNEXPECTED),\n"
	"2 bad input.\n";

static void demo_fork_after_threads(struct demo *d)
{
	say(d, "parbench demo fork-after-threads: fork while another thread holds a lock\n\n"
	       "  fork() copies a process's memory but only the thread that called it. A\n"
	       "  lock is memory: the child gets every lock in the state it was in at the\n"
	       "  fork, and one held by another thread stays held in the child, by a\n"
	       "  thread the child does not have. Libraries keep such locks inside them\n"
	       "  (an allocator, a logger, a thread pool): a library set up in the parent\n"
	       "  can break in a forked child (the Python articles' CUDA warning; Python's warning\n"
	       "  that fork() in a process with threads may deadlock the child).\n"
	       "  The library here is a stand-in: one mutex and a call counter.\n\n"
	       "  Every wait is bounded (--timeout %.2f s); the whole demo stops at %.0f s.\n",
	       d->timeout, d->deadline - d->start);
	step_pitfall(d);
	say(d, "\n## 2. The fixes, with the same helper thread and lock\n");
	step_fork_first(d);
	step_atfork(d);
	step_init_in_child(d);
	step_openmp(d);
}

/* The demos: adding a line here is the whole registration. A demo runs
 * its steps under this file's options, or (cmd) is a command of its own,
 * with its own options after its name, given argv from "demo" on. */
struct demo_entry {
	const char *name;
	void (*steps)(struct demo *d);
	const char *summary;
	int (*cmd)(int argc, char **argv);
};

static const struct demo_entry demos[] = {
	{ "fork-after-threads", demo_fork_after_threads,
	  "a forked child inherits a lock held by a thread it does not have; the fixes; OpenMP then fork",
	  NULL },
	{ "false-sharing-study", NULL,
	  "threads with a counter each: in one cache line, then a line each, then one thread alone",
	  cmd_false_sharing },
	{ NULL, NULL, NULL, NULL },
};

static struct { double timeout; const char *out; } demo_args;

static int opt_out(const char *arg, void *ctx)
{
	struct stat st;
	(void)ctx;
	if (!*arg)
		return cli_error("--out is empty: name a directory");
	if (stat(arg, &st) == 0 && !S_ISDIR(st.st_mode))
		return cli_error("bad --out '%s': it exists and is not a directory", arg);
	demo_args.out = arg;
	return 0;
}

static const struct opt demo_opts[] = {
	{ .name = "timeout", .kind = OPTK_DECIMAL, .target = &demo_args.timeout, .value_name = "S",
	  .lo = 0.05, .hi = 60, .what = "seconds", .example = ", such as 1 or 0.5",
	  .help =
		"every bounded wait, in seconds (default 1; 0.05 to 60); the\n"
		"whole demo stops after 4 x S + 6 s" },
	OPT_CALLBACK("out", opt_out, NULL, "DIR",
		"also write the text to DIR/demo.md (DIR is created if it\n"
		"does not exist)"),
	OPT_END,
};

static const struct opt_command demo_command = {
	.name = "demo",
	.usage = help_usage,
	.epilogue = help_epilogue,
	.opts = demo_opts,
	.column = 16,
	.rest = OPT_REST_WORDS,
};

/* Fills d and *which from argv; 0, 2 on bad input, OPT_HELP after --help. */
static int parse_demo(int argc, char **argv, struct demo *d, const struct demo_entry **which)
{
	char names[512] = "", *words[16];
	int nwords;
	for (const struct demo_entry *e = demos; e->name; e++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
			 e == demos ? "" : ", ", e->name);
	for (const struct demos_spec *s = demos_table; s->name; s++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), ", %s", s->name);
	snprintf(names + strlen(names), sizeof(names) - strlen(names), ", all");
	demo_args.timeout = 1;
	*which = NULL;
	int rc = opt_parse(&demo_command, argc, argv, words, 16, &nwords);
	if (rc)
		return rc;
	d->timeout = demo_args.timeout;
	d->out = demo_args.out;
	if (nwords == 0)
		return cli_error("which demo? allowed are %s (see parbench demo --help)", names);
	for (const struct demo_entry *e = demos; e->name; e++)
		if (strcmp(words[0], e->name) == 0)
			*which = e;
	if (!*which)
		return cli_error("unknown demo '%s': allowed are %s", words[0], names);
	if ((*which)->cmd)
		return cli_error("options of demo %s go after its name: parbench demo %s [options]",
				 words[0], words[0]);
	if (nwords > 1)
		return cli_error("unexpected argument '%s' for demo: one demo at a time", words[1]);
	return 0;
}

/* Writes demo.md into d->out through a temporary file; 0 or -1. */
static int write_md(struct demo *d, const char *name)
{
	char path[4096], tmp[4200];
	if (mkdir(d->out, 0777) < 0 && errno != EEXIST) {
		fprintf(stderr, "parbench: cannot create --out '%s': %s\n", d->out, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/demo.md", d->out);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	FILE *f = newfile_create(tmp);
	if (!f) {
		fprintf(stderr, "parbench: cannot write '%s': %s\n", tmp, strerror(errno));
		return -1;
	}
	fprintf(f, "# parbench demo %s\n\n```text\n%.*s```\n", name, (int)d->mdlen, d->mdbuf);
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		fprintf(stderr, "parbench: cannot write '%s': %s\n", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	printf("\nwritten: %s\n", path);
	return 0;
}

int cmd_demo(int argc, char **argv)
{
	struct demo d = { 0 };
	const struct demo_entry *which;
	if (argc < 2 || demos_handles(argv[1]) || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return demos_main(argc, argv);
	/* Line by line, so that what was printed survives the last-resort
	 * alarm's _exit even when stdout is a pipe. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (const struct demo_entry *e = demos; argc > 1 && e->name; e++)
		if (e->cmd && strcmp(argv[1], e->name) == 0)
			return e->cmd(argc, argv);
	int rc = parse_demo(argc, argv, &d, &which);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (d.out) {
		if (mkdir(d.out, 0777) < 0 && errno != EEXIST)
			return cli_error("cannot create --out '%s': %s", d.out, strerror(errno));
		d.md = open_memstream(&d.mdbuf, &d.mdlen);
	}
	d.start = clock_now();
	d.deadline = d.start + 4 * d.timeout + 6;
	signal(SIGALRM, on_alarm);
	alarm((unsigned)ceil(d.deadline - d.start) + 2);

	which->steps(&d);

	int stray = waitpid(-1, NULL, WNOHANG);
	if (stray == -1 && errno == ECHILD)
		say(&d, "\nEvery child was reaped: none is left.\n");
	else
		unexpected(&d, "a child process is still there (waitpid: %d)", stray);
	say(&d, "The demo took %.2f s. %s\n", clock_now() - d.start,
	    d.unexpected ? "Something did not go as designed: see UNEXPECTED above."
			 : "Everything went as designed (the deadlock included).");
	alarm(0);
	if (d.md) {
		fclose(d.md);
		d.md = NULL;
		if (write_md(&d, which->name) < 0)
			d.unexpected = 1;
		free(d.mdbuf);
	}
	fflush(stdout);
	return d.unexpected ? 1 : 0;
}
