/*
 * report_sections.c - the report's sections on what a run varied beyond
 * the plain product: break-even (an --items list), the Pool patterns, the
 * queue, the collect methods and the initializer. Each writes nothing when
 * the run has none of its rows. (They were awk programs in report.sh; the
 * text is unchanged.)
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "../../runners/runner.h"

#define MAXS 256

static int is(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* The index of name in list[0..*n), added when new (-1 when full). */
static int intern(const char **list, int *n, int max, const char *name)
{
	for (int i = 0; i < *n; i++)
		if (is(list[i], name))
			return i;
	if (*n == max)
		return -1;
	list[*n] = name;
	return (*n)++;
}

/* ---- break-even ----------------------------------------------------------- */

/* One point of a break-even series: serial's time and the two speedups. */
struct bpoint {
	double x, val[2], lo, hi;
};

struct bseries {
	char name[256];
	struct bpoint p[64];
	int cnt;
};

static const char *tm(double x, char *buf, size_t len)
{
	if (x >= 1)
		snprintf(buf, len, "%.3g s", x);
	else if (x >= 1e-3)
		snprintf(buf, len, "%.3g ms", x * 1e3);
	else
		snprintf(buf, len, "%.3g µs", x * 1e6);
	return buf;
}

/* Where series s crosses 1 for measure m (0 cold, 1 warm). A point is above
 * 1 only when its slower quartile beats serial, below when its faster
 * quartile does not, unresolved in between; the crossing is where the
 * points stay above from there on: interpolated (log-log) from a point
 * below, a range from an unresolved one. */
static void cross(const struct bseries *s, int m, FILE *f)
{
	char a[32], b[32];
	int first = -1;
	for (int i = s->cnt - 1; i >= 0 && s->p[i].val[m] * s->p[i].lo >= 1; i--)
		first = i;
	const struct bpoint *last = &s->p[s->cnt - 1];
	if (first < 0) {
		fprintf(f, "does not clearly pay off up to %s (%.2f× there)", tm(last->x, a, 32), last->val[m]);
		return;
	}
	if (first == 0) {
		fprintf(f, "pays off from the smallest task measured, %s", tm(s->p[0].x, a, 32));
		return;
	}
	const struct bpoint *pa = &s->p[first - 1], *pb = &s->p[first];
	if (pa->val[m] * pa->hi >= 1 || pa->val[m] <= 0) {
		fprintf(f, "pays off between %s and %s", tm(pa->x, a, 32), tm(pb->x, b, 32));
		return;
	}
	double x = exp(log(pa->x) + (0 - log(pa->val[m])) * (log(pb->x) - log(pa->x)) /
		       (log(pb->val[m]) - log(pa->val[m])));
	fprintf(f, "pays off above ~%s", tm(x, a, 32));
}

/* Whether kernel k ran several item counts, without a data set, in an --items list. */
static int bk_listed(const struct load_run *r, const char *k)
{
	const char *first = NULL;
	if (!report_listed(r))
		return 0;
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!load_plain(r, i) || !is(report_v(r, i, "kernel"), k) || report_n(r, i, "size_bytes") != 0)
			continue;
		if (!first)
			first = report_v(r, i, "items");
		else if (!is(first, report_v(r, i, "items")))
			return 1;
	}
	return 0;
}

/* Serial's median at row i's kernel, items and bind (the last such row). */
static int bk_serial(const struct load_run *r, size_t i, double *med)
{
	int found = 0;
	for (size_t j = 0; j < r->summary.nrows; j++)
		if (load_plain(r, j) && report_is(report_v(r, j, "runner"), REPORT_REFERENCE) &&
		    *report_v(r, j, "median_s") && is(report_v(r, j, "kernel"), report_v(r, i, "kernel")) &&
		    is(report_v(r, j, "items"), report_v(r, i, "items")) && is(load_bind(r, j), load_bind(r, i)))
			found = 1, *med = report_n(r, j, "median_s");
	return found;
}

/* Adds row i to its series, kept sorted by task size. */
static void bk_add(struct bseries *s, int *ns, const struct load_run *r, size_t i, double ser)
{
	char name[256];
	const char *sched = report_v(r, i, "schedule"), *bind = load_bind(r, i);
	snprintf(name, sizeof(name), "%s: %s on %s%s%s%s%s", report_v(r, i, "kernel"), report_v(r, i, "runner"),
		 report_v(r, i, "workers"), is(sched, "static") ? "" : " ", is(sched, "static") ? "" : sched,
		 is(bind, "none") ? "" : " bound to ", is(bind, "none") ? "" : bind);
	int j = 0;
	while (j < *ns && !is(s[j].name, name))
		j++;
	if (j == MAXS)
		return;
	if (j == *ns) {
		snprintf(s[j].name, sizeof(s[j].name), "%s", name);
		s[j].cnt = 0;
		(*ns)++;
	}
	if (s[j].cnt == 64)
		return;
	double med = report_n(r, i, "median_s"), q1 = report_n(r, i, "q1_s"), q3 = report_n(r, i, "q3_s");
	int c = s[j].cnt++;
	s[j].p[c] = (struct bpoint){ ser, { report_n(r, i, "cold_speedup"), report_n(r, i, "speedup") },
				     q3 > 0 ? med / q3 : 1, q1 > 0 ? med / q1 : 1 };
	for (; c > 0 && s[j].p[c - 1].x > s[j].p[c].x; c--) {
		struct bpoint t = s[j].p[c];
		s[j].p[c] = s[j].p[c - 1];
		s[j].p[c - 1] = t;
	}
}

void report_breakeven(const struct load_run *r, FILE *f)
{
	struct bseries *s = calloc(MAXS, sizeof(*s));
	int ns = 0;
	for (size_t i = 0; s && i < r->summary.nrows; i++) {
		double ser;
		if (!load_plain(r, i) || report_is(report_v(r, i, "runner"), REPORT_REFERENCE) ||
		    !*report_v(r, i, "cold_speedup") || !bk_listed(r, report_v(r, i, "kernel")) || !bk_serial(r, i, &ser))
			continue;
		bk_add(s, &ns, r, i, ser);
	}
	if (ns) {
		fputs("## What is worth parallelising (break-even)\n\nSpeedup over serial at each task size (serial time for the same items). Cold counts creating the workers and the work, as a new set of threads or processes per task would; for pthreads-pool, fork-pool and openmp the workers already exist, so their cold is waking them. Warm counts the work alone. A size counts as paying off only when the slower quartile of its repetitions beats serial; where the quartiles straddle 1 the crossing is given as a range.\n\n", f);
		for (int i = 0; i < ns; i++) {
			if (s[i].cnt < 2)
				continue;
			fprintf(f, "- %s: cold ", s[i].name);
			cross(&s[i], 0, f);
			fputs("; warm ", f);
			cross(&s[i], 1, f);
			fputs(".\n", f);
		}
		fputc('\n', f);
	}
	free(s);
}

/* ---- patterns ------------------------------------------------------------- */

/* The last unbound parallel row of k, run at w workers with pattern p
 * (NULL: the dynamic schedule without a pattern), or -1. */
static long pat_row(const struct load_run *r, const char *k, const char *run, int w, const char *p)
{
	long found = -1;
	for (size_t i = 0; i < r->summary.nrows; i++) {
		const char *pi = report_v(r, i, "pattern");
		int plain = !*pi || is(pi, "none");
		if (!is(load_bind(r, i), "none") || !*report_v(r, i, "median_s") || !is(report_v(r, i, "kernel"), k) ||
		    !is(report_v(r, i, "runner"), run) || (int)report_n(r, i, "workers") != w)
			continue;
		if (p ? is(pi, p) : plain && is(report_v(r, i, "schedule"), "dynamic"))
			found = (long)i;
	}
	return found;
}

/* One kernel and runner's patterns line at w workers. */
static void pat_line(const struct load_run *r, const char *k, const char *run, int w, FILE *f)
{
	char a[4][32];
	long m = pat_row(r, k, run, w, "map"), d = pat_row(r, k, run, w, NULL);
	long im = pat_row(r, k, run, w, "imap"), iu = pat_row(r, k, run, w, "imap_unordered");
	if (m < 0 && im < 0 && iu < 0)
		return;
	fprintf(f, "- %s, %s on %d workers: ", k, run, w);
	if (m >= 0) {
		double med = report_n(r, (size_t)m, "median_s");
		fprintf(f, "map %s (chunks of %s)", report_t3(med, a[0], 32), report_v(r, (size_t)m, "chunk"));
		if (d >= 0 && report_n(r, (size_t)d, "median_s") > 0)
			fprintf(f, ", %.2f× the dynamic schedule (%s)", med / report_n(r, (size_t)d, "median_s"),
				report_t3(report_n(r, (size_t)d, "median_s"), a[1], 32));
	}
	const long rows[2] = { im, iu };
	static const char *const names[2] = { "imap", "imap_unordered" };
	for (int q = 0; q < 2; q++) {
		if (rows[q] < 0)
			continue;
		size_t i = (size_t)rows[q];
		fprintf(f, "%s%s: first result %s, total %s, blocked %s (chunks of %s)",
			m >= 0 || (q == 1 && im >= 0) ? "; " : "", names[q],
			report_t3(report_n(r, i, "first_result_s"), a[0], 32), report_t3(report_n(r, i, "median_s"), a[1], 32),
			report_t3(report_n(r, i, "parent_wait_s"), a[2], 32), report_v(r, i, "chunk"));
	}
	if (im >= 0 && iu >= 0 && report_n(r, (size_t)iu, "first_result_s") > 0)
		fprintf(f, ". imap waits %.1f× as long for its first result",
			report_n(r, (size_t)im, "first_result_s") / report_n(r, (size_t)iu, "first_result_s"));
	fputs(".\n", f);
}

void report_patterns(const struct load_run *r, FILE *f)
{
	const char *ks[REPORT_MAX_KERNELS], *rs[REPORT_MAX_KERNELS][32];
	int nk = 0, nr[REPORT_MAX_KERNELS] = { 0 }, mw[REPORT_MAX_KERNELS][32] = { { 0 } };
	for (size_t i = 0; i < r->summary.nrows; i++) {
		const char *p = report_v(r, i, "pattern"), *run = report_v(r, i, "runner");
		if (!is(load_bind(r, i), "none") || report_is(run, REPORT_REFERENCE) || !*report_v(r, i, "median_s") ||
		    !*p || is(p, "none") || is(p, "queue"))
			continue;
		int k = intern(ks, &nk, REPORT_MAX_KERNELS, report_v(r, i, "kernel"));
		int j = k < 0 ? -1 : intern(rs[k], &nr[k], 32, run);
		if (j >= 0 && report_n(r, i, "workers") > mw[k][j])
			mw[k][j] = (int)report_n(r, i, "workers");
	}
	if (!nk)
		return;
	fputs("## Patterns: Pool.map, imap, imap_unordered\n\nWorkers take chunks as they free up (the dynamic schedule) and each chunk result lands at its index in a results table in shared memory. map reads the table after the run; under imap the parent consumes the results in input order while the workers run ahead, under imap_unordered in the order they finish. First result is the time from the start gate to the first result the parent consumed; blocked is the time the parent spent waiting for the next one (under imap, a slow chunk holds up every result behind it). Medians per run, at the most workers run.\n\n", f);
	for (int k = 0; k < nk; k++)
		for (int j = 0; j < nr[k]; j++)
			pat_line(r, ks[k], rs[k][j], mw[k][j], f);
	fputc('\n', f);
}

/* ---- queue ---------------------------------------------------------------- */

static const char *qbytes(double x, char *buf, size_t len)
{
	long long b = (long long)x;
	if (b >= 1048576 && b % 1048576 == 0)
		snprintf(buf, len, "%lld MiB", b / 1048576);
	else if (b >= 1024 && b % 1024 == 0)
		snprintf(buf, len, "%lld KiB", b / 1024);
	else
		snprintf(buf, len, "%lld B", b);
	return buf;
}

static const char *qrate(double x, char *buf, size_t len)
{
	if (x >= 1e6)
		snprintf(buf, len, "%.2f M ", x / 1e6);
	else if (x >= 1e3)
		snprintf(buf, len, "%.1f k ", x / 1e3);
	else
		snprintf(buf, len, "%.0f ", x);
	return buf;
}

/* The last unbound queue row of k, run, w workers and payload b, or -1. */
static long queue_row(const struct load_run *r, const char *k, const char *run, int w, double b)
{
	long found = -1;
	for (size_t i = 0; i < r->summary.nrows; i++)
		if (is(load_bind(r, i), "none") && is(report_v(r, i, "pattern"), "queue") &&
		    *report_v(r, i, "tasks_per_s") && is(report_v(r, i, "kernel"), k) &&
		    (!run || is(report_v(r, i, "runner"), run)) && (w < 0 || (int)report_n(r, i, "workers") == w) &&
		    (b < 0 || report_n(r, i, "payload") == b))
			found = (long)i;
	return found;
}

/* Kernel k's most workers for runner run on the queue (0: none). */
static int queue_mw(const struct load_run *r, const char *k, const char *run)
{
	int mw = 0;
	for (size_t i = 0; i < r->summary.nrows; i++)
		if (is(load_bind(r, i), "none") &&
		    is(report_v(r, i, "pattern"), "queue") && *report_v(r, i, "tasks_per_s") &&
		    is(report_v(r, i, "kernel"), k) && is(report_v(r, i, "runner"), run) && report_n(r, i, "workers") > mw)
			mw = (int)report_n(r, i, "workers");
	return mw;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* One kernel's queue table and its threads-against-processes lines. */
static void queue_kernel(const struct load_run *r, const char *k, FILE *f)
{
	const char *rs[32];
	double bs[64];
	int nr = 0, nb = 0;
	char a[32], b[32];
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!is(load_bind(r, i), "none") || !is(report_v(r, i, "pattern"), "queue") ||
		    !*report_v(r, i, "tasks_per_s") || !is(report_v(r, i, "kernel"), k))
			continue;
		intern(rs, &nr, 32, report_v(r, i, "runner"));
		double p = report_n(r, i, "payload");
		int j = 0;
		while (j < nb && bs[j] != p)
			j++;
		if (j == nb && nb < 64)
			bs[nb++] = p;
	}
	qsort(bs, (size_t)nb, sizeof(bs[0]), cmp_double);
	fprintf(f, "| %s | workers |", k);
	for (int j = 0; j < nb; j++)
		fprintf(f, " %s |", qbytes(bs[j], a, 32));
	fputs("\n|---|---|", f);
	for (int j = 0; j < nb; j++)
		fputs("---|", f);
	fputc('\n', f);
	for (int j = 0; j < nr; j++) {
		int w = queue_mw(r, k, rs[j]);
		fprintf(f, "| %s | %d |", rs[j], w);
		for (int q = 0; q < nb; q++) {
			long i = queue_row(r, k, rs[j], w, bs[q]);
			if (i >= 0)
				fprintf(f, " %stasks/s |", qrate(report_n(r, (size_t)i, "tasks_per_s"), a, 32));
			else
				fputs(" - |", f);
		}
		fputc('\n', f);
	}
	/* threads against processes, where both ran at the same most workers */
	const char *thr = report_runner(REPORT_PTHREADS), *prc = report_runner(REPORT_FORK);
	int wt = queue_mw(r, k, thr), wf = queue_mw(r, k, prc);
	for (int q = 0; q < nb && wt && wt == wf; q++) {
		long t = queue_row(r, k, thr, wt, bs[q]), p = queue_row(r, k, prc, wf, bs[q]);
		if (t < 0 || p < 0 || report_n(r, (size_t)p, "tasks_per_s") <= 0)
			continue;
		fprintf(f, "\n- %s, %s payload, %d workers: threads move %.2f× the tasks per second of processes (chunks of %s).",
			k, qbytes(bs[q], b, 32), wt,
			report_n(r, (size_t)t, "tasks_per_s") / report_n(r, (size_t)p, "tasks_per_s"), report_v(r, (size_t)p, "chunk"));
	}
	fputs("\n\n", f);
}

void report_queue(const struct load_run *r, FILE *f)
{
	const char *ks[REPORT_MAX_KERNELS];
	int nk = 0;
	for (size_t i = 0; i < r->summary.nrows; i++)
		if (is(load_bind(r, i), "none") && is(report_v(r, i, "pattern"), "queue") && *report_v(r, i, "tasks_per_s"))
			intern(ks, &nk, REPORT_MAX_KERNELS, report_v(r, i, "kernel"));
	if (!nk)
		return;
	fputs("## Queue: Process + Queue\n\nThe parent sends one task message per chunk into a bounded task queue while the workers take them, run the chunk and send a result message back on a result queue, which the parent drains during the run. Every message carries the payload below (filled by the sender, checked by the receiver), so the cost of moving data shows. Tasks per second (median), at the most workers run; threads share an address space, processes copy through shared memory just the same, so the difference is in waking and scheduling.\n\n", f);
	for (int k = 0; k < nk; k++)
		queue_kernel(r, ks[k], f);
}

/* ---- collect -------------------------------------------------------------- */

/* How a collect row was dispatched: pattern:chunk or schedule[:chunk] [payloadB]. */
static void collect_how(const struct load_run *r, size_t i, char *buf, size_t len)
{
	const char *p = report_v(r, i, "pattern"), *s = report_v(r, i, "schedule");
	if (*p && !is(p, "none"))
		snprintf(buf, len, "%s:%s", p, report_v(r, i, "chunk"));
	else
		snprintf(buf, len, "%s%s%s", s, is(s, "dynamic") ? ":" : "", is(s, "dynamic") ? report_v(r, i, "chunk") : "");
	if (is(p, "queue"))
		snprintf(buf + strlen(buf), len - strlen(buf), " %sB", report_v(r, i, "payload"));
}

/* Whether row i is an unbound collect row with a median. */
static int collect_row(const struct load_run *r, size_t i)
{
	return is(load_bind(r, i), "none") && *report_v(r, i, "collect") && *report_v(r, i, "median_s");
}

/* The median of (k, run, how) at w workers collected by cl (last row), or -1. */
static double collect_med(const struct load_run *r, const char *key, int w, const char *cl)
{
	double med = -1;
	char how[256], k[512];
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!collect_row(r, i) || (int)report_n(r, i, "workers") != w || !is(report_v(r, i, "collect"), cl))
			continue;
		collect_how(r, i, how, sizeof(how));
		snprintf(k, sizeof(k), "%s\t%s\t%s", report_v(r, i, "kernel"), report_v(r, i, "runner"), how);
		if (is(k, key))
			med = report_n(r, i, "median_s");
	}
	return med;
}

/* One (kernel, runner, how) line at its most workers, against partial. */
static void collect_line(const struct load_run *r, const char *key, int w, FILE *f)
{
	char a[32], b[32], kk[512];
	double p = collect_med(r, key, w, "partial");
	if (p < 0)
		return;
	static const char *const cs[] = { "shared", "messages" };
	int any = 0;
	for (int q = 0; q < 2; q++)
		any |= collect_med(r, key, w, cs[q]) >= 0 && p > 0;
	if (!any)
		return;
	snprintf(kk, sizeof(kk), "%.500s", key);
	char *run = strchr(kk, '\t'), *how;
	*run++ = '\0';
	how = strchr(run, '\t');
	*how++ = '\0';
	fprintf(f, "- %s, %s on %d worker%s, %s: partial %s", kk, run, w, w == 1 ? "" : "s", how, report_t3(p, a, 32));
	for (int q = 0; q < 2; q++) {
		double m = collect_med(r, key, w, cs[q]);
		if (m >= 0 && p > 0)
			fprintf(f, ", %s %s (%.2f× partial)", cs[q], report_t3(m, b, 32), m / p);
	}
	fputs(".\n", f);
}

void report_collect(const struct load_run *r, FILE *f)
{
	static char keys[MAXS][512];
	int n = 0, mw[MAXS] = { 0 }, any = 0;
	char how[256], key[512];
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!collect_row(r, i))
			continue;
		collect_how(r, i, how, sizeof(how));
		snprintf(key, sizeof(key), "%s\t%s\t%s", report_v(r, i, "kernel"), report_v(r, i, "runner"), how);
		int j = 0;
		while (j < n && !is(keys[j], key))
			j++;
		if (j == MAXS)
			continue;
		if (j == n)
			strcpy(keys[n++], key);
		if (report_n(r, i, "workers") > mw[j])
			mw[j] = (int)report_n(r, i, "workers");
		any |= !is(report_v(r, i, "collect"), "partial");
	}
	if (!any)
		return;
	fputs("## Collecting results: partial, shared, messages\n\nHow each task result reaches the parent. partial: each worker sums its own results and the partials are combined at the end. shared: every worker writes each result into one table under one lock (a process-shared mutex in shared memory), the way every access to a Manager().dict() goes through the manager. messages: each result is sent to the parent as a 16-byte record over a pipe, and the parent reads them during the run, like a Queue. Same checksum; the cost grows with the number of tasks (the chunk). Medians per run, at the most workers run, with the ratio to partial.\n\n", f);
	for (int j = 0; j < n; j++)
		collect_line(r, keys[j], mw[j], f);
	fputc('\n', f);
}

/* ---- initializer ---------------------------------------------------------- */

/* One runner's initializer figures at a worker count. */
struct icell {
	char r[160];
	const char *k, *sched;
	int w, has;
	double spawn, cold;
	const char *cs;
};

struct inits {
	struct icell c[MAXS];
	int nc;
	const char *ks[REPORT_MAX_KERNELS];
	int nk, mw[REPORT_MAX_KERNELS];
	char rs[REPORT_MAX_KERNELS][16][160];
	int nr[REPORT_MAX_KERNELS];
};

static struct icell *icell_of(struct inits *in, const char *k, const char *run, int w)
{
	for (int i = 0; i < in->nc; i++)
		if (is(in->c[i].k, k) && is(in->c[i].r, run) && in->c[i].w == w)
			return &in->c[i];
	return NULL;
}

/* Rows unbound, plain pattern and collect, with a cold median: per kernel,
 * runner (+ " init:parent") and workers, the first schedule seen. */
static void init_gather(struct inits *in, const struct load_run *r)
{
	for (size_t i = 0; i < r->summary.nrows; i++) {
		const char *p = report_v(r, i, "pattern"), *c = report_v(r, i, "collect");
		if (!is(load_bind(r, i), "none") || (*p && !is(p, "none")) || (*c && !is(c, "partial")) ||
		    !*report_v(r, i, "cold_median_s"))
			continue;
		char run[160];
		snprintf(run, sizeof(run), "%s%s", report_v(r, i, "runner"),
			 report_n(r, i, "init_in_parent") == 1 ? " init:parent" : "");
		const char *k = report_v(r, i, "kernel"), *s = report_v(r, i, "schedule");
		int w = (int)report_n(r, i, "workers"), kk = intern(in->ks, &in->nk, REPORT_MAX_KERNELS, k);
		if (kk < 0)
			continue;
		int j = 0;
		while (j < in->nr[kk] && !is(in->rs[kk][j], run))
			j++;
		if (j == in->nr[kk] && j < 16)
			snprintf(in->rs[kk][in->nr[kk]++], 160, "%s", run);
		struct icell *e = icell_of(in, k, run, w);
		if (!e && in->nc < MAXS) {
			e = &in->c[in->nc++];
			*e = (struct icell){ .k = k, .sched = s, .w = w };
			snprintf(e->r, sizeof(e->r), "%s", run);
		}
		if (!e || !is(s, e->sched))
			continue;
		if (w > in->mw[kk])
			in->mw[kk] = w;
		e->has = 1;
		e->spawn = report_n(r, i, "spawn_median_s");
		e->cold = report_n(r, i, "cold_median_s");
		e->cs = report_v(r, i, "cold_speedup");
	}
}

/* Of fork's ways of paying for the initializer, the one that wins cold. */
static void init_winner(struct inits *in, int kk, FILE *f)
{
	/* the fork runner, its pool and their init:parent variants, by the names they report */
	const struct runner_ops *fk = runner_find(report_runner(REPORT_FORK));
	const char *fork = fk ? fk->name : "", *pool = fk && fk->pool ? fk->pool->name : "";
	char cand[4][96];
	const char *nm[4];
	snprintf(cand[0], sizeof(cand[0]), "%.80s", fork);
	snprintf(cand[1], sizeof(cand[1]), "%.80s init:parent", fork);
	snprintf(cand[2], sizeof(cand[2]), "%.80s", pool);
	snprintf(cand[3], sizeof(cand[3]), "%.80s init:parent", pool);
	double cv[4];
	char a[32], b[32];
	int n = 0, w = in->mw[kk];
	for (int q = 0; q < 4; q++) {
		struct icell *e = icell_of(in, in->ks[kk], cand[q], w);
		if (e && e->has && e->cold > 0)
			nm[n] = cand[q], cv[n++] = e->cold;
	}
	if (n < 2)
		return;
	int best = 0, second = -1;
	for (int q = 1; q < n; q++)
		if (cv[q] < cv[best])
			best = q;
	for (int q = 0; q < n; q++)
		if (q != best && (second < 0 || cv[q] < cv[second]))
			second = q;
	if (cv[second] > 1.1 * cv[best])
		fprintf(f, "\nOn %s with %d workers, %s wins cold: %s against %s for %s, the next best (%.2f× faster).\n\n",
			in->ks[kk], w, nm[best], report_t3(cv[best], a, 32), report_t3(cv[second], b, 32), nm[second], cv[second] / cv[best]);
	else
		fprintf(f, "\nOn %s with %d workers, %s and %s are within 10 %% of each other cold (%s and %s): no winner on these numbers.\n\n",
			in->ks[kk], w, nm[best], nm[second], report_t3(cv[best], a, 32), report_t3(cv[second], b, 32));
}

void report_init(const struct load_run *r, FILE *f)
{
	char a[32], b[32];
	int ms = (int)load_meta_num(r, "init_cost_ms");
	if (ms <= 0)
		return;
	struct inits *in = calloc(1, sizeof(*in));
	if (!in)
		return;
	init_gather(in, r);
	if (in->nk) {
		fprintf(f, "## Initializer\n\nEach worker first built a table with %d ms of CPU (--init-cost, like Pool(initializer=...)), in its own thread or process before the start gate, so it counts in spawn and cold time, not in the warm work time. Per-run runners pay it every run; pools once per worker for all the runs of a configuration (the medians hide that first run); init:parent builds it once in the parent before forking and the children inherit it. serial builds it too, once per run, so cold speedups compare like with like. Medians per run, at the most workers run.\n\n", ms);
		for (int kk = 0; kk < in->nk; kk++) {
			for (int j = 0; j < in->nr[kk]; j++) {
				struct icell *e = icell_of(in, in->ks[kk], in->rs[kk][j], in->mw[kk]);
				if (!e || !e->has)
					e = icell_of(in, in->ks[kk], in->rs[kk][j], 1);
				if (!e || !e->has)
					continue;
				fprintf(f, "- %s, %s on %d worker%s: spawn %s, cold %s", in->ks[kk], e->r, e->w, e->w == 1 ? "" : "s",
					report_t3(e->spawn, a, 32), report_t3(e->cold, b, 32));
				if (*e->cs)
					fprintf(f, ", cold speedup %.2f×", strtod(e->cs, NULL));
				fputs(".\n", f);
			}
			init_winner(in, kk, f);
		}
		fputc('\n', f);
	}
	free(in);
}
