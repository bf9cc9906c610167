/*
 * demos.h - the teaching demos as data: what each one asks, what to look
 * for, the parbench commands it runs and the numbers that decide whether
 * it showed its lesson on this machine, this time.
 *
 * Why a table: a demo on a loaded machine can measure the opposite of its
 * lesson (gil 1.33x, pthreads 1.37x) and still look like a success. Each
 * demo therefore states its criterion as checks on the CSVs it writes, and
 * one verdict routine (demos_verdict.c) reads them back, with what the run
 * recorded about the machine (load, other processes' CPU use, time off-CPU)
 * to name why a lesson was not shown. Adding a demo is one entry in
 * demos_table[] (demos_table.c) and one Makefile line.
 */
#ifndef PARBENCH_DEMOS_H
#define PARBENCH_DEMOS_H

#include <stddef.h>

#define DEMOS_ARGS 32
#define DEMOS_STEPS 4
#define DEMOS_CHECKS 4
#define DEMOS_FIGURES 4

enum demos_op { DEMOS_LT, DEMOS_LE, DEMOS_GE, DEMOS_GT };

/* A number read from a step's table: the median of column col over the
 * rows that where selects. where is space-separated terms: col=value,
 * col=max / col=min (the rows at that column's largest / smallest value,
 * after the other terms), col<=key / col>=key (key a number in the step's
 * meta.json, such as l2_bytes). */
struct demos_measure {
	const char *table;        /* a CSV in the step's folder: summary.csv, fits.csv, ... */
	const char *where;
	const char *col;
	const char *name;         /* how the numbers name its rows: "gil on pi, 2 workers" */
};

/* One condition of the lesson: a op k, or a op k x b when b.col is set.
 * With contains set, the condition is instead that the file a.table holds
 * that text at least k times. */
struct demos_check {
	const char *step;         /* the step's dir ("" or NULL: the first step) */
	struct demos_measure a;
	enum demos_op op;
	double k;
	struct demos_measure b;
	const char *contains;
	int busy;                 /* a's rows should keep each worker on a CPU: fewer CPUs
				   * busy than 0.75 x workers is a measured reason */
	const char *condition;    /* set: a condition of the measurement, not the lesson
				   * (the threads had their CPUs); when it fails, this text
				   * is the reason the verdict gives, "{pct}" made a's value
				   * in percent */
};

/* One parbench command; "{out}" in argv becomes the step's folder. */
struct demos_step {
	const char *dir;          /* the step's folder inside the demo's ("": the demo's own) */
	const char *argv[DEMOS_ARGS];  /* parbench's words after "parbench", NULL-terminated */
};

struct demos_spec {
	const char *name;         /* parbench demo NAME, make demo-NAME */
	const char *question;     /* the question the demo answers */
	const char *look_for;     /* what to look at in the figure and the numbers */
	const char *expect;       /* the expected outcome, in words */
	int min_pus;              /* usable PUs the lesson needs (0 or 1: any machine) */
	int needs_smt;            /* it needs hyperthreads */
	struct demos_step steps[DEMOS_STEPS];
	struct demos_check checks[DEMOS_CHECKS];
	const char *figures[DEMOS_FIGURES];  /* globs relative to the demo's folder; first match each */
};

/* The table, ended by an entry whose name is NULL (demos_table.c). */
extern const struct demos_spec demos_table[];

enum demos_kind { DEMOS_SHOWN, DEMOS_NOT_SHOWN, DEMOS_SKIPPED };

/* What the verdict found: the numbers (lines of text) and the verdict line. */
struct demos_outcome {
	enum demos_kind kind;
	char numbers[4096];
	char verdict[2048];
};

/* The spec called name, or NULL. */
const struct demos_spec *demos_find(const char *name);

/* Whether `parbench demo WORD` is for this module (a table name, verdict,
 * all or notebook) rather than demo.c's step-by-step studies. */
int demos_handles(const char *word);

/* `parbench demo NAME|verdict|all|notebook ...` (argv[0] is "demo").
 * Returns 0 for every verdict (shown, not shown, skipped), 1 when a run
 * could not be made, 2 on bad input (one line on stderr). */
int demos_main(int argc, char **argv);

/* The verdict of spec on the demo folder dir (its steps' folders inside).
 * Returns 0 with *out filled; -1 with one line in err when dir does not
 * hold this demo's results (a table or a row missing): bad input. */
int demos_verdict(const struct demos_spec *spec, const char *dir, struct demos_outcome *out,
		  char *err, size_t errlen);

/* Whether spec cannot show its lesson on a machine of cores, pus and
 * usable PUs (1, the reason in why) or can (0). */
int demos_unfit(const struct demos_spec *spec, int cores, int pus, int usable, char *why, size_t len);

/* Writes dir/demos.html: each demo of the table with a folder in dir, its
 * question, figures (PNG inlined), numbers and verdict. Returns 0, or -1
 * after a line on stderr. */
int demos_notebook(const char *dir);

#endif
