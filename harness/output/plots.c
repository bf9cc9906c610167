/*
 * plots.c - the gnuplot data files of a run folder and the gnuplot runs
 * that turn them into PNG and SVG in its plots/ (the .gp files in the
 * repository's plots/ are the figures; this file only feeds them).
 *
 * Per kernel, one of three kinds: a sweep (a --size list: rate, and for a
 * latency kernel the latency, against the size), a break-even (an --items
 * list: speedup against the work per task), or the speedup and time plots;
 * the speedup plot also draws each series' Amdahl fit (report_fits.c).
 * A speedup's error bar is the bootstrap interval of serial's median over
 * the model's (core/stats.c stats_ratio_ci) from both sides' repetitions
 * in samples.csv (plot_reps.c): the spread of either side widens it, and
 * few repetitions show as a wide bar and an open point rather than a
 * min-max range that looks the same for 3 runs as for 30. The time plot
 * is plot_time.c's.
 * The --trace timelines stay with scripts/trace.sh (awk over trace.csv and
 * plots/trace.gp), which this file runs: its figures and sentences are the
 * trace's, not the summary's.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report.h"
#include "report_int.h"
#include "../core/stats.h"

#define MAX_SERIES 128

/* Data blocks in the order their names first appear, as gnuplot reads them. */
struct series_set {
	char *name[MAX_SERIES];
	char *rows[MAX_SERIES];
	size_t len[MAX_SERIES];
	size_t n;
};

/* Appends a printf-made row to the series called name (made when new). */
__attribute__((format(printf, 3, 4)))
static void series_add(struct series_set *s, const char *name, const char *fmt, ...)
{
	size_t i = 0;
	while (i < s->n && strcmp(s->name[i], name) != 0)
		i++;
	if (i == s->n) {
		if (s->n == MAX_SERIES)
			return;
		s->name[s->n] = strdup(name);
		s->rows[s->n] = NULL;
		s->len[s->n++] = 0;
	}
	char row[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(row, sizeof(row), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(row))
		return;
	char *more = realloc(s->rows[i], s->len[i] + (size_t)n + 2);
	if (!more)
		return;
	s->rows[i] = more;
	memcpy(more + s->len[i], row, (size_t)n);
	s->len[i] += (size_t)n;
	more[s->len[i]++] = '\n';
	more[s->len[i]] = '\0';
}

/* Writes the blocks to path (two blank lines apart) and their names, space
 * separated, to names; nothing when there are none. Frees s. */
static int series_emit(struct series_set *s, const char *path, char *names, size_t len)
{
	int rc = 0;
	names[0] = '\0';
	FILE *f = s->n ? fopen(path, "w") : NULL;
	if (s->n && !f) {
		fprintf(stderr, "parbench: cannot write %s: %s\n", path, strerror(errno));
		rc = -1;
	}
	for (size_t i = 0; i < s->n; i++) {
		if (f)
			fprintf(f, "%s%s", i ? "\n\n" : "", s->rows[i] ? s->rows[i] : "");
		size_t used = strlen(names);
		snprintf(names + used, len - used, "%s%s", i ? " " : "", s->name[i]);
		free(s->name[i]);
		free(s->rows[i]);
	}
	if (f && fclose(f) != 0)
		rc = -1;
	s->n = 0;
	return rc;
}

/* Appends to buf a gnuplot single-quoted string: ' is written ''. */
static void gq(char *buf, size_t len, const char *s)
{
	size_t n = strlen(buf);
	for (; *s && n + 3 < len; s++) {
		buf[n++] = *s;
		if (*s == '\'')
			buf[n++] = '\'';
	}
	buf[n] = '\0';
}

/* Appends key='value' (quoted) or key=value (raw) and "; " to an expression. */
void report_gset(char *buf, size_t len, const char *key, const char *value, int quote)
{
	size_t n = strlen(buf);
	snprintf(buf + n, len - n, "%s%s=%s", n ? "; " : "", key, quote ? "'" : "");
	if (quote) {
		gq(buf, len, value);
		n = strlen(buf);
		snprintf(buf + n, len - n, "'");
	} else {
		n = strlen(buf);
		snprintf(buf + n, len - n, "%s", value);
	}
}

/* Runs argv (no shell) and waits. Returns its exit status, -1 when it
 * could not run. */
static int run_prog(char *const argv[])
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* gnuplot -e EXPR HOME/plots/SCRIPT.gp; a line on stderr when it fails. */
int report_gnuplot(const char *home, const char *expr, const char *script)
{
	char gp[4200];
	snprintf(gp, sizeof(gp), "%s/plots/%s.gp", home, script);
	char *argv[] = { "gnuplot", "-e", (char *)expr, gp, NULL };
	if (run_prog(argv) == 0)
		return 0;
	fprintf(stderr, "parbench: gnuplot failed on %s\n", gp);
	return -1;
}

void report_gstart(char *e, size_t len, const char *home, const char *data)
{
	char dir[4200];
	snprintf(dir, sizeof(dir), "%s/plots/", home);
	e[0] = '\0';
	report_gset(e, len, "dir", dir, 1);
	report_gset(e, len, "data", data, 1);
}

void report_subtitle(const struct load_run *r, char *buf, size_t len)
{
	char host[256], cpu[256], date[128];
	snprintf(buf, len, "%s, %s, %s", load_meta(r, "host", host, sizeof(host)),
		 load_meta(r, "cpu_model", cpu, sizeof(cpu)), load_meta(r, "date", date, sizeof(date)));
}

int report_plot_end(const struct load_run *r, const char *home, char *e, size_t len, const char *name,
		    const char *k, const char *script)
{
	char sub[1024], out[4200];
	report_subtitle(r, sub, sizeof(sub));
	report_gset(e, len, "subtitle", sub, 1);
	snprintf(out, sizeof(out), "%s/plots/%s-%s", r->dir, name, k);
	report_gset(e, len, "out", out, 1);
	return report_gnuplot(home, e, script);
}

/* A series label: runner:workers[/schedule][/bind]. */
static void workers_label(const struct load_run *r, size_t i, char *buf, size_t len)
{
	const char *sched = report_v(r, i, "schedule"), *bind = load_bind(r, i);
	snprintf(buf, len, "%s:%s%s%s%s%s", report_v(r, i, "runner"), report_v(r, i, "workers"),
		 strcmp(sched, "static") ? "/" : "", strcmp(sched, "static") ? sched : "",
		 strcmp(bind, "none") ? "/" : "", strcmp(bind, "none") ? bind : "");
}

/* A legend's words for row i: "openmp, 2 workers[, dynamic][, --bind b]",
 * spaces as '_' (gnuplot's series list is split at spaces). */
static void readable_label(const struct load_run *r, size_t i, char *buf, size_t len)
{
	const char *sched = report_v(r, i, "schedule"), *bind = load_bind(r, i);
	int w = (int)report_n(r, i, "workers");
	snprintf(buf, len, "%s,_%d_worker%s%s%s%s%s", report_v(r, i, "runner"), w, w == 1 ? "" : "s",
		 strcmp(sched, "static") ? ",_" : "", strcmp(sched, "static") ? sched : "",
		 strcmp(bind, "none") ? ",_--bind_" : "", strcmp(bind, "none") ? bind : "");
}

/* Whether plain row i belongs to kernel k. */
static int of(const struct load_run *r, size_t i, const char *k)
{
	return load_plain(r, i) && strcmp(report_v(r, i, "kernel"), k) == 0;
}

/* Row i's sweep point: size, value, and the value at the repetitions'
 * quartiles (the middle half of them), rate or ns per load. */
static void sweep_point(struct series_set *s, const char *name, const struct load_run *r, size_t i, int lat)
{
	char v[64], a[64], b[64];
	double rate = report_n(r, i, "rate"), med = report_n(r, i, "median_s");
	double q1 = report_n(r, i, "q1_s"), q3 = report_n(r, i, "q3_s");
	if (!(q1 > 0) || !(q3 > 0))
		q1 = q3 = med;
	double x = lat ? 1000 / rate : rate;
	double slow = lat ? x * q3 / med : x * med / q3, fast = lat ? x * q1 / med : x * med / q1;
	series_add(s, name, "%s %s %s %s", report_v(r, i, "size_bytes"),
		   lat ? report_awknum(x, v, sizeof(v)) : report_v(r, i, "rate"),
		   report_awknum(lat ? fast : slow, a, sizeof(a)), report_awknum(lat ? slow : fast, b, sizeof(b)));
}

/* The gnuplot settings of a sweep beyond the data: the caches' sizes and
 * the smallest and largest size drawn. */
static void sweep_settings(const struct load_run *r, char *e, size_t len, double xmin, double xmax)
{
	char l[64];
	report_gset(e, len, "l1", load_meta(r, "l1_bytes", l, sizeof(l)), 0);
	report_gset(e, len, "l2", load_meta(r, "l2_bytes", l, sizeof(l)), 0);
	report_gset(e, len, "l3", load_meta(r, "l3_bytes", l, sizeof(l)), 0);
	snprintf(l, sizeof(l), "%.17g", xmin);
	report_gset(e, len, "xmin", l, 0);
	snprintf(l, sizeof(l), "%.17g", xmax);
	report_gset(e, len, "xmax", l, 0);
}

/* A sweep: rate (and latency for a latency kernel) against the size. */
static int plot_sweep(const struct load_run *r, const char *home, const char *k, const char *what)
{
	struct series_set s = { .n = 0 };
	char path[4200], name[256], labels[8192] = "", names[8192], unit[128] = "";
	int lat = strcmp(what, "latency") == 0;
	double xmin = 0, xmax = 0;
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!of(r, i, k) || !*report_v(r, i, "rate"))
			continue;
		if (lat && report_n(r, i, "workers") != 1)
			continue;
		size_t known = s.n;
		workers_label(r, i, name, sizeof(name));
		sweep_point(&s, name, r, i, lat);
		if (s.n > known) {
			readable_label(r, i, name, sizeof(name));
			snprintf(labels + strlen(labels), sizeof(labels) - strlen(labels), "%s%s", *labels ? " " : "", name);
		}
		double b = report_n(r, i, "size_bytes");
		xmin = xmin == 0 || b < xmin ? b : xmin;
		xmax = b > xmax ? b : xmax;
		if (!*unit)
			snprintf(unit, sizeof(unit), "%s", report_v(r, i, "rate_unit"));
	}
	snprintf(path, sizeof(path), "%s/plots/data/%s-%s.dat", r->dir, what, k);
	if (series_emit(&s, path, names, sizeof(names)) < 0)
		return -1;
	if (!*names)
		return 0;
	char e[16384];
	report_gstart(e, sizeof(e), home, path);
	report_gset(e, sizeof(e), "series", names, 1);
	report_gset(e, sizeof(e), "labels", labels, 1);
	report_gset(e, sizeof(e), "kernel", k, 1);
	report_gset(e, sizeof(e), "ylab", lat ? "ns per load (1 worker)" : unit, 1);
	report_gset(e, sizeof(e), "logy", lat ? "1" : "0", 0);
	sweep_settings(r, e, sizeof(e), xmin, xmax);
	return report_plot_end(r, home, e, sizeof(e), what, k, "sweep");
}

/* Serial's row at kernel k with row i's items, size and bind (the
 * reference of its speedup), or -1. */
static long reference_row(const struct load_run *r, const char *k, size_t i)
{
	for (size_t j = 0; j < r->summary.nrows; j++)
		if (of(r, j, k) && report_is(report_v(r, j, "runner"), REPORT_REFERENCE) &&
		    *report_v(r, j, "median_s") &&
		    strcmp(report_v(r, j, "items"), report_v(r, i, "items")) == 0 &&
		    strcmp(report_v(r, j, "size_bytes"), report_v(r, i, "size_bytes")) == 0 &&
		    strcmp(load_bind(r, j), load_bind(r, i)) == 0)
			return (long)j;
	return -1;
}

/* Serial's median at kernel k, items and bind of row i, or NULL. */
static const char *serial_at(const struct load_run *r, const char *k, size_t i)
{
	long j = reference_row(r, k, i);
	return j >= 0 ? report_v(r, (size_t)j, "median_s") : NULL;
}

/* An --items list: speedup, cold and warm, against serial's time per task. */
static int plot_breakeven(const struct load_run *r, const char *home, const char *k)
{
	struct series_set s = { .n = 0 };
	char path[4200], name[256], names[8192];
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!of(r, i, k) || report_is(report_v(r, i, "runner"), REPORT_REFERENCE) ||
		    !*report_v(r, i, "cold_speedup"))
			continue;
		const char *ser = serial_at(r, k, i);
		if (!ser)
			continue;
		workers_label(r, i, name, sizeof(name));
		series_add(&s, name, "%s %s %s", ser, report_v(r, i, "cold_speedup"),
			   report_v(r, i, "speedup"));
	}
	snprintf(path, sizeof(path), "%s/plots/data/breakeven-%s.dat", r->dir, k);
	if (series_emit(&s, path, names, sizeof(names)) < 0)
		return -1;
	if (!*names)
		return 0;
	char e[16384];
	report_gstart(e, sizeof(e), home, path);
	report_gset(e, sizeof(e), "series", names, 1);
	report_gset(e, sizeof(e), "kernel", k, 1);
	return report_plot_end(r, home, e, sizeof(e), "breakeven", k, "breakeven");
}

/* A speedup series' name: runner:schedule[/bind]. */
static void speedup_label(const char *runner, const char *sched, const char *bind, char *buf, size_t len)
{
	snprintf(buf, len, "%s:%s%s%s", runner, sched, strcmp(bind, "none") ? "/" : "",
		 strcmp(bind, "none") ? bind : "");
}

/* Row i's point in the series name: workers, speedup, the 95 % bootstrap
 * interval of serial's median / row i's median from both sides'
 * repetitions (stats_ratio_ci, scaled to the speedup column: the same
 * ratio when the work is the same), and the fewer of the two sides'
 * repetitions (0 without samples: the interval is the point). Raises *ymax
 * to the interval's top. */
static void speedup_point(struct series_set *s, const char *name, const struct load_run *r, size_t i,
			  const char *k, const struct report_reps *reps, double *ymax)
{
	char a[64], b[64];
	double x = report_n(r, i, "speedup"), lo = x, hi = x, blo, bhi;
	long ref = reference_row(r, k, i);
	size_t na = 0, nb = 0;
	const double *ta = ref >= 0 ? report_reps_of(reps, r, (size_t)ref, &na) : NULL;
	const double *tb = report_reps_of(reps, r, i, &nb);
	double est = ref >= 0 ? report_n(r, (size_t)ref, "median_s") / report_n(r, i, "median_s") : 0;
	if (ta && tb && est > 0 &&
	    stats_ratio_ci(ta, na, tb, nb, 0.95, STATS_BOOT_RESAMPLES, STATS_BOOT_SEED, &blo, &bhi) == 0) {
		lo = x * (blo / est < 1 ? blo / est : 1);
		hi = x * (bhi / est > 1 ? bhi / est : 1);
	} else {
		na = nb = 0;
	}
	if (hi > *ymax)
		*ymax = hi;
	series_add(s, name, "%s %s %s %s %zu", report_v(r, i, "workers"), report_v(r, i, "speedup"),
		   report_awknum(lo, a, sizeof(a)), report_awknum(hi, b, sizeof(b)), na < nb ? na : nb);
}

/* The static 1-worker row of row i's runner and bind in kernel k, or -1.
 * At 1 worker every schedule is the same work and the run keeps static
 * alone (the product's repeats), so another schedule's line starts there. */
static long one_worker_row(const struct load_run *r, const char *k, size_t i)
{
	for (size_t j = 0; j < r->summary.nrows; j++)
		if (of(r, j, k) && report_n(r, j, "workers") == 1 &&
		    strcmp(report_v(r, j, "schedule"), "static") == 0 && *report_v(r, j, "speedup") &&
		    strcmp(report_v(r, j, "runner"), report_v(r, i, "runner")) == 0 &&
		    strcmp(load_bind(r, j), load_bind(r, i)) == 0)
			return (long)j;
	return -1;
}

/* The speedup data of kernel k: one block per runner:schedule[/bind]; a
 * schedule that did not run at 1 worker starts at static's point there.
 * *ymax: the highest interval's top. */
static int speedup_data(const struct load_run *r, const char *k, const char *path,
			char *names, size_t len, const struct report_reps *reps, double *ymax)
{
	struct series_set s = { .n = 0 };
	char name[256];
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!of(r, i, k) || report_is(report_v(r, i, "runner"), REPORT_REFERENCE) ||
		    !*report_v(r, i, "speedup"))
			continue;
		speedup_label(report_v(r, i, "runner"), report_v(r, i, "schedule"), load_bind(r, i), name, sizeof(name));
		size_t known = 0;
		while (known < s.n && strcmp(s.name[known], name) != 0)
			known++;
		long one = known == s.n && report_n(r, i, "workers") > 1 &&
			   strcmp(report_v(r, i, "schedule"), "static") != 0 ? one_worker_row(r, k, i) : -1;
		if (one >= 0)
			speedup_point(&s, name, r, (size_t)one, k, reps, ymax);
		speedup_point(&s, name, r, i, k, reps, ymax);
	}
	return series_emit(&s, path, names, len);
}

/* The Amdahl fits of kernel k's speedup series (report_fits) as gnuplot
 * words: idx the 1-based places of the fitted series in names, fits their
 * serial fractions; both empty when none is fitted. */
static void fit_words(const struct load_run *r, const char *k, const char *names, char *idx, size_t ilen,
		      char *fits, size_t flen)
{
	struct report_fits fs;
	char label[256], num[64];
	idx[0] = fits[0] = '\0';
	if (report_fits(r, k, &fs) < 0)
		return;
	for (size_t j = 0; j < fs.n; j++) {
		if (isnan(fs.s[j].fit.f))
			continue;
		speedup_label(fs.s[j].runner, fs.s[j].schedule, fs.s[j].bind, label, sizeof(label));
		size_t at = 1, n = strlen(label);
		const char *w = names;
		while (*w && !(strncmp(w, label, n) == 0 && (w[n] == ' ' || w[n] == '\0'))) {
			w += strcspn(w, " ");
			w += *w == ' ';
			at++;
		}
		if (!*w)
			continue;
		snprintf(idx + strlen(idx), ilen - strlen(idx), "%s%zu", *idx ? " " : "", at);
		snprintf(num, sizeof(num), "%.6g", fs.s[j].fit.f);
		snprintf(fits + strlen(fits), flen - strlen(fits), "%s%s", *fits ? " " : "", num);
	}
	report_fits_free(&fs);
}

/* Kernel k's most workers, and how many schedule/bind variants it ran. */
static void kernel_shape(const struct load_run *r, const char *k, int *maxw, int *nsched)
{
	char seen[64][160];
	*maxw = 0;
	*nsched = 0;
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!of(r, i, k))
			continue;
		if (report_n(r, i, "workers") > *maxw)
			*maxw = (int)report_n(r, i, "workers");
		if (report_is(report_v(r, i, "runner"), REPORT_REFERENCE))
			continue;
		char key[160];
		snprintf(key, sizeof(key), "%s/%s", report_v(r, i, "schedule"), load_bind(r, i));
		int j = 0;
		while (j < *nsched && strcmp(seen[j], key) != 0)
			j++;
		if (j == *nsched && *nsched < 64)
			snprintf(seen[(*nsched)++], sizeof(seen[0]), "%s", key);
	}
}

/* The distinct parts of the words of names, in order of first appearance,
 * space separated into out: before the ':' (part 0: the runners) or after
 * it (part 1: the panels, schedule[/bind]). */
static void distinct_parts(const char *names, int part, char *out, size_t len)
{
	out[0] = '\0';
	for (const char *w = names; *w;) {
		size_t n = strcspn(w, " "), colon = strcspn(w, ":");
		char p[256];
		if (colon > n)
			colon = n;
		const char *from = part ? w + colon + (colon < n) : w;
		size_t plen = part ? n - colon - (colon < n) : colon;
		snprintf(p, sizeof(p), "%.*s", (int)plen, from);
		size_t pl = strlen(p);
		const char *o = out;
		while (*o && !(strncmp(o, p, pl) == 0 && (o[pl] == ' ' || o[pl] == '\0'))) {
			o += strcspn(o, " ");
			o += *o == ' ';
		}
		if (!*o && *p)
			snprintf(out + strlen(out), len - strlen(out), "%s%s", *out ? " " : "", p);
		w += n;
		w += *w == ' ';
	}
}

/* Kernel k's worker counts, ascending, space separated into out. */
static void worker_list(const struct load_run *r, const char *k, char *out, size_t len)
{
	int last = 0;
	out[0] = '\0';
	for (;;) {
		int next = 0;
		for (size_t i = 0; i < r->summary.nrows; i++) {
			int w = (int)report_n(r, i, "workers");
			if (of(r, i, k) && w > last && (next == 0 || w < next))
				next = w;
		}
		if (next == 0)
			return;
		snprintf(out + strlen(out), len - strlen(out), "%s%d", *out ? " " : "", next);
		last = next;
	}
}

/* The speedup plot of kernel k (with a serial reference): a panel per
 * schedule[/bind], the intervals from both sides' repetitions. */
static int plot_speedup(const struct load_run *r, const char *home, const char *k, const struct report_reps *reps)
{
	char sdat[4200], names[8192], e[16384], num[64], words[2048];
	char fidx[1024], fits[4096];
	int maxw, nsched;
	double ymax = 0;
	snprintf(sdat, sizeof(sdat), "%s/plots/data/speedup-%s.dat", r->dir, k);
	if (speedup_data(r, k, sdat, names, sizeof(names), reps, &ymax) < 0)
		return -1;
	if (!*names)
		return 0;
	kernel_shape(r, k, &maxw, &nsched);
	report_gstart(e, sizeof(e), home, sdat);
	report_gset(e, sizeof(e), "series", names, 1);
	distinct_parts(names, 1, words, sizeof(words));
	report_gset(e, sizeof(e), "panels", words, 1);
	distinct_parts(names, 0, words, sizeof(words));
	report_gset(e, sizeof(e), "runners", words, 1);
	snprintf(num, sizeof(num), "%d", maxw);
	report_gset(e, sizeof(e), "maxw", num, 0);
	worker_list(r, k, words, sizeof(words));
	report_gset(e, sizeof(e), "wlist", words, 1);
	snprintf(num, sizeof(num), "%.6g", ymax);
	report_gset(e, sizeof(e), "ymax", num, 0);
	snprintf(num, sizeof(num), "%d", STATS_BOOT_RESAMPLES);
	report_gset(e, sizeof(e), "resamples", num, 0);
	snprintf(num, sizeof(num), "%d", STATS_MIN_REPS);
	report_gset(e, sizeof(e), "minreps", num, 0);
	fit_words(r, k, names, fidx, sizeof(fidx), fits, sizeof(fits));
	report_gset(e, sizeof(e), "fitidx", fidx, 1);
	report_gset(e, sizeof(e), "fits", fits, 1);
	report_gset(e, sizeof(e), "kernel", k, 1);
	return report_plot_end(r, home, e, sizeof(e), "speedup", k, "speedup");
}

/* The speedup, time and losses plots of kernel k. */
static int plot_speedup_time(const struct load_run *r, const char *home, const char *k,
			     const struct report_reps *reps)
{
	int maxw, nsched;
	kernel_shape(r, k, &maxw, &nsched);
	int rc = plot_speedup(r, home, k, reps);
	rc |= plot_time(r, home, k, nsched, reps);
	rc |= plot_losses(r, home, k);
	return rc | plot_memory(r, home, k);
}

/* One kernel's plots: a sweep, a break-even, or speedup and time. A sweep
 * or an --items list is a list in meta.json's size, not one cache-relative
 * size that resolves differently per worker count. */
static int plot_kernel(const struct load_run *r, const char *home, const char *k, const struct report_reps *reps)
{
	int listed = report_listed(r);
	if (listed && report_distinct(r, k, "size_bytes") > 1) {
		int rc = plot_sweep(r, home, k, "rate");
		if (report_is(k, REPORT_LATENCY))
			rc |= plot_sweep(r, home, k, "latency");
		return rc;
	}
	if (listed && report_distinct(r, k, "items") > 1)
		return plot_breakeven(r, home, k);
	return plot_speedup_time(r, home, k, reps);
}

/* --trace: scripts/trace.sh draws a timeline per configuration and writes
 * plots/data/trace.md, a line each on what it shows. */
static int plot_trace(const struct load_run *r, const char *home)
{
	char path[4200], script[4200], sub[1024];
	snprintf(path, sizeof(path), "%s/plots/data/trace.md", r->dir);
	unlink(path);
	snprintf(script, sizeof(script), "%s/scripts/trace.sh", home);
	report_subtitle(r, sub, sizeof(sub));
	char *argv[] = { "sh", script, (char *)r->dir, sub, NULL };
	if (run_prog(argv) == 0)
		return 0;
	fprintf(stderr, "parbench: %s failed\n", script);
	return -1;
}

/* Whether gnuplot is on PATH. */
int report_have_gnuplot(void)
{
	char *argv[] = { "sh", "-c", "command -v gnuplot >/dev/null 2>&1", NULL };
	return run_prog(argv) == 0;
}

int plots_draw(const struct load_run *r, const char *home)
{
	char path[4200];
	if (!report_have_gnuplot()) {
		fprintf(stderr, "parbench: gnuplot is missing (make deps installs it)\n");
		return -1;
	}
	snprintf(path, sizeof(path), "%s/plots", r->dir);
	mkdir(path, 0777);
	snprintf(path, sizeof(path), "%s/plots/data", r->dir);
	if (mkdir(path, 0777) < 0 && errno != EEXIST) {
		fprintf(stderr, "parbench: cannot make %s: %s\n", path, strerror(errno));
		return -1;
	}
	struct report_kernels ks;
	report_kernels(r, &ks);
	struct report_reps reps;
	report_reps_load(r, &reps);     /* none: the intervals are the points alone */
	int rc = 0;
	for (size_t i = 0; i < ks.n; i++)
		rc |= plot_kernel(r, home, ks.name[i], &reps);
	report_reps_free(&reps);
	rc |= plot_trace(r, home);
	return rc ? -1 : 0;
}
