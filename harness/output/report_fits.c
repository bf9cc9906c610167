/*
 * report_fits.c - the scaling fits of a run folder: per kernel, runner,
 * schedule and bind, the speedups of summary.csv against the worker count,
 * fitted by core/fit (Amdahl's serial fraction with its interval, the
 * Karp-Flatt e(p) and its trend), written to fits.csv.
 *
 * Why here and not in the measuring walk: a fit is derived from the
 * summary alone, so it is drawn with the report from the loaded folder
 * (`parbench report DIR` redraws it from an old run too), the way the
 * plots are. Only kernels whose speedup is drawn against the workers are
 * fitted: a size sweep or an --items list has several points per worker
 * count, which one curve per series cannot fit.
 *
 * fits.csv is a long (tidy) table: one row per series and worker count,
 * every value in a cell of its own and the columns the same in every run;
 * a column per worker count would change with --workers, and a packed
 * "2:0.03;4:0.05" cell would need parsing. The fit of a series is repeated
 * on each of its rows.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/csv.h"
#include "../core/newfile.h"
#include "report_int.h"

int report_by_workers(const struct load_run *r, const char *k)
{
	if (!report_listed(r))
		return 1;
	return report_distinct(r, k, "size_bytes") <= 1 && report_distinct(r, k, "items") <= 1;
}

/* The speedup of row i at its quartile time q (NAN without one). */
static double at_quartile(const struct load_run *r, size_t i, const char *q)
{
	double t = report_n(r, i, q), med = report_n(r, i, "median_s");
	if (!*report_v(r, i, q) || t <= 0 || med <= 0)
		return NAN;
	return report_n(r, i, "speedup") * med / t;
}

/* The series of row i in fs, made when new; NULL when out of memory. */
static struct report_fit *series_of(const struct load_run *r, size_t i, struct report_fits *fs)
{
	const char *run = report_v(r, i, "runner"), *sched = report_v(r, i, "schedule"), *bind = load_bind(r, i);
	for (size_t j = 0; j < fs->n; j++)
		if (!strcmp(fs->s[j].runner, run) && !strcmp(fs->s[j].schedule, sched) && !strcmp(fs->s[j].bind, bind))
			return &fs->s[j];
	struct report_fit *more = realloc(fs->s, (fs->n + 1) * sizeof(*more));
	if (!more)
		return NULL;
	fs->s = more;
	struct report_fit *s = &fs->s[fs->n++];
	memset(s, 0, sizeof(*s));
	s->runner = run;
	s->schedule = sched;
	s->bind = bind;
	return s;
}

/* Adds row i's point to s, in order of workers (a second row at the same
 * worker count replaces the first: the last one counts, as elsewhere). */
static void add_point(const struct load_run *r, size_t i, struct report_fit *s)
{
	struct fit_point pt = {
		.p = report_n(r, i, "workers"), .s = report_n(r, i, "speedup"),
		.s_slow = at_quartile(r, i, "q3_s"), .s_fast = at_quartile(r, i, "q1_s"),
	};
	size_t j = 0;
	while (j < s->n && s->pt[j].p < pt.p)
		j++;
	if (j < s->n && s->pt[j].p == pt.p) {
		s->pt[j] = pt;
		return;
	}
	if (s->n == REPORT_FIT_POINTS)
		return;
	memmove(&s->pt[j + 1], &s->pt[j], (s->n - j) * sizeof(pt));
	s->pt[j] = pt;
	s->n++;
}

int report_fits(const struct load_run *r, const char *k, struct report_fits *fs)
{
	fs->s = NULL;
	fs->n = 0;
	if (!report_by_workers(r, k))
		return 0;
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!load_plain(r, i) || strcmp(report_v(r, i, "kernel"), k) ||
		    report_is(report_v(r, i, "runner"), REPORT_REFERENCE) || !*report_v(r, i, "speedup"))
			continue;
		struct report_fit *s = series_of(r, i, fs);
		if (!s) {
			report_fits_free(fs);
			return -1;
		}
		add_point(r, i, s);
	}
	for (size_t j = 0; j < fs->n; j++)
		fit_series(&fs->s[j].fit, fs->s[j].pt, fs->s[j].n);
	return 0;
}

void report_fits_free(struct report_fits *fs)
{
	free(fs->s);
	fs->s = NULL;
	fs->n = 0;
}

const char *report_fnum(double x, const char *fmt, char *buf, size_t len)
{
	if (!isfinite(x)) {
		snprintf(buf, len, "%s", "");
		return buf;
	}
	snprintf(buf, len, fmt, x);
	if (buf[0] == '-' && strspn(buf, "-0.") == strlen(buf))
		memmove(buf, buf + 1, strlen(buf));   /* no "-0.000" */
	return buf;
}

/* ---- fits.csv ------------------------------------------------------------- */

static const char *const csv_columns[] = {
	"kernel", "runner", "schedule", "bind", "workers", "speedup",
	"karp_flatt", "karp_flatt_lo", "karp_flatt_hi",
	"serial_fraction", "serial_fraction_lo", "serial_fraction_hi", "points", "trend",
};

/* Writes cell[0..n) as one record. */
static void csv_record(FILE *f, const char *const *cell, size_t n)
{
	for (size_t c = 0; c < n; c++) {
		if (c)
			fputc(',', f);
		csv_field(f, cell[c]);
	}
	fputc('\n', f);
}

/* Point i of series s of kernel k as fits.csv's record. */
static void csv_point(FILE *f, const char *k, const struct report_fit *s, size_t i)
{
	const struct fit_point *pt = &s->pt[i];
	char n[9][32];
	snprintf(n[8], sizeof(n[8]), "%zu", s->fit.points);
	const char *cell[] = {
		k, s->runner, s->schedule, s->bind, report_awknum(pt->p, n[0], 32),
		report_fnum(pt->s, "%.4f", n[1], 32), report_fnum(pt->e, "%.4f", n[2], 32),
		report_fnum(pt->e_lo, "%.4f", n[3], 32), report_fnum(pt->e_hi, "%.4f", n[4], 32),
		report_fnum(s->fit.f, "%.4f", n[5], 32), report_fnum(s->fit.f_lo, "%.4f", n[6], 32),
		report_fnum(s->fit.f_hi, "%.4f", n[7], 32), n[8], fit_trend_name(s->fit.trend),
	};
	csv_record(f, cell, sizeof(cell) / sizeof(cell[0]));
}

/* One row per point of every series of kernel k. */
static int csv_kernel(const struct load_run *r, const char *k, FILE *f)
{
	struct report_fits fs;
	if (report_fits(r, k, &fs) < 0)
		return -1;
	for (size_t j = 0; j < fs.n; j++)
		for (size_t i = 0; i < fs.s[j].n; i++)
			csv_point(f, k, &fs.s[j], i);
	report_fits_free(&fs);
	return 0;
}

/* fits.csv's text: the header, then the kernels in report order. */
static int csv_text(const struct load_run *r, FILE *f)
{
	struct report_kernels ks;
	csv_record(f, csv_columns, sizeof(csv_columns) / sizeof(csv_columns[0]));
	report_kernels(r, &ks);
	for (size_t i = 0; i < ks.n; i++)
		if (csv_kernel(r, ks.name[i], f) < 0)
			return -1;
	return ferror(f) ? -1 : 0;
}

int report_fits_csv(const struct load_run *r)
{
	char path[4200], tmp[4300];
	snprintf(path, sizeof(path), "%s/fits.csv", r->dir);
	snprintf(tmp, sizeof(tmp), "%s/.fits.csv.tmp", r->dir);
	FILE *f = newfile_create(tmp);   /* never through a link planted at its name */
	if (!f) {
		fprintf(stderr, "parbench: cannot write %s: %s\n", tmp, strerror(errno));
		return -1;
	}
	int rc = csv_text(r, f);
	if (fclose(f) != 0 || rc < 0 || rename(tmp, path) != 0) {
		fprintf(stderr, "parbench: cannot write %s: %s\n", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* ---- report.md ------------------------------------------------------------ */

/* "runner schedule", with ", bind P" when bound. */
static const char *series_name(const struct report_fit *s, char *buf, size_t len)
{
	int bound = strcmp(s->bind, "none") != 0;
	snprintf(buf, len, "%s %s%s%s", s->runner, s->schedule, bound ? ", bind " : "", bound ? s->bind : "");
	return buf;
}

/* The first and last points of s with an e (the fewest and most workers
 * above 1); 0 when it has none. */
static int e_ends(const struct report_fit *s, const struct fit_point **a, const struct fit_point **b)
{
	*a = *b = NULL;
	for (size_t i = 0; i < s->n; i++)
		if (!isnan(s->pt[i].e)) {
			if (!*a)
				*a = &s->pt[i];
			*b = &s->pt[i];
		}
	return *a != NULL;
}

/* A series' e(p) as "2: 0.031, 4: 0.045" (which: 0 e, 1 e_lo, 2 e_hi);
 * "-" when it has none. */
static void e_cell(const struct report_fit *s, FILE *f)
{
	char a[32];
	int any = 0;
	for (size_t i = 0; i < s->n; i++)
		if (!isnan(s->pt[i].e))
			fprintf(f, "%s%g: %s", any++ ? ", " : "", s->pt[i].p, report_fnum(s->pt[i].e, "%.3f", a, 32));
	fputs(any ? " | " : "- | ", f);
}

/* e(p) from the quartiles as "2: 0.010 .. 0.050, ..."; "-" when none. */
static void e_range_cell(const struct report_fit *s, FILE *f)
{
	char a[32], b[32];
	int any = 0;
	for (size_t i = 0; i < s->n; i++)
		if (!isnan(s->pt[i].e_lo) && !isnan(s->pt[i].e_hi))
			fprintf(f, "%s%g: %s .. %s", any++ ? ", " : "", s->pt[i].p,
				report_fnum(s->pt[i].e_lo, "%.3f", a, 32), report_fnum(s->pt[i].e_hi, "%.3f", b, 32));
	fputs(any ? " |\n" : "- |\n", f);
}

/* The table, one line per series: with the fit and the trend when any
 * series has a fit, else e(p) and its quartiles alone. */
static void md_table(const struct report_fits *fs, int fitted, FILE *f)
{
	char a[32], b[32], c[32];
	if (fitted)
		fputs("| runner | schedule | bind | serial fraction f | f from the quartiles | e(p) | trend of e(p) |\n"
		      "|---|---|---|---:|---:|---|---|\n", f);
	else
		fputs("| runner | schedule | bind | e(p) | e(p) from the quartiles |\n|---|---|---|---|---|\n", f);
	for (size_t j = 0; j < fs->n; j++) {
		const struct report_fit *s = &fs->s[j];
		fprintf(f, "| %s | %s | %s | ", s->runner, s->schedule, s->bind);
		if (!fitted) {
			e_cell(s, f);
			e_range_cell(s, f);
			continue;
		}
		if (isnan(s->fit.f))
			fputs("no fit | - | ", f);
		else if (isnan(s->fit.f_lo))
			fprintf(f, "%s | - | ", report_fnum(s->fit.f, "%.3f", a, 32));
		else
			fprintf(f, "%s | %s .. %s | ", report_fnum(s->fit.f, "%.3f", a, 32),
				report_fnum(s->fit.f_lo, "%.3f", b, 32), report_fnum(s->fit.f_hi, "%.3f", c, 32));
		e_cell(s, f);
		fprintf(f, "%s |\n", s->fit.trend == FIT_TREND_NONE ? "-" : fit_trend_name(s->fit.trend));
	}
	fputc('\n', f);
}

/* How a series reads, one line per kind in this order. */
enum reading { READ_RISING, READ_FLAT, READ_FALLING, READ_UNCLEAR, READ_SLOWER, READ_ONE, READ_NONE };

static const char *const readings[] = {
	[READ_RISING] = "an overhead that grows with the workers, not a fixed serial part",
	[READ_FLAT] = "no change beyond 0.01, so a fixed serial part of about f, as Amdahl's law assumes",
	[READ_FALLING] = "the speedup gains more per added worker than a fixed serial part allows (more cache in all "
			 "as workers are added, or a slow first count): not a serial fraction",
	[READ_UNCLEAR] = "a change inside the repetitions' spread (their quartiles overlap), so no trend can be read: "
			 "more repetitions or a quieter machine may settle it",
	[READ_SLOWER] = "slower than serial on the whole (f of 1 or more), so f and e(p) describe a slowdown, not a "
			"serial part",
	[READ_ONE] = "one worker count above 1, so no fit",
	[READ_NONE] = NULL,
};

/* Which line series s belongs on. */
static enum reading reading_of(const struct report_fit *s)
{
	static const enum reading by_trend[] = {
		[FIT_TREND_NONE] = READ_NONE, [FIT_TREND_FLAT] = READ_FLAT, [FIT_TREND_RISING] = READ_RISING,
		[FIT_TREND_FALLING] = READ_FALLING, [FIT_TREND_UNCLEAR] = READ_UNCLEAR,
	};
	const struct fit_point *p, *q;
	if (!e_ends(s, &p, &q))
		return READ_NONE;
	if (isnan(s->fit.f))
		return READ_ONE;
	if (s->fit.f >= 1)
		return READ_SLOWER;
	return by_trend[s->fit.trend];
}

/* Series s's item on the line of reading g. */
static void md_item(const struct report_fit *s, enum reading g, FILE *f)
{
	static const char *const verb[] = { [READ_RISING] = "rises from", [READ_FLAT] = "is flat,",
					    [READ_FALLING] = "falls from", [READ_UNCLEAR] = "goes from" };
	char name[512], a[32], b[32], c[32];
	const struct fit_point *p, *q;
	e_ends(s, &p, &q);
	fprintf(f, "%s: ", series_name(s, name, sizeof(name)));
	if (g == READ_ONE)
		fprintf(f, "e(%g) = %s", p->p, report_fnum(p->e, "%.3f", a, 32));
	else if (g == READ_SLOWER)
		fprintf(f, "speedup %s at %g, %s at %g (f = %s)", report_fnum(p->s, "%.3f", a, 32), p->p,
			report_fnum(q->s, "%.3f", b, 32), q->p, report_fnum(s->fit.f, "%.3f", c, 32));
	else
		fprintf(f, "e(p) %s %s at %g %s %s at %g (f = %s)", verb[g], report_fnum(p->e, "%.3f", a, 32), p->p,
			g == READ_FLAT ? "and" : "to", report_fnum(q->e, "%.3f", b, 32), q->p,
			report_fnum(s->fit.f, "%.3f", c, 32));
}

/* One line per kind of reading the series show: their items, then what
 * that kind means. */
static void md_trends(const struct report_fits *fs, FILE *f)
{
	for (enum reading g = READ_RISING; g < READ_NONE; g++) {
		int n = 0;
		for (size_t j = 0; j < fs->n; j++)
			if (reading_of(&fs->s[j]) == g) {
				fputs(n++ ? "; " : "- ", f);
				md_item(&fs->s[j], g, f);
			}
		if (n)
			fprintf(f, ": %s.\n", readings[g]);
	}
}

/* The worker counts above 1 with an e, as "2" or "2, 4". */
static void counts_above1(const struct report_fits *fs, char *buf, size_t len)
{
	double seen[REPORT_FIT_POINTS];
	size_t n = 0;
	buf[0] = '\0';
	for (size_t j = 0; j < fs->n; j++)
		for (size_t i = 0; i < fs->s[j].n; i++) {
			double p = fs->s[j].pt[i].p;
			size_t k = 0;
			while (k < n && seen[k] != p)
				k++;
			if (isnan(fs->s[j].pt[i].e) || k < n || n == REPORT_FIT_POINTS)
				continue;
			seen[n++] = p;
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%g", n > 1 ? ", " : "", p);
		}
}

/* No series has a fit: what one point above 1 can and cannot say. */
static void md_one_point(const struct report_fits *fs, FILE *f)
{
	const struct report_fit *lo = NULL, *hi = NULL;
	const struct fit_point *elo = NULL, *ehi = NULL, *p, *q;
	char name[512], a[32], counts[256];
	for (size_t j = 0; j < fs->n; j++) {
		if (!e_ends(&fs->s[j], &p, &q))
			continue;
		if (!elo || p->e < elo->e)
			lo = &fs->s[j], elo = p;
		if (!ehi || p->e > ehi->e)
			hi = &fs->s[j], ehi = p;
	}
	if (!elo) {
		fputs("No model ran on more than one worker: nothing to fit.\n", f);
		return;
	}
	counts_above1(fs, counts, sizeof(counts));
	fprintf(f, "Every model here ran at one worker count above 1 at most (%s), and one point cannot separate a "
		"serial fraction from an overhead that grows with the workers: there is no Amdahl fit, only %s%s%s, ",
		counts, strchr(counts, ',') ? "e(p) at each model's count" : "e(", strchr(counts, ',') ? "" : counts,
		strchr(counts, ',') ? "" : ")");
	fprintf(f, "from %s (%s) ", report_fnum(elo->e, "%.3f", a, 32), series_name(lo, name, sizeof(name)));
	fprintf(f, "to %s (%s). More worker counts (`--workers 1,2,4`) give a fit.\n",
		report_fnum(ehi->e, "%.3f", a, 32), series_name(hi, name, sizeof(name)));
}

/* What e outside [0, 1] means, as items, when the kernel has such a
 * value; after a blank line when sep (after a paragraph). */
static void md_bounds(const struct report_fits *fs, int sep, FILE *f)
{
	int above = 0, below = 0;
	for (size_t j = 0; j < fs->n; j++)
		for (size_t i = 0; i < fs->s[j].n; i++) {
			above |= fs->s[j].pt[i].e > 1;
			below |= fs->s[j].pt[i].e < 0;
		}
	if (sep && (above || below))
		fputc('\n', f);
	if (above)
		fputs("- e above 1: slower at those workers than serial itself, so not a fraction of serial's work.\n", f);
	if (below)
		fputs("- e below 0: faster than p times serial (superlinear, or within the noise of a speedup near p).\n", f);
}

void report_fits_md(const struct load_run *r, const char *k, FILE *f)
{
	struct report_fits fs;
	if (report_fits(r, k, &fs) < 0 || fs.n == 0)
		return;
	int fitted = 0;
	for (size_t j = 0; j < fs.n; j++)
		fitted |= !isnan(fs.s[j].fit.f);
	fprintf(f, "### Scaling fits: %s\n\n", k);
	if (fitted)
		fputs("Amdahl's serial fraction f, fitted to the speedups above by least squares on `1/S(p) = f + (1 - f)/p` "
		      "over the worker counts run (from the quartiles: the same fit to the faster and to the slower quartile "
		      "of the repetitions at every p), and the Karp-Flatt metric `e(p) = (1/S(p) - 1/p) / (1 - 1/p)` at each "
		      "p above 1: a flat e(p) points to a fixed serial part, a rising one to an overhead that grows with the "
		      "workers. `fits.csv` has the numbers.\n\n", f);
	else
		fputs("The Karp-Flatt metric `e(p) = (1/S(p) - 1/p) / (1 - 1/p)` at each worker count p above 1: the serial "
		      "fraction that the speedup there alone implies (0 is perfect scaling). `fits.csv` has the numbers.\n\n", f);
	md_table(&fs, fitted, f);
	if (fitted)
		md_trends(&fs, f);
	else
		md_one_point(&fs, f);
	md_bounds(&fs, !fitted, f);
	fputc('\n', f);
	report_fits_free(&fs);
}
