/*
 * report_python.c - "Python side by side": parbench's gil, pthreads and
 * fork next to CPython's threads and processes (cpython.csv, written by
 * scripts/cpython.sh), each a ratio to its own side's serial. Without
 * cpython.csv: one line saying why (cpython.skipped) or how to add it.
 */
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

#define MAXE 512

/* One (kernel, runner, workers) cell of either side. */
struct pycell {
	const char *k, *r, *util, *spawn, *cold;
	int w, bad, has_sp;
	double sp, items;
};

/* A side's serial median and its items. */
struct pyser {
	const char *k;
	int pb, has;
	double med, items;
};

struct py {
	struct pycell c[MAXE];
	int nc;
	struct pyser s[128];
	int ns;
	const char *ks[REPORT_MAX_KERNELS], *kind[REPORT_MAX_KERNELS];
	int nk, nw[REPORT_MAX_KERNELS], ws[REPORT_MAX_KERNELS][64], maxw[REPORT_MAX_KERNELS];
	const char *ver, *impl, *gil;
	char *failed[128];
	int nf, prows, unstable;
};

static struct pycell *cell_of(struct py *p, const char *k, const char *r, int w, int make)
{
	for (int i = 0; i < p->nc; i++)
		if (!strcmp(p->c[i].k, k) && !strcmp(p->c[i].r, r) && p->c[i].w == w)
			return &p->c[i];
	if (!make || p->nc == MAXE)
		return NULL;
	p->c[p->nc] = (struct pycell){ .k = k, .r = r, .w = w, .util = "", .spawn = "", .cold = "" };
	return &p->c[p->nc++];
}

static struct pyser *ser_of(struct py *p, const char *k, int pb)
{
	for (int i = 0; i < p->ns; i++)
		if (!strcmp(p->s[i].k, k) && p->s[i].pb == pb)
			return &p->s[i];
	if (p->ns == 128)
		return NULL;
	p->s[p->ns] = (struct pyser){ .k = k, .pb = pb };
	return &p->s[p->ns++];
}

/* parbench's side: static, unbound; the most items where a kernel ran several. */
static void gather_parbench(struct py *p, const struct load_run *r)
{
	const struct csv_table *t = &r->summary;
	for (size_t i = 0; i < t->nrows; i++) {
		if (strcmp(load_cell(t, i, "schedule"), "static") || strcmp(load_bind(r, i), "none"))
			continue;
		const char *k = load_cell(t, i, "kernel"), *run = load_cell(t, i, "runner");
		int w = (int)load_num(t, i, "workers");
		double n = load_num(t, i, "items");
		if (report_is(run, REPORT_REFERENCE)) {
			struct pyser *s = ser_of(p, k, 1);
			if (s && *load_cell(t, i, "median_s") && n >= s->items)
				s->has = 1, s->med = load_num(t, i, "median_s"), s->items = n;
			continue;
		}
		if (!report_is(run, REPORT_GIL) && !report_is(run, REPORT_PTHREADS) && !report_is(run, REPORT_FORK))
			continue;
		struct pycell *c = cell_of(p, k, run, w, 0);
		if (c && n < c->items)
			continue;
		if (!c && !(c = cell_of(p, k, run, w, 1)))
			continue;
		c->items = n;
		c->bad = strcmp(load_cell(t, i, "status"), "ok") || !*load_cell(t, i, "speedup");
		c->has_sp = !c->bad;
		c->sp = load_num(t, i, "speedup");
		c->util = load_cell(t, i, "cpu_util");
	}
}

/* The kernel index of k on CPython's side, added when new. */
static int py_kernel(struct py *p, const struct csv_table *t, size_t i)
{
	const char *k = load_cell(t, i, "kernel");
	int j = 0;
	while (j < p->nk && strcmp(p->ks[j], k))
		j++;
	if (j == p->nk && p->nk < REPORT_MAX_KERNELS) {
		p->ks[p->nk] = k;
		p->kind[p->nk++] = load_cell(t, i, "kind");
	}
	return j < REPORT_MAX_KERNELS ? j : -1;
}

/* CPython's side: every row of cpython.csv. */
static void gather_cpython(struct py *p, const struct load_run *r)
{
	const struct csv_table *t = &r->cpython;
	for (size_t i = 0; i < t->nrows; i++) {
		const char *k = load_cell(t, i, "kernel"), *run = load_cell(t, i, "runner");
		const char *st = load_cell(t, i, "status");
		int w = (int)load_num(t, i, "workers"), j = py_kernel(p, t, i), x = 0;
		p->ver = load_cell(t, i, "python_version");
		p->impl = load_cell(t, i, "python_implementation");
		p->gil = load_cell(t, i, "gil_enabled");
		while (j >= 0 && x < p->nw[j] && p->ws[j][x] != w)
			x++;
		if (j >= 0 && strcmp(run, "cpython-serial") && x == p->nw[j] && x < 64) {
			p->ws[j][p->nw[j]++] = w;
			if (w > p->maxw[j])
				p->maxw[j] = w;
		}
		struct pycell *c = cell_of(p, k, run, w, 1);
		if (strcmp(st, "ok")) {
			char line[1024];
			if (c)
				c->bad = 1;
			snprintf(line, sizeof(line), "- **failed**: %s, %s %dw: %s", k, run, w, strlen(st) > 8 ? st + 8 : "");
			if (p->nf < 128)
				p->failed[p->nf++] = strdup(line);
			continue;
		}
		p->prows++;
		p->unstable += strstr(load_cell(t, i, "warning"), "unstable") != NULL;
		if (!strcmp(run, "cpython-serial")) {
			struct pyser *s = ser_of(p, k, 0);
			if (s)
				s->has = 1, s->med = load_num(t, i, "median_s"), s->items = load_num(t, i, "items");
			continue;
		}
		if (!*load_cell(t, i, "speedup") || !c)
			continue;
		*c = (struct pycell){ k, run, load_cell(t, i, "cpu_util"), load_cell(t, i, "spawn_median_s"),
				      load_cell(t, i, "cold_speedup"), w, c->bad, 1, load_num(t, i, "speedup"), 0 };
	}
}

static const char *x2(double s, char *buf, size_t len)
{
	snprintf(buf, len, "%.2f×", s);
	return buf;
}

static const char *t3g(double s, char *buf, size_t len)
{
	if (s >= 1)
		snprintf(buf, len, "%.3g s", s);
	else if (s >= 1e-3)
		snprintf(buf, len, "%.3g ms", s * 1e3);
	else if (s >= 1e-6)
		snprintf(buf, len, "%.3g µs", s * 1e6);
	else
		snprintf(buf, len, "%.3g ns", s * 1e9);
	return buf;
}

static const char *cell(struct py *p, const char *k, const char *r, int w, char *buf, size_t len)
{
	struct pycell *c = cell_of(p, k, r, w, 0);
	if (c && c->bad)
		snprintf(buf, len, "failed");
	else if (c && c->has_sp)
		x2(c->sp, buf, len);
	else
		snprintf(buf, len, "-");
	return buf;
}

/* The speedup cell (NULL when none) and " (CPUs busy U)". */
static struct pycell *sp(struct py *p, const char *k, const char *r, int w)
{
	struct pycell *c = cell_of(p, k, r, w, 0);
	return c && c->has_sp ? c : NULL;
}

static const char *busy(const struct pycell *c, char *buf, size_t len)
{
	buf[0] = '\0';
	if (*c->util)
		snprintf(buf, len, " (CPUs busy %.2f)", strtod(c->util, NULL));
	return buf;
}

/* The table: one row per kernel and worker count. */
static void py_table(struct py *p, FILE *f)
{
	char a[5][32];
	fputs("| kernel | workers | parbench gil | CPython threads | parbench pthreads | parbench fork | CPython processes |\n"
	      "|---|---:|---:|---:|---:|---:|---:|\n", f);
	for (int i = 0; i < p->nk; i++)
		for (int j = 0; j < p->nw[i]; j++) {
			const char *k = p->ks[i];
			int w = p->ws[i][j];
			fprintf(f, "| %s (%s) | %d | %s | %s | %s | %s | %s |\n", k, p->kind[i], w,
				cell(p, k, report_runner(REPORT_GIL), w, a[0], 32), cell(p, k, "cpython-threads", w, a[1], 32),
				cell(p, k, report_runner(REPORT_PTHREADS), w, a[2], 32), cell(p, k, report_runner(REPORT_FORK), w, a[3], 32),
				cell(p, k, "cpython-processes", w, a[4], 32));
		}
	fputc('\n', f);
}

/* "- Serial medians, for scale only: ...". */
static void py_serial(struct py *p, FILE *f)
{
	char a[4][32];
	int first = 1;
	for (int i = 0; i < p->nk; i++) {
		struct pyser *py = ser_of(p, p->ks[i], 0), *pb = ser_of(p, p->ks[i], 1);
		if (!py || !py->has)
			continue;
		fprintf(f, "%s%s: ", first ? "- Serial medians, for scale only: " : "; ", p->ks[i]);
		first = 0;
		if (pb && pb->has)
			fprintf(f, "parbench %s for %d items (%s per item)", t3g(pb->med, a[0], 32), (int)pb->items,
				t3g(pb->med / pb->items, a[1], 32));
		else
			fputs("parbench did not run it", f);
		fprintf(f, ", CPython %s for %d items (%s per item)", t3g(py->med, a[2], 32), (int)py->items,
			t3g(py->med / py->items, a[3], 32));
	}
	if (!first)
		fputs(".\n", f);
}

/* Threads on both sides, and what they mean for this kind of work. */
static void py_threads(struct py *p, int i, FILE *f)
{
	char a[4][32];
	const char *k = p->ks[i], *kind = p->kind[i];
	int w = p->maxw[i], cpu = !strcmp(kind, "cpu"), io = !strcmp(kind, "io");
	struct pycell *t = sp(p, k, "cpython-threads", w), *g = sp(p, k, report_runner(REPORT_GIL), w), *pt = sp(p, k, report_runner(REPORT_PTHREADS), w);
	double tv = t->sp, gv = g->sp;
	fprintf(f, " CPython threads %s%s, parbench gil %s%s", x2(tv, a[0], 32), busy(t, a[1], 32),
		x2(gv, a[2], 32), busy(g, a[3], 32));
	if (cpu && tv < 1.25 && gv < 1.25) {
		fputs(": only the thread holding the lock runs, so the second core does not help.", f);
		if (tv < 0.95)
			fputs(" Below 1, the CPython threads also pay for handing the lock from core to core at every switch interval.", f);
	} else if (cpu && tv >= 1.25) {
		fprintf(f, ": the CPython threads ran at the same time, as without a GIL%s, so they follow pthreads",
			!strcmp(p->gil, "0") ? " (this interpreter runs without one)" : "");
		if (pt)
			fprintf(f, " (%s)", x2(pt->sp, a[0], 32));
		fputs(" rather than gil.", f);
	} else if (io && tv >= 0.75 * w && gv >= 0.75 * w)
		fputs(": a thread releases the lock while it sleeps or reads, so the waits overlap on both sides.", f);
	else if (io && pt && pt->sp < 0.75 * w)
		fprintf(f, ": pthreads, without any lock, reach only %s, so these calls do not scale on this machine in the first place and there is little for a lock to take away.%s",
			x2(pt->sp, a[0], 32), tv < 1 || gv < 1 ? " Below 1 is what handing the lock over costs." : "");
	else if (io && (tv < 0.75 * w || gv < 0.75 * w)) {
		fputs(": each call blocks only microseconds, so a thread holds the lock most of the time and the waits overlap little", f);
		if (pt)
			fprintf(f, ", where pthreads reach %s", x2(pt->sp, a[0], 32));
		fputc('.', f);
	} else
		fputc('.', f);
}

/* One kernel's line at its most workers. */
static void py_kernel_line(struct py *p, int i, FILE *f)
{
	char a[3][32];
	const char *k = p->ks[i];
	int w = p->maxw[i];
	struct pycell *q = sp(p, k, "cpython-processes", w), *fk = sp(p, k, report_runner(REPORT_FORK), w);
	int threads = sp(p, k, "cpython-threads", w) && sp(p, k, report_runner(REPORT_GIL), w);
	if (w < 2 || (!threads && !(q && fk)))
		return;
	fprintf(f, "- **%s** on %d workers:", k, w);
	if (threads)
		py_threads(p, i, f);
	if (q && fk) {
		fprintf(f, " CPython processes %s, parbench fork %s%s", x2(q->sp, a[0], 32), x2(fk->sp, a[1], 32),
			!strcmp(p->kind[i], "cpu") ? ": every process has an interpreter and a lock of its own." : ".");
		if (*q->spawn && *q->cold)
			fprintf(f, " Starting the pool of %d took %s; counted in, the processes reach %s.", w,
				t3g(strtod(q->spawn, NULL), a[0], 32), x2(strtod(q->cold, NULL), a[2], 32));
	}
	fputc('\n', f);
}

/* The section with cpython.csv. */
static void py_compare(const struct load_run *r, FILE *f)
{
	struct py *p = calloc(1, sizeof(*p));
	if (!p)
		return;
	p->ver = p->impl = p->gil = "";
	gather_parbench(p, r);
	gather_cpython(p, r);
	const char *exe = r->cpython_json ? load_json_str(r->cpython_json, "executable") : "";
	const char *gs = !strcmp(p->gil, "1") ? "GIL enabled" : !strcmp(p->gil, "0") ? "GIL disabled: a free-threaded build" : "GIL state unknown";
	fputs("## Python side by side\n\n", f);
	fprintf(f, "%s %s (%s%s%s%s) ran the same workloads in pure Python (`scripts/cpython.py`; rows in `cpython.csv`, the interpreter in `cpython.json`): the pi formula of `kernels/cpu_pi.c`, a 1 ms `time.sleep` per item, 4 KiB `os.pread`s of a temporary file. `cpython-threads` are `threading.Thread`s, `cpython-processes` a `multiprocessing.Pool` with the fork start method; both are created for each repetition and given one static block per worker, and the time is the work alone (creating them is spawn). Every figure is a speedup against the serial median of its own side. **Absolute times are not comparable** (a pure-Python loop is far slower per item than C, and pi runs fewer items); the ratios are. The two sides ran one after the other: a change in the load of the machine between them moves one side and not the other.\n\n",
		p->impl, p->ver, gs, *exe ? "; `" : "", exe, *exe ? "`" : "");
	py_table(p, f);
	py_serial(p, f);
	for (int i = 0; i < p->nk; i++)
		py_kernel_line(p, i, f);
	for (int i = 0; i < p->nf; i++) {
		fprintf(f, "%s\n", p->failed[i]);
		free(p->failed[i]);
	}
	if (p->unstable)
		fprintf(f, "- %d of %d CPython rows vary by more than 5%% between repetitions (the warning column of `cpython.csv`): the machine was not quiet, so read those ratios with care.\n", p->unstable, p->prows);
	if (!strcmp(p->gil, "0"))
		fputs("- This interpreter runs without the GIL (PEP 703, free-threaded): read its threads against `pthreads`, the endpoint they approach, less the costs of the interpreter itself.\n", f);
	else
		fprintf(f, "- A free-threaded Python (PEP 703: `python3.13t`, CPython 3.13 or later built with `--disable-gil`, where `sys._is_gil_enabled()` is false) has no such lock: its threads are the `pthreads` endpoint of this table, less the costs of the interpreter itself. `PYTHON=python3.13t sh scripts/cpython.sh %s` measures one.\n", r->dir);
	fputc('\n', f);
	free(p);
}

/* Whether the run has a kernel scripts/cpython.py also runs. */
static int mirrored(const struct load_run *r)
{
	static const char *const workloads[] = { "pi", "sleep", "read" };   /* scripts/cpython.py's */
	for (size_t i = 0; i < r->summary.nrows; i++)
		for (size_t j = 0; j < 3; j++)
			if (load_plain(r, i) && !strcmp(report_v(r, i, "kernel"), workloads[j]))
				return 1;
	return 0;
}

void report_python(const struct load_run *r, FILE *f)
{
	if (r->has_cpython)
		py_compare(r, f);
	else if (r->cpython_skipped)
		fprintf(f, "## Python side by side\n\n%s\n\n", r->cpython_skipped);
	else if (mirrored(r))
		fprintf(f, "## Python side by side\n\nNot measured for this run: `sh scripts/cpython.sh %s` runs pi, sleep and read in CPython and adds them here (`make bench` does it after its run).\n\n", r->dir);
}
