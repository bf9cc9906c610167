/*
 * size.h - byte sizes as people write them: 4096, 64KiB, 1.5MiB, 2GiB.
 */
#ifndef PARBENCH_SIZE_H
#define PARBENCH_SIZE_H

#include <stddef.h>

/* Parses a size: a number with an optional suffix B, KiB, MiB, GiB, TiB
 * (powers of 1024; K, M, G, T mean the same) or KB, MB, GB, TB (powers of
 * 1000). Returns 0, or -1 with a one-line reason naming the text in err. */
int size_parse(const char *text, size_t *bytes, char *err, size_t errlen);

/* A size as given: bytes, or a factor times a cache level or DRAM. */
enum size_level { SIZE_BYTES, SIZE_L1, SIZE_L2, SIZE_L3, SIZE_DRAM };

struct size_spec {
	enum size_level level;
	double factor;            /* cache-relative: 0.5 in 0.5*L2 (1 if none) */
	size_t bytes;             /* SIZE_BYTES */
};

/* Parses BYTES (see size_parse), or [F*]L1, [F*]L2, [F*]L3, [F*]DRAM with a
 * plain decimal factor F > 0. Returns 0, or -1 with a reason in err. */
int size_spec_parse(const char *text, struct size_spec *out, char *err, size_t errlen);

/* Parses a plain decimal number ("12", "1.5"; no sign, exponent or hex)
 * at the start of text into *value; returns the characters used, 0 if none
 * (or out of range). "1e5" gives 1 used and the value 1. */
size_t size_decimal(const char *text, double *value);

/* Writes bytes as "96 MiB" (the largest unit that keeps it >= 1). */
void size_format(size_t bytes, char *buf, size_t len);

#endif
