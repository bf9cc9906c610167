/*
 * csv.h - RFC 4180 CSV, both ways: the one writer of a text field and the
 * one reader of the run folder's tables (samples.csv, summary.csv, ...).
 *
 * Why here: every output and every reader of a run folder (report, compare)
 * must agree on one quoting rule. A field is quoted when it holds a comma,
 * a double quote, CR or LF; a quote inside is doubled. The reader takes
 * quoted fields across lines, so text is never rewritten to fit the format.
 */
#ifndef PARBENCH_CSV_H
#define PARBENCH_CSV_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* Writes s as one field (NULL: an empty field), quoted only when needed. */
void csv_field(FILE *f, const char *s);

/* Ends the records written to f since the last commit: flushes them and
 * returns 0, *mark then their end. When they cannot be written whole (a
 * full disk), what of them reached the file is cut off at *mark and f's
 * buffer dropped, so the file still ends after the last whole record: -1
 * with errno set. *mark starts at 0 for a new file, whose header is
 * committed the same way. */
int csv_commit(FILE *f, off_t *mark);

/* Drops what f holds since the commit that left mark, in its buffer and in
 * the file: before closing a table that stops after a failure. */
void csv_cut(FILE *f, off_t mark);

/* A whole table in memory: the header and every record after it. */
struct csv_table {
	size_t ncols;             /* fields in the header */
	char **header;            /* header[0..ncols) */
	size_t nrows;
	char ***row;              /* row[i][0..width[i]) */
	size_t *width;            /* fields in record i (a ragged record keeps its own count) */
	unsigned char *nul;       /* nul[i]: record i held a NUL byte (its field is cut there) */
};

/* Reads path whole. Returns 0; -1 with a one-line reason naming path in err
 * when it cannot be opened, is empty, or ends inside a quoted field. Free
 * with csv_free (also after a failure). */
int csv_load(struct csv_table *t, const char *path, char *err, size_t errlen);

/* The index of the column called name, or -1. */
int csv_col(const struct csv_table *t, const char *name);

/* Record i's field in column c: "" when c < 0 or the record is shorter. */
const char *csv_get(const struct csv_table *t, size_t i, int c);

/* Frees what csv_load made and zeroes t. */
void csv_free(struct csv_table *t);

#endif
