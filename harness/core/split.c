/*
 * split.c - the splitter: static blocks, dynamic chunks from a shared
 * counter, and the schedule's text form.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "split.h"

void split_static(size_t n, int workers, int id, size_t *lo, size_t *hi)
{
	size_t w = (size_t)workers, i = (size_t)id;
	size_t base = n / w, extra = n % w;
	*lo = i * base + (i < extra ? i : extra);
	*hi = *lo + base + (i < extra ? 1 : 0);
}

size_t split_default_chunk(size_t n, int workers)
{
	size_t div = 4 * (size_t)workers;
	size_t chunk = n / div + (n % div != 0);
	return chunk ? chunk : 1;
}

size_t split_chunks(size_t n, size_t chunk)
{
	return n / chunk + (n % chunk != 0);
}

void split_chunk(size_t c, size_t n, size_t chunk, size_t *lo, size_t *hi)
{
	size_t k = c % split_chunks(n, chunk);
	*lo = k * chunk;
	*hi = n - *lo < chunk ? n : *lo + chunk;
}

bool split_next(atomic_size_t *next, size_t total, size_t *c)
{
	*c = atomic_fetch_add_explicit(next, 1, memory_order_relaxed);
	return *c < total;
}

int split_parse(const char *text, struct schedule *out, char *err, size_t errlen)
{
	if (strcmp(text, "static") == 0) {
		*out = (struct schedule){ SPLIT_STATIC, 0 };
		return 0;
	}
	if (strcmp(text, "dynamic") == 0) {
		*out = (struct schedule){ SPLIT_DYNAMIC, 0 };
		return 0;
	}
	if (strncmp(text, "dynamic:", 8) == 0) {
		const char *num = text + 8;
		char *end;
		errno = 0;
		unsigned long long chunk = strtoull(num, &end, 10);
		if (*num >= '1' && *num <= '9' && *end == '\0' && errno == 0 &&
		    chunk <= (1ULL << 40)) {
			*out = (struct schedule){ SPLIT_DYNAMIC, (size_t)chunk };
			return 0;
		}
		snprintf(err, errlen, "bad chunk in --schedule '%s': expected a whole number from 1 to 2^40",
			 text);
		return -1;
	}
	snprintf(err, errlen, "unknown --schedule '%s': allowed are static, dynamic, dynamic:CHUNK",
		 text);
	return -1;
}

const char *split_name(enum split_kind kind)
{
	return kind == SPLIT_STATIC ? "static" : "dynamic";
}
