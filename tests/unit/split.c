/*
 * tests/unit/split.c - the splitter: for static and dynamic schedules, many
 * (n, workers, chunk, passes), including n = 0 and n < workers, every item
 * is done exactly once per pass; dynamic also with real threads racing for
 * chunks. TAP output.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../harness/core/split.h"
#include "../lib/tap.h"

static int all_equal(const unsigned *count, size_t n, unsigned want)
{
	for (size_t i = 0; i < n; i++)
		if (count[i] != want)
			return 0;
	return 1;
}

static int static_covers(size_t n, int workers)
{
	unsigned *count = calloc(n + 1, sizeof(*count));
	size_t prev_hi = 0;
	int contiguous = 1;
	for (int id = 0; id < workers; id++) {
		size_t lo, hi;
		split_static(n, workers, id, &lo, &hi);
		contiguous &= lo == prev_hi && hi >= lo && hi - lo <= n / workers + 1;
		prev_hi = hi;
		for (size_t i = lo; i < hi && i < n; i++)
			count[i]++;
	}
	int good = contiguous && prev_hi == n && all_equal(count, n, 1);
	free(count);
	return good;
}

static int dynamic_covers(size_t n, size_t chunk, unsigned passes)
{
	unsigned *count = calloc(n + 1, sizeof(*count));
	atomic_size_t next = 0;
	size_t total = split_chunks(n, chunk) * passes, c, lo, hi;
	while (split_next(&next, total, &c)) {
		split_chunk(c, n, chunk, &lo, &hi);
		for (size_t i = lo; i < hi; i++)
			count[i]++;
		if (hi > n || hi <= lo)
			count[n] = 99;
	}
	int good = all_equal(count, n, passes) && count[n] == 0;
	free(count);
	return good;
}

struct racer {
	atomic_size_t *next;
	atomic_uint *count;
	size_t n, chunk, total;
};

static void *race(void *arg)
{
	struct racer *r = arg;
	size_t c, lo, hi;
	while (split_next(r->next, r->total, &c)) {
		split_chunk(c, r->n, r->chunk, &lo, &hi);
		for (size_t i = lo; i < hi; i++)
			atomic_fetch_add(&r->count[i], 1);
	}
	return NULL;
}

static int dynamic_threads_cover(size_t n, int workers, size_t chunk, unsigned passes)
{
	atomic_uint *count = calloc(n + 1, sizeof(*count));
	atomic_size_t next = 0;
	pthread_t tid[16];
	struct racer r = { &next, count, n, chunk, split_chunks(n, chunk) * passes };
	for (int i = 0; i < workers; i++)
		pthread_create(&tid[i], NULL, race, &r);
	for (int i = 0; i < workers; i++)
		pthread_join(tid[i], NULL);
	int good = 1;
	for (size_t i = 0; i < n; i++)
		good &= atomic_load(&count[i]) == passes;
	free(count);
	return good;
}

int main(void)
{
	static const size_t ns[] = { 0, 1, 2, 3, 5, 7, 64, 100, 1000, 4099 };
	static const int ws[] = { 1, 2, 3, 4, 7, 16 };
	static const size_t chunks[] = { 0, 1, 3, 64, 5000 };
	const size_t nn = sizeof(ns) / sizeof(*ns), nw = sizeof(ws) / sizeof(*ws),
		     nc = sizeof(chunks) / sizeof(*chunks);
	char err[128];
	struct schedule s;

	printf("1..%zu\n", nn * nw + nn * nw * nc * 2 + 3 * 3 + 7);
	for (size_t i = 0; i < nn; i++)
		for (size_t j = 0; j < nw; j++)
			ok(static_covers(ns[i], ws[j]),
			   "static n=%zu workers=%d: one contiguous block each, every item once",
			   ns[i], ws[j]);
	for (size_t i = 0; i < nn; i++)
		for (size_t j = 0; j < nw; j++)
			for (size_t k = 0; k < nc; k++)
				for (unsigned passes = 1; passes <= 3; passes += 2) {
					size_t chunk = chunks[k] ? chunks[k] : split_default_chunk(ns[i], ws[j]);
					ok(dynamic_covers(ns[i], chunk, passes),
					   "dynamic n=%zu workers=%d chunk=%zu passes=%u: every item once per pass",
					   ns[i], ws[j], chunk, passes);
				}
	for (int w = 2; w <= 4; w++)
		for (unsigned passes = 1; passes <= 3; passes++)
			ok(dynamic_threads_cover(100003, w, 7, passes),
			   "dynamic n=%zu with %d racing threads, chunk %zu, passes %u: every item once per pass",
			   (size_t)100003, w, (size_t)7, passes);

	ok(split_default_chunk(100, 2) == 13, "Pool.map chunksize rule: n=100 workers=2 gives %zu (want 13)",
	   split_default_chunk(100, 2));
	ok(split_default_chunk(0, 4) == 1, "chunksize for n=0 workers=4 is at least 1 (%zu)",
	   split_default_chunk(0, 4));
	ok(split_parse("dynamic:7", &s, err, sizeof(err)) == 0 && s.kind == SPLIT_DYNAMIC && s.chunk == 7,
	   "parse dynamic:7");
	ok(split_parse("dynamic", &s, err, sizeof(err)) == 0 && s.chunk == 0,
	   "parse dynamic (default chunk)");
	ok(split_parse("static", &s, err, sizeof(err)) == 0 && s.kind == SPLIT_STATIC,
	   "parse static");
	ok(split_parse("dynamic:0", &s, err, sizeof(err)) < 0 && strstr(err, "'dynamic:0'"),
	   "dynamic:0 is refused, naming the value");
	ok(split_parse("guided", &s, err, sizeof(err)) < 0 && strstr(err, "'guided'") &&
	   strstr(err, "static, dynamic"),
	   "guided is refused, naming the value and what is allowed");
	return tap_failures != 0;
}
