/*
 * report_rules.c - "What the numbers show", "CPUs kept busy" and "The gil":
 * the report's judgements of the plain rows, each a rule over the rows in
 * memory (they were awk programs in report.sh; the text is unchanged).
 * Every sentence is said only where the numbers support it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

#define MAXR 32   /* runners (or sweep series) per kernel */
#define MAXF 256  /* failed configurations listed */

/* A sweep series: its best rate and its rate at the largest size. */
struct zser {
	char label[160];
	double lo_b, lo_rate, hi_b, hi_rate;
};

/* A runner's speedup at the most workers run. */
struct rsp {
	const char *runner;
	double sp, rate;
	int spw;
};

/* A --compare-smt point: speedup of runner under bind at w workers. */
struct smt {
	const char *runner, *bind;
	int w;
	double x;
};

/* What "What the numbers show" gathers per kernel. */
struct kstat {
	const char *name, *kind, *zunit, *unit;
	int zsizes, nz, pfail, has_srate, maxw, nrs, nsmt, smtw;
	double srate, bytes, dev, over;
	const char *smtr;
	char overwho[160];
	struct zser z[MAXR];
	struct rsp rs[MAXR];
	struct smt smt[64];
	double zseen[256];
};

/* The gathered kernels, the failed lines and the counts. */
struct numbers {
	struct kstat k[REPORT_MAX_KERNELS];
	size_t nk;
	char *failed[MAXF];
	int nf, total, flagged;
};

static const char *fmtx(double x, char *buf, size_t len)
{
	snprintf(buf, len, "%.2f×", x);
	return buf;
}

static struct kstat *kstat_of(struct numbers *nb, const struct load_run *r, size_t i)
{
	const char *k = report_v(r, i, "kernel");
	for (size_t j = 0; j < nb->nk; j++)
		if (strcmp(nb->k[j].name, k) == 0)
			return &nb->k[j];
	if (nb->nk == REPORT_MAX_KERNELS)
		return NULL;
	struct kstat *s = &nb->k[nb->nk++];
	memset(s, 0, sizeof(*s));
	s->name = k;
	s->kind = report_v(r, i, "kind");
	s->zunit = s->unit = "";
	return s;
}

/* Sweeps: per series the best rate and the rate at the largest size. */
static void gather_sweep(struct kstat *s, const struct load_run *r, size_t i, int sweep)
{
	double zb = report_n(r, i, "size_bytes");
	int seen = 0;
	for (int j = 0; j < s->zsizes && !seen; j++)
		seen = s->zseen[j] == zb;
	if (sweep && !seen && s->zsizes < 256)
		s->zseen[s->zsizes++] = zb;
	if (strcmp(report_v(r, i, "status"), "ok") || !*report_v(r, i, "rate"))
		return;
	char label[160];
	const char *sched = report_v(r, i, "schedule"), *bind = load_bind(r, i);
	snprintf(label, sizeof(label), "%s on %s%s%s%s%s", report_v(r, i, "runner"), report_v(r, i, "workers"),
		 strcmp(sched, "static") ? " " : "", strcmp(sched, "static") ? sched : "",
		 strcmp(bind, "none") ? " bound to " : "", strcmp(bind, "none") ? bind : "");
	int j = 0;
	while (j < s->nz && strcmp(s->z[j].label, label))
		j++;
	if (j == MAXR)
		return;
	struct zser *z = &s->z[j];
	double rate = report_n(r, i, "rate");
	if (j == s->nz) {
		s->nz++;
		snprintf(z->label, sizeof(z->label), "%s", label);
		z->lo_b = z->hi_b = zb;
		z->lo_rate = z->hi_rate = rate;
	}
	if (rate > z->lo_rate)
		z->lo_b = zb, z->lo_rate = rate;
	if (zb > z->hi_b)
		z->hi_b = zb, z->hi_rate = rate;
	s->zunit = report_v(r, i, "rate_unit");
}

/* The speedup x of a parallel row: drift, SMT, above ideal, at most workers. */
static void gather_speedup(struct kstat *s, const struct load_run *r, size_t i, double x)
{
	const char *run = report_v(r, i, "runner"), *bind = load_bind(r, i);
	int w = (int)report_n(r, i, "workers"), stat = !strcmp(report_v(r, i, "schedule"), "static");
	if ((!strcmp(bind, "cores") || !strcmp(bind, "threads")) && stat && w >= 2 && s->nsmt < 64) {
		s->smt[s->nsmt++] = (struct smt){ run, bind, w, x };
		int c = 0, t = 0;
		for (int j = 0; j < s->nsmt; j++)
			if (!strcmp(s->smt[j].runner, run) && s->smt[j].w == w) {
				c |= !strcmp(s->smt[j].bind, "cores");
				t |= !strcmp(s->smt[j].bind, "threads");
			}
		if (c && t && w >= s->smtw)
			s->smtw = w, s->smtr = run;
	}
	/* One thread doing all the work should match serial: how far it is off
	 * measures the machine's drift (fork has costs of its own: not counted). */
	if (w == 1 && !report_is(run, REPORT_FORK) && fabs(x - 1) > s->dev)
		s->dev = fabs(x - 1);
	if (x > 1.1 * w && x > s->over) {
		s->over = x;
		snprintf(s->overwho, sizeof(s->overwho), "%s on %d", run, w);
	}
	if (w > s->maxw)
		s->maxw = w;
	int j = 0;
	while (j < s->nrs && strcmp(s->rs[j].runner, run))
		j++;
	if (w == s->maxw && j < MAXR && (j == s->nrs || s->rs[j].spw < w || stat)) {
		if (j == s->nrs)
			s->nrs++;
		s->rs[j] = (struct rsp){ run, x, report_n(r, i, "rate"), w };
	}
}

static void gather(struct numbers *nb, const struct load_run *r)
{
	int sweep = report_listed(r);
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!load_plain(r, i))
			continue;
		struct kstat *s = kstat_of(nb, r, i);
		if (!s)
			continue;
		gather_sweep(s, r, i, sweep);
		const char *run = report_v(r, i, "runner"), *st = report_v(r, i, "status");
		if (strcmp(st, "ok")) {
			char line[1024];
			snprintf(line, sizeof(line), "- **failed**: %s, %s %dw %s: %s", s->name, run,
				 (int)report_n(r, i, "workers"), report_v(r, i, "schedule"), strlen(st) > 8 ? st + 8 : "");
			if (nb->nf < MAXF)
				nb->failed[nb->nf++] = strdup(line);
			s->pfail += !report_is(run, REPORT_REFERENCE);
			continue;
		}
		nb->total++;
		nb->flagged += *report_v(r, i, "warning") != 0;
		if (report_is(run, REPORT_REFERENCE)) {
			s->has_srate = 1;
			s->srate = report_n(r, i, "rate");
			s->unit = report_v(r, i, "rate_unit");
			s->bytes = report_n(r, i, "size_bytes");
			continue;
		}
		if (*report_v(r, i, "speedup"))
			gather_speedup(s, r, i, report_n(r, i, "speedup"));
	}
}

/* A sweep's line: the best and the largest size of each series. */
static void sweep_line(const struct kstat *s, FILE *f)
{
	char a[32], b[32];
	int lat = report_is(s->name, REPORT_LATENCY), fell = 0, first = 1;
	fprintf(f, "- **%s** (%s), swept over %d sizes: ", s->name, s->kind, s->zsizes);
	for (int j = 0; j < s->nz; j++) {
		const struct zser *z = &s->z[j];
		fell |= z->hi_rate < (lat ? 0.5 : 0.8) * z->lo_rate;
		size_t n = strlen(z->label);
		int one = strstr(z->label, " on 1 ") || (n > 5 && !strcmp(z->label + n - 5, " on 1"));
		if (lat && !one)
			continue;
		fputs(first ? "" : "; ", f);
		first = 0;
		if (lat)
			fprintf(f, "%s: %.1f ns per load at best (%s), ", z->label, 1000 / z->lo_rate, report_human(z->lo_b, a, 32));
		else
			fprintf(f, "%s: %.3g %s at best (%s), ", z->label, z->lo_rate, s->zunit, report_human(z->lo_b, a, 32));
		if (lat)
			fprintf(f, "%.1f ns at %s", 1000 / z->hi_rate, report_human(z->hi_b, b, 32));
		else
			fprintf(f, "%.3g at %s", z->hi_rate, report_human(z->hi_b, b, 32));
	}
	fprintf(f, ".%s\n", !fell ? " Little changes over this range of sizes." : lat ?
		" Each step in the latency curve is a cache level running out; compare the steps with the L1d/L2/L3 sizes hwloc reports." :
		" The rate falls where a worker's data leaves a cache level.");
}

static const struct rsp *rsp_of(const struct kstat *s, int role)
{
	for (int j = 0; j < s->nrs; j++)
		if (report_is(s->rs[j].runner, role))
			return &s->rs[j];
	return NULL;
}

/* The memory sentences: bandwidth or latency, cache or DRAM, fork's faults. */
static void mem_line(const struct kstat *s, const struct rsp *best, double ideal, double l3, FILE *f)
{
	char a[32];
	double bestv = best ? best->sp : 0, brate = best ? best->rate : 0;
	const char *bname = best ? best->runner : "";
	if (strstr(s->unit, "loads"))
		fprintf(f, " Latency: %.1f ns per load serial; with %s the workers together complete %.1f %s.", 1000 / s->srate, bname, brate, s->unit);
	else
		fprintf(f, " Bandwidth: %.1f %s serial, %.1f %s with %s.", s->srate, s->unit, brate, s->unit, bname);
	if (l3 > 0 && s->bytes > 0 && s->bytes <= l3)
		fprintf(f, " The %.0f MiB data set is smaller than the %.0f MiB of L3 that hwloc reports: if that figure is right, these are cache figures, not DRAM (a VM may report its host's cache; parbench sweep shows where the levels really end, --size DRAM sizes past them).", s->bytes / 1048576, l3 / 1048576);
	else if (bestv < 0.6 * ideal)
		fputs(" More workers add little: the memory system, not the cores, is the limit.", f);
	else
		fputs(" It grows with the workers: one core alone does not saturate memory here.", f);
	const struct rsp *fk = rsp_of(s, REPORT_FORK);
	if (fk && fk->sp < 0.75 * bestv)
		fprintf(f, " fork lags (%s): a new child has no page-table entries for the shared arrays and takes page faults when it first touches them, inside the timed work.", fmtx(fk->sp, a, 32));
}

/* The gil sentences of a kernel at w workers. */
static void gil_line(const struct kstat *s, const struct rsp *best, double ideal, FILE *f)
{
	char a[32], b[32];
	const struct rsp *gr = rsp_of(s, REPORT_GIL);
	double g = gr ? gr->sp : -1;
	int w = s->maxw;
	if (w >= 2 && !strcmp(s->kind, "cpu") && g >= 0 && g < 1.25) {
		fprintf(f, " gil stays at %s: only the thread holding the lock computes, as with CPython threads on CPU-bound work", fmtx(g, a, 32));
		if (best && !report_is(best->runner, REPORT_GIL))
			fprintf(f, "; %s, without that lock, reaches %s", best->runner, fmtx(best->sp, b, 32));
		fputs(".", f);
	}
	if (w >= 2 && !strcmp(s->kind, "io") && g >= 0.75 * ideal)
		fprintf(f, " gil reaches %s as well: a thread releases the lock while it waits, so waiting overlaps, as with CPython threads on I/O.", fmtx(g, a, 32));
	if (w >= 2 && !strcmp(s->kind, "io") && g >= 0 && g < 1)
		fprintf(f, " gil is slower than serial (%s): each call blocks only microseconds, so the threads spend their time handing the lock back and forth.", fmtx(g, a, 32));
}

/* One kernel's line at its most workers. */
static void kernel_line(const struct kstat *s, double pus, double l3, FILE *f)
{
	char a[32], b[32];
	int w = s->maxw;
	const struct rsp *best = NULL;
	fprintf(f, "- **%s** (%s) on %d worker%s: ", s->name, s->kind, w, w > 1 ? "s" : "");
	for (int j = 0, first = 1; j < s->nrs; j++) {
		if (s->rs[j].spw != w)
			continue;
		fprintf(f, "%s%s %s", first ? "" : ", ", s->rs[j].runner, fmtx(s->rs[j].sp, a, 32));
		first = 0;
		if (s->rs[j].sp > (best ? best->sp : 0))
			best = &s->rs[j];
	}
	fputc('.', f);
	/* Waiting needs no CPU: only cpu and mem work is capped by the PUs. */
	double ideal = strcmp(s->kind, "io") && pus > 0 && w > pus ? pus : w;
	double bestv = best ? best->sp : 0;
	if (w > ideal)
		fprintf(f, " %d workers on %d PUs is oversubscribed: the ideal is %d×.", w, (int)pus, (int)ideal);
	gil_line(s, best, ideal, f);
	if (w >= 2 && !strcmp(s->kind, "mem"))
		mem_line(s, best, ideal, l3, f);
	if (w >= 2 && !strcmp(s->kind, "cpu") && bestv < 0.85 * ideal)
		fprintf(f, " No model reaches the ideal %d× here (best: %s %s): the workers slow each other down (shared core resources, frequency, or other load on the host).", (int)ideal, best ? best->runner : "", fmtx(bestv, a, 32));
	if (s->dev > 0.1)
		fprintf(f, " Careful: with 1 worker the thread models differ from serial by up to %.0f%%, so the machine's speed varied between configurations and these speedups carry that much uncertainty.", 100 * s->dev);
	if (s->smtw >= 2) {
		double c = 0, t = 0;
		for (int j = 0; j < s->nsmt; j++)
			if (!strcmp(s->smt[j].runner, s->smtr) && s->smt[j].w == s->smtw)
				*(strcmp(s->smt[j].bind, "cores") ? &t : &c) = s->smt[j].x;
		fprintf(f, " Cores against hyperthreads, %s on %d workers: %s on separate cores, %s on the hyperthreads of shared cores.", s->smtr, s->smtw, fmtx(c, a, 32), fmtx(t, b, 32));
	}
	if (s->over > 0)
		fprintf(f, " %s reaches %s, above the ideal: a sign of a slow serial median (or of data that fits the caches of more cores).", s->overwho, fmtx(s->over, a, 32));
	fputc('\n', f);
}

void report_numbers(const struct load_run *r, FILE *f)
{
	struct numbers *nb = calloc(1, sizeof(*nb));
	if (!nb)
		return;
	gather(nb, r);
	double pus = load_meta_num(r, "usable_pus");
	double l3 = (double)(long long)load_meta_num(r, "l3_bytes") * (long long)load_meta_num(r, "l3_count");
	for (size_t i = 0; i < nb->nk; i++) {
		const struct kstat *s = &nb->k[i];
		if (s->zsizes > 1)
			sweep_line(s, f);
		else if (s->maxw == 0)
			fprintf(f, "- **%s**: %s\n", s->name, s->pfail ? "every parallel configuration failed (see below)." :
				s->has_srate ? "only serial ran: nothing to compare." : "no serial reference, so no speedups.");
		else
			kernel_line(s, pus, l3, f);
	}
	for (int i = 0; i < nb->nf; i++) {
		fprintf(f, "%s\n", nb->failed[i]);
		free(nb->failed[i]);
	}
	if (nb->flagged)
		fprintf(f, "- %d of %d configurations are flagged in the warning column (CV over 5%%, fewer than 5 repetitions, or too short for the clock): read their medians with care.\n", nb->flagged, nb->total);
	fputc('\n', f);
	free(nb);
}

/* A busy/gil row: a parallel, static, unbound plain row. */
static int static_unbound(const struct load_run *r, size_t i)
{
	return load_plain(r, i) && !strcmp(report_v(r, i, "schedule"), "static") &&
	       !strcmp(load_bind(r, i), "none");
}

/* Whether kernel k ran more than one item count in an --items list. */
static int items_listed(const struct load_run *r, const char *k)
{
	const char *first = NULL;
	if (!report_listed(r))
		return 0;
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!load_plain(r, i) || strcmp(report_v(r, i, "kernel"), k))
			continue;
		if (!first)
			first = report_v(r, i, "items");
		else if (strcmp(first, report_v(r, i, "items")))
			return 1;
	}
	return 0;
}

/* The busy row of kernel k, runner run at w workers (the last one), or -1. */
static long busy_row(const struct load_run *r, const char *k, const char *run, int w)
{
	long found = -1;
	for (size_t i = 0; i < r->summary.nrows; i++)
		if (static_unbound(r, i) && !report_is(report_v(r, i, "runner"), REPORT_REFERENCE) &&
		    *report_v(r, i, "cpu_util") && !strcmp(report_v(r, i, "kernel"), k) &&
		    !strcmp(report_v(r, i, "runner"), run) && (int)report_n(r, i, "workers") == w)
			found = (long)i;
	return found;
}

static const char *us(double x, char *buf, size_t len)
{
	if (x >= 1e-3)
		snprintf(buf, len, "%.2f ms", x * 1e3);
	else
		snprintf(buf, len, "%.0f µs", x * 1e6);
	return buf;
}

/* One kernel's busy line at w workers; runners in the order they came. */
static void busy_line(const struct load_run *r, const char *k, int w, const char **rn, int nr, FILE *f)
{
	char a[32];
	fprintf(f, "- %s on %d workers, CPUs busy: ", k, w);
	for (int j = 0, first = 1; j < nr; j++) {
		long i = busy_row(r, k, rn[j], w);
		if (i >= 0) {
			fprintf(f, "%s%s %.2f", first ? "" : ", ", rn[j], report_n(r, (size_t)i, "cpu_util"));
			first = 0;
		}
	}
	fputc('.', f);
	long g = -1, p = -1;
	for (int j = 0; j < nr; j++) {
		if (report_is(rn[j], REPORT_GIL))
			g = busy_row(r, k, rn[j], w);
		if (report_is(rn[j], REPORT_PTHREADS))
			p = busy_row(r, k, rn[j], w);
	}
	if (g >= 0 && report_n(r, (size_t)g, "cpu_util") < 1.3 && p >= 0 && report_n(r, (size_t)p, "cpu_util") > 1.5)
		fprintf(f, " The gil keeps about one CPU busy however many threads wait for it; pthreads use %.1f.", report_n(r, (size_t)p, "cpu_util"));
	int first = 1;
	for (int j = 0; j < nr; j++) {
		long i = busy_row(r, k, rn[j], w);
		if (i < 0 || !*report_v(r, (size_t)i, "spawn_median_s") || !*report_v(r, (size_t)i, "cold_speedup"))
			continue;
		fprintf(f, "%s%s %s (%.2f× cold, %.2f× warm)", first ? " Creating the workers: " : "; ", rn[j],
			us(report_n(r, (size_t)i, "spawn_median_s"), a, 32),
			report_n(r, (size_t)i, "cold_speedup"), report_n(r, (size_t)i, "speedup"));
		first = 0;
	}
	fputs(first ? "\n" : ".\n", f);
}

void report_busy(const struct load_run *r, FILE *f)
{
	const char *rn[MAXR], *ks[REPORT_MAX_KERNELS];
	int nr = 0, nk = 0, mw[REPORT_MAX_KERNELS] = { 0 }, shown = 0;
	for (size_t i = 0; i < r->summary.nrows; i++) {
		const char *run = report_v(r, i, "runner"), *k = report_v(r, i, "kernel");
		if (!static_unbound(r, i) || report_is(run, REPORT_REFERENCE) || !*report_v(r, i, "cpu_util"))
			continue;
		int j = 0;
		while (j < nk && strcmp(ks[j], k))
			j++;
		if (j == nk && nk < REPORT_MAX_KERNELS)
			ks[nk++] = k;
		if (j < nk && report_n(r, i, "workers") > mw[j])
			mw[j] = (int)report_n(r, i, "workers");
		for (j = 0; j < nr && strcmp(rn[j], run); j++)
			;
		if (j == nr && nr < MAXR)
			rn[nr++] = run;
	}
	for (int i = 0; i < nk; i++) {
		if (items_listed(r, ks[i]) || mw[i] < 2)
			continue;
		if (!shown++)
			fputs("## CPUs kept busy, and the price of creating workers\n\n"
			      "CPUs busy is the CPU time (user + system) the workers used during the work divided by its wall time: about 1 when only one worker can run at a time, about N when N workers really run in parallel. Creating the workers is the spawn time: new threads or processes for gil, pthreads and fork (what a program pays when it starts a `Pool()` for one task); waking workers that already exist for pthreads-pool, fork-pool and openmp (their creation was in the warm-up). Cold speedup counts it, warm does not.\n\n", f);
		busy_line(r, ks[i], mw[i], rn, nr, f);
	}
	if (shown)
		fputc('\n', f);
}

/* The gil's figures of one kernel at its most threads. */
struct gilk {
	const char *k, *kind;
	int w;
	double h, rq, fw, ws, md;
};

/* One kernel's line on how the lock changed hands. */
static void gil_kernel(const struct gilk *g, const char *mode, FILE *f)
{
	double share = g->md > 0 ? 100 * g->ws / (g->w * g->md) : 0;
	fprintf(f, "- %s (%s), %d threads: %d hand-offs, %d drop requests, %d forced waits; the threads waited %.0f%% of their time for the lock.",
		g->k, g->kind, g->w, (int)g->h, (int)g->rq, (int)g->fw, share);
	if (!strcmp(g->kind, "cpu") && g->rq > 0 && g->h <= g->rq + g->w)
		fprintf(f, " Nearly every hand-off was asked for: CPU-bound threads keep the lock until a waiter has waited a switch interval, about %.0f hand-offs a second.", g->h / g->md);
	if (!strcmp(g->kind, "io") && g->h > 2 * g->rq)
		fputs(" Most hand-offs needed no request: a thread gives the lock up itself when it blocks.", f);
	if (!strcmp(mode, "old") && g->rq == 0)
		fputs(" The old GIL has no requests: the holder releases every check, and on several cores usually takes the lock straight back.", f);
	fputc('\n', f);
}

void report_gil(const struct load_run *r, FILE *f)
{
	struct gilk g[REPORT_MAX_KERNELS];
	int nk = 0;
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!static_unbound(r, i) || !report_is(report_v(r, i, "runner"), REPORT_GIL) ||
		    !*report_v(r, i, "gil_handoffs") || report_n(r, i, "workers") < 2)
			continue;
		const char *k = report_v(r, i, "kernel");
		int j = 0, w = (int)report_n(r, i, "workers");
		while (j < nk && strcmp(g[j].k, k))
			j++;
		if (j == REPORT_MAX_KERNELS)
			continue;
		if (j == nk)
			g[nk++] = (struct gilk){ .k = k, .w = 0 };
		if (w >= g[j].w)
			g[j] = (struct gilk){ k, report_v(r, i, "kind"), w, report_n(r, i, "gil_handoffs"),
					      report_n(r, i, "gil_drop_requests"), report_n(r, i, "gil_forced_waits"),
					      report_n(r, i, "gil_wait_s"), report_n(r, i, "median_s") };
	}
	if (!nk)
		return;
	char mode[64], num[64];
	load_meta(r, "gil_mode", mode, sizeof(mode));
	fprintf(f, "## The gil: how the lock changed hands (mode %s)\n\n", *mode ? mode : "new");
	fprintf(f, "Medians per run. A hand-off is the lock going to another thread. In the new modes a thread that waited a whole switch interval (%s ms) sets a drop request, and the holder gives the lock up at its next check; a forced wait is a holder that drops with a request pending (at a check or at a blocking call) waiting until another thread has taken the lock. Waiting is the time the threads spent waiting to take the lock, summed over the threads, as a share of threads × run time.\n\n",
		report_awknum(load_meta_num(r, "gil_switch_interval_s") * 1000, num, sizeof(num)));
	for (int j = 0; j < nk; j++)
		gil_kernel(&g[j], mode, f);
	fputc('\n', f);
}
