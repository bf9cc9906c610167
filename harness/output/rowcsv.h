/*
 * rowcsv.h - the studies' tables (convoy.csv, overheads.csv) written
 * RFC 4180 through csv_field, a record at a time.
 *
 * Why: those tables used to rewrite their text (commas to semicolons,
 * quotes to spaces) so that awk could split them. A study lists its
 * columns once, as a NULL-terminated array of names (the header); each
 * record is then written field by field in that order, and the writer
 * counts the fields against the header, so a record that drifts from its
 * header is an error, not a shifted column.
 */
#ifndef PARBENCH_ROWCSV_H
#define PARBENCH_ROWCSV_H

#include <stdio.h>
#include <sys/types.h>

/* A table being written: its file, its columns and the current record. */
struct rowcsv {
	FILE *f;
	const char *const *columns;  /* names, NULL-terminated */
	int ncols, field;            /* fields in the header; written in this record */
	int failed;                  /* a write, a flush or a record's count failed: stop */
	int error;                   /* the first failure's errno (EPROTO: a record's count) */
	off_t whole;                 /* the file's size after its last whole record */
};

/* Starts t on f with the header line of columns (flushed). Returns 0, or
 * -1 when f failed. Close f with rowcsv_close. */
int rowcsv_begin(struct rowcsv *t, FILE *f, const char *const *columns);

/* The next field: text (NULL: empty), quoted only when it needs it. */
void rowcsv_text(struct rowcsv *t, const char *s);

/* The next field: printf's fmt of the arguments (numbers, never quoted). */
void rowcsv_fmt(struct rowcsv *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The next field: x as %.6g, empty when x is not finite (NAN: no value). */
void rowcsv_num(struct rowcsv *t, double x);

/* The next n fields empty. */
void rowcsv_empty(struct rowcsv *t, int n);

/* Ends the record and flushes it, so an interrupted run keeps it; a
 * record that cannot be written whole is cut off (csv_commit). Returns
 * 0; -1 when the record's fields do not match the header's count (after a
 * line on stderr naming the first column) or f failed. */
int rowcsv_end(struct rowcsv *t);

/* Closes t's file. Returns 0, or -1 when it or any earlier write of t
 * failed (the table is then not whole). */
int rowcsv_close(struct rowcsv *t);

#endif
