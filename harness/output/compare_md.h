/*
 * compare_md.h - the Markdown `parbench compare A B` prints and keeps in B:
 * the two runs, the test, one row per configuration both measured, and
 * those only one did. cli/compare.c reads the folders and judges; this
 * writes, so that compare's output is one more output of the layer.
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

/* What the table says about B against A. */
enum compare_verdict { COMPARE_FASTER, COMPARE_SLOWER, COMPARE_SAME, COMPARE_FEW, COMPARE_UNCLEAR,
		       COMPARE_NVERDICTS };

/* A configuration in both runs, judged. */
struct compare_row {
	const struct compare_config *a, *b;
	double med_a, med_b, p;   /* NAN when there is nothing to show */
	enum compare_verdict verdict;
};

struct compare_report {
	double alpha;
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

/* Writes text to dir/compare-<last component of a>.md by way of a
 * temporary file; 0, or -1 with a one-line reason in err. */
int compare_md_save(const char *dir, const char *a, const char *text, size_t len, char *err,
		    size_t errlen);

#endif
