/*
 * report_convoy.c - convoy.md and plots/convoy.png, convoy-cpu.png (.svg)
 * of a `parbench convoy` folder, from convoy.csv and meta.json: the
 * machine and method, a table of the key numbers, a few sentences that
 * state what those numbers show, CPython's own measurement of the effect,
 * the plots and the whole table.
 *
 * Why in C: it was scripts/convoy.sh (sh, awk, sed); the sentences and
 * numbers are the same, read through the one CSV reader and jansson. The
 * rules look rows up by (placement, mode, interval, CPU threads) as the
 * script's arrays did: the last measured row of a key wins.
 */
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_int.h"

#define CV_MAX 64

/* The lists the plots and sentences walk, each in the table's order. */
struct cv {
	const struct load_run *r;
	const char *iv[CV_MAX], *mode[CV_MAX], *bind[CV_MAX];   /* binds: of measured rows */
	int niv, nmode, nbind, maxcpu;
	double ymin, ymax;
};

static const char *v(const struct load_run *r, size_t i, const char *name)
{
	return load_cell(&r->summary, i, name);
}

static double n(const struct load_run *r, size_t i, const char *name)
{
	return load_num(&r->summary, i, name);
}

static int measured(const struct load_run *r, size_t i)
{
	return v(r, i, "median_us")[0] != '\0';
}

static int is(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The script's number formats: us, times, pct. */
static const char *us(double x, char *buf, size_t len)
{
	snprintf(buf, len, x >= 100 ? "%.0f" : x >= 10 ? "%.1f" : "%.2f", x);
	return buf;
}

static const char *times(double x, char *buf, size_t len)
{
	snprintf(buf, len, x >= 10 ? "%.0f" : "%.1f", x);
	return buf;
}

static const char *pct(double x, char *buf, size_t len)
{
	snprintf(buf, len, "%.0f%%", 100 * x);
	return buf;
}

static const char *bind_name(const char *b)
{
	return is(b, "none") ? "unbound" : is(b, "one") ? "one PU" : is(b, "two") ? "two PUs" : b;
}

/* Adds s to list when not there yet. */
static void once(const char **list, int *cnt, const char *s)
{
	for (int k = 0; k < *cnt; k++)
		if (is(list[k], s))
			return;
	if (*cnt < CV_MAX)
		list[(*cnt)++] = s;
}

static void cv_lists(struct cv *c, const struct load_run *r)
{
	memset(c, 0, sizeof(*c));
	c->r = r;
	int any = 0;
	for (size_t i = 0; i < r->summary.nrows; i++) {
		once(c->iv, &c->niv, v(r, i, "interval_ms"));
		once(c->mode, &c->nmode, v(r, i, "mode"));
		if (n(r, i, "cpu_threads") > c->maxcpu)
			c->maxcpu = (int)n(r, i, "cpu_threads");
		if (!measured(r, i))
			continue;
		once(c->bind, &c->nbind, v(r, i, "bind"));
		double lo = n(r, i, "median_us"), hi = n(r, i, "p99_us");
		if (!any || lo < c->ymin)
			c->ymin = lo;
		any = 1;
		if (hi > c->ymax)
			c->ymax = hi;
		if (n(r, i, "interval_ms") * 1000 > c->ymax)
			c->ymax = n(r, i, "interval_ms") * 1000;
	}
}

/* The last measured row of (b, m, iv, cpu), or -1. */
static long cv_find(const struct cv *c, const char *b, const char *m, const char *iv, int cpu)
{
	const struct load_run *r = c->r;
	char cs[16];
	snprintf(cs, sizeof(cs), "%d", cpu);
	for (size_t i = r->summary.nrows; i-- > 0;)
		if (measured(r, i) && is(v(r, i, "bind"), b) && is(v(r, i, "mode"), m) &&
		    is(v(r, i, "interval_ms"), iv) && is(v(r, i, "cpu_threads"), cs))
			return (long)i;
	return -1;
}

static int has(const struct cv *c, const char *b, const char *m, const char *iv, int cpu)
{
	return cv_find(c, b, m, iv, cpu) >= 0;
}

static double get(const struct cv *c, const char *b, const char *m, const char *iv, int cpu)
{
	long i = cv_find(c, b, m, iv, cpu);
	return i < 0 ? 0 : n(c->r, (size_t)i, "median_us");
}

/* Joins the list with sep into buf. */
static const char *joined(const char *const *list, int cnt, const char *sep, char *buf, size_t len)
{
	buf[0] = '\0';
	for (int k = 0; k < cnt; k++) {
		size_t u = strlen(buf);
		snprintf(buf + u, len - u, "%s%s", k ? sep : "", list[k]);
	}
	return buf;
}

/* One panel's data: a block per mode, then the starved rows (cpu, mode number). */
static int cv_panel(const struct cv *c, const char *b, const char *iv)
{
	const struct load_run *r = c->r;
	char path[4400];
	snprintf(path, sizeof(path), "%s/plots/data/convoy-%s-%s.dat", r->dir, b, iv);
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "parbench: cannot write %s\n", path);
		return -1;
	}
	int starved = 0;
	for (int k = 0; k < c->nmode; k++) {
		int rows = 0;
		if (k)
			fprintf(f, "\n\n");
		for (size_t i = 0; i < r->summary.nrows; i++) {
			if (!is(v(r, i, "bind"), b) || !is(v(r, i, "interval_ms"), iv) || !is(v(r, i, "mode"), c->mode[k]))
				continue;
			starved += starts(v(r, i, "status"), "starved");
			if (!measured(r, i))
				continue;
			const char *busy = v(r, i, "cpu_busy");
			fprintf(f, "%s %s %s %s %s %s\n", v(r, i, "cpu_threads"), v(r, i, "median_us"), v(r, i, "p90_us"),
				v(r, i, "p99_us"), busy[0] ? busy : "NaN", v(r, i, "ops_per_s"));
			rows++;
		}
		if (!rows)
			fprintf(f, "NaN NaN NaN NaN NaN NaN\n");
	}
	fprintf(f, "\n\n");
	for (int k = 0; k < c->nmode; k++)
		for (size_t i = 0; i < r->summary.nrows; i++)
			if (is(v(r, i, "bind"), b) && is(v(r, i, "interval_ms"), iv) && is(v(r, i, "mode"), c->mode[k]) &&
			    starts(v(r, i, "status"), "starved"))
				fprintf(f, "%s %d\n", v(r, i, "cpu_threads"), k + 1);
	if (!starved)
		fprintf(f, "NaN 1\n");
	return fclose(f) == 0 ? 0 : -1;
}

/* The y range: whole decades around the data. */
static void cv_range(const struct cv *c, char *lo, char *hi, size_t len)
{
	int e = 0, f = 0;
	while (pow(10, e) > c->ymin / 1.2 && e > -3)
		e--;
	while (pow(10, e + 1) <= c->ymin / 1.2)
		e++;
	while (pow(10, f) < c->ymax * 1.5)
		f++;
	report_awknum(pow(10, e), lo, len);
	report_awknum(pow(10, f), hi, len);
}

/* plots/data/ (convoy.lists, a file per panel) and the two plots. */
static int cv_plot(const struct cv *c, const char *home)
{
	const struct load_run *r = c->r;
	char binds[1024], ivs[1024], modes[1024], lo[64], hi[64], path[4400], maxcpu[32];
	joined(c->bind, c->nbind, " ", binds, sizeof(binds));
	joined(c->iv, c->niv, " ", ivs, sizeof(ivs));
	joined(c->mode, c->nmode, " ", modes, sizeof(modes));
	cv_range(c, lo, hi, sizeof(lo));
	snprintf(maxcpu, sizeof(maxcpu), "%d", c->maxcpu);
	snprintf(path, sizeof(path), "%s/plots/data/convoy.lists", r->dir);
	FILE *f = fopen(path, "w");
	if (!f || fprintf(f, "%s\n%s\n%s\n%s\n%s\n%s\n", binds, ivs, modes, maxcpu, lo, hi) < 0 || fclose(f) != 0) {
		fprintf(stderr, "parbench: cannot write %s\n", path);
		return -1;
	}
	int rc = 0;
	for (int b = 0; b < c->nbind; b++)
		for (int k = 0; k < c->niv; k++)
			rc |= cv_panel(c, c->bind[b], c->iv[k]);
	char sub[2048], h[256], cpu[256], d[128], io[64], iot[64], unit[64], dir[4300], data[4400], e[16384];
	snprintf(sub, sizeof(sub), "%s, %s, %s; IO: %s %s us, CPU unit %s us", load_meta(r, "host", h, sizeof(h)),
		 load_meta(r, "cpu_model", cpu, sizeof(cpu)), load_meta(r, "date", d, sizeof(d)),
		 load_meta(r, "io", io, sizeof(io)), load_meta(r, "io_time_us", iot, sizeof(iot)),
		 load_meta(r, "unit_us", unit, sizeof(unit)));
	snprintf(dir, sizeof(dir), "%s/plots/", home);
	snprintf(data, sizeof(data), "%s/plots/data/", r->dir);
	for (int w = 0; c->nbind && w < 2; w++) {
		snprintf(path, sizeof(path), "%s/plots/%s", r->dir, w ? "convoy-cpu" : "convoy");
		e[0] = '\0';
		report_gset(e, sizeof(e), "dir", dir, 1);
		report_gset(e, sizeof(e), "datadir", data, 1);
		report_gset(e, sizeof(e), "binds", binds, 1);
		report_gset(e, sizeof(e), "intervals", ivs, 1);
		report_gset(e, sizeof(e), "modes", modes, 1);
		report_gset(e, sizeof(e), "maxcpu", maxcpu, 0);
		report_gset(e, sizeof(e), "ymin", lo, 0);
		report_gset(e, sizeof(e), "ymax", hi, 0);
		report_gset(e, sizeof(e), "what", w ? "cpu" : "latency", 1);
		report_gset(e, sizeof(e), "subtitle", sub, 1);
		report_gset(e, sizeof(e), "out", path, 1);
		rc |= report_gnuplot(home, e, "convoy");
	}
	return rc ? -1 : 0;
}

/* The machine, the method and the placements. */
static void cv_head(const struct cv *c, FILE *f)
{
	const struct load_run *r = c->r;
	char a[512], b[512], d[512], io[1024];
	fprintf(f, "# parbench convoy: %s, %s\n\n", load_meta(r, "host", a, sizeof(a)), load_meta(r, "date", b, sizeof(b)));
	fprintf(f, "- CPU: %s; %s package(s), ", load_meta(r, "cpu_model", a, sizeof(a)), load_meta(r, "packages", b, sizeof(b)));
	fprintf(f, "%s core(s), %s PU(s)\n", load_meta(r, "cores", a, sizeof(a)), load_meta(r, "pus", b, sizeof(b)));
	fprintf(f, "- build: %s, `%s`, git %s\n", load_meta(r, "compiler", a, sizeof(a)),
		load_meta(r, "cflags", b, sizeof(b)), load_meta(r, "git", d, sizeof(d)));
	fprintf(f, "- command: `%s`\n", load_meta(r, "command", a, sizeof(a)));
	load_meta(r, "io_time_us", b, sizeof(b));
	if (is(load_meta(r, "io", a, sizeof(a)), "pipe"))
		snprintf(io, sizeof(io), "a one-byte round trip through two pipes to an echo thread that does not use the gil and answers after sleeping %s µs (the server on the other side)", b);
	else
		snprintf(io, sizeof(io), "a nanosleep of %s µs", b);
	fprintf(f, "- method: one IO thread drops the gil, blocks (%s), takes the gil back as a thread returning from a blocking call, and does %s units of work under it; ",
		io, load_meta(r, "io_work_units", a, sizeof(a)));
	fprintf(f, "one operation's latency runs from just before the drop to the end of that work. Beside it, 0 to %d CPU threads hold or wait for the gil and do units of %s µs ",
		c->maxcpu, load_meta(r, "unit_us", a, sizeof(a)));
	fprintf(f, "(measured: %s µs), checking the drop request between two units, as the gil runner's workers do. ",
		load_meta(r, "unit_measured_us", a, sizeof(a)));
	fprintf(f, "Per configuration: %s s of unrecorded operations, then every operation recorded for %s s ",
		load_meta(r, "warmup_s", a, sizeof(a)), load_meta(r, "duration_s", b, sizeof(b)));
	fprintf(f, "and at least %s operations (a configuration stops anyway after %s s). ",
		load_meta(r, "min_ops", a, sizeof(a)), load_meta(r, "deadline_s", b, sizeof(b)));
	fprintf(f, "Every thread sets its timer slack to 1 ns. The gil's counts are differences over the recorded window.\n");
	fprintf(f, "- placements: `none` (unbound), the OS places the threads; `one` (one PU), every thread, the echo thread too, is bound to one PU; `two` (two PUs), the IO thread is bound to one PU and the echo and CPU threads to another, so that every wake-up of the IO thread, and of the echo thread, crosses from one CPU to the other\n");
	fprintf(f, "- slowdown: the median latency over the median of the same mode, interval and placement with 0 CPU threads (the IO thread alone with the gil)\n\n");
}

/* Whether an unmeasured row of (b, m, iv, cpu) has a status starting with what. */
static int unmeasured(const struct load_run *r, const char *b, const char *m, const char *iv, const char *cpu,
		      const char *what)
{
	for (size_t i = 0; i < r->summary.nrows; i++)
		if (!measured(r, i) && is(v(r, i, "bind"), b) && is(v(r, i, "mode"), m) &&
		    is(v(r, i, "interval_ms"), iv) && is(v(r, i, "cpu_threads"), cpu) &&
		    starts(v(r, i, "status"), what))
			return 1;
	return 0;
}

/* One cell of the key numbers: row k's (placement, mode, interval) at cpu. */
static void cv_cell(const struct cv *c, size_t k, const char *cpu, FILE *f)
{
	const struct load_run *r = c->r;
	const char *b = v(r, k, "bind"), *m = v(r, k, "mode"), *iv = v(r, k, "interval_ms");
	char a[32], t[32];
	long i = cv_find(c, b, m, iv, atoi(cpu));
	if (i >= 0 && is(v(r, (size_t)i, "cpu_threads"), cpu)) {
		const char *slow = v(r, (size_t)i, "slowdown");
		int few = n(r, (size_t)i, "ops") < load_meta_num(r, "min_ops");
		fprintf(f, " %s%s", us(n(r, (size_t)i, "median_us"), a, sizeof(a)), few ? "*" : "");
		if (slow[0] && atof(cpu) > 0)
			fprintf(f, " (×%s)", times(atof(slow), t, sizeof(t)));
		fprintf(f, " |");
		return;
	}
	fprintf(f, " %s |", unmeasured(r, b, m, iv, cpu, "skipped") ? "skipped" :
		unmeasured(r, b, m, iv, cpu, "starved") ? "starved" : "-");
}

/* ## Key numbers: a row per (placement, mode, interval), a column per CPU thread count. */
static void cv_key(const struct cv *c, FILE *f)
{
	const struct load_run *r = c->r;
	const char *cpus[CV_MAX];
	int nc = 0;
	char mo[64];
	for (size_t i = 0; i < r->summary.nrows; i++)
		once(cpus, &nc, v(r, i, "cpu_threads"));
	for (int a = 1; a < nc; a++)
		for (int b = a; b > 0 && atof(cpus[b - 1]) > atof(cpus[b]); b--) {
			const char *t = cpus[b];
			cpus[b] = cpus[b - 1];
			cpus[b - 1] = t;
		}
	fprintf(f, "## Key numbers\n\nMedian latency of one IO operation, in µs, and the slowdown against the IO thread alone:\n\n");
	fprintf(f, "| placement | mode | interval ms |");
	for (int k = 0; k < nc; k++)
		fprintf(f, " %s CPU thread%s |", cpus[k], atof(cpus[k]) == 1 ? "" : "s");
	fprintf(f, "\n|---|---|---:|");
	for (int k = 0; k < nc; k++)
		fprintf(f, "---:|");
	fprintf(f, "\n");
	for (size_t i = 0; i < r->summary.nrows; i++) {
		const char *b = v(r, i, "bind"), *m = v(r, i, "mode"), *iv = v(r, i, "interval_ms");
		int seen = 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = is(v(r, j, "bind"), b) && is(v(r, j, "mode"), m) && is(v(r, j, "interval_ms"), iv);
		if (seen)
			continue;
		fprintf(f, "| %s | %s | %s |", bind_name(b), m, iv);
		for (int k = 0; k < nc; k++)
			cv_cell(c, i, cpus[k], f);
		fprintf(f, "\n");
	}
	fprintf(f, "\n\\* fewer operations than --min-ops (%s) before the deadline. *starved*: none at all (see below).\n\n",
		load_meta(r, "min_ops", mo, sizeof(mo)));
}

/* span(): mode m's slowdowns with cpu CPU threads at interval iv over the
 * placements, "×lo" or "×lo–×hi"; "" when none was measured. */
static const char *span(const struct cv *c, const char *m, int cpu, const char *iv, char *buf, size_t len)
{
	double lo = 0, hi = 0;
	int any = 0;
	char a[32], b[32];
	for (int k = 0; k < c->nbind; k++) {
		if (!has(c, c->bind[k], m, iv, cpu) || !has(c, c->bind[k], m, iv, 0))
			continue;
		double x = get(c, c->bind[k], m, iv, cpu) / get(c, c->bind[k], m, iv, 0);
		if (!any || x < lo)
			lo = x;
		if (!any || x > hi)
			hi = x;
		any = 1;
	}
	buf[0] = '\0';
	if (!any)
		return buf;
	times(lo, a, sizeof(a));
	times(hi, b, sizeof(b));
	if (is(a, b))
		snprintf(buf, len, "×%s", a);
	else
		snprintf(buf, len, "×%s–×%s", a, b);
	return buf;
}

/* medspan(): mode m's medians with cpu CPU threads over every placement
 * and interval, "lo–hi µs"; "" when none. */
static const char *medspan(const struct cv *c, const char *m, int cpu, char *buf, size_t len)
{
	double lo = 0, hi = 0;
	int any = 0;
	char a[32], b[32];
	for (int k = 0; k < c->nbind; k++)
		for (int i = 0; i < c->niv; i++) {
			if (!has(c, c->bind[k], m, c->iv[i], cpu))
				continue;
			double x = get(c, c->bind[k], m, c->iv[i], cpu);
			if (!any || x < lo)
				lo = x;
			if (!any || x > hi)
				hi = x;
			any = 1;
		}
	buf[0] = '\0';
	if (!any)
		return buf;
	us(lo, a, sizeof(a));
	us(hi, b, sizeof(b));
	if (is(a, b))
		snprintf(buf, len, "%s µs", a);
	else
		snprintf(buf, len, "%s–%s µs", a, b);
	return buf;
}

/* by_interval(): "×a at 5 ms, ×b at 1 ms and ×c at 0.1 ms". */
static const char *by_interval(const struct cv *c, const char *m, int cpu, char *buf, size_t len)
{
	char t[128];
	buf[0] = '\0';
	for (int i = 0; i < c->niv; i++) {
		if (!span(c, m, cpu, c->iv[i], t, sizeof(t))[0])
			continue;
		size_t u = strlen(buf);
		snprintf(buf + u, len - u, "%s%s at %s ms", !u ? "" : i == c->niv - 1 ? " and " : ", ", t, c->iv[i]);
	}
	return buf;
}

/* The medians of mode m, cpu CPU threads, placement b over the intervals: "a/b/c". */
static const char *by_iv(const struct cv *c, const char *b, const char *m, int cpu, char *buf, size_t len)
{
	char a[32];
	buf[0] = '\0';
	for (int i = 0; i < c->niv; i++) {
		if (!has(c, b, m, c->iv[i], cpu))
			continue;
		size_t u = strlen(buf);
		snprintf(buf + u, len - u, "%s%s", u ? "/" : "", us(get(c, b, m, c->iv[i], cpu), a, sizeof(a)));
	}
	return buf;
}

/* new mode: one CPU thread, then two. */
static void cv_new(const struct cv *c, FILE *f)
{
	double lo = 0, hi = 0;
	int any = 0, more = 0;
	char t[1024];
	for (int b = 0; b < c->nbind; b++)
		for (int i = 0; i < c->niv; i++) {
			const char *bd = c->bind[b], *iv = c->iv[i];
			if (has(c, bd, "new", iv, 2) && has(c, bd, "new", iv, 1) &&
			    get(c, bd, "new", iv, 2) > 1.5 * get(c, bd, "new", iv, 1))
				more++;
			if (!has(c, bd, "new", iv, 0) || !has(c, bd, "new", iv, 1))
				continue;
			double x = (get(c, bd, "new", iv, 1) - get(c, bd, "new", iv, 0)) / (atof(iv) * 1000);
			if (!any || x < lo)
				lo = x;
			if (!any || x > hi)
				hi = x;
			any = 1;
		}
	if (any)
		fprintf(f, "- **new** (CPython 3.2 and later): with one CPU thread beside it, an IO operation took %s as long as alone (the ranges span the placements; the medians are in the table above). The time it added was %.2f–%.2f switch intervals: the IO thread comes back from its blocking call to find the lock held by the CPU thread, and asks for it only after waiting a whole interval. So the slowdown follows the interval: at 0.1 ms the interval is hardly longer than the operation itself.\n",
			by_interval(c, "new", 1, t, sizeof(t)), lo, hi);
	if (by_interval(c, "new", 2, t, sizeof(t))[0])
		fprintf(f, "- With two CPU threads, new mode gave %s.%s\n", t,
			more ? " Where that is well above one CPU thread, the request was honoured by a hand-off to the other CPU thread, and the IO thread waited another interval." : "");
}

/* io-priority with two CPU threads: the largest slowdown (0 when none). */
static double cv_hi2(const struct cv *c, const char **hb, const char **hiv)
{
	double hi2 = 0;
	int any = 0;
	for (int b = 0; b < c->nbind; b++)
		for (int i = 0; i < c->niv; i++) {
			if (!has(c, c->bind[b], "io-priority", c->iv[i], 2) || !has(c, c->bind[b], "io-priority", c->iv[i], 0))
				continue;
			double x = get(c, c->bind[b], "io-priority", c->iv[i], 2) / get(c, c->bind[b], "io-priority", c->iv[i], 0);
			if (!any || x > hi2) {
				hi2 = x;
				*hb = c->bind[b];
				*hiv = c->iv[i];
			}
			any = 1;
		}
	return any ? hi2 : 0;
}

/* io-priority: one CPU thread, two, and its tail. */
static void cv_iopri(const struct cv *c, FILE *f)
{
	char t[1024], a[256], b[256], line[4096] = "", ivs[256];
	if (by_interval(c, "io-priority", 1, t, sizeof(t))[0])
		fprintf(f, "- **io-priority** (proposed by David Beazley, never in CPython) all but removes the convoy: with one CPU thread the IO operation took %s as long as alone (%s, against %s in new mode). The IO thread back from its blocking call asks for the lock at once, and the CPU thread drops it at its next check, within one unit of work.\n",
			t, medspan(c, "io-priority", 1, a, sizeof(a)), medspan(c, "new", 1, b, sizeof(b)));
	const char *hb = "", *hiv = "";
	double hi2 = cv_hi2(c, &hb, &hiv);
	if (hi2 > 3) {
		for (int k = 0; k < c->nbind; k++) {
			if (!by_iv(c, c->bind[k], "io-priority", 2, t, sizeof(t))[0])
				continue;
			size_t u = strlen(line);
			snprintf(line + u, sizeof(line) - u, "%s%s %s µs", u ? "; " : "", bind_name(c->bind[k]), t);
		}
		fprintf(f, "- With two CPU threads io-priority helps less, and not everywhere: medians at %s ms were %s (up to ×%s, %s at %s ms). When the IO thread asks, the holder drops the lock and every waiter wakes; if the other CPU thread takes it first, that thread is asked to drop it at once too, so the IO thread gets it one more hand-off later, and each hand-off is a wake-up (tens of µs across the vCPUs of a virtual machine).\n",
			joined(c->iv, c->niv, "/", ivs, sizeof(ivs)), line, times(hi2, a, sizeof(a)), bind_name(hb), hiv);
	}
	double worst = 0;
	long wk = -1;
	const char *wb = "", *wiv = "";
	for (int k = 0; k < c->nbind; k++)
		for (int i = 0; i < c->niv; i++) {
			long j = cv_find(c, c->bind[k], "io-priority", c->iv[i], 2);
			if (j < 0)
				continue;
			double x = n(c->r, (size_t)j, "p99_us") / (atof(c->iv[i]) * 1000);
			if (wk < 0 || x > worst) {
				worst = x;
				wk = j;
				wb = c->bind[k];
				wiv = c->iv[i];
			}
		}
	if (wk >= 0 && worst >= 0.5 && !(hi2 > 3))
		fprintf(f, "- io-priority keeps a tail with two CPU threads: their p99 reached %s µs (%s, %s ms). Every drop wakes all the waiters, and the lock may pass between the CPU threads, each asked to drop it at once, several times before the IO thread wins it.\n",
			us(n(c->r, (size_t)wk, "p99_us"), a, sizeof(a)), bind_name(wb), wiv);
}

/* What io-priority costs the CPU thread: the first placement with both busy shares. */
static void cv_cost(const struct cv *c, FILE *f)
{
	char a[32], b[32];
	for (int k = 0; k < c->nbind && c->niv; k++) {
		long k1 = cv_find(c, c->bind[k], "new", c->iv[0], 1), k2 = cv_find(c, c->bind[k], "io-priority", c->iv[0], 1);
		if (k1 < 0 || k2 < 0 || !v(c->r, (size_t)k1, "cpu_busy")[0] || !v(c->r, (size_t)k2, "cpu_busy")[0])
			continue;
		fprintf(f, "- What io-priority costs the CPU thread (%s, %s ms): beside %.0f IO operations/s in new mode it spent %s of one CPU in its units; beside %.0f operations/s with io-priority, %s. The lock changes hands twice per IO operation, and each hand-off wakes a sleeping thread.\n",
			bind_name(c->bind[k]), c->iv[0], n(c->r, (size_t)k1, "ops_per_s"),
			pct(n(c->r, (size_t)k1, "cpu_busy"), a, sizeof(a)), n(c->r, (size_t)k2, "ops_per_s"),
			pct(n(c->r, (size_t)k2, "cpu_busy"), b, sizeof(b)));
		break;
	}
}

/* old mode and new-noforce. */
static void cv_old_noforce(const struct cv *c, FILE *f)
{
	const char *where[CV_MAX];
	int nw = 0;
	char a[256], b[1024], t[32];
	for (int k = 0; k < c->nbind; k++)
		for (int i = 0; i < c->niv; i++)
			if (has(c, c->bind[k], "old", c->iv[i], 1))
				once(where, &nw, bind_name(c->bind[k]));
	if (medspan(c, "old", 1, a, sizeof(a))[0]) {
		double check = load_meta_num(c->r, "gil_check"), unit = load_meta_num(c->r, "unit_us");
		char cs[64];
		fprintf(f, "- **old** (before 3.2) has no timer, so its rows at the three intervals repeat one configuration (their spread is the run-to-run noise): with one CPU thread the median was %s (%s; other placements below). The holder releases the lock every %s units (%s µs of work) counted from when it took it, whether anybody waits or not; the IO thread, back from its call before that, waits for the next release.\n",
			a, joined(where, nw, ", ", b, sizeof(b)), load_meta(c->r, "gil_check", cs, sizeof(cs)),
			us(check * unit, t, sizeof(t)));
	}
	double lo = 0, hi = 0;
	int any = 0;
	for (int k = 0; k < c->nbind; k++)
		for (int i = 0; i < c->niv; i++) {
			if (!has(c, c->bind[k], "new-noforce", c->iv[i], 1) || !has(c, c->bind[k], "new", c->iv[i], 1))
				continue;
			double x = get(c, c->bind[k], "new-noforce", c->iv[i], 1) / get(c, c->bind[k], "new", c->iv[i], 1);
			if (!any || x < lo)
				lo = x;
			if (!any || x > hi)
				hi = x;
			any = 1;
		}
	if (any && hi <= 1.5)
		fprintf(f, "- **new-noforce** (new without the forced wait) with one CPU thread took %.2f–%.2f times as long as new: the IO thread waits for the interval before it asks either way, and once it asks, the CPU thread drops the lock and the IO thread, already waiting, usually takes it.\n", lo, hi);
	else if (any)
		fprintf(f, "- **new-noforce** (new without the forced wait) with one CPU thread took %.2f–%.2f times as long as new: after dropping the lock on request, the CPU thread may take it straight back before the IO thread has woken, and the IO thread then waits another interval before it asks again.\n", lo, hi);
}

/* The mean of the 0-CPU-thread medians of placement b (one row per key). */
static int alone_mean(const struct cv *c, const char *b, double *mean)
{
	const struct load_run *r = c->r;
	double t = 0;
	int cnt = 0;
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!measured(r, i) || !is(v(r, i, "bind"), b) || atof(v(r, i, "cpu_threads")) != 0)
			continue;
		if (cv_find(c, b, v(r, i, "mode"), v(r, i, "interval_ms"), 0) != (long)i)
			continue;
		t += n(r, i, "median_us");
		cnt++;
	}
	*mean = cnt ? t / cnt : 0;
	return cnt;
}

/* Unbound: how often the echo thread answered from the IO thread's CPU. */
static void cv_same_cpu(const struct cv *c, FILE *f)
{
	const struct load_run *r = c->r;
	double all = 0, ops = 0, lo = 0, hi = 0;
	int cnt = 0;
	char a[32], b[32], d[32];
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!measured(r, i) || !is(v(r, i, "bind"), "none") || !v(r, i, "echo_same_cpu")[0])
			continue;
		double x = n(r, i, "echo_same_cpu");
		all += x * n(r, i, "ops");
		ops += n(r, i, "ops");
		if (!cnt || x < lo)
			lo = x;
		if (!cnt || x > hi)
			hi = x;
		cnt++;
	}
	if (cnt)
		fprintf(f, " Unbound, the echo thread answered from the CPU the IO thread then ran on in %s of the operations (%s–%s over the unbound rows), so unbound rows fall between the two placements, and vary from run to run with where Linux puts the threads.",
			pct(all / ops, a, sizeof(a)), pct(lo, b, sizeof(b)), pct(hi, d, sizeof(d)));
}

/* **Placement**: alone and beside io-priority, per placement; one PU against two. */
static void cv_placement(const struct cv *c, FILE *f)
{
	char line[4096] = "", s0[256], s1[256], ivs[256], a[32], b[32], d[32];
	if (c->nbind <= 1)
		return;
	for (int k = 0; k < c->nbind; k++) {
		size_t u = strlen(line);
		snprintf(line + u, sizeof(line) - u, "%s%s %s µs alone, %s µs beside one CPU thread in io-priority",
			 u ? "; " : "", bind_name(c->bind[k]), by_iv(c, c->bind[k], "new", 0, s0, sizeof(s0)),
			 by_iv(c, c->bind[k], "io-priority", 1, s1, sizeof(s1)));
	}
	fprintf(f, "- **Placement** (medians at %s ms): %s.", joined(c->iv, c->niv, "/", ivs, sizeof(ivs)), line);
	double t1, t2;
	if (alone_mean(c, "one", &t1) && alone_mean(c, "two", &t2))
		fprintf(f, " With the IO thread on a PU of its own, every round trip wakes the echo thread on the other CPU and the IO thread back on its own: alone, an operation took %s µs more on two PUs than on one (the mean of the 0-CPU-thread medians, %s against %s µs): the price of two wake-ups across CPUs, which on a virtual machine go through the hypervisor.",
			us(t2 - t1, a, sizeof(a)), us(t2, b, sizeof(b)), us(t1, d, sizeof(d)));
	cv_same_cpu(c, f);
	fprintf(f, " The wait for the interval itself is the same in every placement: it comes from the rules of the lock, not from the scheduler.\n");
}

/* Whether s matches the extended regular expression re. */
static int matches(const char *s, const char *re)
{
	regex_t rx;
	if (regcomp(&rx, re, REG_EXTENDED | REG_NOSUB) != 0)
		return 0;
	int hit = regexec(&rx, s, 0, NULL, 0) == 0;
	regfree(&rx);
	return hit;
}

/* Rows faster beside a CPU thread, unmeasured placements, few operations, starved, failed. */
static void cv_rest(const struct cv *c, FILE *f)
{
	const struct load_run *r = c->r;
	char fast[4096] = "", starved[8192] = "";
	const char *skipped[CV_MAX];
	int nskip = 0, fewops = 0, fewp99 = 0, failed = 0, starved_one = 0, one_measured = 0;
	for (int k = 0; k < c->nbind; k++) {
		one_measured |= is(c->bind[k], "one");
		for (int i = 0; i < c->niv; i++)
			if (has(c, c->bind[k], "io-priority", c->iv[i], 1) && has(c, c->bind[k], "io-priority", c->iv[i], 0) &&
			    get(c, c->bind[k], "io-priority", c->iv[i], 1) < 0.9 * get(c, c->bind[k], "io-priority", c->iv[i], 0)) {
				size_t u = strlen(fast);
				snprintf(fast + u, sizeof(fast) - u, "%s%s %s ms", u ? ", " : "", bind_name(c->bind[k]), c->iv[i]);
			}
	}
	for (size_t i = 0; i < r->summary.nrows; i++) {
		const char *w = v(r, i, "warning"), *st = v(r, i, "status");
		if (matches(w, "only [0-9]* operations"))
			fewops++;
		else if (matches(w, "p99 of fewer"))
			fewp99++;
		if (starts(st, "skipped")) {
			once(skipped, &nskip, v(r, i, "bind"));
		} else if (starts(st, "starved")) {
			size_t u = strlen(starved);
			snprintf(starved + u, sizeof(starved) - u, "%s%s %s %s ms %s CPU", u ? ", " : "",
				 bind_name(v(r, i, "bind")), v(r, i, "mode"), v(r, i, "interval_ms"), v(r, i, "cpu_threads"));
			starved_one |= is(v(r, i, "bind"), "one");
		} else if (!measured(r, i)) {
			failed++;
		}
	}
	if (fast[0])
		fprintf(f, "- In some rows (%s) an IO operation beside a CPU thread in io-priority was faster than alone. A likely reason: the busy CPU thread keeps its CPU from going idle, and on a virtual machine waking a thread on an idle vCPU costs more than on a busy one.\n", fast);
	for (int k = 0; k < nskip; k++) {
		const char *why = "";
		for (size_t i = 0; i < r->summary.nrows; i++)
			if (is(v(r, i, "bind"), skipped[k]) && starts(v(r, i, "status"), "skipped"))
				why = v(r, i, "status");
		fprintf(f, "- Placement %s was not measured: %s.\n", skipped[k], why);
	}
	if (fewp99)
		fprintf(f, "- %d rows recorded fewer than 100 operations (mostly at 5 ms, where an operation can take an interval or more), so their p99 is close to their max.\n", fewp99);
	if (fewops)
		fprintf(f, "- %d rows reached the deadline with fewer operations than --min-ops (marked * above): their medians rest on few operations.\n", fewops);
	if (starved[0])
		fprintf(f, "- Starved (no IO operation finished within the deadline): %s. The CPU threads released the lock and took it back before the woken IO thread got to it, every time, as David Beazley showed for the old GIL on multicore machines in 2009.%s\n",
			starved, one_measured && !starved_one ? " On one PU nothing starved: there, waking the IO thread at a release likely preempts the CPU thread before it can take the lock back." : "");
	if (failed)
		fprintf(f, "- %d configuration(s) failed: see the status column.\n", failed);
}

/* CPython's own measurement: bpo-7946 and ccbench. */
static const char cv_cpython[] =
	"David Beazley reported the effect against the then new GIL of Python 3.2 in bpo-7946 (\"Convoy effect with I/O bound threads and New GIL\", February 2010): a thread that gives up the lock for a short I/O call comes back to find a CPU-bound thread holding it and waits for the switch interval, so its I/O throughput collapses. He proposed letting threads that return from I/O take priority, which is what the io-priority mode does here. Antoine Pitrou's ccbench, in CPython's Tools directory at the time, has a latency test for exactly this: a separate client process sends a small UDP datagram, stamped with its send time, every 0.1 s, while the benchmark process runs 0 to N CPU-bound threads and one thread that receives the datagrams and records how late each one is handled. With the CPU threads running, those latencies rise from the microseconds of an idle process to about the switch interval and beyond. The issue was closed years later without a change to the rules: CPython 3.x still works as the new mode does. This measurement differs from ccbench in its clock (a round trip started by the IO thread itself, not a datagram that waits to be read) and in its lock (parbench's model of the rules, in C, without an interpreter).\n";

/* What the table's columns mean, and the folder's files. */
static const char cv_columns[] =
	"Columns: *ops* operations recorded and *ops/s* their rate over the recorded window; latencies are per operation; *echo on the IO CPU* the share of operations the echo thread answered from the CPU the IO thread then ran on; *CPU units/s* the CPU threads' units of work per second, all together, and *CPU busy* those units times the unit's length per second (the share of one CPU spent on them; under the gil at most 1); *hand-offs* the times the lock was taken by another thread than its last holder, *drop requests* the times a waiter asked the holder to drop it, *forced waits* the times a holder that dropped on request waited for another thread to take it, *wait s* the time all threads together spent waiting for it.\n";
static const char cv_files[] =
	"Files: `convoy.csv` (the table), `convoy-latency.csv` (each row's latencies in bins, 10 per decade), `meta.json`, `topology.xml`, `plots/convoy.png` and `.svg`, `plots/convoy-cpu.png` and `.svg`.\n";

/* One measured row of ## Table. */
static void cv_row(const struct load_run *r, size_t i, const char *st, FILE *f)
{
	char place[512], a[32], b[32], d[32], e[32], s[32], p[32];
	const char *pu = v(r, i, "pu"), *echo = v(r, i, "echo_same_cpu");
	snprintf(place, sizeof(place), pu[0] ? "%s (P#%s)" : "%s", bind_name(v(r, i, "bind")), pu);
	fprintf(f, "| %s | %s | %s | %s | %s | %.0f | %s | %s | %s | %s | ×%s | %s | %.0f | %.2f | %s | %s | %s | %.3f | %s |\n",
		place, v(r, i, "mode"), v(r, i, "interval_ms"), v(r, i, "cpu_threads"), v(r, i, "ops"),
		n(r, i, "ops_per_s"), us(n(r, i, "median_us"), a, sizeof(a)), us(n(r, i, "p90_us"), b, sizeof(b)),
		us(n(r, i, "p99_us"), d, sizeof(d)), us(n(r, i, "max_us"), e, sizeof(e)),
		times(n(r, i, "slowdown"), s, sizeof(s)), echo[0] ? pct(n(r, i, "echo_same_cpu"), p, sizeof(p)) : "-",
		n(r, i, "cpu_units_per_s"), n(r, i, "cpu_busy"), v(r, i, "handoffs"), v(r, i, "drop_requests"),
		v(r, i, "forced_waits"), n(r, i, "wait_s"), st);
}

/* ## Table: every row. */
static void cv_table(const struct load_run *r, FILE *f)
{
	char st[1024];
	fprintf(f, "## Table\n\n");
	fprintf(f, "| placement | mode | interval ms | CPU threads | ops | ops/s | median µs | p90 µs | p99 µs | max µs | slowdown | echo on the IO CPU | CPU units/s | CPU busy | hand-offs | drop requests | forced waits | wait s | status |\n");
	fprintf(f, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
	for (size_t i = 0; i < r->summary.nrows; i++) {
		const char *w = v(r, i, "warning"), *ops = v(r, i, "ops");
		snprintf(st, sizeof(st), w[0] ? "%s (%s)" : "%s", v(r, i, "status"), w);
		if (measured(r, i))
			cv_row(r, i, st, f);
		else
			fprintf(f, "| %s | %s | %s | %s | %s | - | - | - | - | - | - | - | - | - | - | - | - | - | %s |\n",
				bind_name(v(r, i, "bind")), v(r, i, "mode"), v(r, i, "interval_ms"),
				v(r, i, "cpu_threads"), ops[0] ? ops : "-", st);
	}
	fprintf(f, "\n");
}

static int cv_md(const struct load_run *r, const void *ctx, FILE *f)
{
	const struct cv *c = ctx;
	cv_head(c, f);
	cv_key(c, f);
	fprintf(f, "## What the numbers show\n\n");
	cv_new(c, f);
	cv_iopri(c, f);
	cv_cost(c, f);
	cv_old_noforce(c, f);
	cv_placement(c, f);
	cv_rest(c, f);
	fprintf(f, "\n## CPython's own measurement\n\n%s\n", cv_cpython);
	if (report_study_has(r, "plots/convoy.png"))
		fprintf(f, "![IO operation latency against CPU threads, per gil mode](plots/convoy.png)\n\n");
	if (report_study_has(r, "plots/convoy-cpu.png"))
		fprintf(f, "![the CPU threads' share of one CPU](plots/convoy-cpu.png)\n\n");
	cv_table(r, f);
	fprintf(f, "%s\n%s", cv_columns, cv_files);
	return ferror(f) ? -1 : 0;
}

int report_convoy(const char *home, const char *dir)
{
	struct load_run r;
	static struct cv c;
	int rc = report_study_open(&r, dir, "convoy", "convoy.csv");
	if (rc == 0) {
		cv_lists(&c, &r);
		rc = cv_plot(&c, home) < 0 || report_study_put(&r, "convoy.md", cv_md, &c) < 0;
	}
	if (rc == 0)
		printf("parbench: wrote %s/convoy.md%s\n", r.dir,
		       report_study_has(&r, "plots/convoy.png") ? " and plots/convoy.png, convoy-cpu.png (.svg)" : "");
	load_free(&r);
	return rc;
}
