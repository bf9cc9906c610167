/*
 * compare_md.h - the Markdown `parbench compare A B` prints (and writes to
 * --out when asked): the two runs, the test and its correction, one row
 * per configuration both measured, the geometric mean per kernel, those
 * only one run has, and a last line with the verdict. cli/compare.c reads
 * the folders and judges; this writes, so that compare's output is one
 * more output of the layer.
 */
#ifndef PARBENCH_COMPARE_MD_H
#define PARBENCH_COMPARE_MD_H

#include <stddef.h>
#include <stdio.h>

#define COMPARE_MAX_KEYS 16

/* One configuration of one run: the values of the key columns (the
 * column table's, in its order) and its measured, verified seconds. */
struct compare_config {
	char *key[COMPARE_MAX_KEYS];
	double *seconds;
	size_t n, cap;
	int matched;              /* the other run has it too */
};

/* One run folder as compare sees it. */
struct compare_run {
	const char *dir;
	char status[64], date[64], host[256], git[128];   /* from meta.json; "?" when absent */
	struct compare_config *configs;
	size_t n, cap;
	size_t skipped;           /* rows without as many fields as the header */
};

/* What the table says about B against A: faster and slower need both
 * Holm's corrected test and the minimum effect; WITHIN is a difference
 * below the minimum effect, whatever p; FEW is samples too small for the
 * test ever to pass Holm's first step. */
enum compare_verdict { COMPARE_FASTER, COMPARE_SLOWER, COMPARE_SAME, COMPARE_WITHIN, COMPARE_FEW,
		       COMPARE_UNCLEAR, COMPARE_LOST, COMPARE_NVERDICTS };
/* COMPARE_LOST: A has verified repetitions, B none (every run of it failed
 * or was not verified): a CI gate must not pass it as "too few". */

/* A configuration in both runs, judged. */
struct compare_row {
	const struct compare_config *a, *b;
	double med_a, med_b;      /* NAN when that side has no repetition */
	double u, p, p_holm;      /* U of A, raw p, Holm's adjusted p; NAN: no test */
	double min_p;             /* the smallest p samples of these sizes can give */
	enum compare_verdict verdict;
};

struct compare_report {
	double alpha;
	double min_effect;        /* a fraction: 0.02 for --min-effect 2 */
	size_t family;            /* Holm's m: the rows with a p */
	int fail_on_slower;       /* --fail-on-slower: the last line says the exit status */
	const struct compare_run *run[2];   /* A, B */
	const struct compare_row *rows;
	size_t nrows;
};

/* The number of key columns (at most COMPARE_MAX_KEYS), and the i-th one's
 * name and its value in runs older than it (NULL: required). */
size_t compare_md_nkeys(void);
const char *compare_md_key(size_t i, const char **absent);

/* Writes the report to out; 0, or -1 when out failed. */
int compare_md_write(FILE *out, const struct compare_report *r);

/* The number of rows with verdict v. */
size_t compare_md_count(const struct compare_report *r, enum compare_verdict v);

/* What --fail-on-slower fails on: rows slower or lost in B, and
 * configurations of A with repetitions that B does not have at all. */
size_t compare_md_failing(const struct compare_report *r);

/* Writes text to out, or when out is a directory to out/compare-<last
 * component of a>.md, by way of a temporary file renamed over it; 0, or -1
 * with a one-line reason in err. */
int compare_md_save(const char *out, const char *a, const char *text, size_t len, char *err,
		    size_t errlen);

#endif
