/*
 * rowcsv.c - see rowcsv.h: the studies' RFC 4180 tables, one record at a
 * time, the fields counted against the header.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "../core/csv.h"
#include "rowcsv.h"

int rowcsv_begin(struct rowcsv *t, FILE *f, const char *const *columns)
{
	t->f = f;
	t->columns = columns;
	t->field = 0;
	t->failed = 0;
	t->error = 0;
	t->whole = 0;
	for (t->ncols = 0; columns[t->ncols]; t->ncols++) {
		if (t->ncols)
			fputc(',', f);
		csv_field(f, columns[t->ncols]);
	}
	fputc('\n', f);
	t->failed = csv_commit(f, &t->whole) < 0;
	if (t->failed)
		t->error = errno ? errno : EIO;
	return t->failed ? -1 : 0;
}

/* The separator before every field but the first of a record. */
static void next(struct rowcsv *t)
{
	if (t->field++)
		fputc(',', t->f);
}

void rowcsv_text(struct rowcsv *t, const char *s)
{
	next(t);
	csv_field(t->f, s);
}

void rowcsv_fmt(struct rowcsv *t, const char *fmt, ...)
{
	va_list ap;
	next(t);
	va_start(ap, fmt);
	vfprintf(t->f, fmt, ap);
	va_end(ap);
}

void rowcsv_num(struct rowcsv *t, double x)
{
	next(t);
	if (isfinite(x))
		fprintf(t->f, "%.6g", x);
}

void rowcsv_empty(struct rowcsv *t, int n)
{
	while (n-- > 0)
		next(t);
}

int rowcsv_end(struct rowcsv *t)
{
	int fields = t->field;
	fputc('\n', t->f);
	t->field = 0;
	if (fields != t->ncols) {
		fprintf(stderr, "parbench: a record of %d fields under a header of %d (%s, ...)\n", fields,
			t->ncols, t->columns[0]);
		if (!t->failed)
			t->error = EPROTO;
		t->failed = 1;
		return -1;
	}
	if (t->failed)   /* nothing after a failure: the file ends whole */
		return -1;
	if (csv_commit(t->f, &t->whole) < 0) {
		t->failed = 1;
		t->error = errno ? errno : EIO;
	}
	return t->failed ? -1 : 0;
}

int rowcsv_close(struct rowcsv *t)
{
	if (t->failed)
		csv_cut(t->f, t->whole);
	if (fclose(t->f) != 0 && !t->failed) {
		t->failed = 1;
		t->error = errno ? errno : EIO;
	}
	t->f = NULL;
	return t->failed ? -1 : 0;
}
