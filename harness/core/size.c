/*
 * size.c - parsing and printing byte sizes.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "size.h"

static const struct {
	const char *suffix;
	double factor;
} units[] = {
	{ "", 1 }, { "B", 1 },
	{ "K", 1024.0 }, { "KiB", 1024.0 }, { "KB", 1e3 },
	{ "M", 1048576.0 }, { "MiB", 1048576.0 }, { "MB", 1e6 },
	{ "G", 1073741824.0 }, { "GiB", 1073741824.0 }, { "GB", 1e9 },
	{ "T", 1099511627776.0 }, { "TiB", 1099511627776.0 }, { "TB", 1e12 },
};

size_t size_decimal(const char *text, double *value)
{
	const char *p = text;
	char *end;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	errno = 0;
	*value = strtod(text, &end);
	/* strtod read on into an exponent or a hex number (1e5, 0x10): the
	 * value is the plain part's alone. */
	if (end != p) {
		char *plain = strndup(text, (size_t)(p - text));
		if (!plain)
			return 0;
		errno = 0;
		*value = strtod(plain, NULL);
		free(plain);
	}
	return errno || !isfinite(*value) ? 0 : (size_t)(p - text);
}

int size_parse(const char *text, size_t *bytes, char *err, size_t errlen)
{
	double value;
	size_t used = size_decimal(text, &value);
	if (used && value > 0) {
		const char *end = text + used;
		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			if (strcasecmp(end, units[i].suffix) != 0)
				continue;
			double b = value * units[i].factor;
			if (b >= 1 && b < 1e18) {
				*bytes = (size_t)b;
				return 0;
			}
		}
	}
	snprintf(err, errlen, "bad --size '%s': expected a positive number of bytes with an optional suffix KiB, MiB, GiB (e.g. 64KiB, 1.5MiB)",
		 text);
	return -1;
}

void size_format(size_t bytes, char *buf, size_t len)
{
	static const char *const names[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double v = (double)bytes;
	int u = 0;
	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	if (v == floor(v))
		snprintf(buf, len, "%.0f %s", v, names[u]);
	else
		snprintf(buf, len, "%.1f %s", v, names[u]);
}

int size_spec_parse(const char *text, struct size_spec *out, char *err, size_t errlen)
{
	static const char *const names[] = { "", "L1", "L2", "L3", "DRAM" };
	const char *name = text;
	double factor = 1;
	const char *star = strchr(text, '*');

	if (star) {
		size_t used = size_decimal(text, &factor);
		if (!used || text + used != star || factor <= 0 || factor > 1e6) {
			snprintf(err, errlen, "bad factor in --size '%s': expected a positive decimal, as in 0.5*L2 or 4*DRAM",
				 text);
			return -1;
		}
		name = star + 1;
	}
	for (int level = SIZE_L1; level <= SIZE_DRAM; level++) {
		if (strcasecmp(name, names[level]) == 0) {
			*out = (struct size_spec){ .level = (enum size_level)level, .factor = factor };
			return 0;
		}
	}
	if (star || ((*text == 'L' || *text == 'l') && text[1] >= '0' && text[1] <= '9')) {
		snprintf(err, errlen, "unknown cache in --size '%s': allowed are L1, L2, L3 and DRAM, with an optional factor (0.5*L2)",
			 text);
		return -1;
	}
	*out = (struct size_spec){ .level = SIZE_BYTES, .factor = 1 };
	return size_parse(text, &out->bytes, err, errlen);
}
