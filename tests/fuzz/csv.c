/*
 * tests/fuzz/csv.c - libFuzzer target for the CSV reader and writer
 * (harness/core/csv.c), both ways on every input:
 *   read:  the input is a file; csv_load reads it through a memfd's
 *          /proc/self/fd path (csv_load takes a path; nothing is left on
 *          disk), and a table it accepts is written again with csv_field
 *          and read back unchanged (when the input holds no NUL byte,
 *          which cuts a field);
 *   write: the input is a table, records split at 0x1e and fields at 0x1f
 *          (the ASCII separators); written with csv_field, it reads back
 *          as the same table, less the records csv_load drops as blank
 *          lines (one empty field).
 *
 * What must hold besides: csv_load fails only on an empty file or an
 * unclosed quote, saying so and naming the path; a table it returns has a
 * header, records of one field or more, no blank record, and a NUL flag
 * only where the input had a NUL byte; csv_get answers "" out of range.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../harness/core/csv.h"
#include "fuzz.h"

static int fd = -1;                  /* the memfd every input is read from */
static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fd = memfd_create("parbench-fuzz-csv", MFD_CLOEXEC);
	if (fd < 0) {
		perror("fuzz: memfd_create");
		abort();
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return 0;
}

/* The memfd's contents become bytes[0..n). */
static void put(const void *bytes, size_t n)
{
	if (ftruncate(fd, 0) < 0 || (n && pwrite(fd, bytes, n, 0) != (ssize_t)n)) {
		perror("fuzz: memfd");
		abort();
	}
}

/* Writes t's header and records as CSV into the memfd. */
static void put_table(const struct csv_table *t)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		abort();
	for (size_t c = 0; c < t->ncols; c++) {
		fputs(c ? "," : "", f);
		csv_field(f, t->header[c]);
	}
	fputc('\n', f);
	for (size_t i = 0; i < t->nrows; i++) {
		for (size_t c = 0; c < t->width[i]; c++) {
			fputs(c ? "," : "", f);
			csv_field(f, t->row[i][c]);
		}
		fputc('\n', f);
	}
	fclose(f);
	put(text, len);
	free(text);
}

static int same_fields(char **a, size_t na, char **b, size_t nb)
{
	if (na != nb)
		return 0;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i], b[i]) != 0)
			return 0;
	return 1;
}

/* The same header and records (the NUL flags aside). */
static int same_table(const struct csv_table *a, const struct csv_table *b)
{
	if (!same_fields(a->header, a->ncols, b->header, b->ncols) || a->nrows != b->nrows)
		return 0;
	for (size_t i = 0; i < a->nrows; i++)
		if (!same_fields(a->row[i], a->width[i], b->row[i], b->width[i]))
			return 0;
	return 1;
}

/* What a table csv_load returns is always like. */
static void check_shape(const struct csv_table *t, int had_nul, const char *what)
{
	fuzz_assert(t->header && t->ncols >= 1, what);
	for (size_t i = 0; i < t->nrows; i++) {
		fuzz_assert(t->width[i] >= 1 && t->nul[i] <= 1 && (!t->nul[i] || had_nul), what);
		fuzz_assert(t->width[i] > 1 || t->row[i][0][0] != '\0' || t->nul[i], what);
	}
	fuzz_assert(strcmp(csv_get(t, t->nrows, 0), "") == 0 && strcmp(csv_get(t, 0, -1), "") == 0, what);
	fuzz_assert(!t->nrows || strcmp(csv_get(t, 0, (int)t->width[0]), "") == 0, what);
}

/* The input as a file. */
static void read_way(const uint8_t *data, size_t size, const char *text)
{
	struct csv_table t, again;
	char err[256] = "";
	int had_nul = memchr(data, '\0', size) != NULL;

	put(data, size);
	if (csv_load(&t, path, err, sizeof(err)) < 0) {
		fuzz_assert(strstr(err, path) != NULL, text);
		fuzz_assert(size == 0 ? strstr(err, "empty") != NULL : strstr(err, "quoted") != NULL, text);
		csv_free(&t);
		return;
	}
	check_shape(&t, had_nul, text);
	if (!had_nul) {
		put_table(&t);
		fuzz_assert(csv_load(&again, path, err, sizeof(err)) == 0, text);
		fuzz_assert(same_table(&t, &again), text);
		csv_free(&again);
	}
	csv_free(&t);
}

/* Splits data[0..size) at byte sep into exact-size strings (a NUL byte
 * ends a field's text, as it ends a C string); the count. */
static size_t split(const uint8_t *data, size_t size, uint8_t sep, char ***out)
{
	size_t n = 0, start = 0;
	char **parts = NULL;
	for (size_t i = 0; i <= size; i++) {
		if (i < size && data[i] != sep)
			continue;
		parts = realloc(parts, (n + 1) * sizeof(*parts));
		if (!parts)
			abort();
		parts[n++] = fuzz_text(data + start, i - start);
		start = i + 1;
	}
	*out = parts;
	return n;
}

static void free_parts(char **parts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(parts[i]);
	free(parts);
}

/* The input as a table: the first record the header, blank records left
 * out as csv_load leaves them out. */
static void write_way(const uint8_t *data, size_t size, const char *text)
{
	size_t nrec = 1, start = 0, r = 0;
	for (size_t i = 0; i < size; i++)
		nrec += data[i] == 0x1e;
	char ***fields = calloc(nrec, sizeof(*fields));
	size_t *width = calloc(nrec, sizeof(*width));
	struct csv_table want = { 0 }, got;
	char err[256];

	want.row = calloc(nrec, sizeof(*want.row));
	want.width = calloc(nrec, sizeof(*want.width));
	if (!fields || !width || !want.row || !want.width)
		abort();
	for (size_t i = 0; i <= size; i++) {
		if (i < size && data[i] != 0x1e)
			continue;
		width[r] = split(data + start, i - start, 0x1f, &fields[r]);
		if (r == 0) {
			want.header = fields[0];
			want.ncols = width[0];
		} else if (width[r] > 1 || fields[r][0][0] != '\0') {
			want.row[want.nrows] = fields[r];
			want.width[want.nrows++] = width[r];
		}
		start = i + 1;
		r++;
	}
	put_table(&want);
	fuzz_assert(csv_load(&got, path, err, sizeof(err)) == 0, text);
	fuzz_assert(same_table(&want, &got), text);
	csv_free(&got);
	for (r = 0; r < nrec; r++)
		free_parts(fields[r], width[r]);
	free(fields);
	free(width);
	free(want.row);
	free(want.width);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);     /* for the messages: up to the first NUL */
	read_way(data, size, text);
	write_way(data, size, text);
	free(text);
	return 0;
}
