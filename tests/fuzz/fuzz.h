/*
 * tests/fuzz/fuzz.h - what the libFuzzer targets share (included, not a
 * target): the input made into C strings the way a command line would
 * carry it, the parsers' stdout and stderr caught so that their one-line
 * contract can be checked, and fuzz_assert, which aborts (a crash that
 * libFuzzer saves as a reproducer) when an invariant does not hold.
 *
 * Why catch output by swapping the FILE pointers stdout and stderr
 * instead of fd 1 and 2: the sanitizers and libFuzzer write their reports
 * to fd 2 directly, and those must never be swallowed.
 */
#ifndef PARBENCH_FUZZ_H
#define PARBENCH_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_MAX_WORDS 64

/* Aborts with the failed condition and the input's text named. */
#define fuzz_assert(cond, text) \
	do { \
		if (!(cond)) { \
			fprintf(fuzz_stderr(), "fuzz: %s:%d: %s does not hold for '%s'\n", __FILE__, \
				__LINE__, #cond, (text)); \
			abort(); \
		} \
	} while (0)

/* The stderr of the process, also while fuzz_catch has swapped it. */
static FILE *fuzz_saved_err;

static inline FILE *fuzz_stderr(void)
{
	return fuzz_saved_err ? fuzz_saved_err : stderr;
}

/* A copy of data[0..size) ending in NUL, in a block of exactly that size
 * (ASan sees a read past its end). The caller frees it. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Splits data into words at each NUL or newline byte, as argv[first..),
 * each word its own exact-size block; empty words are kept (an empty
 * argument is a real input). Returns the count (at most max - first);
 * free with fuzz_free_words. */
static inline int fuzz_words(const uint8_t *data, size_t size, char **argv, int first, int max)
{
	int n = first;
	size_t start = 0;
	for (size_t i = 0; i <= size && n < max; i++) {
		if (i < size && data[i] != '\0' && data[i] != '\n')
			continue;
		if (i == size && start == size)
			break;                 /* a trailing separator adds no empty word */
		argv[n++] = fuzz_text(data + start, i - start);
		start = i + 1;
	}
	return n;
}

static inline void fuzz_free_words(char **argv, int first, int argc)
{
	for (int i = first; i < argc; i++)
		free(argv[i]);
}

/* What a parser wrote on stdout and stderr between fuzz_catch and
 * fuzz_release (valid until the next fuzz_catch). */
struct fuzz_output {
	const char *out, *err;
	size_t out_len, err_len;
};

/* Two streams over fixed buffers, opened once (an open_memstream per
 * parse would cost more than the parse), rewound by each fuzz_catch. */
#define FUZZ_OUTPUT_MAX (1 << 20)
static char fuzz_out_buf[FUZZ_OUTPUT_MAX + 1], fuzz_err_buf[FUZZ_OUTPUT_MAX + 1];
static FILE *fuzz_out_f, *fuzz_err_f, *fuzz_saved_out;

static inline void fuzz_catch(void)
{
	if (!fuzz_out_f) {
		fuzz_out_f = fmemopen(fuzz_out_buf, FUZZ_OUTPUT_MAX, "w");
		fuzz_err_f = fmemopen(fuzz_err_buf, FUZZ_OUTPUT_MAX, "w");
		if (!fuzz_out_f || !fuzz_err_f)
			abort();
	}
	rewind(fuzz_out_f);
	rewind(fuzz_err_f);
	fuzz_saved_out = stdout;
	fuzz_saved_err = stderr;
	stdout = fuzz_out_f;
	stderr = fuzz_err_f;
}

/* The length of what f holds, its text ended in buf; aborts when it
 * filled the buffer (its end unknown). */
static inline size_t fuzz_caught(FILE *f, char *buf)
{
	fflush(f);
	long len = ftell(f);
	if (len < 0 || len >= FUZZ_OUTPUT_MAX) {
		fprintf(fuzz_stderr(), "fuzz: more than %d bytes of output\n", FUZZ_OUTPUT_MAX);
		abort();
	}
	buf[len] = '\0';
	return (size_t)len;
}

/* Puts stdout and stderr back and fills o. */
static inline void fuzz_release(struct fuzz_output *o)
{
	stdout = fuzz_saved_out;
	stderr = fuzz_saved_err;
	fuzz_saved_err = NULL;
	o->out_len = fuzz_caught(fuzz_out_f, fuzz_out_buf);
	o->err_len = fuzz_caught(fuzz_err_f, fuzz_err_buf);
	o->out = fuzz_out_buf;
	o->err = fuzz_err_buf;
}

/* The number of '\n' in s. */
static inline int fuzz_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* An error the parsers' contract allows: exactly one line, "parbench: ...". */
static inline int fuzz_one_error_line(const struct fuzz_output *o)
{
	return o->err_len > 11 && strncmp(o->err, "parbench: ", 10) == 0 &&
	       fuzz_lines(o->err) == 1 && o->err[o->err_len - 1] == '\n';
}

#endif
