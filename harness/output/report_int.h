/*
 * report_int.h - what the report's own files share (plots.c, report_md.c,
 * report_sections.c, report_rules.c): the kernels in order, the roles of
 * runners and kernels (properties, or names its sentences use), the number
 * formats. Not for use outside harness/output/report*.c and plots.c.
 */
#ifndef PARBENCH_REPORT_INT_H
#define PARBENCH_REPORT_INT_H

#include <stddef.h>
#include <stdio.h>

#include "../core/fit.h"
#include "load.h"

#define REPORT_MAX_KERNELS 64

/* The kernels of the plain rows (load_plain), in the order they first appear. */
struct report_kernels {
	const char *name[REPORT_MAX_KERNELS];
	size_t n;
};
void report_kernels(const struct load_run *r, struct report_kernels *k);

/* What the report must know about a runner or kernel to pick its sentences. */
enum report_role {
	REPORT_REFERENCE,   /* the runner every speedup is measured against */
	REPORT_LATENCY,     /* a kernel whose rate is best read as a latency */
	REPORT_GIL,         /* the runner behind one global lock */
	REPORT_PTHREADS,    /* plain threads, no lock */
	REPORT_FORK,        /* processes created per run */
};

/* Whether name plays role. */
int report_is(const char *name, enum report_role role);

/* The name of the first runner in the table that plays role (gil, pthreads,
 * fork), or "" when none does. */
const char *report_runner(enum report_role role);

/* Whether meta.json's size is a list (a sweep, or an --items list). */
int report_listed(const struct load_run *r);

/* How many distinct values column col takes among kernel k's plain rows. */
int report_distinct(const struct load_run *r, const char *k, const char *col);

/* Row i's field as awk's v(name) (summary.csv). */
const char *report_v(const struct load_run *r, size_t i, const char *name);
double report_n(const struct load_run *r, size_t i, const char *name);

/* Number formats, each into buf; each returns buf. */
const char *report_awknum(double x, char *buf, size_t len);     /* awk's own: integer or %.6g */
const char *report_t3(double x, char *buf, size_t len);         /* %.3f s, %.2f ms, %.1f µs */
const char *report_human(double b, char *buf, size_t len);      /* %.1f GiB/MiB, %.0f KiB, %d B */

/* gnuplot, for plots.c and the studies' reports (report_convoy.c,
 * report_overheads.c). report_gset appends key='value' (quote: gnuplot's
 * single-quoted string, ' doubled) or key=value to the -e expression in
 * buf; report_gnuplot runs `gnuplot -e expr home/plots/script.gp` and
 * returns 0, or -1 after a line on stderr; report_have_gnuplot says
 * whether gnuplot is on PATH. */
void report_gset(char *buf, size_t len, const char *key, const char *value, int quote);
int report_gnuplot(const char *home, const char *expr, const char *script);
int report_have_gnuplot(void);

/* What every run folder's plot starts with: the gnuplot expression with
 * dir (home's plots/) and data set; the subtitle: host, CPU model, date. */
void report_gstart(char *e, size_t len, const char *home, const char *data);
void report_subtitle(const struct load_run *r, char *buf, size_t len);

/* What every run folder's plot ends with: the subtitle and out
 * (r->dir/plots/NAME-K) set in e, then plots/SCRIPT.gp drawn; returns
 * report_gnuplot's result. */
int report_plot_end(const struct load_run *r, const char *home, char *e, size_t len, const char *name,
		    const char *k, const char *script);

/* plot_losses.c: kernel k's "where the ideal went" plot (plots/losses.gp)
 * from summary.csv's loss columns; 0 also when k has no such row, -1 when
 * gnuplot failed. */
int plot_losses(const struct load_run *r, const char *home, const char *k);

/* report_memory.c: kernel k's memory plot (plots/memory.gp) from
 * summary.csv's pss_kib; 0 also when k has no such row (a folder older
 * than the column), -1 when a file or gnuplot failed. */
int plot_memory(const struct load_run *r, const char *home, const char *k);

/* plot_time.c: kernel k's time plot (plots/time.gp): bars of medians, a
 * point per repetition (reps), schedules named when nsched > 1; 0 also
 * when k has no timed row, -1 when a file or gnuplot failed. */
struct report_reps;
int plot_time(const struct load_run *r, const char *home, const char *k, int nsched,
	      const struct report_reps *reps);

/* plot_reps.c: the measured repetitions of a run folder's samples.csv
 * (no warm-ups, failures or unverified runs), by summary row. load gives
 * 0, or -1 when samples.csv cannot be read or memory runs out (reps then
 * empty); of gives summary row i's seconds, in no set order
 * (*n of them, NULL when none), pointing into reps; free empties reps. */
struct report_reps {
	size_t n;
	char **key;
	double *s;
};
int report_reps_load(const struct load_run *r, struct report_reps *reps);
const double *report_reps_of(const struct report_reps *reps, const struct load_run *r, size_t i, size_t *n);
void report_reps_free(struct report_reps *reps);

/* Scaling fits (report_fits.c). A series of kernel k's speedup plot: one
 * runner at one schedule and bind, its worker counts in increasing order
 * (a second row at a worker count replaces the first), fitted by
 * core/fit. The names point into r's summary. */
#define REPORT_FIT_POINTS 64
struct report_fit {
	const char *runner, *schedule, *bind;
	struct fit_point pt[REPORT_FIT_POINTS];
	size_t n;
	struct fit fit;
};
struct report_fits {
	struct report_fit *s;
	size_t n;
};

/* Whether kernel k's speedup is drawn (and fitted) against the workers:
 * not a size sweep nor an --items list, which have several rows per
 * worker count. */
int report_by_workers(const struct load_run *r, const char *k);

/* The series of kernel k's plain rows other than the reference's, in the
 * order they first appear, each fitted; none when k is not by workers.
 * Returns 0; -1 when out of memory (fs then empty). Free with
 * report_fits_free. */
int report_fits(const struct load_run *r, const char *k, struct report_fits *fs);
void report_fits_free(struct report_fits *fs);

/* Writes r->dir/fits.csv through .fits.csv.tmp: every series of every
 * kernel by workers, one row per worker count (report_fits.c says why).
 * Returns 0, or -1 after a line on stderr. */
int report_fits_csv(const struct load_run *r);

/* Kernel k's "### Scaling fits: k": the table and what it reads as; nothing
 * when k has no series. */
void report_fits_md(const struct load_run *r, const char *k, FILE *f);

/* x with printf format fmt into buf, "" when not finite, never "-0.00". */
const char *report_fnum(double x, const char *fmt, char *buf, size_t len);

/* The study folders (convoy, overheads): dir/table and meta.json read into
 * r (r->summary holds the table), checked to be complete and written by
 * meta.json's subcommand; plots/data made. Returns 0; 2 after one line on
 * stderr when dir holds no such complete folder; 1 when gnuplot is missing
 * or plots/data cannot be made. Free r with load_free in every case. */
int report_study_open(struct load_run *r, const char *dir, const char *subcommand,
		      const char *table);

/* Writes r->dir/name through name.tmp with write(r, ctx, f) (ctx: what the
 * writer needs beyond r, may be NULL). Returns 0, or -1 after a line on
 * stderr. */
int report_study_put(const struct load_run *r, const char *name,
		     int (*write)(const struct load_run *r, const void *ctx, FILE *f), const void *ctx);

/* Whether r->dir/rel exists. */
int report_study_has(const struct load_run *r, const char *rel);

/* The sections of report.md after the machine (report_sections.c and
 * report_rules.c). */
void report_numbers(const struct load_run *r, FILE *f);
void report_busy(const struct load_run *r, FILE *f);
void report_gil(const struct load_run *r, FILE *f);
void report_losses(const struct load_run *r, FILE *f);   /* report_losses.c */
void report_memory(const struct load_run *r, FILE *f);   /* report_memory.c */
void report_weak(const struct load_run *r, FILE *f);     /* report_weak.c */
void report_python(const struct load_run *r, FILE *f);
void report_breakeven(const struct load_run *r, FILE *f);
void report_patterns(const struct load_run *r, FILE *f);
void report_queue(const struct load_run *r, FILE *f);
void report_collect(const struct load_run *r, FILE *f);
void report_init(const struct load_run *r, FILE *f);

#endif
