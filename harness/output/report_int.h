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

/* Row i's field as awk's v(name) (summary.csv). */
const char *report_v(const struct load_run *r, size_t i, const char *name);
double report_n(const struct load_run *r, size_t i, const char *name);

/* Number formats, each into buf; each returns buf. */
const char *report_awknum(double x, char *buf, size_t len);     /* awk's own: integer or %.6g */
const char *report_t3(double x, char *buf, size_t len);         /* %.3f s, %.2f ms, %.1f µs */
const char *report_human(double b, char *buf, size_t len);      /* %.1f GiB/MiB, %.0f KiB, %d B */

/* The sections of report.md after the machine (report_sections.c and
 * report_rules.c). */
void report_numbers(const struct load_run *r, FILE *f);
void report_busy(const struct load_run *r, FILE *f);
void report_gil(const struct load_run *r, FILE *f);
void report_python(const struct load_run *r, FILE *f);
void report_breakeven(const struct load_run *r, FILE *f);
void report_patterns(const struct load_run *r, FILE *f);
void report_queue(const struct load_run *r, FILE *f);
void report_collect(const struct load_run *r, FILE *f);
void report_init(const struct load_run *r, FILE *f);

#endif
