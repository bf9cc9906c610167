/*
 * csv.c - RFC 4180 fields out, records in (see csv.h).
 *
 * The reader is a small state machine over getc: outside quotes a comma
 * ends a field and LF (with an optional CR before it) ends a record;
 * inside quotes everything is data, a CR before the closing quote too,
 * and "" is one quote.
 */
#include <errno.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"

void csv_field(FILE *f, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

int csv_commit(FILE *f, off_t *mark)
{
	if (fflush(f) == 0 && !ferror(f)) {
		off_t end = ftello(f);
		if (end >= 0)
			*mark = end;
		return 0;
	}
	int saved = errno ? errno : EIO;
	csv_cut(f, *mark);
	errno = saved;
	return -1;
}

void csv_cut(FILE *f, off_t mark)
{
	__fpurge(f);   /* what is left in the buffer never reaches the file */
	clearerr(f);
	if (ftruncate(fileno(f), mark) == 0)
		fseeko(f, mark, SEEK_SET);
}

/* A growing byte buffer. */
struct buf {
	char *p;
	size_t n, cap;
};

static int buf_put(struct buf *b, char c)
{
	if (b->n + 1 >= b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 64;
		char *p = realloc(b->p, cap);
		if (!p)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	b->p[b->n++] = c;
	b->p[b->n] = '\0';
	return 0;
}

/* Appends a copy of b's text to *fields; empties b. */
static int push_field(char ***fields, size_t *n, struct buf *b)
{
	char **f = realloc(*fields, (*n + 1) * sizeof(*f));
	if (!f)
		return -1;
	*fields = f;
	f[*n] = strdup(b->p ? b->p : "");
	if (!f[*n])
		return -1;
	(*n)++;
	b->n = 0;
	if (b->p)
		b->p[0] = '\0';
	return 0;
}

static void free_fields(char **f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(f[i]);
	free(f);
}

/* Reads one record. Returns 1 with *fields[0..*n), 0 at the end of the
 * file (nothing read), -1 out of memory, -2 inside an unclosed quote.
 * Sets *nul when the record held a NUL byte (a C string ends there). */
static int read_record(FILE *f, char ***fields, size_t *n, int *nul)
{
	struct buf b = { 0 };
	int c, quoted = 0, any = 0, rc = 1;
	size_t data = 0;          /* b.p[0..data) was quoted: a CR there is no line end */

	*fields = NULL;
	*n = 0;
	*nul = 0;
	while ((c = getc(f)) != EOF) {
		any = 1;
		*nul |= c == '\0';
		if (quoted) {
			if (c != '"') {
				if (buf_put(&b, (char)c) < 0)
					goto out_nomem;
				continue;
			}
			c = getc(f);
			if (c == '"') {
				if (buf_put(&b, '"') < 0)
					goto out_nomem;
				continue;
			}
			quoted = 0;
			data = b.n;
			if (c == EOF)
				break;
		}
		if (c == '"' && b.n == 0) {
			quoted = 1;
		} else if (c == ',') {
			if (push_field(fields, n, &b) < 0)
				goto out_nomem;
			data = 0;
		} else if (c == '\n') {
			if (b.n > data && b.p[b.n - 1] == '\r')
				b.p[--b.n] = '\0';
			break;
		} else if (buf_put(&b, (char)c) < 0) {
			goto out_nomem;
		}
	}
	if (!any)
		rc = 0;
	else if (quoted)
		rc = -2;
	else if (push_field(fields, n, &b) < 0)
		goto out_nomem;
	free(b.p);
	if (rc < 0) {
		free_fields(*fields, *n);
		*fields = NULL;
		*n = 0;
	}
	return rc;
out_nomem:
	free(b.p);
	free_fields(*fields, *n);
	*fields = NULL;
	*n = 0;
	return -1;
}

static int add_row(struct csv_table *t, char **fields, size_t n, int nul)
{
	char ***row = realloc(t->row, (t->nrows + 1) * sizeof(*row));
	size_t *width;
	unsigned char *nuls;

	if (!row)
		return -1;
	t->row = row;
	width = realloc(t->width, (t->nrows + 1) * sizeof(*width));
	if (!width)
		return -1;
	t->width = width;
	nuls = realloc(t->nul, t->nrows + 1);
	if (!nuls)
		return -1;
	t->nul = nuls;
	t->row[t->nrows] = fields;
	t->width[t->nrows] = n;
	t->nul[t->nrows] = (unsigned char)nul;
	t->nrows++;
	return 0;
}

int csv_load(struct csv_table *t, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char **fields;
	size_t n;
	int rc, nul;

	memset(t, 0, sizeof(*t));
	if (!f) {
		snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	rc = read_record(f, &t->header, &t->ncols, &nul);
	if (rc == 0)
		snprintf(err, errlen, "'%s' is empty: no header row", path);
	while (rc == 1) {
		rc = read_record(f, &fields, &n, &nul);
		if (rc != 1)
			break;
		if (n == 1 && fields[0][0] == '\0' && !nul) {
			free_fields(fields, n);   /* a blank line */
		} else if (add_row(t, fields, n, nul) < 0) {
			free_fields(fields, n);
			rc = -1;
		}
	}
	if (rc == -1)
		snprintf(err, errlen, "'%s': out of memory", path);
	else if (rc == -2)
		snprintf(err, errlen, "'%s' ends inside a quoted field (record %zu)", path, t->nrows + 1);
	fclose(f);
	return rc == 0 && t->header ? 0 : -1;
}

int csv_col(const struct csv_table *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->header[i], name) == 0)
			return (int)i;
	return -1;
}

const char *csv_get(const struct csv_table *t, size_t i, int c)
{
	if (c < 0 || i >= t->nrows || (size_t)c >= t->width[i])
		return "";
	return t->row[i][c];
}

void csv_free(struct csv_table *t)
{
	free_fields(t->header, t->ncols);
	for (size_t i = 0; i < t->nrows; i++)
		free_fields(t->row[i], t->width[i]);
	free(t->row);
	free(t->width);
	free(t->nul);
	memset(t, 0, sizeof(*t));
}
